"""Sentence embeddings with a cache keyed by a hash of the text.

Clustering, sentence selection and attribution all embed the same sentences; the cache makes
each text cost one forward pass per process, and ``save``/``load`` carry it across runs
(``VectorChunks`` saves a long run's vectors chunk by chunk, as they are made).
"""
from __future__ import annotations

import hashlib
import itertools
import logging
import zipfile
from pathlib import Path
from typing import Callable

import numpy as np
from tqdm.auto import tqdm

log = logging.getLogger(__name__)

# Texts embedded at once from which a progress bar is shown (about a minute of work on a 2-core CPU).
PROGRESS_TEXTS = 2000
# Texts embedded in one call of the model, after which ``on_chunk`` hears of them (a batch run saves them):
# about 20 seconds of work on a 2-core CPU, the most a kill loses.
CHUNK_TEXTS = 1000


class Embedder:
    """Unit-length sentence embeddings from a sentence-transformers model, cached by text hash.

    :param model: a ``SentenceTransformer`` (see ``summarizer.runtime.models.load_sentence_embedder``).
    :param batch_size: texts per forward pass.
    :param progress: show a progress bar when many texts are embedded at once (a long article).
    :param max_cached: most vectors kept; the oldest go first beyond it (None: no limit), so a
        long-running server's memory stays bounded.
    :param chunk_texts: texts embedded per call of the model; after each, ``on_chunk`` (when set) gets their
        vectors by text hash, so that a long run can save its work as it goes (``VectorChunks.append``).
    """

    def __init__(self, model, batch_size: int = 64, progress: bool = False, max_cached: int | None = None,
                 chunk_texts: int = CHUNK_TEXTS):
        self.model = model
        self.batch_size = batch_size
        self.progress = progress
        self.max_cached = max_cached
        self.chunk_texts = chunk_texts
        self.on_chunk: Callable[[dict[str, np.ndarray]], None] | None = None
        self._cache: dict[str, np.ndarray] = {}

    @property
    def dimension(self) -> int:
        return self.model.get_embedding_dimension()

    def encode(self, texts: list[str]) -> np.ndarray:
        """An (n, d) float32 array of unit vectors, one row per text; (0, d) for no texts."""
        keys = [_key(text) for text in texts]
        missing = list(dict.fromkeys(key for key in keys if key not in self._cache))
        first_text = dict(zip(keys, texts))
        many = self.progress and len(missing) >= PROGRESS_TEXTS
        for start in tqdm(range(0, len(missing), self.chunk_texts), desc="embedding", unit="chunk", disable=not many):
            chunk = missing[start:start + self.chunk_texts]
            vectors = self.model.encode([first_text[k] for k in chunk], batch_size=self.batch_size,
                                        normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
            made = dict(zip(chunk, vectors.astype(np.float32)))
            self._cache.update(made)
            if self.on_chunk is not None:
                self.on_chunk(made)
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


class VectorChunks:
    """Sentence vectors saved as they are made: one ``.npz`` file per chunk in ``folder``, each written whole
    (to a temporary name, then renamed), so a run killed at any moment keeps every chunk finished before.

    :param folder: where the chunk files live (made when the first is written).
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def append(self, vectors: dict[str, np.ndarray]) -> None:
        """Save ``vectors`` (by text hash, as ``Embedder.cached`` gives them) as the next chunk file."""
        if not vectors:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{max((int(p.stem) for p in self._files()), default=-1) + 1:06d}.npz"
        temporary = path.with_name(f".{path.name}.partial.npz")
        np.savez(temporary, keys=np.array(list(vectors)), vectors=np.stack(list(vectors.values())))
        temporary.replace(path)

    def load_into(self, embedder: Embedder) -> int:
        """Add every saved chunk's vectors to ``embedder``'s cache; return how many. A damaged chunk file is
        reported and removed: its vectors are computed again."""
        return sum(embedder.load(path) for path in self._files())

    def _files(self) -> list[Path]:
        """The chunk files, in the order they were written (a file cut short by a kill has another name)."""
        return sorted(self.folder.glob("[0-9]" * 6 + ".npz"))


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
