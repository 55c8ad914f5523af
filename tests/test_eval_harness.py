"""The evaluation harness end to end: data layouts, baselines, cached outputs that resume, reports."""
import json

import pytest

from eval.cache import CachedOutput, OutputCache
from eval.datasets import read_items
from eval.metrics import Rouge
from eval.datasets import item_articles
from eval.run import main
from eval.systems import Lead, Oracle, RandomSentences, SumyRanker, fill_word_budget, make_system
from summarizer.config import Settings

DOC_A = ("The city council approved a new budget of 12 million dollars on Monday. The budget funds two new parks "
         "and a library in the north of the city. Council members debated the plan for three hours before the vote. "
         "The mayor said the parks would open next spring. Opponents said the library was too expensive.")
DOC_B = ("A new city budget worth 12 million dollars passed the council on Monday. It pays for parks and a new "
         "library in the northern districts. The vote followed a long debate among council members. "
         "Local residents welcomed the parks but some questioned the library costs.")
REFERENCE = ("The council passed a 12 million dollar budget on Monday that funds two parks and a library. "
             "The mayor expects the parks to open next spring, while opponents criticised the library cost.")


@pytest.fixture()
def data_file(tmp_path):
    rows = [{"id": f"item-{n}", "documents": [DOC_A, DOC_B], "summary": REFERENCE} for n in range(4)]
    rows.append({"id": "multi", "documents": [DOC_B, DOC_A], "summaries": [REFERENCE, DOC_B]})
    path = tmp_path / "clusters.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _item_and_articles(data_file):
    items = read_items(data_file, limit=1)
    return items[0], item_articles(items)[items[0].id]


def test_jsonl_items_take_summary_or_summaries(data_file):
    items = read_items(data_file)
    assert [i.id for i in items][:2] == ["item-0", "item-1"] and len(items) == 5
    assert items[-1].references == (REFERENCE, DOC_B)
    assert len(read_items(data_file, limit=2, seed=1)) == 2


def test_malformed_jsonl_line_names_the_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "documents": ["x"], "summary": "y"}\n{"id": "b"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:2: expected"):
        read_items(path)


def test_duc_folder_reads_sgml_documents_and_several_references(tmp_path):
    topic = tmp_path / "docs" / "d30001t"
    topic.mkdir(parents=True)
    (topic / "APW19981016.0240").write_text(f"<DOC><DOCNO>APW1</DOCNO><TEXT>\n<P>{DOC_A}</P>\n</TEXT></DOC>")
    (topic / "NYT19981016.0001").write_text(DOC_B)
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "D30001.M.100.T.A").write_text(REFERENCE)
    (tmp_path / "models" / "D30001.M.100.T.B").write_text(DOC_B)
    [item] = read_items(tmp_path)
    assert item.id == "d30001t" and item.references == (REFERENCE, DOC_B)
    assert item.documents[0] == DOC_A and "<" not in item.documents[0]


def test_duc_folder_without_references_says_what_is_missing(tmp_path):
    (tmp_path / "docs" / "d1").mkdir(parents=True)
    (tmp_path / "refs").mkdir()
    with pytest.raises(ValueError, match="topic d1 has no reference file"):
        read_items(tmp_path)


def test_lead_takes_the_first_sentences_of_each_document(data_file):
    item, articles = _item_and_articles(data_file)
    summary = Lead(1).summarize(item, articles)
    assert summary == f"{articles[0].sentences[0]} {articles[1].sentences[0]}"


def test_word_budget_skips_sentences_that_overflow_and_keeps_reading_order():
    sentences = ["one two three", "four five six seven eight", "nine ten"]
    assert fill_word_budget(sentences, [0, 1, 2], 6) == "one two three nine ten"
    assert fill_word_budget(sentences, [2, 0], 100) == "one two three nine ten"


def test_random_baseline_is_reproducible_and_within_budget(data_file):
    item, articles = _item_and_articles(data_file)
    first = RandomSentences(words=40).summarize(item, articles)
    assert first == RandomSentences(words=40).summarize(item, articles)
    assert 0 < len(first.split()) <= 40


@pytest.mark.parametrize("name", ["lexrank", "textrank"])
def test_graph_rankers_pick_central_sentences_within_budget(data_file, name):
    item, articles = _item_and_articles(data_file)
    summary = SumyRanker(name, words=25).summarize(item, articles)
    assert 0 < len(summary.split()) <= 25
    assert "budget" in summary.lower()  # the story both documents tell


