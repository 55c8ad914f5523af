"""Issue 28: the meaning guard of Indonesian translations: closed classes compared both ways, the lexicon's
untranslated words, and capitalised common words that are translated, not dropped names."""
from __future__ import annotations

import pytest

from summarizer.facts import missing_facts
from summarizer.languages.id import lexicon, lexicon_record
from summarizer.translate.meaning import (closed_class_problems, lexicon_problems, meaning_problems, untranslated_words,
                                           words_without_source)
from summarizer.translate.translator import RETRY_PROBLEMS, translation_problems

# (class, Indonesian, correct English, English with the class changed, a problem the change must raise each way)
CASES = [
    ("day", "Rapat digelar pada hari Rabu.", "The meeting was held on Wednesday.",
     "The meeting was held on Thursday.", ["day Rabu (Wednesday) missing", "day Thursday not in the source"]),
    ("month", "Rapat digelar pada bulan Juni.", "The meeting was held in June.",
     "The meeting was held in July.", ["month 6 missing", "month July not in the source"]),
    ("number word", "Dua puluh orang hadir.", "Twenty people attended.",
     "Thirty people attended.", ["number word dua puluh (20) missing", "number 30 not in the source"]),
    ("fraction", "Seperlima anggaran habis.", "A fifth of the budget is spent.",
     "Five percent of the budget is spent.", ["fraction seperlima (1/5) missing", "percent (percent) not in the source"]),
    ("half", "Setengah warga mengungsi.", "Half of the residents fled.",
     "A third of the residents fled.", ["fraction setengah (1/2) missing", "fraction a third not in the source"]),
    ("scale", "Proyek itu bernilai 5 juta dolar.", "The project is worth 5 million dollars.",
     "The project is worth 5 billion dollars.", ["number 5 million missing", "number 5 billion not in the source"]),
    ("magnitude", "Ribuan orang berunjuk rasa.", "Thousands of people protested.",
     "Hundreds of people protested.", ["number word ribuan (1000) missing", "number word hundreds not in the source"]),
    ("percent", "Harga naik 20 persen.", "Prices rose 20 percent.",
     "Prices rose 20 points.", ["percent (persen) missing"]),
    ("percent, reverse", "Harga naik 20 poin.", "Prices rose 20 points.",
     "Prices rose 20 percent.", ["percent (percent) not in the source"]),
    ("ordinal", "Ini adalah kunjungan ketiga.", "This is the third visit.",
     "This is the fourth visit.", ["ordinal ketiga (3) missing", "ordinal fourth not in the source"]),
    ("ordinal digits", "Abad ke-19 berakhir.", "The 19th century ended.",
     "The 18th century ended.", ["ordinal ke-19 (19) missing", "ordinal 18th not in the source"]),
]


@pytest.mark.parametrize("kind, source, right, wrong, expected", CASES, ids=[c[0] for c in CASES])
def test_closed_classes_are_compared_both_ways(kind, source, right, wrong, expected):
    assert closed_class_problems(source, right, "id") == []
    problems = missing_facts(source, wrong, "id") + closed_class_problems(source, wrong, "id")
    assert set(expected) <= set(problems)


def test_a_closed_class_mismatch_is_retried():
    problems = translation_problems("Rapat digelar pada hari Rabu.", "The meeting was held on Thursday.", "id")
    assert problems and all(p.startswith(RETRY_PROBLEMS) for p in problems)


def test_minggu_is_a_week_unless_it_names_the_day():
    assert closed_class_problems("Dua minggu lalu harga naik.", "Two weeks ago prices rose.", "id") == []
    assert closed_class_problems("Harga naik pada hari Minggu.", "Prices rose on Monday.", "id") == [
        "day Minggu (Sunday) missing", "day Monday not in the source"]


def test_both_and_two_read_as_kedua():
    assert closed_class_problems("Kedua negara menandatangani perjanjian.", "Both countries signed the treaty.", "id") == []


def test_the_lexicon_is_shipped_with_its_record():
    record = lexicon_record()
    assert record["aligner"]["name"] == "eflomal" and len(record["data"]["sha256"]) == 14
    assert "deepening" in lexicon()["pendalaman"] and "cooperation" in lexicon()["kerja"]


def test_mostly_untranslated_sentence_is_uncertain_and_names_the_words():
    source = "Kunjungan itu menandai pendalaman kerja sama kedua negara di bidang perikanan."
    right = "The visit marks a deepening of cooperation between the two countries in fisheries."
    wrong = "The ceremony celebrated the beginning of a festival of music."
    assert lexicon_problems(source, right, "id") == []
    (problem,) = lexicon_problems(source, wrong, "id")
    missing, known = untranslated_words(source, wrong, "id")
    assert problem.startswith("words without a translation in the English:")
    assert {"pendalaman", "kunjungan", "perikanan"} <= set(missing) and len(missing) > 2 / 3 * known


@pytest.mark.parametrize("source, english", [
    ("Para pemimpin bertemu pada Selasa di Meraya.", "The leaders met on Tuesday in Meraya."),
    ("Konferensi Tingkat Tinggi itu berakhir dengan Deklarasi Meraya.", "The summit ended with the Meraya Declaration."),
    ("Ia menjabat Direktur Utama Dana Pensiun Sindara.", "He is the main director of the Sindara Pension Fund."),
])
def test_capitalised_common_words_found_translated_are_not_missing_names(source, english):
    assert not [p for p in missing_facts(source, english, "id") if p.startswith("name")]


def test_a_dropped_name_is_still_reported():
    assert missing_facts("Varietas Kirana-3 dikembangkan Institut Wanareja.", "The variety was developed by an institute.",
                         "id") == ["number 3 missing", "name 'Kirana' missing", "name 'Wanareja' missing"]


def test_an_english_word_with_no_source_is_named():
    """A content noun swapped for an unrelated one (FLORES-style injected error): the English -> Indonesian table
    knows "violin" only as "biola", which the source does not hold."""
    source = "Dia membeli pisang di pasar."
    assert words_without_source(source, "He bought a banana at the market.", "id") == []
    assert words_without_source(source, "He bought a violin at the market.", "id") == ["violin"]
    assert "word 'violin' in the English has no source" in meaning_problems(source, "He bought a violin at the market.", "id")


def test_a_loan_spelled_alike_has_a_source():
    assert words_without_source("Mereka melihat bintang dengan teleskop.", "They watched the stars with a telescope.", "id") == []


def test_a_capitalised_word_the_reverse_table_renders_is_not_a_missing_name():
    """The Indonesian -> English table does not know "ciuman"; the English "kiss" is linked to it."""
    assert missing_facts("Lukisan itu berjudul Ciuman.", "The painting is called The Kiss.", "id") == []
