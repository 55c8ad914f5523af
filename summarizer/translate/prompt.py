"""What an instruct model sees when it translates: the instruction, example pairs, and per sentence the terms it holds.

The conversation is ``[system: instruction] [user: example source] [assistant: example English] ...``, the same
for every sentence of a language, then per sentence an optional system note naming the terms of
``summarizer.check.facts.ID_EN_TERMS`` that occur in it (and, on a retry, what the first translation lost), then the
sentence as the user's turn. The shared part comes first so a runtime can compute its state once.
"""
from __future__ import annotations

import re
from typing import Sequence

from ..check.facts import ID_EN_TERMS

# The system prompt for instruct models.
CHAT_TRANSLATION_INSTRUCTION = (
    "You are a professional news translator. Translate the user's {language} text into fluent English. "
    "Keep every number, name, date and unit exactly. Reply with the English translation only."
)
# Example pairs shown before each sentence, as chat turns. Taken from FLORES-200 dev, Indonesian -> English
# (ind_Latn / eng_Latn lines 504, 528, 767, 787 and 733, counted from 1; Wikivoyage and Wikibooks sentences,
# https://github.com/facebookresearch/flores, licensed CC BY-SA 4.0: these pairs are shared under the same
# licence). None of them is among the first 500 dev sentences the README's scores are measured on.
EXAMPLES = {
    "id": (
        ("MySpace merupakan situs terpopuler peringkat ketiga yang dipakai di Amerika Serikat dengan 54 juta profil "
         "saat ini.",
         "MySpace is the third most popular website used in the United States and has 54 million profiles currently."),
        ("Pada 28 Juni, Marsekal Italo Balbo, Gubernur Jenderal Libia dan pewaris dari Mussolini, terbunuh oleh "
         "tembakan pihaknya sendiri saat mendarat di Tobruk.",
         "On June 28, Marshal Italo Balbo, the Governor-General of Libya and apparent heir to Mussolini, was killed "
         "by friendly fire while landing in Tobruk."),
        ("Kota Beijing di Tiongkok akan menjadi kota tuan rumah Olimpiade Musim Dingin tahun 2022, yang akan "
         "menjadikannya kota pertama yang menjadi tuan rumah Olimpiade musim panas dan musim dingin.",
         "The city of Beijing in China will be the host city of the Olympic Winter Games in 2022, which will make it "
         "the first city to have hosted both the summer and winter Olympics."),
        ("Dunia memiliki lebih dari 5.000 bahasa berbeda, dua puluh di antaranya berpenutur 50 juta atau lebih.",
         "The world has over 5,000 different languages, including more than twenty with 50 million or more speakers."),
        ("Whistler (1,5 jam berkendara dari Vancouver) mahal tapi terkenal karena Olimpiade Musim Dingin 2010.",
         "Whistler (1.5 hour drive from Vancouver) is expensive but well-known because of the 2010 Winter Olympics."),
    ),
}
# Terms this short or shorter are acronyms: they count only when written in capitals ("AS", not "as").
ACRONYM_LENGTH = 3
TERMS_TABLES = {"id": ID_EN_TERMS}


def shared_turns(language_name: str, examples: Sequence[tuple[str, str]]) -> list[dict]:
    """The turns every sentence of a language shares: the instruction, then each example pair."""
    turns = [{"role": "system", "content": CHAT_TRANSLATION_INSTRUCTION.format(language=language_name)}]
    for source, english in examples:
        turns += [{"role": "user", "content": source}, {"role": "assistant", "content": english}]
    return turns


def sentence_turns(sentence: str, terms: Sequence[tuple[str, str]], missing: Sequence[str] = ()) -> list[dict]:
    """The turns of one sentence: a note naming its terms (and what a first attempt lost), then the sentence."""
    notes = []
    if terms:
        notes.append("Terms in the next text: " + "; ".join(f"{source} = {english}" for source, english in terms) + ".")
    if missing:
        notes.append("Keep in the English: " + "; ".join(missing) + ".")
    return ([{"role": "system", "content": " ".join(notes)}] if notes else []) + [{"role": "user", "content": sentence}]


def terms_in(sentence: str, language: str) -> list[tuple[str, str]]:
    """The terms of the language's table that occur in ``sentence``, as (term as written, English), longest first.

    A term inside a longer one that matched ("tiongkok" in "laut tiongkok selatan") is not repeated.
    """
    found: list[tuple[str, str]] = []
    covered: list[tuple[int, int]] = []
    for term in sorted(TERMS_TABLES.get(language, {}), key=len, reverse=True):
        flags = 0 if len(term) <= ACRONYM_LENGTH else re.IGNORECASE
        pattern = term.upper() if len(term) <= ACRONYM_LENGTH else re.escape(term)
        for match in re.finditer(rf"(?<!\w){pattern}(?!\w)", sentence, flags):
            if not any(start <= match.start() < end for start, end in covered):
                covered.append(match.span())
                if match.group() not in (written for written, _ in found):
                    found.append((match.group(), TERMS_TABLES[language][term][0]))
    return found
