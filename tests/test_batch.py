"""``summarizer batch``: a run killed with SIGKILL resumes to the result of a run never interrupted."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarizer.frontends.cli import main

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def news_jsonl(shared_dir, tmp_path_factory) -> Path:
    """The documents of the first 15 Multi-News validation clusters as one JSON Lines file of articles."""
    rows = [json.loads(line) for line in (shared_dir / "data" / "multi-news-val250.jsonl").open(encoding="utf-8")][:15]
    path = tmp_path_factory.mktemp("batch") / "news.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            for index, document in enumerate(row["documents"]):
                handle.write(json.dumps({"id": f"{row['id']}-{index}", "text": document}) + "\n")
    return path


def _command(news: Path, out: Path, embedder: Path) -> list[str]:
    return [sys.executable, "-m", "summarizer", "batch", str(news), "-o", str(out), "--extractive", "-q",
            "--translation-model", "none", "--embedding-model", str(embedder)]


def _result(out: Path) -> dict:
    result = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    result.pop("timings")
    return result


def test_batch_killed_mid_run_resumes_without_redoing_work(news_jsonl, shared_dir, tmp_path):
    embedder = shared_dir / "models" / "all-MiniLM-L6-v2"
    killed = tmp_path / "killed"
    process = subprocess.Popen(_command(news_jsonl, killed, embedder), cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    briefings = killed / "work" / "briefings.jsonl"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and process.poll() is None:
        if briefings.exists() and len(briefings.read_text(encoding="utf-8").splitlines()) >= 2:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the batch finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done = len(briefings.read_text(encoding="utf-8").splitlines())

    resumed = subprocess.run(_command(news_jsonl, killed, embedder), cwd=REPO, capture_output=True, text=True, check=True)
    assert f"{done} brief record(s) reused" in resumed.stdout or f"{done - 1} brief record(s) reused" in resumed.stdout
    subprocess.run(_command(news_jsonl, tmp_path / "fresh", embedder), cwd=REPO, capture_output=True, check=True)
    result = _result(killed)
    assert result == _result(tmp_path / "fresh")
    assert len(result["events"]) > done and len(result["articles"]) + len(result["rejected"]) == 39


def test_resume_with_other_settings_is_refused_until_restart(seeds_dir, shared_dir, tmp_path, capsys):
    args = ["batch", str(seeds_dir / "001_3c354b52f4e2046b.txt"), "-o", str(tmp_path), "--extractive", "-q",
            "--translation-model", "none", "--embedding-model", str(shared_dir / "models" / "all-MiniLM-L6-v2")]
    assert main(args) == 0
    assert main(args + ["--words", "60"]) == 2
    assert "briefing_words differ" in capsys.readouterr().err
    assert main(args + ["--words", "60", "--restart"]) == 0


def test_translations_are_kept_and_reused(seeds_dir, shared_dir, tiny_models, tmp_path, capsys):
    args = ["batch", str(seeds_dir / "000_43bda5b6da565750.txt"), str(seeds_dir / "001_3c354b52f4e2046b.txt"),
            "-o", str(tmp_path), "--extractive", "-q", "--translation-model", str(tiny_models["marian"]),
            "--embedding-model", str(shared_dir / "models" / "all-MiniLM-L6-v2")]
    assert main(args) == 0
    [saved] = [json.loads(line) for line in (tmp_path / "work" / "translations.jsonl").read_text().splitlines()]
    assert saved["id"] == "000_43bda5b6da565750" and len(saved["translation"]) > 5
    capsys.readouterr()
    assert main(args) == 0
    assert "1 translate record(s) reused" in capsys.readouterr().out
    result = json.loads((tmp_path / "briefing.json").read_text())
    assert result["articles"][0]["translation"] == saved["translation"]
