"""What an instruct model sees when it translates: the instruction, example pairs, and per sentence the terms it holds.

The conversation is ``[system: instruction] [user: example source] [assistant: example English] ...``, the same
for every sentence of a language (the examples are the language profile's ``prompt_examples``), then per sentence
an optional system note naming the profile's terms (``summarizer.languages``) that occur in it (and, on a retry,
what the first translation lost), then the sentence as the user's turn. The shared part comes first so a runtime can compute its state once.
"""
from __future__ import annotations

import re
from typing import Sequence

from ..languages import profile

# The system prompt for instruct models.
CHAT_TRANSLATION_INSTRUCTION = (
    "You are a professional news translator. Translate the user's {language} text into fluent English. "
    "Keep every number, name, date and unit exactly. Reply with the English translation only."
)
# Terms this short or shorter are acronyms: they count only when written in capitals ("AS", not "as").
ACRONYM_LENGTH = 3


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
    terms = profile(language).terms if profile(language) else {}
    for term in sorted(terms, key=len, reverse=True):
        flags = 0 if len(term) <= ACRONYM_LENGTH else re.IGNORECASE
        pattern = term.upper() if len(term) <= ACRONYM_LENGTH else re.escape(term)
        for match in re.finditer(rf"(?<!\w){pattern}(?!\w)", sentence, flags):
            if not any(start <= match.start() < end for start, end in covered):
                covered.append(match.span())
                if match.group() not in (written for written, _ in found):
                    found.append((match.group(), terms[term][0]))
    return found
