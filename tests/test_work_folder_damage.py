"""A damaged file in a batch work folder is reported and its work redone, not a traceback."""
import numpy as np
import pytest

from summarizer.runtime.embeddings import Embedder


class _Model:
    def get_embedding_dimension(self):
        return 2

    def encode(self, texts, **options):
        return np.array([[1.0, 0.0] for _ in texts])


@pytest.mark.parametrize("content", [b"PK\x03\x04 cut short", b"", b"not a zip at all"])
def test_a_damaged_embeddings_file_is_removed_and_recomputed(tmp_path, caplog, content):
    path = tmp_path / "embeddings.npz"
    path.write_bytes(content)
    embedder = Embedder(_Model())
    assert embedder.load(path) == 0
    assert "is damaged" in caplog.text and not path.exists()
    embedder.encode(["a sentence"])
    embedder.save(path)
    assert Embedder(_Model()).load(path) == 1
