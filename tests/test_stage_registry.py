"""Stages chosen by name (``summarizer.registry``): one registered once runs from the settings (TOML, API),
is signed in the result, and shows in the CLI help, the web demo's choices and ``python -m eval run --systems``;
an unknown name fails before any work; ``brief`` takes stage objects as well as names."""
from __future__ import annotations

from dataclasses import replace

import pytest

from summarizer.check.checker import BriefingChecker
from summarizer.config import Settings
from summarizer.events.clustering import Event
from summarizer.ingest.loading import load_articles
from summarizer.pipeline import BriefingPipeline
from summarizer import brief, register_checker, register_clusterer
from summarizer.check import CHECKERS
from summarizer.events import CLUSTERERS


class OneEvent:
    """A clusterer made up for the test: every article in one event."""

    def __call__(self, articles):
        return [Event("event-1", [a.id for a in articles])] if articles else []

    def signature(self):
        return {"name": "one-event"}


@pytest.fixture
def one_event():
    register_clusterer("one-event", lambda settings, pipeline: OneEvent(), description="every article in one event")
    yield
    CLUSTERERS.remove("one-event")


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

    register_checker("keeps-nothing", lambda settings, pipeline: KeepsNothing(pipeline.embedder))
    try:
        result = BriefingPipeline(_settings(shared_dir, checker="keeps-nothing"), progress=False).run(
            load_articles([shared_dir / "seeds"]))
    finally:
        CHECKERS.remove("keeps-nothing")
    assert result.events and all(not s.kept for e in result.events for s in e.sentences)
    assert result.signature["checker"]["name"] == "keeps-nothing"


@pytest.mark.parametrize("kind", ["clusterer", "checker", "writer"])
def test_an_unknown_stage_name_fails_before_any_work(kind):
    with pytest.raises(ValueError, match=f"unknown {kind} 'nope'; choose one of"):
        BriefingPipeline(Settings(**{kind: "nope"}), progress=False)


def test_brief_takes_a_stage_object_as_well_as_a_name(shared_dir):
    seeds = shared_dir / "seeds"
    options = dict(translation_model="none", embedding_model=str(shared_dir / "models" / "all-MiniLM-L6-v2"))
    by_object = brief(seeds, writer="extractive", clusterer=OneEvent(), **options)
    assert len(by_object.events) == 1 and by_object.signature["clusterer"] == {"name": "one-event"}
    by_name = brief(seeds, writer="extractive", clusterer="events", **options)
    assert len(by_name.events) == 2


def test_a_writer_and_a_clusterer_registered_once_show_in_the_cli_help_the_web_demo_and_the_eval_systems(
        one_event, capsys):
    import app
    from eval.run import main as eval_main
    from summarizer import register_writer
    from summarizer.frontends.cli import main
    from summarizer.write import WRITERS
    from summarizer.write.writer import ExtractiveWriter

    register_writer("lead-only", lambda settings, pipeline: ExtractiveWriter(settings.briefing_words), uses_model=False,
                    description="made up for the test")
    try:
        with pytest.raises(SystemExit):
            main(["brief", "--help"])
        help_text = " ".join(capsys.readouterr().out.split())
        assert "lead-only: made up for the test" in help_text and "one-event: every article in one event" in help_text
        demo = app.build_demo(Settings(translation_model="none"))
        radios = [block for block in demo.blocks.values() if type(block).__name__ == "Radio"]
        assert any(("lead-only", "lead-only") in [tuple(choice) for choice in radio.choices] for radio in radios)
        with pytest.raises(SystemExit):
            eval_main(["run", "--help"])
        assert "lead-only" in capsys.readouterr().out
    finally:
        WRITERS.remove("lead-only")
