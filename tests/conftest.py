"""Shared, session-scoped fixtures: the ``shared/`` folder beside the repository, tiny models."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from tiny_models import build_tiny_models

SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"

# Property tests draw new inputs on every developer run; in CI they draw the same ones, so a run repeats.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ``../shared`` folder; tests that need it are skipped when it is missing."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"{SHARED_DIR} is missing: check out shared/ beside the repository")
    return SHARED_DIR


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    """The five real seed articles: 000 is Indonesian, 001-004 English."""
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def seed_texts(seeds_dir: Path) -> dict[str, str]:
    """Seed article texts keyed by their three-digit prefix ("000" ... "004")."""
    paths = sorted(seeds_dir.glob("*.txt"))
    return {path.name[:3]: path.read_text(encoding="utf-8") for path in paths}


@pytest.fixture(scope="session")
def tiny_models(shared_dir: Path, tmp_path_factory) -> dict[str, Path]:
    """Tiny random-weight Marian, BART, T5 and chat models with the real opus-mt-id-en tokenizer."""
    return build_tiny_models(shared_dir / "models" / "opus-mt-id-en-tokenizer", tmp_path_factory.mktemp("tiny-models"))


def local_instruct_model(alias: str) -> str:
    """The folder of a Qwen model installed by `summarizer models fetch`, or skip saying how to get it."""
    from summarizer.config import Settings
    from summarizer.runtime.models import FETCH_HINT, resolve_model

    location = resolve_model(alias, Settings.load().models_dir)
    if not location.is_local:
        pytest.skip(f"{alias} weights not found (looked in {', '.join(location.searched)}); run: {FETCH_HINT} {alias}")
    return location.path


@pytest.fixture(scope="session")
def qwen_1_5b() -> str:
    """Folder of Qwen2.5-Coder-1.5B-Instruct (translation model here)."""
    return local_instruct_model("qwen-1.5b")


@pytest.fixture(scope="session")
def qwen_0_5b() -> str:
    """Folder of Qwen2.5-Coder-0.5B-Instruct (abstractive briefings here)."""
    return local_instruct_model("qwen-0.5b")


@pytest.fixture(scope="session")
def translated_seed_articles(seeds_dir, qwen_1_5b):
    """The five seeds, loaded, with 000 translated from Indonesian by the 1.5B model (done once)."""
    from summarizer.runtime.generation import load_generator
    from summarizer.ingest.loading import load_articles
    from summarizer.translate.translator import ModelTranslator, translate_articles

    articles = load_articles([seeds_dir]).articles
    translator = ModelTranslator.from_generator(load_generator(qwen_1_5b, role="translation"))
    return translate_articles(articles, translator, progress=False)


@pytest.fixture(scope="session")
def embedder(shared_dir):
    """The real all-MiniLM-L6-v2 sentence embedder, with its cache."""
    from summarizer.runtime.embeddings import Embedder
    from summarizer.runtime.models import load_sentence_embedder

    return Embedder(load_sentence_embedder(str(shared_dir / "models" / "all-MiniLM-L6-v2")))