def test_oracle_beats_every_baseline_on_rouge(data_file):
    item, articles = _item_and_articles(data_file)
    rouge = Rouge()
    oracle = rouge.score(Oracle().summarize(item, articles), item.references)
    for system in (Lead(3), RandomSentences(words=40), SumyRanker("lexrank", 40)):
        assert oracle["rouge2"] >= rouge.score(system.summarize(item, articles), item.references)["rouge2"]


class _Shortener:
    """Keeps each sentence's first six words, but dates the budget sentences to a year no source names."""

    name, family = "shortener", "chat"

    def generate(self, texts, instruction=None, settings=None, task=None):
        return [" ".join(t.split()[:5]) + " in 1999." if "budget" in t else " ".join(t.split()[:6]) + "."
                for t in texts]


def test_compressive_keeps_faithful_shortenings_within_the_budget(data_file, shared_dir, monkeypatch):
    monkeypatch.setattr("summarizer.write.generator_for", lambda settings, role: _Shortener())
    item, articles = _item_and_articles(data_file)
    settings = Settings(translation_model="none", embedding_model=str(shared_dir / "models" / "all-MiniLM-L6-v2"),
                        briefing_words=40)
    summary = make_system("compressive", settings).summarize(item, articles)
    sources = {s for a in articles for s in a.sentences}
    sentences = [s.strip() + "." for s in summary.split(".") if s.strip()]
    assert "1999" not in summary and 0 < len(summary.split()) <= 40
    assert any(len(s.split()) == 6 and s not in sources for s in sentences)  # shortened ones fit in
    assert all(s in sources for s in sentences if "budget" in s)  # the unfaithful ones gave way to the source


def test_unknown_system_lists_the_known_ones():
    with pytest.raises(ValueError, match="lexrank"):
        make_system("bert", Settings())


def test_cache_drops_a_line_cut_short_and_keeps_the_rest(tmp_path):
    cache = OutputCache(tmp_path, "lexrank", {"words": 10})
    cache.add(CachedOutput("a", "first", 0.1))
    with cache.path.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "b", "summ')  # what kill -9 during a write leaves
    reopened = OutputCache(tmp_path, "lexrank", {"words": 10})
    assert "a" in reopened and "b" not in reopened
    reopened.add(CachedOutput("b", "second", 0.2))
    assert [json.loads(line)["id"] for line in reopened.path.read_text().splitlines()] == ["a", "b"]
    assert OutputCache(tmp_path, "lexrank", {"words": 11}).path != cache.path  # other options, other file


def test_interrupted_run_resumes_without_redoing_items(data_file, tmp_path, monkeypatch):
    calls = []
    original = SumyRanker.summarize

    def interrupted(self, item, articles):
        if len(calls) == 2:
            raise KeyboardInterrupt
        calls.append(item.id)
        return original(self, item, articles)

    out = tmp_path / "run"
    args = ["--data", str(data_file), "--systems", "lexrank", "--words", "30", "--out", str(out), "-q"]
    monkeypatch.setattr(SumyRanker, "summarize", interrupted)
    with pytest.raises(KeyboardInterrupt):
        main(args)
    assert len((out / "outputs").glob("lexrank-*.jsonl").__next__().read_text().splitlines()) == 2
    calls.clear()
    monkeypatch.setattr(SumyRanker, "summarize", lambda self, item, articles: calls.append(item.id) or original(self, item, articles))
    main(args)
    assert calls == ["item-2", "item-3", "multi"]  # only the items not done before
    resumed = (out / "summary.json").read_text()
    main(args[:-3] + ["--out", str(tmp_path / "fresh"), "-q"])  # uninterrupted, from scratch
    fresh = json.loads((tmp_path / "fresh" / "summary.json").read_text())
    assert _scores(json.loads(resumed)) == _scores(fresh)


def _scores(report: dict) -> list:
    return [(row["system"], row["rouge1"], row["rouge2"], row["items"]) for row in report["rows"]]


