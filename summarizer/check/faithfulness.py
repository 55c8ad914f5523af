"""Check that a briefing states no number, month or name its sources do not.

A briefing sentence is supported when every number (by value; number words in the sources
count), every month and every capitalised name in it is found in the event's sources, in the
English text or in the original-language text (``facts.FactIndex``, the index the translation check
reads too). Sentences that fail are reported with the facts that were not found.
"""
from __future__ import annotations

import datetime
from typing import Iterable, Sequence

from ..articles import Article
from ..facts import FactIndex, extract_facts, format_number


def source_facts(articles: Sequence[Article], statements: Sequence[str] = ()) -> FactIndex:
    """The facts of ``articles``: English sentences, originals of translated ones, and titles; and of the service's
    own ``statements`` about the result (``own_statements``), which no source makes."""
    texts = [(s, "en") for a in articles for s in a.english_sentences]
    texts += [(s, a.language) for a in articles if a.translation is not None for s in a.sentences]
    texts += [(a.title, a.language) for a in articles if a.title]
    texts += [(statement, "en") for statement in statements]
    return FactIndex.from_texts(texts)


def own_statements(events: int, articles: int, dates: Iterable[str | None]) -> list[str]:
    """What the service itself states about a briefing, as sentences the fact check reads: how many events and
    articles it covers (the merged overview opens "This briefing covers 4 events"), and the dates it computed
    for the events (ISO ``YYYY-MM-DD``, written "11 June 2025")."""
    statements = [f"{events} events.", f"{articles} articles."]
    for date in dates:
        try:
            day = datetime.date.fromisoformat(date or "")
        except ValueError:
            continue
        statements.append(f"{day.day} {day:%B} {day.year}.")
    return statements


def check_facts(sentence: str, sources: FactIndex) -> tuple[int, list[str]]:
    """How many numbers, months and names an English ``sentence`` states, and, as readable lines,
    those the sources do not contain."""
    facts = extract_facts(sentence, "en")
    problems = [f"number {format_number(n)}" for n in sorted(facts.numbers - sources.numbers)]
    problems += [f"month {m}" for m in sorted(facts.months - sources.months)]
    problems += [f"name {name}" for name in sorted(facts.names) if not sources.has_name(name)]
    return len(facts.numbers) + len(facts.months) + len(facts.names), problems


def unsupported_facts(sentence: str, sources: FactIndex) -> list[str]:
    """The facts of an English ``sentence`` that the sources do not contain, as readable lines."""
    return check_facts(sentence, sources)[1]
