"""Check that a briefing states no number, month or name its sources do not.

A briefing sentence is supported when every number (by value; number words in the sources
count), every month and every capitalised name in it is found in the event's sources, in the
English text or in the original-language text. Sentences that fail are reported with the facts
that were not found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from .articles import Article
from .facts import extract_facts, format_number, spelled_numbers

# A name in the briefing matches a source word that shares at least this many leading letters
# (and all but one of the shorter word's letters): Russia/Russian, China/Chinese.
MIN_SHARED_PREFIX = 4


@dataclass
class SourceFacts:
    """The facts of all the sources of an event, for quick lookups."""

    numbers: set[float]
    months: set[int]
    words: set[str]  # every word of the sources, lowercased
    text: str  # all sources, lowercased, for multi-word names

    @classmethod
    def from_texts(cls, texts: Iterable[tuple[str, str]]) -> "SourceFacts":
        """Build from ``(text, language)`` pairs: English sentences and their originals."""
        numbers, months, words, joined = set(), set(), set(), []
        for text, language in texts:
            facts = extract_facts(text, language)
            numbers |= facts.numbers | spelled_numbers(text)
            months |= facts.months
            words |= set(re.findall(r"[\w'’]+", text.lower()))
            joined.append(text.lower())
        return cls(numbers, months, words, "\n".join(joined))

    @classmethod
    def from_articles(cls, articles: Sequence[Article]) -> "SourceFacts":
        """The facts of ``articles``: English sentences, originals of translated ones, and titles."""
        texts = [(s, "en") for a in articles for s in a.english_sentences]
        texts += [(s, a.language) for a in articles if a.translation is not None for s in a.sentences]
        texts += [(a.title, a.language) for a in articles if a.title]
        return cls.from_texts(texts)


def check_facts(sentence: str, sources: SourceFacts) -> tuple[int, list[str]]:
    """How many numbers, months and names an English ``sentence`` states, and, as readable lines,
    those the sources do not contain."""
    facts = extract_facts(sentence, "en")
    problems = [f"number {format_number(n)}" for n in sorted(facts.numbers - sources.numbers)]
    problems += [f"month {m}" for m in sorted(facts.months - sources.months)]
    problems += [f"name {name}" for name in sorted(facts.names) if not _name_in_sources(name, sources)]
    return len(facts.numbers) + len(facts.months) + len(facts.names), problems


def unsupported_facts(sentence: str, sources: SourceFacts) -> list[str]:
    """The facts of an English ``sentence`` that the sources do not contain, as readable lines."""
    return check_facts(sentence, sources)[1]


def _name_in_sources(name: str, sources: SourceFacts) -> bool:
    lowered = name.lower()
    if lowered in sources.words or re.search(rf"\b{re.escape(lowered)}\b", sources.text):
        return True
    return any(_same_stem(lowered, word) for word in sources.words if word[:MIN_SHARED_PREFIX] == lowered[:MIN_SHARED_PREFIX])


def _same_stem(a: str, b: str) -> bool:
    shorter = min(len(a), len(b))
    shared = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), shorter)
    return shared >= max(MIN_SHARED_PREFIX, shorter - 1)

