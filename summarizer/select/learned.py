"""Sentence selectors: which of an event's candidate sentences a briefing is made from.

- ``learned`` (the default): a salience model trained on reference summaries
  (``python -m eval train-selector``) scores each sentence from features that carry across
  sources (``features.py``); maximal marginal relevance over those scores keeps repeats out and
  the word budget is kept. The packaged model is ``selector-v2.json`` beside this file; any other
  model file can be named instead.
- ``centroid``: the unsupervised selector (centroid similarity, a lead bonus, MMR) of
  ``summarizer.select.selection``.

Both follow ``summarizer.select.Selector``; ``summarizer.select.SELECTORS`` names them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .selection import (DEFAULT_DIVERSITY, DUPLICATE_SIMILARITY, Selection, SourceSentence, count_words,
                         salience_scores, select_by_salience)
from .repeats import SIGNATURE as SAME_FACT_SIGNATURE
from .features import sentence_features
from .model import SalienceModel, file_digest

PACKAGED_MODEL = Path(__file__).with_name("selector-v2.json")


class CentroidSelector:
    """Centroid similarity plus a lead bonus, with MMR (the unsupervised selector)."""

    name = "centroid"

    def select(self, candidates: Sequence[SourceSentence], vectors: np.ndarray, budget: int,
               count_tokens: Callable[[str], int] = count_words) -> Selection:
        """The most central, non-redundant ``candidates`` (unit ``vectors``, one row each) within ``budget``."""
        if not candidates:
            return Selection([], 0, 0)
        salience = salience_scores(vectors, [c.index for c in candidates])
        return select_by_salience(candidates, vectors, salience, budget, count_tokens)

    def signature(self) -> dict:
        return {"name": self.name, "diversity": DEFAULT_DIVERSITY, "same_fact": SAME_FACT_SIGNATURE}


class LearnedSelector:
    """Sentences scored by a ``SalienceModel``, then chosen by MMR on the scores scaled to 0..1.

    :param model: the salience model (``SalienceModel.load`` reads one from JSON).
    :param source: where the model came from, for the signature.
    """

    name = "learned"

    def __init__(self, model: SalienceModel, source: str = "memory", digest: str | None = None):
        self.model = model
        self.source = source
        self.digest = digest

    @classmethod
    def load(cls, path: Path = PACKAGED_MODEL) -> "LearnedSelector":
        """The selector of the model file at ``path`` (default: the packaged one)."""
        return cls(SalienceModel.load(path), path.name if path == PACKAGED_MODEL else str(path), file_digest(path))

    def scores(self, candidates: Sequence[SourceSentence], vectors: np.ndarray) -> np.ndarray:
        """The model's score of each candidate (higher: more worth keeping)."""
        return self.model.score(sentence_features(candidates, vectors))

    def select(self, candidates: Sequence[SourceSentence], vectors: np.ndarray, budget: int,
               count_tokens: Callable[[str], int] = count_words) -> Selection:
        """The best-scored, non-redundant ``candidates`` (unit ``vectors``, one row each) within ``budget``."""
        if not candidates:
            return Selection([], 0, 0)
        scores = self.scores(candidates, vectors)
        spread = scores.max() - scores.min()
        salience = (scores - scores.min()) / spread if spread > 0 else np.zeros(len(scores))
        settings = self.model.selection
        if settings.get("length_exponent"):  # value per word: under a budget a long sentence costs more
            costs = np.array([max(count_tokens(c.text), 1) for c in candidates], dtype=float)
            salience = salience / (costs / costs.mean()) ** settings["length_exponent"]
            salience = salience / (salience.max() or 1.0)
        return select_by_salience(candidates, vectors, salience, budget, count_tokens,
                                  diversity=settings.get("diversity", DEFAULT_DIVERSITY),
                                  duplicate_similarity=settings.get("duplicate_similarity", DUPLICATE_SIMILARITY))

    def signature(self) -> dict:
        """The model file's name and hash, its selection settings and what made it; its cross-validation
        figures and training time are left out (they describe the model, they do not change its output)."""
        made = {key: value for key, value in self.model.signature.items()
                if key not in ("cross_validation", "training_seconds")}
        return {"name": self.name, "model": self.source, "digest": self.digest, "kind": self.model.kind,
                "selection": self.model.selection, "same_fact": SAME_FACT_SIGNATURE, **made}


def describe(sig: dict) -> str:
    """One line naming a selector by its ``signature()``, e.g. for a briefing's list of models."""
    if sig["name"] != "learned":
        return sig["name"]
    data = sig.get("data", {})
    trained = f", trained on {data.get('file')} items {data.get('items')}" if data else ""
    return f"learned {sig['model']} ({sig['digest']}{trained})"
