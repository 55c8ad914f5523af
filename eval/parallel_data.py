"""Sentence pairs for training the translator: read a folder of aligned line files, filter, sample.

A folder holds ``NAME.id`` and ``NAME.en`` (or any source-language code) line-aligned, as in
``../shared/data/parallel-id-en/``. The filter drops a pair when

- the English is much shorter or longer than the source (``LENGTH_RATIO``, in characters);
- the numbers, months or days of the week differ (numbers read by ``summarizer.facts`` in each language, so
  "1.500" = "1,500"): a loose translation that adds "on Sunday" would teach the model to invent days;
- the English has a broken character inside a word ("Wedenesday?s", "don?t"), a word split in two
  ("inde x"), or a lower-case word that English does not have (``wordfreq``: "subsidary", "dissappear");
- it repeats a source or an English sentence already kept (duplicates, compared case- and space-blind).

Every dropped pair is counted by reason, so the record says what the filter did.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from summarizer.facts import extract_facts
from summarizer.runtime.provisioning import file_sha256

# English characters per source character: FLORES-200 dev references are 0.54-1.43 times their Indonesian
# source's length; a little room either side for loose but sound news translations.
LENGTH_RATIO = (0.5, 1.6)
# Pairs shorter than this (characters, either side) teach little and are often headings.
MIN_CHARACTERS = 20
# A lower-case English word with a Zipf frequency of 0 in wordfreq's English list is not a word English has
# (wordfreq's lists cover words seen about once in a billion; typos and split words fall below).
UNKNOWN_WORD_ZIPF = 0.0
# Days of the week, Monday = 1, as each side writes them (compared as sets of day numbers).
DAYS = {
    "en": {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7},
    "id": {"senin": 1, "selasa": 2, "rabu": 3, "kamis": 4, "jumat": 5, "jum'at": 5, "sabtu": 6, "minggu": 7},
}
_BROKEN_CHARACTER = re.compile(r"\w[?�]\w")
_SPLIT_WORD = re.compile(r"\b[a-z]{2,} [b-hj-z]\b")  # "inde x": a lone letter that is not "a" or "i"
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")


@dataclass(frozen=True)
class SentencePair:
    """One aligned pair: where it comes from (``file:line``), the source sentence and its English."""

    origin: str
    source: str
    english: str


def read_pairs(folder: Path, language: str = "id") -> list[SentencePair]:
    """Every pair of ``folder``'s ``NAME.<language>`` / ``NAME.en`` line files, whitespace normalised."""
    sources = sorted(folder.glob(f"*.{language}"))
    if not sources:
        raise FileNotFoundError(f"{folder} holds no *.{language} line files: give a folder of aligned NAME.{language} / "
                                "NAME.en files, such as ../shared/data/parallel-id-en")
    pairs = []
    for source in sources:
        english = source.with_suffix(".en")
        if not english.is_file():
            raise FileNotFoundError(f"{source} has no English beside it: add {english.name}")
        left, right = (path.read_text(encoding="utf-8").splitlines() for path in (source, english))
        if len(left) != len(right):
            raise ValueError(f"{source} has {len(left)} lines and {english} {len(right)}: give aligned line files")
        pairs += [SentencePair(f"{source.stem}:{n}", " ".join(s.split()), " ".join(e.split()))
                  for n, (s, e) in enumerate(zip(left, right))]
    return pairs


def rejection(pair: SentencePair, language: str, known_word=None) -> str | None:
    """Why ``pair`` should not be trained on (a short reason), or ``None`` when it is fit.

    ``known_word(word) -> bool`` says whether a lower-case word is English (default: wordfreq's list).
    """
    if min(len(pair.source), len(pair.english)) < MIN_CHARACTERS:
        return "too short"
    ratio = len(pair.english) / len(pair.source)
    if not LENGTH_RATIO[0] <= ratio <= LENGTH_RATIO[1]:
        return "length ratio"
    source, english = extract_facts(pair.source, language), extract_facts(pair.english, "en")
    if source.numbers != english.numbers:
        return "numbers differ"
    if source.months != english.months or _days(pair.source, language) != _days(pair.english, "en"):
        return "dates differ"
    if _BROKEN_CHARACTER.search(pair.english) or _SPLIT_WORD.search(pair.english):
        return "broken or split word"
    known_word = known_word or english_word
    if any(not known_word(word) for word in _LOWER_WORD.findall(pair.english)):
        return "unknown English word"
    return None


def english_word(word: str) -> bool:
    """Whether wordfreq's English list has ``word``."""
    try:
        from wordfreq import zipf_frequency
    except ImportError as error:
        raise ImportError("filtering training pairs needs wordfreq: pip install -e '.[train]'") from error
    return zipf_frequency(word, "en") > UNKNOWN_WORD_ZIPF


def filter_pairs(pairs: list[SentencePair], language: str = "id", known_word=None) -> tuple[list[SentencePair], Counter]:
    """The pairs fit to train on, in their order, and how many were dropped for each reason."""
    kept, dropped, seen = [], Counter(), set()
    for pair in pairs:
        reason = rejection(pair, language, known_word)
        keys = (_key(pair.source), _key(pair.english))
        if reason is None and (keys[0] in seen or keys[1] in seen):
            reason = "duplicate"
        if reason:
            dropped[reason] += 1
            continue
        seen.update(keys)
        kept.append(pair)
    return kept, dropped


def sample_pairs(pairs: list[SentencePair], count: int | None, seed: int) -> list[SentencePair]:
    """A seeded random ``count`` of ``pairs`` (all when ``count`` is ``None`` or larger), shuffled."""
    order = np.random.default_rng(seed).permutation(len(pairs))
    return [pairs[i] for i in order[:count]]


def folder_digest(folder: Path, language: str = "id") -> dict[str, str]:
    """SHA-256 of each line file the pairs are read from, by file name."""
    files = sorted(folder.glob(f"*.{language}")) + sorted(folder.glob("*.en"))
    return {path.name: file_sha256(path) for path in sorted(files)}


def _days(text: str, language: str) -> set[int]:
    names = DAYS.get(language, {})
    words = re.findall(r"[\w']+", text)  # capitalised only: "minggu" is also "week", "Minggu" is Sunday
    return {names[word.lower()] for word in words if word[0].isupper() and word.lower() in names}


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
