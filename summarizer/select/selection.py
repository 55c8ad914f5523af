"""Pick the most salient, non-redundant sentences of an event.

Salience is closeness to the event's centroid in embedding space plus a lead bonus (news puts
its key facts first); redundancy is handled with maximal marginal relevance (Carbonell &
Goldstein, SIGIR 1998). Selection stops at a token budget, so the model input always fits and
what was left out is counted, never cut silently.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

import numpy as np

from ..articles import Article
from ..ingest.cleaning import is_boilerplate
from ..runtime.embeddings import Embedder
from .repeats import FLOOR_SIMILARITY, same_fact

# Sentences shorter than this are captions, bylines or fragments rather than statements.
MIN_WORDS = 6
# Longer "sentences" are run-on text from a failed split or a table; they crowd out others.
MAX_WORDS = 80
# MMR trade-off: 0 = salience only, 1 = novelty only. 0.3 keeps salience first (our choice;
# Carbonell & Goldstein report 0.3 to 0.7 as a useful range).
DEFAULT_DIVERSITY = 0.3
# Weight of the lead bonus, which decays with the sentence position: exp(-index / LEAD_DECAY).
LEAD_WEIGHT = 0.15
LEAD_DECAY = 5.0
# A candidate this similar to a selected sentence says the same thing again: skip it.
DUPLICATE_SIMILARITY = 0.92
# An uncertain translation this similar to a selected sentence says what the briefing already holds: skip it
# (a translation and an English source of the same statement score lower than two English copies; our choice).
SAME_MEANING_SIMILARITY = 0.75
# Taken from an uncertain translation's score: any other candidate comes first (scores are about 0 to 1).
LAST_RESORT_PENALTY = 10.0

# Words that cannot open a briefing: their referent would come before the briefing starts.
OPENING_PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "his", "hers", "its", "their", "them", "this",
                              "these", "those", "that", "such"})

_JUNK = re.compile(r"https?://|www\.|@\w{2,}|©|\bclick here\b|\bjavascript\b", re.IGNORECASE)


def count_words(text: str) -> int:
    """Whitespace-separated words: the unit of a budget in words."""
    return len(text.split())


def fill_words(texts: Sequence[str], order: Sequence[int], words: int) -> list[int]:
    """The positions of ``texts`` taken in ``order`` while they fit ``words`` words (one that would overflow
    is skipped), in reading order."""
    chosen, used = [], 0
    for index in order:
        length = count_words(texts[index])
        if used + length <= words:
            chosen.append(index)
            used += length
    return sorted(chosen)


@dataclass(frozen=True)
class SourceSentence:
    """One sentence of an article in English, with its place and, when translated, its original and, when the
    translation is uncertain, the reasons (``Article.translation_status``)."""

    article_id: str
    index: int
    text: str
    original: str | None = None
    uncertain: tuple[str, ...] = ()


@dataclass
class Selection:
    """The chosen sentences in reading order, and how many candidates were left out.

    ``ranks[i]`` is the order in which ``sentences[i]`` was chosen (0: first, the most worth keeping);
    ``tokens`` counts the budget's units, which ``unit`` names (the extractive writer's budget is in words).
    """

    sentences: list[SourceSentence]
    candidates: int
    tokens: int
    ranks: list[int] = field(default_factory=list)
    unit: str = "tokens"

    @property
    def by_rank(self) -> list[SourceSentence]:
        """The sentences in the order they were chosen (reading order where no ranks are known)."""
        if len(self.ranks) != len(self.sentences):
            return list(self.sentences)
        return [sentence for _, sentence in sorted(zip(self.ranks, self.sentences), key=lambda pair: pair[0])]

    @property
    def note(self) -> str:
        return f"{len(self.sentences)} of {self.candidates} sentences ({self.tokens:,} {self.unit})"

    def with_clear_opening(self) -> "Selection":
        """The first sentence that does not open with a pronoun (``OPENING_PRONOUNS``) moved to the front, the
        rest in reading order; unchanged when the first is already clear or every sentence opens with one."""
        first = next((i for i, s in enumerate(self.sentences) if not opens_with_pronoun(s.text)), 0)
        if first == 0:
            return self
        order = [first] + [i for i in range(len(self.sentences)) if i != first]
        ranks = [self.ranks[i] for i in order] if len(self.ranks) == len(self.sentences) else self.ranks
        return replace(self, sentences=[self.sentences[i] for i in order], ranks=ranks)


def opens_with_pronoun(text: str) -> bool:
    """Whether ``text`` opens with a word whose referent would come before it (``OPENING_PRONOUNS``)."""
    words = text.split()
    return bool(words) and words[0].strip("\"'“‘(,").lower() in OPENING_PRONOUNS


def candidate_sentences(articles: Sequence[Article]) -> list[SourceSentence]:
    """The English sentences of ``articles`` that can be briefing material (junk filtered out)."""
    candidates = []
    for article in articles:
        originals = article.sentences if article.translation is not None else [None] * len(article.sentences)
        statuses = (article.translation_status if article.translation is not None and article.translation_status
                    else [None] * len(article.sentences))
        for index, (text, original, status) in enumerate(zip(article.english_sentences, originals, statuses)):
            if _usable(text):
                reasons = tuple(status["reasons"]) if status and status["status"] == "uncertain" else ()
                candidates.append(SourceSentence(article.id, index, text, original, reasons))
    return candidates


def select_sentences(candidates: Sequence[SourceSentence], embedder: Embedder, token_budget: int,
                     count_tokens: Callable[[str], int] = count_words,
                     max_sentences: int | None = None, diversity: float = DEFAULT_DIVERSITY) -> Selection:
    """Choose sentences by salience and novelty until ``token_budget`` or ``max_sentences`` is reached.

    :param count_tokens: the model's token counter, so the budget is in the model's tokens.
    :return: the selection in reading order: the most central article first, then position in the article.
    """
    if not candidates:
        return Selection([], 0, 0)
    vectors = embedder.encode([c.text for c in candidates])
    salience = salience_scores(vectors, [c.index for c in candidates])
    return select_by_salience(candidates, vectors, salience, token_budget, count_tokens, max_sentences, diversity)


def select_by_salience(candidates: Sequence[SourceSentence], vectors: np.ndarray, salience: np.ndarray,
                       token_budget: int, count_tokens: Callable[[str], int] = count_words,
                       max_sentences: int | None = None, diversity: float = DEFAULT_DIVERSITY,
                       duplicate_similarity: float = DUPLICATE_SIMILARITY) -> Selection:
    """Maximal marginal relevance over ``salience`` (one score per candidate, about 0 to 1) within the budget.

    A candidate that no longer fits the budget is skipped and a shorter one may still come in; one
    at least ``duplicate_similarity`` to a chosen sentence never does, nor one that states a fact a chosen
    sentence states (``repeats.same_fact``: the same figure in other words, from another article or language).
    An uncertain translation is a last resort: it comes only after every other candidate
    (``LAST_RESORT_PENALTY``), and never once a chosen sentence says the same (``SAME_MEANING_SIMILARITY``).

    :return: the selection in reading order: the most salient article first, then position in the article.
    """
    if not candidates:
        return Selection([], 0, 0)
    costs = np.array([count_tokens(c.text) for c in candidates])
    chosen: list[int] = []
    tokens = 0
    redundancy = np.zeros(len(candidates))  # similarity to the closest chosen sentence (0 before any)
    available = costs <= token_budget
    uncertain = np.array([bool(c.uncertain) for c in candidates])
    repeat_at = np.where(uncertain, min(SAME_MEANING_SIMILARITY, duplicate_similarity), duplicate_similarity)
    salience = np.asarray(salience, dtype=float) - LAST_RESORT_PENALTY * uncertain
    while available.any() and (max_sentences is None or len(chosen) < max_sentences):
        scores = np.where(available, (1 - diversity) * salience - diversity * redundancy, -np.inf)
        best = int(np.argmax(scores))
        similarity = vectors @ vectors[best]
        redundancy = np.maximum(redundancy, similarity) if chosen else similarity
        chosen.append(best)
        tokens += int(costs[best])
        available[best] = False
        # Sentences that repeat a chosen one, or no longer fit the budget, never will: one pass per choice.
        available &= (redundancy < repeat_at) & (costs <= token_budget - tokens)
        for other in np.flatnonzero(available & (similarity >= FLOOR_SIMILARITY)):
            if same_fact(candidates[best].text, candidates[other].text, float(similarity[other])):
                available[other] = False  # its fact is stated already
    pick_order = {index: order for order, index in enumerate(chosen)}
    rank = _article_rank(candidates, salience)
    chosen.sort(key=lambda i: (rank[candidates[i].article_id], candidates[i].index))
    return Selection([candidates[i] for i in chosen], len(candidates), tokens, [pick_order[i] for i in chosen])


def _article_rank(candidates: Sequence[SourceSentence], salience: np.ndarray) -> dict[str, int]:
    """Articles ranked by their most salient sentence: the most central article is read first."""
    best: dict[str, float] = {}
    for candidate, score in zip(candidates, salience):
        best[candidate.article_id] = max(best.get(candidate.article_id, -np.inf), float(score))
    return {article_id: rank for rank, article_id in enumerate(sorted(best, key=lambda a: -best[a]))}


def salience_scores(vectors: np.ndarray, positions: Sequence[int]) -> np.ndarray:
    """Cosine similarity to the centroid plus a lead bonus that decays with the position."""
    centroid = vectors.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    lead = np.array([LEAD_WEIGHT * math.exp(-p / LEAD_DECAY) for p in positions])
    return vectors @ centroid + lead


def _usable(text: str) -> bool:
    words = len(text.split())
    return MIN_WORDS <= words <= MAX_WORDS and not is_boilerplate(text) and not _JUNK.search(text)
