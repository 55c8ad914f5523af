"""Sentence embeddings with a cache keyed by a hash of the text.

Clustering, sentence selection and attribution all embed the same sentences; the cache makes
each text cost one forward pass per process.
"""
from __future__ import annotations

import hashlib

import numpy as np


class Embedder:
    """Unit-length sentence embeddings from a sentence-transformers model, cached by text hash.

    :param model: a ``SentenceTransformer`` (see ``summarizer.models.load_sentence_embedder``).
    :param batch_size: texts per forward pass.
    """

    def __init__(self, model, batch_size: int = 64):
        self.model = model
        self.batch_size = batch_size
        self._cache: dict[str, np.ndarray] = {}

    @property
    def dimension(self) -> int:
        return self.model.get_embedding_dimension()

    def encode(self, texts: list[str]) -> np.ndarray:
        """An (n, d) float32 array of unit vectors, one row per text; (0, d) for no texts."""
        keys = [hashlib.sha1(text.encode("utf-8")).hexdigest() for text in texts]
        missing = list(dict.fromkeys(key for key in keys if key not in self._cache))
        if missing:
            first_text = dict(zip(keys, texts))
            vectors = self.model.encode([first_text[k] for k in missing], batch_size=self.batch_size,
                                        normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
            self._cache.update(zip(missing, vectors.astype(np.float32)))
        if not keys:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._cache[key] for key in keys])
