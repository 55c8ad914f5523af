"""Clusterers and checkers chosen by name (``summarizer.stages``), like writers: one registered once runs
from the settings (TOML, API) and is signed in the result; an unknown name fails before any work."""
from __future__ import annotations

from dataclasses import replace

import pytest

from summarizer.check.checker import BriefingChecker
from summarizer.config import Settings
from summarizer.events.clustering import Event
from summarizer.ingest.loading import load_articles
from summarizer.pipeline import BriefingPipeline
from summarizer.stages import CHECKERS, CLUSTERERS, register_checker, register_clusterer


class OneEvent:
    """A clusterer made up for the test: every article in one event."""

    def __call__(self, articles):
        return [Event("event-1", [a.id for a in articles])] if articles else []

    def signature(self):
        return {"name": "one-event"}


@pytest.fixture
def one_event():
    register_clusterer("one-event", lambda settings, embedder: OneEvent())
    yield
    CLUSTERERS.pop("one-event")


def _settings(shared_dir, **chosen):
    return Settings(translation_model="none", embedding_model=str(shared_dir / "models" / "all-MiniLM-L6-v2"),
                    writer="extractive", **chosen)


def test_a_registered_clusterer_runs_by_name_and_is_signed(one_event, shared_dir):
    loaded = load_articles([shared_dir / "seeds"])
    default = BriefingPipeline(_settings(shared_dir), progress=False).run(loaded)
    assert len(default.events) == 2 and default.signature["clusterer"]["name"] == "events"
    chosen = BriefingPipeline(_settings(shared_dir, clusterer="one-event"), progress=False).run(loaded)
    assert len(chosen.events) == 1 and len(chosen.events[0].article_ids) == len(loaded.articles)
    assert chosen.signature["clusterer"] == {"name": "one-event"}


def test_a_registered_checker_runs_by_name(shared_dir):
    class KeepsNothing(BriefingChecker):
        name = "keeps-nothing"

        def check(self, texts, candidates, index, repair=False):
            return [replace(sentence, kept=False) for sentence in super().check(texts, candidates, index)]

    register_checker("keeps-nothing", lambda settings, embedder: KeepsNothing(embedder))
    try:
        result = BriefingPipeline(_settings(shared_dir, checker="keeps-nothing"), progress=False).run(
            load_articles([shared_dir / "seeds"]))
    finally:
        CHECKERS.pop("keeps-nothing")
    assert result.events and all(not s.kept for e in result.events for s in e.sentences)
    assert result.signature["checker"]["name"] == "keeps-nothing"


@pytest.mark.parametrize("kind", ["clusterer", "checker"])
def test_an_unknown_stage_name_fails_before_any_work(kind):
    with pytest.raises(ValueError, match=f"unknown {kind} 'nope'; choose one of"):
        BriefingPipeline(Settings(**{kind: "nope"}), progress=False)
