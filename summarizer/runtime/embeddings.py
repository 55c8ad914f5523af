"""Sentence embeddings with a cache keyed by a hash of the text.

Clustering, sentence selection and attribution all embed the same sentences; the cache makes
each text cost one forward pass per process, and ``save``/``load`` carry it across runs.
"""
from __future__ import annotations

import hashlib
import itertools
import logging
import zipfile
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

# Texts embedded at once from which a progress bar is shown (about a minute of work on a 2-core CPU).
PROGRESS_TEXTS = 2000


class Embedder:
    """Unit-length sentence embeddings from a sentence-transformers model, cached by text hash.

    :param model: a ``SentenceTransformer`` (see ``summarizer.runtime.models.load_sentence_embedder``).
    :param batch_size: texts per forward pass.
    :param progress: show a progress bar when many texts are embedded at once (a long article).
    :param max_cached: most vectors kept; the oldest go first beyond it (None: no limit), so a
        long-running server's memory stays bounded.
    """

    def __init__(self, model, batch_size: int = 64, progress: bool = False, max_cached: int | None = None):
        self.model = model
        self.batch_size = batch_size
        self.progress = progress
        self.max_cached = max_cached
        self._cache: dict[str, np.ndarray] = {}

    @property
    def dimension(self) -> int:
        return self.model.get_embedding_dimension()

    def encode(self, texts: list[str]) -> np.ndarray:
        """An (n, d) float32 array of unit vectors, one row per text; (0, d) for no texts."""
        keys = [_key(text) for text in texts]
        missing = list(dict.fromkeys(key for key in keys if key not in self._cache))
        if missing:
            first_text = dict(zip(keys, texts))
            vectors = self.model.encode([first_text[k] for k in missing], batch_size=self.batch_size,
                                        normalize_embeddings=True, convert_to_numpy=True,
                                        show_progress_bar=self.progress and len(missing) >= PROGRESS_TEXTS)
            self._cache.update(zip(missing, vectors.astype(np.float32)))
        if not keys:
            return np.zeros((0, self.dimension), dtype=np.float32)
        found = np.stack([self._cache[key] for key in keys])
        self._forget_oldest()
        return found

    def _forget_oldest(self) -> None:
        """Drop the oldest cached vectors beyond ``max_cached`` (dicts keep insertion order)."""
        if self.max_cached is not None and len(self._cache) > self.max_cached:
            for key in list(itertools.islice(self._cache, len(self._cache) - self.max_cached)):
                del self._cache[key]

    def cached(self, texts: list[str] | None = None) -> dict[str, np.ndarray]:
        """The cached vectors by text hash (of ``texts`` only, when given), e.g. for another process's
        ``add_cached``."""
        if texts is None:
            return dict(self._cache)
        keys = (_key(text) for text in texts)
        return {key: self._cache[key] for key in keys if key in self._cache}

    def add_cached(self, vectors: dict[str, np.ndarray]) -> None:
        """Add vectors made elsewhere (``cached()`` of an embedder with the same model) to the cache."""
        self._cache.update(vectors)

    def save(self, path: Path) -> None:
        """Write the cached vectors to ``path`` (``.npz``), so a later run need not embed the same texts."""
        keys = sorted(self._cache)
        vectors = np.stack([self._cache[k] for k in keys]) if keys else np.zeros((0, 0), dtype=np.float32)
        temporary = path.with_name(path.name + ".partial.npz")
        np.savez(temporary, keys=np.array(keys), vectors=vectors)
        temporary.replace(path)  # a kill while writing leaves the previous file whole

    def load(self, path: Path) -> int:
        """Add the vectors saved at ``path`` to the cache; return how many (0 when there is no file).

        A damaged or foreign file is reported and removed: its vectors are computed again.
        """
        if not path.exists():
            return 0
        try:
            with np.load(path, allow_pickle=False) as saved:
                vectors = dict(zip(saved["keys"].tolist(), saved["vectors"].astype(np.float32)))
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
            log.warning("%s is damaged (%s: %s); removed, its embeddings are computed again",
                        path, type(error).__name__, error)
            path.unlink()
            return 0
        self.add_cached(vectors)
        return len(vectors)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
