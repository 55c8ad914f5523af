"""Web demo limits that keep one request from holding the server: an upload size cap enforced by the
server before the file is stored, a character budget per briefing, and a bounded embedding cache."""
import httpx
import numpy as np

import app
from app_server import served
from summarizer.config import Settings
from summarizer.runtime.embeddings import Embedder
from summarizer.frontends.inputs import MAX_FILE_BYTES, load_inputs

ARTICLE = "Port workers ended their strike on Friday after the company agreed to raise wages by twelve percent.\n"


def test_articles_past_the_character_budget_are_rejected_with_the_budget(tmp_path):
    paths = []
    for name in ("a", "b", "c"):
        paths.append(tmp_path / f"{name}.txt")
        paths[-1].write_text(ARTICLE * 10, encoding="utf-8")
    result = load_inputs(paths, max_total_chars=2500)
    assert [a.id for a in result.articles] == ["a", "b"]
    [rejection] = result.rejected
    assert rejection.source == "c.txt" and "budget of 2,500 characters per briefing" in rejection.reason


def test_the_demo_applies_its_character_budget(monkeypatch, tmp_path):
    seen = {}

    def recording(*args, **options):
        seen.update(options)
        return load_inputs(*args, **options)

    monkeypatch.setattr(app, "load_inputs", recording)
    offer = app.ModelOffer.of(Settings.load(translation_model="none"))
    app.brief([], "", "extractive", "", "", "", 60, progress=lambda *a, **k: None, offer=offer)
    assert seen["max_total_chars"] == app.MAX_REQUEST_CHARS


def test_an_upload_over_the_size_cap_is_refused_by_the_server(shared_dir):
    demo = app.build_demo(Settings.load(translation_model="none"), mode="extractive")
    with served(demo) as url:
        big = httpx.post(f"{url.rstrip('/')}/gradio_api/upload", files={"files": ("big.txt", b"a" * (MAX_FILE_BYTES + 1))},
                         timeout=60)
        small = httpx.post(f"{url.rstrip('/')}/gradio_api/upload", files={"files": ("small.txt", ARTICLE.encode())}, timeout=60)
    assert small.status_code == 200
    assert big.status_code in (400, 413) and "size" in big.text.lower()


class _Model:
    def get_embedding_dimension(self):
        return 2

    def encode(self, texts, **options):
        return np.ones((len(texts), 2))


def test_the_embedding_cache_is_bounded():
    embedder = Embedder(_Model(), max_cached=100)
    for start in range(0, 1000, 50):
        embedder.encode([f"sentence {n}" for n in range(start, start + 50)])
    assert len(embedder.cached()) == 100
