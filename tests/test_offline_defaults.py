"""Default models resolve by themselves: a local copy, the hub when reachable, else an installed offline model."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarizer.runtime import models
from summarizer.config import DEFAULT_SUMMARIZATION_MODEL, DEFAULT_TRANSLATION_MODEL
from summarizer.runtime.generation import load_generator
from summarizer.runtime.models import ModelNotFoundError, effective_model, hub_reachable

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def hub_down(monkeypatch):
    monkeypatch.setattr(models, "hub_reachable", lambda: False)


@pytest.fixture
def offline_models_dir(tmp_path, tiny_models, shared_dir) -> Path:
    """A models folder laid out as `summarizer models fetch` leaves it, with tiny models in the Qwen folders."""
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "qwen2.5-coder-1.5b-instruct").symlink_to(tiny_models["chat"])
    (folder / "qwen2.5-coder-0.5b-instruct").symlink_to(tiny_models["chat"])
    (folder / "all-MiniLM-L6-v2").symlink_to(shared_dir / "models" / "all-MiniLM-L6-v2")
    return folder


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the socket is closed


def test_default_stands_in_with_the_installed_offline_model(hub_down, offline_models_dir):
    assert effective_model(DEFAULT_TRANSLATION_MODEL, "translation", [offline_models_dir]) == "qwen-1.5b"
    assert effective_model(DEFAULT_SUMMARIZATION_MODEL, "summarization", [offline_models_dir]) == "qwen-0.5b"


def test_stand_in_falls_back_to_the_other_installed_model(hub_down, offline_models_dir):
    (offline_models_dir / "qwen2.5-coder-1.5b-instruct").unlink()
    assert effective_model(DEFAULT_TRANSLATION_MODEL, "translation", [offline_models_dir]) == "qwen-0.5b"


def test_a_local_copy_of_the_default_comes_first(hub_down, offline_models_dir, tiny_models):
    (offline_models_dir / "opus-mt-id-en").symlink_to(tiny_models["marian"])
    assert effective_model(DEFAULT_TRANSLATION_MODEL, "translation", [offline_models_dir]) == DEFAULT_TRANSLATION_MODEL


def test_a_reachable_hub_keeps_the_default(monkeypatch, offline_models_dir):
    monkeypatch.setattr(models, "hub_reachable", lambda: True)
    assert effective_model(DEFAULT_TRANSLATION_MODEL, "translation", [offline_models_dir]) == DEFAULT_TRANSLATION_MODEL


def test_nothing_installed_names_the_one_command(hub_down, tmp_path):
    with pytest.raises(ModelNotFoundError, match=r"no translation model on this machine.*Run: summarizer models fetch$"):
        effective_model(DEFAULT_TRANSLATION_MODEL, "translation", [tmp_path])


def test_other_hub_ids_fail_at_once_when_the_hub_cannot_be_reached(hub_down, tmp_path):
    start = time.perf_counter()
    with pytest.raises(ModelNotFoundError, match="cannot load the summarization model 'google/pegasus-multi_news'.*"
                                                 "the model hub cannot be reached"):
        load_generator("google/pegasus-multi_news", [tmp_path], role="summarization")
    assert time.perf_counter() - start < 5  # no hub retries


def test_hub_check_honours_hf_hub_offline_and_a_closed_endpoint(monkeypatch):
    hub_reachable.cache_clear()
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:1")
    assert hub_reachable() is False
    hub_reachable.cache_clear()
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{closed_port()}")
    assert hub_reachable() is False
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        hub_reachable.cache_clear()
        monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{server.getsockname()[1]}")
        assert hub_reachable() is True
    hub_reachable.cache_clear()


def test_brief_with_default_models_and_no_hub_uses_and_says_the_stand_ins(offline_models_dir, tmp_path):
    """The README's main command on a machine without the hub: no SUMMARIZER_* model settings at all."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SUMMARIZER_", "HF_HUB_OFFLINE"))}
    env.update(SUMMARIZER_MODELS_DIR=str(offline_models_dir), SUMMARIZER_BACKEND="transformers",
               HF_ENDPOINT=f"http://127.0.0.1:{closed_port()}")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "summarizer", "brief", "-o", str(out), "-q", "--words", "40"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    log = done.stderr
    assert "offline: translating with qwen-1.5b (Helsinki-NLP/opus-mt-id-en has no local copy" in log
    assert "offline: writing briefings with qwen-0.5b (facebook/bart-large-cnn has no local copy" in log
    assert log.count("offline: translating with") == 1  # said once
    assert "retry" not in log.lower() and "huggingface.co" not in log
    result = json.loads((out / "briefing.json").read_text())
    # qwen-0.5b is an instruct model: the writer auto is the one a reader is best served by (the extractive
    # selection, the model writing untitled events' headlines and the overview), and says so
    assert "writer auto: extractive, chosen by what a reader gets" in log
    assert result["models"]["translation"] == "qwen-1.5b" and result["models"]["summarization"] == "qwen-0.5b"
    assert result["mode"] == "extractive"
    assert any(article["translated"] for article in result["articles"]) and result["events"]


def test_brief_with_nothing_installed_says_which_command_to_run(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("SUMMARIZER_")}
    env.update(SUMMARIZER_MODELS_DIR=str(tmp_path / "empty"), HF_HUB_OFFLINE="1")
    done = subprocess.run([sys.executable, "-m", "summarizer", "brief", "-o", str(tmp_path / "out"), "-q"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert "Run: summarizer models fetch" in done.stderr and "Traceback" not in done.stderr