def test_run_writes_per_item_scores_table_and_chart_then_compare(data_file, tmp_path, shared_dir, capsys):
    out = tmp_path / "run"
    embedder = str(shared_dir / "models" / "all-MiniLM-L6-v2")
    main(["--data", str(data_file), "--systems", "lead-3", "oracle", "extractive", "--words", "40",
          "--embedding-model", embedder, "--translation-model", "none", "--out", str(out), "-q"])
    report = json.loads((out / "summary.json").read_text())
    assert report["signature"].startswith("data:clusters.jsonl|items:5|sample:first|ROUGE|types:1,2,L,Lsum|measure:f")
    assert "|project:summarizer-" in report["signature"]
    rows = {row["system"]: row for row in report["rows"]}
    assert set(rows) == {"lead-3", "oracle", "extractive"}
    assert rows["oracle"]["rouge2"]["mean"] >= rows["lead-3"]["rouge2"]["mean"]
    assert rows["extractive"]["words"] <= 40 and rows["extractive"]["facts_supported"] == 1.0
    assert rows["extractive"]["options"]["pipeline"]["embedder"]["model"] == embedder
    per_item = (out / "scores").glob("oracle-*.jsonl").__next__().read_text().splitlines()
    assert len(per_item) == 5 and {"rouge1", "rougeLsum", "facts", "seconds"} <= set(json.loads(per_item[0]))
    assert (out / "summary.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "| oracle | 5 |" in (out / "summary.md").read_text()

    main(["--data", str(data_file), "--systems", "lead-1", "--limit", "2", "--out", str(out), "-q"])
    main(["--data", str(data_file), "--out", str(out), "-q"], command="compare")
    compared = json.loads((out / "compare.json").read_text())
    assert compared["signature"].startswith("data:clusters.jsonl|items:2|")  # the items all four systems have
    assert {row["system"] for row in compared["rows"]} == {"lead-1", "lead-3", "oracle", "extractive"}


def test_facts_not_in_the_sources_are_counted(data_file, tmp_path):
    from eval.report import score_item
    from summarizer.check.faithfulness import source_facts

    item, articles = _item_and_articles(data_file)
    facts = source_facts(articles)
    invented = score_item(CachedOutput(item.id, "The council approved 15 million dollars in March.", 1.0), item, facts, Rouge())
    assert invented["facts"] == 2 and sorted(invented["unsupported"]) == ["month 3", "number 15 million"]


def test_briefing_checks_count_short_repeated_and_pronoun_openings(data_file):
    from eval.report import aggregate, paired_differences, score_item
    from summarizer.check.faithfulness import source_facts

    item, articles = _item_and_articles(data_file)
    facts = source_facts(articles)
    repeated = "It passed on Monday. The budget funds two parks. The budget funds two parks."
    good = "The council passed a 12 million dollar budget on Monday that funds two parks and a library."
    scores = [score_item(CachedOutput(item.id, text, 1.0), item, facts, Rouge(), words=20) for text in (repeated, good, "")]
    assert [(s["short"], s["repeats"], s["pronoun_start"]) for s in scores] == [
        (False, 1, True), (False, 0, False), (True, 0, False)]
    assert aggregate(scores)["checks"] == {"empty": 1, "short": 1, "repeated_sentences": 1, "pronoun_starts": 1}
    better = paired_differences([scores[1]] * 3, scores)  # the good summary against each of the three
    assert better["rouge1"]["mean"] > 0 and better["rouge1"]["ci95"][0] >= 0
    assert paired_differences(scores, scores)["rouge2"] == {"mean": 0.0, "ci95": [0.0, 0.0]}


def test_run_killed_with_sigkill_resumes_to_the_same_outputs(tmp_path):
    """A real ``python -m eval run`` process killed -9 mid-run, then run again, ends as a run never killed."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    rows = [{"id": f"item-{n:03d}", "documents": [DOC_A, DOC_B][n % 2:] + [f"Item {n} adds a note on the vote."],
             "summary": REFERENCE} for n in range(120)]
    data = tmp_path / "many.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    repo = Path(__file__).resolve().parents[1]

    def command(out):
        return [sys.executable, "-m", "eval", "run", "--data", str(data), "--systems", "textrank", "--words", "30",
                "--out", str(out), "-q"]

    process = subprocess.Popen(command(tmp_path / "killed"), cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    outputs = tmp_path / "killed" / "outputs"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        done = next(outputs.glob("*.jsonl"), None) if outputs.is_dir() else None
        if done is not None and len(done.read_text().splitlines()) >= 10:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the run finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done_before = len(next(outputs.glob("*.jsonl")).read_text().splitlines())
    assert 10 <= done_before < 120

    subprocess.run(command(tmp_path / "killed"), cwd=repo, check=True, capture_output=True)
    subprocess.run(command(tmp_path / "fresh"), cwd=repo, check=True, capture_output=True)

    def summaries(out):
        lines = next((out / "outputs").glob("*.jsonl")).read_text().splitlines()
        return {json.loads(line)["id"]: json.loads(line)["summary"] for line in lines}

    resumed, fresh = summaries(tmp_path / "killed"), summaries(tmp_path / "fresh")
    assert len(resumed) == 120 and resumed == fresh
