"""Link each briefing sentence to the source sentences that support it.

The support score averages two views: embedding cosine similarity (meaning) and the share of
the briefing sentence's content words found in the source sentence (wording).
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..output.briefing import Support
from ..runtime.embeddings import Embedder
from ..select.selection import SourceSentence

# Sources kept per briefing sentence, and the score below which only the best one is kept.
TOP_K = 2
MIN_SUPPORT = 0.5


def attribute(sentences: Sequence[str], sources: Sequence[SourceSentence], embedder: Embedder,
              top_k: int = TOP_K, min_score: float = MIN_SUPPORT) -> list[list[Support]]:
    """For each sentence, its best supporting sources (at least one when there are sources)."""
    if not sentences or not sources:
        return [[] for _ in sentences]
    cosine = embedder.encode(list(sentences)) @ embedder.encode([s.text for s in sources]).T
    source_words = [_content_words(s.text) for s in sources]
    links = []
    for row, sentence in enumerate(sentences):
        words = _content_words(sentence)
        overlap = np.array([len(words & other) / len(words) if words else 0.0 for other in source_words])
        scores = (np.clip(cosine[row], 0, 1) + overlap) / 2
        ranked = [i for i in np.argsort(-scores)[:top_k] if scores[i] >= min_score] or [int(np.argmax(scores))]
        links.append([Support(sources[i].article_id, sources[i].index, sources[i].text, sources[i].original,
                              round(float(scores[i]), 3), list(sources[i].uncertain)) for i in ranked])
    return links


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if w not in ENGLISH_STOP_WORDS}
