"""Sentence splitting with sentencex, English and Indonesian."""
from __future__ import annotations

import pytest

from summarizer.ingest.cleaning import clean_text
from summarizer.ingest.sentences import split_sentences


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "Dr. Smith arrived at 10.30 a.m. on Monday. He met the U.S. envoy. "
            "Prices rose 2.5 percent.",
            [
                "Dr. Smith arrived at 10.30 a.m. on Monday.",
                "He met the U.S. envoy.",
                "Prices rose 2.5 percent.",
            ],
        ),
        (
            "en",
            'Putin and Xi have called each other "dear friends." Their talks last hours. '
            "Really?! Yes.",
            [
                'Putin and Xi have called each other "dear friends."',
                "Their talks last hours.",
                "Really?!",
                "Yes.",
            ],
        ),
        (
            "id",
            "Dr. Budi tiba pukul 10.30 WIB. Ia bertemu Presiden. Harga naik 2,5 persen.",
            ["Dr. Budi tiba pukul 10.30 WIB.", "Ia bertemu Presiden.", "Harga naik 2,5 persen."],
        ),
        (
            "id",
            "Ia lahir di Jl. Sudirman No. 5, Jakarta. Menurut Kompas.com, harga naik. "
            "Ir. H. Joko Widodo hadir. Budi dkk. tiba kemarin. Ada buah, sayur, dll. Lalu pergi.",
            [
                "Ia lahir di Jl. Sudirman No. 5, Jakarta.",
                "Menurut Kompas.com, harga naik.",
                "Ir. H. Joko Widodo hadir.",
                "Budi dkk. tiba kemarin.",
                "Ada buah, sayur, dll.",
                "Lalu pergi.",
            ],
        ),
    ],
)
def test_split_sentences(language, text, expected):
    assert split_sentences(text, language) == expected


def test_line_breaks_always_end_sentences():
    text = "A headline without a full stop\nThe first paragraph.\n\n  \nThe second one"
    assert split_sentences(text, "en") == [
        "A headline without a full stop",
        "The first paragraph.",
        "The second one",
    ]


def test_full_stop_inside_a_word_is_no_boundary():
    assert split_sentences("News.Az reprints the article. It ran on Friday.", "en") == [
        "News.Az reprints the article.",
        "It ran on Friday.",
    ]


def test_unknown_language_code_uses_english_rules():
    text = "Mr. Smith met Dr. Jones at 5 p.m. on Friday. They talked."
    assert split_sentences(text, "unknown") == split_sentences(text, "en") == [
        "Mr. Smith met Dr. Jones at 5 p.m. on Friday.",
        "They talked.",
    ]


def test_empty_text_has_no_sentences():
    assert split_sentences("", "en") == []
    assert split_sentences(" \n\n \t", "id") == []


def test_seed_articles(seed_texts):
    indonesian = split_sentences(clean_text(seed_texts["000"]).text, "id")
    assert len(indonesian) == 12
    assert indonesian[1] == "Kunjungan ini menandai pendalaman kerja sama antara kedua negara."

    english = split_sentences(clean_text(seed_texts["004"]).text, "en")
    assert english[1].startswith("News.Az reprints the article by Seymur Mammadov")
    visit = "The visit, which took place from May 16 to 17, included stops in Beijing and Harbin."
    assert visit in english
    assert all(sentence == sentence.strip() and sentence for sentence in english)
