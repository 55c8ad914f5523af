"""Split article text into sentences with sentencex, in English or Indonesian.

sentencex (https://github.com/wikimedia/sentencex) knows English abbreviations ("Dr.", "U.S.",
"a.m.") and decimals ("10.30"), and falls back to English rules for a language code it does not
know. Two of its habits are corrected here:

- it breaks inside a token at a full stop with no space after it ("News.Az" -> "News." "Az");
  a sentence boundary here always needs whitespace after it. Text should therefore be cleaned
  first: ``cleaning.clean_text`` puts back the space lost in "17.The";
- its rules miss some languages' abbreviations (Indonesian "Jl.", "Bpk.", "dll."), so a sentence is not
  ended after those the language's profile lists (``summarizer.languages``: ``abbreviations``,
  ``clause_abbreviations``).
"""
from __future__ import annotations

from sentencex import segment

from ..languages import profile



def split_sentences(text: str, language: str) -> list[str]:
    """Split ``text`` into stripped, non-empty sentences; every line break ends a sentence.

    :param text: cleaned article text (see ``cleaning.clean_text``).
    :param language: an ISO 639-1 code such as "en" or "id"; unknown codes get English rules.
    """
    sentences: list[str] = []
    for line in text.splitlines():
        if line.strip():
            sentences.extend(_split_line(line, language))
    return sentences


def _split_line(line: str, language: str) -> list[str]:
    sentences: list[str] = []
    for piece in segment(language, line):
        if sentences and _continues(sentences[-1], piece, language):
            sentences[-1] += piece
        else:
            sentences.append(piece)
    return [s.strip() for s in sentences if s.strip()]


def _continues(previous: str, piece: str, language: str) -> bool:
    """Whether sentencex ended ``previous`` where no sentence ends."""
    if not previous[-1:].isspace() and not piece[:1].isspace():
        return True
    words = previous.split()
    if not words or not words[-1].endswith("."):
        return False
    rules = profile(language)
    if rules is None:
        return False
    abbreviation = words[-1].rstrip(".").lower()
    if abbreviation in rules.abbreviations:
        return True
    return abbreviation in rules.clause_abbreviations and piece.lstrip()[:1].islower()
