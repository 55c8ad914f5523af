"""``summarizer batch --ray``: the stages on a local Ray instance give the result of a local run."""
import json
from dataclasses import asdict
import os
import sys
from pathlib import Path

import pytest

from summarizer.frontends.batch import BatchRun
from summarizer.frontends.cli import main
from summarizer.config import Settings
from summarizer.ingest.loading import load_articles
from summarizer.pipeline import BriefingPipeline
from summarizer.events.clustering import Event
from summarizer.frontends.ray_batch import BriefEventBatch, RayBatchRun, RayUnavailable, _in_input_order, ray_session

ray = pytest.importorskip("ray", reason='Ray is an optional extra: pip install "summarizer[ray]"')

# Ray Data fails a run in which nothing moves for this long, rather than hang the test run.
NO_PROGRESS_TIMEOUT_S = 300


@pytest.fixture(scope="module")
def local_ray():
    """A two-CPU local Ray instance for this module: no dashboard, no usage reporting, localhost only."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, logging_level="warning")
    ray.data.DataContext.get_current().execution_no_progress_timeout_s = NO_PROGRESS_TIMEOUT_S
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def mixed_inputs(shared_dir, seeds_dir, tmp_path_factory) -> list[Path]:
    """Ten Multi-News documents (one with an id taken before), a boilerplate-only record, a broken
    JSON line, and the Indonesian seed."""
    rows = [json.loads(line) for line in (shared_dir / "data" / "multi-news-val250.jsonl").open(encoding="utf-8")][:5]
    records = [{"id": f"{row['id']}-{n}", "text": doc} for row in rows[:4] for n, doc in enumerate(row["documents"])]
    records.append({"id": records[0]["id"], "text": rows[4]["documents"][0]})
    records.append({"id": "advert", "text": "Advertisement"})
    path = tmp_path_factory.mktemp("ray-batch") / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + "{broken\n", encoding="utf-8")
    return [path, seeds_dir / "000_43bda5b6da565750.txt"]


@pytest.fixture(scope="module")
def settings(shared_dir, tiny_models) -> Settings:
    return Settings.load(translation_model=str(tiny_models["marian"]),
                         embedding_model=str(shared_dir / "models" / "all-MiniLM-L6-v2"))


def _without_timings(result) -> dict:
    data = result.to_dict()
    data.pop("timings")
    return data


def test_ray_run_equals_local_runs(local_ray, mixed_inputs, settings, tmp_path):
    def pipeline():
        return BriefingPipeline(settings, extractive=True, progress=False)

    local = BatchRun(pipeline(), tmp_path / "local").run(mixed_inputs)
    distributed = RayBatchRun(pipeline(), tmp_path / "ray").run(mixed_inputs)

    assert _without_timings(distributed) == _without_timings(local)
    assert _without_timings(distributed) == _without_timings(pipeline().run(load_articles(mixed_inputs)))
    ids = [a.id for a in distributed.articles]
    assert len(ids) == 11 and ids[9] == "mn-val-000-0-2" and len(distributed.rejected) == 2
    assert [a.id for a in distributed.articles if a.translated] == ["000_43bda5b6da565750"]
    assert {"select", "write", "check"} <= set(distributed.timings)
    for name in ("articles.jsonl", "translations.jsonl", "briefings.jsonl"):  # the same checkpoints, maybe reordered
        saved = (tmp_path / "ray" / name).read_text(encoding="utf-8").splitlines()
        assert sorted(saved) == sorted((tmp_path / "local" / name).read_text(encoding="utf-8").splitlines())


def test_briefing_actor_reuses_the_drivers_embeddings(mixed_inputs, settings, tmp_path):
    driver = BriefingPipeline(settings, extractive=True, progress=False)
    articles = load_articles(mixed_inputs[:1]).articles[:3]
    driver.cluster(articles)  # embeds every sentence, as the driver does before briefing
    event = Event("event-1", [a.id for a in articles])
    task = RayBatchRun(driver, tmp_path)._briefing_task(event, {a.id: a for a in articles})
    actor = BriefEventBatch(driver.settings)  # the driver's settings, its writer (extractive) among them
    actor.pipeline.embedder.model = None  # any sentence embedded again would fail

    row = json.loads(actor({"item": [json.dumps(task)]})["item"][0])

    expected = driver.brief_event(event, {a.id: a for a in articles})
    assert row["briefing"]["sentences"] and row["briefing"] == asdict(expected)


def test_cli_batch_with_ray_resumes_interrupted_work(local_ray, mixed_inputs, settings, tmp_path, capsys):
    args = ["batch", *map(str, mixed_inputs), "-o", str(tmp_path), "--extractive", "-q",
            "--translation-model", settings.translation_model, "--embedding-model", settings.embedding_model, "--ray"]
    assert main(args) == 0
    assert "from 11 article(s), 2 rejected" in capsys.readouterr().out
    first = json.loads((tmp_path / "briefing.json").read_text(encoding="utf-8"))

    work = tmp_path / "work"  # as if stopped during loading: the later records, and every later step, to do
    lines = (work / "articles.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (work / "articles.jsonl").write_text("".join(lines[:6]), encoding="utf-8")
    briefings = (work / "briefings.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (work / "briefings.jsonl").write_text("".join(briefings[:2]), encoding="utf-8")
    (work / "translations.jsonl").unlink()
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "6 load record(s) reused, 0 translate record(s) reused" in out and "2 brief record(s) reused" in out
    again = json.loads((tmp_path / "briefing.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in again.items() if k != "timings"} == {k: v for k, v in first.items() if k != "timings"}


def test_rows_come_back_in_input_order():
    rows = [{"index": i} for i in (2, 0, 3, 1, 4)]
    assert [row["index"] for row in _in_input_order(rows)] == [0, 1, 2, 3, 4]


def test_missing_ray_is_reported_with_the_pip_command(monkeypatch, capsys, seeds_dir, tmp_path):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now fails
    assert main(["batch", str(seeds_dir), "-o", str(tmp_path), "--extractive", "-q", "--ray"]) == 2
    assert 'pip install "ray[data]>=2.9"' in capsys.readouterr().err


@pytest.mark.parametrize("address, message", [("127.0.0.1:1", "no Ray cluster at '127.0.0.1:1'"),
                                              ("head-node", "'auto' or host:port")])
def test_bad_cluster_address_is_a_clear_error(address, message):
    with pytest.raises(RayUnavailable, match=message), ray_session(address):
        pass
