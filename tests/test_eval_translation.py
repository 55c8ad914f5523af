"""``python -m eval translation``'s own figures: the line window and the count of sentences whose numbers were kept."""
from eval.translation import numbers_kept, read_lines


def test_read_lines_takes_the_window_from_start(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text("a\nb\nc\nd\n", encoding="utf-8")
    assert read_lines(path, 2, 1) == ["b", "c"] and read_lines(path, None, 3) == ["d"] and read_lines(path, 2) == ["a", "b"]


def test_numbers_kept_counts_sentences_holding_every_source_number_by_value():
    sources = ["Pipa itu menyalurkan 50 miliar meter kubik.", "Harganya 1.500,5 rupiah.", "Tidak ada angka di sini."]
    assert numbers_kept(sources, ["It carries 50 billion cubic meters.", "It costs 1,500.5 rupiah.", "No numbers."], "id") == 3
    assert numbers_kept(sources, ["It carries 50 million cubic meters.", "It costs 1,500 rupiah.", "None."], "id") == 1


def test_a_number_written_out_in_words_is_kept():
    sources = ["Dalam 3 bulan terakhir, 80 tahanan dibebaskan.", "Selama 2 jam pidatonya."]
    assert numbers_kept(sources, ["In the past three months, 80 detainees were freed.", "During his two-hour speech."],
                        "id") == 2
    assert numbers_kept(sources, ["In recent months, 80 detainees were freed.", "During his speech."], "id") == 0
