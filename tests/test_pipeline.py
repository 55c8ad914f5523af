"""The briefing pipeline end to end: real loading, embeddings, clustering, writing and checks."""
import json
import re
from pathlib import Path

import jsonschema
import pytest

from summarizer.articles import LoadResult, Rejection
from summarizer.config import Settings
from summarizer.runtime.generation import load_generator
from summarizer.ingest.loading import load_articles
from summarizer.pipeline import BriefingPipeline
from summarizer.translate.translator import ModelTranslator
from summarizer.write.writer import AbstractiveWriter

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "summarizer" / "output" / "briefing.schema.json").read_text())


def _english_seeds(seeds_dir):
    return load_articles(sorted(seeds_dir.glob("00[1-4]_*.txt")))


def _assert_traceable(result, articles):
    by_id = {a.id: a for a in articles}
    for event in result.events:
        for sentence in event.sentences:
            assert sentence.sources, f"no source for {sentence.text!r}"
            for support in sentence.sources:
                assert support.article_id in event.article_ids
                assert by_id[support.article_id].english_sentences[support.sentence_index] == support.text
            assert sentence.kept == (not sentence.unsupported)


def test_extractive_briefing_of_english_seeds(seeds_dir, embedder):
    loaded = _english_seeds(seeds_dir)
    loaded.rejected.append(Rejection("broken.json", "not valid JSON"))
    result = BriefingPipeline(Settings(), extractive=True, embedder=embedder, progress=False).run(loaded)
    assert sorted(sorted(e.article_ids) for e in result.events) == [
        [a.id for a in loaded.articles if a.id.startswith("001")],
        sorted(a.id for a in loaded.articles if not a.id.startswith("001"))]
    assert result.mode == "extractive" and "summarization" not in result.models
    assert all(e.summary_text for e in result.events)
    assert all(re.fullmatch(r"\d+ of \d+ sentences \(\d+ words\)", e.selection_note) for e in result.events)  # no model
    _assert_traceable(result, loaded.articles)
    assert [p["event_id"] for p in result.merged.paragraphs] == [e.event_id for e in result.events]
    assert result.events[0].date == "2024-05-18"  # the dated event comes first
    assert result.rejected == [{"source": "broken.json", "reason": "not valid JSON"}]
    assert {s.origin for e in result.events for s in e.sentences} == {"source"}
    assert {s.origin for s in result.merged.overview} == {"generated"}  # the one line over the events
    jsonschema.validate(result.to_dict(), SCHEMA)


def test_abstractive_path_with_tiny_models(seeds_dir, tiny_models, embedder):
    """Random-weight models write nonsense: the pipeline still runs and the fact check judges it."""
    loaded = load_articles(sorted(seeds_dir.glob("00[0-2]_*.txt")))
    translator = ModelTranslator.from_generator(load_generator(str(tiny_models["marian"])))
    writer = AbstractiveWriter(load_generator(str(tiny_models["chat"])), words=20)
    result = BriefingPipeline(Settings(), translator=translator, embedder=embedder, writer=writer,
                              progress=False).run(loaded)
    indonesian = next(a for a in result.articles if a.language == "id")
    assert indonesian.translated and result.models["translation"]
    assert len(indonesian.translation) == len(indonesian.sentences) > 0  # original kept beside the English
    assert sum(len(e.article_ids) for e in result.events) == 3
    _assert_traceable(result, loaded.articles)
    assert set(result.timings) >= {"translate", "cluster", "select", "write", "check", "merge"}
    jsonschema.validate(result.to_dict(), SCHEMA)


def test_no_articles_gives_an_empty_briefing(embedder):
    result = BriefingPipeline(Settings(), extractive=True, embedder=embedder, progress=False).run(LoadResult())
    assert result.events == [] and result.merged.overview == [] and result.merged.paragraphs == []


@pytest.mark.slow
def test_seeds_briefed_with_qwen(translated_seed_articles, qwen_0_5b, embedder):
    settings = Settings(summarization_model=qwen_0_5b)
    loaded = LoadResult(articles=translated_seed_articles)
    result = BriefingPipeline(settings, embedder=embedder, progress=False).run(loaded)
    groups = sorted(sorted(a[:3] for a in e.article_ids) for e in result.events)
    assert groups == [["000", "001"], ["002", "003", "004"]]
    assert all(e.summary_text for e in result.events) and result.merged.text
    _assert_traceable(result, translated_seed_articles)
    jsonschema.validate(result.to_dict(), SCHEMA)


class _InventingWriter:
    """Copies the first selected sentence, then writes one with a number no source holds."""

    name = "inventing"
    uses_model = False

    def input_budget(self):
        return 300, lambda text: len(text.split())

    def write_event(self, selection):
        sources = selection.sentences
        return [sources[0].text, sources[1].text.rstrip(".") + " at a cost of 987,654 dollars."]

    def signature(self):
        return {"name": self.name}

    def write_headline(self, briefing, titles):
        return titles[0] if titles else "Headline"

    def write_overview(self, briefings):
        return []


def test_unsupported_generated_sentence_gives_way_to_its_source(seeds_dir, embedder):
    loaded = load_articles(sorted(seeds_dir.glob("00[2-4]_*.txt")))
    pipeline = BriefingPipeline(Settings(), embedder=embedder, writer=_InventingWriter(), progress=False)
    result = pipeline.run(loaded)

    [event] = result.events
    copied, invented, stand_in = event.sentences
    assert (copied.kept, copied.origin) == (True, "source")  # a source sentence word for word
    assert (invented.kept, invented.origin, invented.unsupported) == (False, "generated", ["number 987654"])
    assert (stand_in.kept, stand_in.origin) == (True, "source")
    assert stand_in.text == invented.sources[0].text != copied.text  # the sentence the invented one rewrote
    assert event.summary_text == f"{copied.text} {stand_in.text}"
    assert "987,654" not in event.summary_text
    jsonschema.validate(result.to_dict(), SCHEMA)


class _LeadCopyingWriter(_InventingWriter):
    """Its overview copies the briefing's lead sentence, then adds one sentence of its own."""

    def write_event(self, selection):
        return [s.text for s in selection.sentences[:3]]

    def write_overview(self, briefings):
        lead = briefings[0][1].split(". ")[0].rstrip(".") + "."
        return [lead, "Russia and China held talks."]


def test_the_merged_overview_does_not_state_a_paragraphs_fact_again(seeds_dir, embedder):
    """Issue 30: a model's overview copied the lead sentence, so the merged briefing said it twice."""
    loaded = load_articles(sorted(seeds_dir.glob("00[2-4]_*.txt")))
    result = BriefingPipeline(Settings(), embedder=embedder, writer=_LeadCopyingWriter(), progress=False).run(loaded)
    lead = result.merged.paragraphs[0]["text"].split(". ")[0]
    assert [s.text for s in result.merged.overview] == ["Russia and China held talks."]
    assert result.merged.text.count(lead) == 1
