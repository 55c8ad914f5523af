"""Property tests of the extractive pipeline, and articles longer than any model's context.

Generated articles (English, Indonesian, other languages and scripts, boilerplate, junk) run through
the extractive pipeline with the real embedder; ``pytest --hypothesis-show-statistics`` reports how
many ran. A 5 MB article is briefed by selecting sentences within the token budget, never cut.
"""
from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import app
from summarizer.config import Settings
from summarizer.frontends.inputs import MAX_FILE_BYTES, load_inputs
from summarizer.ingest.loading import load_pasted_text
from summarizer.pipeline import BriefingPipeline
from summarizer.output.render import write_outputs
from summarizer.select.selection import DUPLICATE_SIMILARITY, SourceSentence, candidate_sentences, select_sentences
from text_strategies import PROSE, TEXT

RUNS = 30  # generated collections briefed with the real embedder (about 1 s each)
SELECTIONS = 200  # generated candidate sets for the selection check
SCHEMA = json.loads((Path(app.__file__).parent / "summarizer" / "output" / "briefing.schema.json").read_text())
NOTE = re.compile(r"(\d+) of (\d+) sentences \(([\d,]+) (?:tokens|words)\)")


@pytest.fixture(scope="module")
def pipeline(embedder, shared_dir) -> BriefingPipeline:
    settings = Settings.load(translation_model="none", embedding_model=str(shared_dir / "models" / "all-MiniLM-L6-v2"),
                             briefing_words=60)
    return BriefingPipeline(settings, extractive=True, embedder=embedder, progress=False)


@settings(max_examples=RUNS, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PROSE, PROSE, TEXT), min_size=1, max_size=6))
def test_extractive_pipeline_briefs_whatever_loads(pipeline, parts):
    loaded = load_pasted_text("\n---\n".join(parts))
    result = pipeline.run(loaded)

    ids = [a.id for a in loaded.articles]
    assert [a.id for a in result.articles] == ids
    assert result.rejected == [{"source": r.source, "reason": r.reason} for r in loaded.rejected]
    assert sorted(i for event in result.events for i in event.article_ids) == sorted(ids)  # each in one event
    by_id = {a.id: a for a in loaded.articles}
    for event in result.events:
        if event.selection_note.startswith("nothing briefed: "):  # said, with the reason, never silent
            assert not event.summary_text and len(event.selection_note) > len("nothing briefed: ")
            continue
        chosen, candidates, tokens = (int(n.replace(",", "")) for n in NOTE.fullmatch(event.selection_note).groups())
        assert chosen <= candidates and tokens <= pipeline.settings.input_token_budget
        sentences = {s for i in event.article_ids for s in by_id[i].english_sentences}
        for sentence in event.sentences:
            assert sentence.text in sentences  # extractive: source sentences, verbatim
            assert sentence.sources and {s.article_id for s in sentence.sources} <= set(event.article_ids)
    with tempfile.TemporaryDirectory() as folder:
        json_path, _ = write_outputs(result, Path(folder))
        jsonschema.validate(json.loads(json_path.read_text(encoding="utf-8")), SCHEMA)


class _Vectors:
    """An embedder stand-in: each text's vector is given."""

    def __init__(self, vectors: dict[str, np.ndarray]):
        self.vectors = vectors

    def encode(self, texts):
        return np.stack([self.vectors[text] for text in texts])


def _reference_selection(candidates, embedder, budget, count_tokens, diversity=0.3):
    """The selection loop as first written: one candidate looked at per step, redundancy recomputed."""
    from summarizer.select.selection import salience_scores

    vectors = embedder.encode([c.text for c in candidates])
    salience = salience_scores(vectors, [c.index for c in candidates])
    chosen, tokens, available = [], 0, np.ones(len(candidates), dtype=bool)
    while available.any():
        redundancy = (vectors @ vectors[chosen].T).max(axis=1) if chosen else np.zeros(len(candidates))
        best = int(np.argmax(np.where(available, (1 - diversity) * salience - diversity * redundancy, -np.inf)))
        available[best] = False
        cost = count_tokens(candidates[best].text)
        if redundancy[best] >= DUPLICATE_SIMILARITY or tokens + cost > budget:
            continue
        chosen.append(best)
        tokens += cost
    return sorted(chosen)


@settings(max_examples=SELECTIONS, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 40), st.just(4)), elements=st.integers(-3, 3).map(float)),
       st.lists(st.integers(1, 30), min_size=40, max_size=40), st.integers(0, 120))
def test_selection_chooses_as_the_straightforward_loop(raw, costs, budget):
    """Selection now drops repeats and sentences over the budget in one pass per choice (it was quadratic)."""
    norms = np.linalg.norm(raw, axis=1, keepdims=True)
    vectors = np.where(norms > 0, raw / np.where(norms > 0, norms, 1), 0.0)
    candidates = [SourceSentence(f"a{i % 3}", i // 3, f"sentence {i}") for i in range(len(vectors))]
    embedder = _Vectors({c.text: v for c, v in zip(candidates, vectors)})
    cost = {c.text: n for c, n in zip(candidates, costs)}.__getitem__
    selection = select_sentences(candidates, embedder, budget, cost)
    assert sorted(int(s.text.split()[1]) for s in selection.sentences) == _reference_selection(
        candidates, embedder, budget, cost)
    assert selection.tokens == sum(cost(s.text) for s in selection.sentences) <= budget


def test_five_megabyte_article_is_briefed_by_selection_not_cut(pipeline, seeds_dir, tmp_path):
    paragraphs = [path.read_text(encoding="utf-8").strip() for path in sorted(seeds_dir.glob("00[1-4]_*.txt"))]
    text, number = "", 0
    while len(text.encode("utf-8")) < MAX_FILE_BYTES - 20_000:
        text += paragraphs[number % len(paragraphs)] + f"\n\nPart {number} of the dossier ends here.\n\n"
        number += 1
    path = tmp_path / "dossier.txt"
    path.write_text(text, encoding="utf-8")
    assert 5_000_000 < path.stat().st_size <= MAX_FILE_BYTES  # within the web demo's limit

    loaded = load_inputs([path])
    [article] = loaded.articles
    assert article.sentences[-1] == f"Part {number - 1} of the dossier ends here."  # read to its end
    result = pipeline.run(loaded)

    [event] = result.events
    chosen, candidates, tokens = (int(n.replace(",", "")) for n in NOTE.fullmatch(event.selection_note).groups())
    assert candidates == len(candidate_sentences([article])) > 30_000
    assert 0 < chosen < 100 and tokens <= pipeline.settings.input_token_budget
    assert event.sentences and len(result.articles[0].sentences) == len(article.sentences)
