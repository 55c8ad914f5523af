"""``python -m eval translation``'s own figures: the line window, the count of sentences whose numbers were kept, and
the paired comparison with a baseline's outputs."""
import re

import pytest

from eval import translation as eval_translation
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


def test_paired_against_compares_the_translator_with_a_baseline_file(tiny_models, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SUMMARIZER_BACKEND", "transformers")
    sources = ["Harga beras naik 5 persen.", "Presiden tiba di Jakarta pada hari Senin."]
    references = ["Rice prices rose 5 percent.", "The president arrived in Jakarta on Monday."]
    (tmp_path / "source.txt").write_text("\n".join(sources) + "\n", encoding="utf-8")
    (tmp_path / "reference.txt").write_text("\n".join(references) + "\n", encoding="utf-8")
    (tmp_path / "perfect.hyp").write_text("\n".join(references) + "\n", encoding="utf-8")  # a baseline scoring 100
    eval_translation.main(["--source", str(tmp_path / "source.txt"), "--reference", str(tmp_path / "reference.txt"),
                           "--model", str(tiny_models["chat"]), "--output-dir", str(tmp_path / "runs"),
                           "--paired-against", str(tmp_path / "perfect.hyp")])
    out = capsys.readouterr().out
    bleu = float(re.search(r"\| [^|]+ \| ([\d.]+) \| [\d.]+ \|", out).group(1))
    assert "Paired bootstrap against perfect.hyp" in out
    difference = re.search(r"- BLEU ([-+][\d.]+) \[([-+][\d.]+), ([-+][\d.]+)\] \(p = ([\d.]+)\)", out)
    assert difference and float(difference.group(1)) == pytest.approx(bleu - 100, abs=0.01)
    assert float(difference.group(4)) == 1.0 and "- chrF2 " in out  # the tiny model is never above the references
