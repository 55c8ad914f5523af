"""Sentences that state the same fact: the repeat measure of the evaluation, and the fact-level redundancy
of selection and fusion (a fact already stated counts as covered).

Two sentences state the same fact when (``same_fact``), with ``similarity`` the cosine of their unit
embeddings and figures their numbers other than years (the translation check keeps those across languages,
"1,4 juta" and "1.4 million" being one value) and whole numbers below ``SMALL_NUMBER``:

- they give numbers, in digits or words, (or months) and none in common: never (two prices, two tolls are two
  facts);
- they share a figure and are at least ``FIGURE_SIMILARITY`` alike: the same figure said of the same thing;
- one entails the other by containment: every figure, month and name of the shorter is in the longer, and
  at least ``CONTAINED_SHARE`` of its content words (``FLOOR_SIMILARITY`` alike at least);
- they share a name, a month, a year or a small number and are at least ``NAME_SIMILARITY`` alike;
- or, sharing nothing checkable, they are at least ``PARAPHRASE_SIMILARITY`` alike.

A shared name alone is not enough: "Putin met Xi in Beijing" and "Putin went on to Harbin" share Putin and
say two things. Thresholds are for all-MiniLM-L6-v2 (the pipeline's embedder), set on the built cases of
``tests/test_repeats.py`` and checked by hand on briefings (docs/briefing-quality.md), never on the
held-out clusters: on the repeats the measure found in extractive briefings of clusters 0-199, the shared-name
rule held at 0.72 for 30 of 48 pairs, at 0.78 for 10 of 11; containment at 0.8 for 6 of 10.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..facts import extract_facts, spelled_numbers

# Below this similarity two sentences never state the same fact (a cheap first filter, too).
FLOOR_SIMILARITY = 0.45
FIGURE_SIMILARITY = 0.45
# Whole numbers below this are counts too common to tell one fact from another ("two people", "3 suspects"):
# they count as names do, not as figures.
SMALL_NUMBER = 13
NAME_SIMILARITY = 0.78
PARAPHRASE_SIMILARITY = 0.8
# Share of the shorter sentence's content words found in the longer one for "one entails the other".
CONTAINED_SHARE = 0.85
MIN_CONTAINED_WORDS = 4
# What decides ``same_fact``: part of the signature of every stage that uses it.
SIGNATURE = {"floor": FLOOR_SIMILARITY, "figure": FIGURE_SIMILARITY, "small_number": SMALL_NUMBER, "name": NAME_SIMILARITY,
             "paraphrase": PARAPHRASE_SIMILARITY, "contained": CONTAINED_SHARE}
_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*")


@dataclass(frozen=True)
class StatedFacts:
    """What a sentence states that can be checked: figures (numbers other than years and small counts), years
    and small counts, months, names (lower case) and content words (lower case, crude stems)."""

    figures: frozenset
    years: frozenset
    months: frozenset
    names: frozenset
    words: frozenset
    spelled: frozenset  # numbers written as words ("four-day", "six students"), but one

    @property
    def numbers(self) -> frozenset:
        """Every number but years: figures and small counts."""
        return self.figures | {y for y in self.years if y < SMALL_NUMBER}

    @property
    def dated_or_named(self) -> frozenset:
        return self.names | {("month", m) for m in self.months} | {("year", y) for y in self.years}


@lru_cache(maxsize=50_000)
def stated_facts(text: str) -> StatedFacts:
    """The checkable facts of one English sentence (cached: selection asks for the same sentence often)."""
    facts = extract_facts(text)
    years = {n for n in facts.numbers if n.is_integer() and (1900 <= n <= 2100 or n < SMALL_NUMBER)}
    words = {_stem(w) for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in ENGLISH_STOP_WORDS}
    return StatedFacts(frozenset(facts.numbers - years), frozenset(years), frozenset(facts.months),
                       frozenset(_stem(n.lower()) for n in facts.names), frozenset(words),
                       frozenset(spelled_numbers(text) - {1.0}))  # "one of", "first": too common to tell facts apart


def same_fact(first: str, second: str, similarity: float) -> bool:
    """Whether ``first`` and ``second`` state the same fact (see the module docstring)."""
    return fact_match(first, second, similarity) is not None


def fact_match(first: str, second: str, similarity: float) -> str | None:
    """Why ``first`` and ``second`` state the same fact: "figure", "contained", "name" or "paraphrase" (the rules
    of the module docstring, in that order); None when they do not."""
    if similarity < FLOOR_SIMILARITY:
        return None
    a, b = stated_facts(first), stated_facts(second)
    if _differ(a.numbers | a.spelled, b.numbers | b.spelled) or _differ(a.months, b.months):
        return None  # different figures or dates: different facts
    if a.figures & b.figures and similarity >= FIGURE_SIMILARITY:
        return "figure"
    if _entails(a, b) or _entails(b, a):
        return "contained"
    if a.dated_or_named & b.dated_or_named and similarity >= NAME_SIMILARITY:
        return "name"
    return "paraphrase" if similarity >= PARAPHRASE_SIMILARITY else None


def _differ(first: frozenset, second: frozenset) -> bool:
    """Both state some and none in common."""
    return bool(first and second) and not first & second


def repeated_pairs(sentences: Sequence[str], vectors: np.ndarray) -> list[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, of ``sentences`` that state the same fact (``vectors``: unit embeddings)."""
    if len(sentences) < 2:
        return []
    similarity = np.asarray(vectors) @ np.asarray(vectors).T
    return [(i, j) for i in range(len(sentences)) for j in range(i + 1, len(sentences))
            if same_fact(sentences[i], sentences[j], float(similarity[i, j]))]


def restates(text: str, vector: np.ndarray, stated: Sequence[str], stated_vectors: np.ndarray) -> bool:
    """Whether ``text`` states a fact one of ``stated`` already states."""
    if not len(stated):
        return False
    similarity = np.asarray(stated_vectors) @ np.asarray(vector)
    return any(same_fact(text, other, float(score)) for other, score in zip(stated, similarity))


def _entails(shorter: StatedFacts, longer: StatedFacts) -> bool:
    """Containment: everything checkable in ``shorter`` and most of its content words are in ``longer``."""
    if len(shorter.words) < MIN_CONTAINED_WORDS or len(shorter.words) > len(longer.words):
        return False
    if not (shorter.figures <= longer.figures and shorter.dated_or_named <= longer.dated_or_named):
        return False
    return len(shorter.words & longer.words) >= CONTAINED_SHARE * len(shorter.words)


def _stem(word: str) -> str:
    """A crude English stem, enough to match "agreements"/"agreement", "signed"/"signing", "Russia's"/"Russia"."""
    word = re.sub(r"['’]s?$", "", word)
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word
