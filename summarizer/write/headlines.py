"""Headlines that are never a sentence cut mid-phrase.

An event's headline is an article title when there is one; else the model's (``AbstractiveWriter
.write_headline``), checked like any briefing sentence; else, with no model, ``headline_without_model``:
the briefing's first sentence when it is short, else its main clause when that can stand alone (it ends at a
comma, opens with its subject, not a pronoun, and is not the start of a list), else the first short sentence
among the briefing's first three that does not open with a pronoun, else the first sentence whole. ``headline_origin`` says which a headline is, and
``cut`` names a headline that stops mid-phrase (how the evaluation counts them).
"""
from __future__ import annotations

import re
from typing import Sequence

from ..select.selection import opens_with_pronoun
from ..ingest.sentences import split_sentences

# A whole sentence up to this many words makes a headline.
SENTENCE_HEADLINE_WORDS = 20
# A leading clause needs this many words to say something on its own.
MIN_CLAUSE_WORDS = 6
# Of the briefing's sentences, the first this many may give a short one.
HEADLINE_CANDIDATES = 3
# Words that open an adverbial phrase, not a clause with its subject ("In a significant development, ...").
CLAUSE_OPENERS = frozenset("""in on at after before while as when although though since because according during
for with by from to of amid despite following under over once if unless""".split())
_CLAUSE_END = re.compile(r"\s*[,;:]\s+|\s+[—–]\s+")
_ELLIPSIS = ("…", "...")
# What decides a headline without a model: part of the signature of every writer that makes one.
SIGNATURE = {"sentence_words": SENTENCE_HEADLINE_WORDS, "clause_words": MIN_CLAUSE_WORDS,
             "candidates": HEADLINE_CANDIDATES, "order": "title, model, short sentence, main clause, short sentence, whole"}
ORIGINS = ("title", "generated", "sentence", "clause", "cut", "none")


def headline_without_model(briefing: str, titles: Sequence[str] = ()) -> str:
    """The first title; else a short sentence or a leading clause of ``briefing`` (see the module docstring)."""
    if titles:
        return titles[0]
    sentences = [s.strip() for s in split_sentences(briefing, "en") if s.strip()] if briefing.strip() else []
    if not sentences:
        return ""
    first = sentences[0]
    if len(first.split()) <= SENTENCE_HEADLINE_WORDS:
        return _bare(first)
    clause = leading_clause(first)
    if clause:
        return clause
    short = next((s for s in sentences[1:HEADLINE_CANDIDATES]
                  if len(s.split()) <= SENTENCE_HEADLINE_WORDS and not opens_with_pronoun(s)), None)
    return _bare(short or first)


def leading_clause(sentence: str) -> str | None:
    """The sentence's main clause when it can stand alone as a headline: the part before its first comma,
    semicolon, colon or dash, or, after an opening phrase ("In the energy sector, the key agreement includes
    ..."), the part after it, with a capital; ``MIN_CLAUSE_WORDS`` to ``SENTENCE_HEADLINE_WORDS`` words, not
    opening with a preposition or a subordinator, and not followed by more items of a list. None without one."""
    parts = _CLAUSE_END.split(sentence.strip().rstrip("."))
    for position in range(min(2, len(parts) - 1)):
        clause, following = parts[position].strip(), parts[position + 1]
        words = clause.split()
        if not MIN_CLAUSE_WORDS <= len(words) <= SENTENCE_HEADLINE_WORDS or len(following.split()) <= 4:
            continue  # too short or long, or a list goes on ("covers energy, trade, space and health")
        if words[0].strip("\"'“‘(").lower() in CLAUSE_OPENERS or opens_with_pronoun(clause) \
                or clause.count("\"") % 2 or clause.count("(") != clause.count(")"):
            continue
        return clause[0].upper() + clause[1:]
    return None


def headline_origin(headline: str, titles: Sequence[str], briefing_sentences: Sequence[str]) -> str:
    """What ``headline`` is: a "title", a whole "sentence" or a leading "clause" of the briefing, "cut" (it
    stops mid-phrase: an ellipsis, or a briefing sentence's start that does not end at a clause boundary),
    "generated" (none of those: a model wrote it) or "none"."""
    text = " ".join(headline.split())
    if not text:
        return "none"
    if text in {" ".join(title.split()) for title in titles}:
        return "title"
    if text.endswith(_ELLIPSIS):
        return "cut"
    for sentence in briefing_sentences:
        sentence = " ".join(sentence.split())
        if _bare(sentence) == _bare(text):
            return "sentence"
        if sentence.startswith(text):
            return "clause" if _CLAUSE_END.match(sentence[len(text):]) else "cut"
        if any(text.lower() == part.strip().lower() for part in _CLAUSE_END.split(sentence.rstrip("."))[1:2]):
            return "clause"  # the main clause after an opening phrase
    return "generated"


def is_cut(headline: str, titles: Sequence[str], briefing_sentences: Sequence[str]) -> bool:
    """Whether ``headline`` stops mid-phrase (``headline_origin`` is "cut")."""
    return headline_origin(headline, titles, briefing_sentences) == "cut"


def _bare(sentence: str) -> str:
    """A sentence as a headline: without its final full stop."""
    return sentence.strip().rstrip(".")
