"""What an outside reliability probe broke (issue 31), one test per item: real files, real links, a real umask,
two real processes, a real SIGTERM and a real SIGKILL."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest
import torch

from eval import translation as eval_translation
from summarizer.runtime import models
from summarizer.frontends.cli import main
from summarizer.runtime.embeddings import CHUNK_TEXTS, Embedder, VectorChunks
from summarizer.check.faithfulness import own_statements, source_facts, unsupported_facts
from summarizer.output.outputs import build_folder_once, write_atomically
from summarizer.ingest.walk import LINK_LOOP, OTHER_OUTPUT, OWN_OUTPUT

REPO = Path(__file__).resolve().parents[1]
# The run that holds its output folder: `summarizer brief` stopped at its work until a line comes on stdin.
HELD_AT_WORK = """
import sys
from summarizer import pipeline
from summarizer.frontends import cli
run = pipeline.BriefingPipeline.run
def held(self, loaded):
    print("working", flush=True)
    sys.stdin.readline()
    return run(self, loaded)
pipeline.BriefingPipeline.run = held
sys.exit(cli.main(sys.argv[1:]))
"""


def _articles(seeds_dir: Path, folder: Path, names=("001", "002")) -> Path:
    folder.mkdir(parents=True)
    for name in names:
        shutil.copy(next(seeds_dir.glob(f"{name}_*.txt")), folder / f"{name}.txt")
    return folder


def _args(command: str, inputs: list[Path], out: Path, shared_dir: Path) -> list[str]:
    return [command, *map(str, inputs), "-o", str(out), "--extractive", "-q", "--translation-model", "none",
            "--embedding-model", str(shared_dir / "models" / "all-MiniLM-L6-v2")]


def _result(out: Path) -> dict:
    return json.loads((out / "briefing.json").read_text(encoding="utf-8"))


# 1. A link loop is one rejected entry; the rest is briefed, by brief and by batch.

@pytest.mark.parametrize("command", ["brief", "batch"])
def test_a_link_loop_is_one_rejected_entry_and_the_rest_is_briefed(command, seeds_dir, shared_dir, tmp_path):
    folder = _articles(seeds_dir, tmp_path / "in")
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "a.txt").symlink_to("b.txt")
    (folder / "b.txt").symlink_to("a.txt")
    assert main(_args(command, [folder], tmp_path / "out", shared_dir)) == 0
    result = _result(tmp_path / "out")
    assert sorted(a["id"] for a in result["articles"]) == ["001", "002"]
    assert sorted((Path(r["source"]).name, r["reason"]) for r in result["rejected"]) == [
        ("a.txt", LINK_LOOP), ("b.txt", LINK_LOOP), ("loop.txt", LINK_LOOP)]


# 2. The output folder inside the input folder is never read back.

def test_the_output_folder_inside_the_input_folder_is_never_read_back(seeds_dir, shared_dir, tmp_path):
    folder = _articles(seeds_dir, tmp_path / "in")
    out = folder / "out"
    assert main(_args("brief", [folder], out, shared_dir)) == 0
    first = _result(out)
    assert main(_args("brief", [folder], out, shared_dir)) == 0
    second = _result(out)
    assert second["articles"] == first["articles"] and len(second["events"]) == len(first["events"])
    assert second["rejected"] == [{"source": str(out), "reason": OWN_OUTPUT}]
    assert main(_args("batch", [folder], folder / "batch-out", shared_dir)) == 0  # out/ is another run's output
    batch = _result(folder / "batch-out")
    assert sorted(a["id"] for a in batch["articles"]) == ["001", "002"]
    assert batch["rejected"] == [{"source": str(folder / "batch-out"), "reason": OWN_OUTPUT},
                                 {"source": str(out), "reason": OTHER_OUTPUT}]


def test_an_input_folder_given_as_output_keeps_its_briefing_out_of_the_input(seeds_dir, shared_dir, tmp_path):
    folder = _articles(seeds_dir, tmp_path / "in")
    for _ in range(2):
        assert main(_args("batch", [folder], folder, shared_dir)) == 0
    result = _result(folder)
    assert sorted(a["id"] for a in result["articles"]) == ["001", "002"]
    assert {Path(r["source"]).name for r in result["rejected"]} == {"briefing.json", "briefing.md", ".briefing.lock",
                                                                    "work"}
    assert {r["reason"] for r in result["rejected"]} == {OWN_OUTPUT}


# 3. and 6. (-q) Real processes under umask 0022: every written file is 0644, and -q shows no bar.

@pytest.fixture(scope="module")
def runs_under_umask_022(seeds_dir, shared_dir, tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """`summarizer brief` and `summarizer batch` with -q as processes under umask 0022: output folder, stderr."""
    root = tmp_path_factory.mktemp("umask")
    folder = _articles(seeds_dir, root / "in")
    runs = {}
    for command in ("brief", "batch"):
        done = subprocess.run([sys.executable, "-m", "summarizer", *_args(command, [folder], root / command, shared_dir)],
                              cwd=REPO, umask=0o022, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        runs[command] = (root / command, done.stderr)
    return runs


def test_written_files_get_the_mode_of_any_new_file(runs_under_umask_022):
    written = {}
    for command, (out, _) in runs_under_umask_022.items():
        written |= {f"{command}/{path.relative_to(out)}": path for path in out.rglob("*")}
    assert {"brief/briefing.json", "brief/briefing.md", "batch/briefing.json", "batch/work/inputs.json"} <= set(written)
    modes = {name: oct(stat.S_IMODE(path.stat().st_mode)) for name, path in written.items()}
    assert {modes[name] for name, path in written.items() if path.is_file()} == {"0o644"}, modes
    assert {modes[name] for name, path in written.items() if path.is_dir()} == {"0o755"}, modes


def write_private_weights(folder: Path) -> None:
    """What ``safetensors`` does when it saves: a file only its owner may read (0600)."""
    (folder / "model.safetensors").write_bytes(b"weights")
    (folder / "model.safetensors").chmod(0o600)
    (folder / "done").write_text("1")


def test_an_atomic_write_keeps_the_umask_of_the_process(tmp_path):
    previous = os.umask(0o027)
    try:
        write_atomically({tmp_path / "a.json": "{}\n"})
        folder = build_folder_once(tmp_path / "model", write_private_weights, "done")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "a.json").stat().st_mode) == 0o640
    assert stat.S_IMODE(folder.stat().st_mode) == 0o750
    assert stat.S_IMODE((folder / "model.safetensors").stat().st_mode) == 0o640


def test_quiet_shows_no_loading_bar(runs_under_umask_022):
    for _, stderr in runs_under_umask_022.values():
        assert "Loading weights" not in stderr and "it/s" not in stderr, stderr


# 4. Two runs on one output folder: the second is refused, naming the first.

def test_a_second_brief_on_the_same_output_folder_is_refused_naming_the_first(seeds_dir, shared_dir, tmp_path):
    folder = _articles(seeds_dir, tmp_path / "in")
    args = _args("brief", [folder], tmp_path / "out", shared_dir)
    first = subprocess.Popen([sys.executable, "-c", HELD_AT_WORK, *args], cwd=REPO, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert first.stdout.readline() == "working\n"
        second = subprocess.run([sys.executable, "-m", "summarizer", *args], cwd=REPO, capture_output=True, text=True,
                                timeout=300)
        assert second.returncode == 2, second.stdout
        assert f"output folder {tmp_path / 'out'} is in use by process {first.pid}" in second.stderr
        first.stdin.write("\n")
        first.stdin.close()
        assert first.wait(timeout=300) == 0
    finally:
        first.kill()
    assert len(_result(tmp_path / "out")["articles"]) == 2


# 5. The fact check keeps the service's own statements when they are true of the result.

def test_the_overview_the_service_writes_is_not_removed_by_the_fact_check(shared_dir, tmp_path):
    out = tmp_path / "out"
    assert main(["brief", "-o", str(out), "--extractive", "-q", "--translation-model", "none",
                 "--embedding-model", str(shared_dir / "models" / "all-MiniLM-L6-v2")]) == 0  # the bundled examples
    overview, events = _result(out)["merged"]["overview"], len(_result(out)["events"])
    spelled = "zero one two three four five six seven eight nine".split()[events]  # the overview spells small counts
    assert overview and overview[0]["text"].startswith((f"This briefing covers {events} events",
                                                        f"This briefing covers {spelled} events"))
    assert all(sentence["kept"] for sentence in overview)
    assert "Removed by the fact check" not in (out / "briefing.md").read_text(encoding="utf-8")


def test_the_service_statements_are_checked_against_the_result():
    facts = source_facts([], own_statements(4, 6, ["2025-06-11", None]))
    assert unsupported_facts("This briefing covers 4 events from 6 articles, the first on 11 June 2025.", facts) == []
    assert unsupported_facts("This briefing covers 5 events.", facts) == ["number 5"]
    assert unsupported_facts("It began in July.", facts) == ["month 7"]


# 6. Leftovers and hints.

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_web_demo_removes_its_downloads_folder_on_sigterm(tmp_path):
    port = _free_port()
    env = dict(os.environ, TMPDIR=str(tmp_path), GRADIO_ANALYTICS_ENABLED="False")
    with (tmp_path / "app.log").open("w") as log:
        server = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=REPO, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and server.poll() is None:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).close()
                break
            except OSError:
                time.sleep(0.5)
        assert server.poll() is None, (tmp_path / "app.log").read_text()
        assert list(tmp_path.glob("briefing-downloads-*"))
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)
    finally:
        server.kill()
    assert not list(tmp_path.glob("briefing-downloads-*"))


def test_a_device_that_cannot_be_used_is_named_as_the_setting_to_fix(seeds_dir, shared_dir, tmp_path, capsys,
                                                                      monkeypatch):
    folder = _articles(seeds_dir, tmp_path / "in", ["001"])
    monkeypatch.setenv("SUMMARIZER_DEVICE", "gpu9")
    assert main(_args("brief", [folder], tmp_path / "out", shared_dir)) == 2
    error = capsys.readouterr().err
    assert "setting device = 'gpu9' (from $SUMMARIZER_DEVICE) cannot be used" in error
    assert "set the device ($SUMMARIZER_DEVICE, --device" in error and "models folder" not in error
    if not torch.cuda.is_available():
        assert main(_args("brief", [folder], tmp_path / "out", shared_dir) + ["--device", "cuda"]) == 2
        assert "no CUDA GPU" in capsys.readouterr().err


def test_a_batch_killed_while_embedding_keeps_the_chunks_embedded(shared_dir, tmp_path):
    rows = [json.loads(line) for line in (shared_dir / "data" / "multi-news-val250.jsonl").open(encoding="utf-8")]
    news = tmp_path / "news.jsonl"
    with news.open("w", encoding="utf-8") as handle:  # 30 clusters: about 2,400 sentences, three chunks
        for row in rows[:30]:
            handle.writelines(json.dumps({"id": f"{row['id']}-{index}", "text": document}) + "\n"
                              for index, document in enumerate(row["documents"]))
    out = tmp_path / "out"
    batch = subprocess.Popen([sys.executable, "-m", "summarizer", *_args("batch", [news], out, shared_dir)], cwd=REPO,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    saved = out / "work" / "embeddings"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and batch.poll() is None and not list(saved.glob("[0-9]*.npz")):
        time.sleep(0.05)
    assert batch.poll() is None, "the batch finished before any embedding work was saved"
    os.kill(batch.pid, signal.SIGKILL)
    batch.wait()
    assert not (out / "work" / "briefings.jsonl").exists()  # killed in the cluster stage
    embedder = Embedder(model=None)
    assert VectorChunks(saved).load_into(embedder) >= CHUNK_TEXTS
    assert all(np.isclose(np.linalg.norm(vector), 1.0, atol=1e-4) for vector in embedder.cached().values())


def test_eval_translation_names_the_model_that_ran(tiny_models, tmp_path, monkeypatch, capsys):
    models_dir = tmp_path / "models"
    models_dir.mkdir()
    (models_dir / "qwen2.5-coder-1.5b-instruct").symlink_to(tiny_models["chat"])  # offline: no opus-mt-id-en copy
    monkeypatch.setattr(models, "hub_reachable", lambda: False)
    monkeypatch.setenv("SUMMARIZER_MODELS_DIR", str(models_dir))
    monkeypatch.setenv("SUMMARIZER_BACKEND", "transformers")
    (tmp_path / "source.txt").write_text("Harga beras naik 5 persen.\n", encoding="utf-8")
    (tmp_path / "reference.txt").write_text("Rice prices rose 5 percent.\n", encoding="utf-8")
    eval_translation.main(["--source", str(tmp_path / "source.txt"), "--reference", str(tmp_path / "reference.txt"),
                           "--model", "Helsinki-NLP/opus-mt-id-en", "--output-dir", str(tmp_path / "runs")])
    table = capsys.readouterr().out
    variant = "+".join(eval_translation.SHIPPED_AIDS)
    assert [path.name for path in (tmp_path / "runs").glob("*.hyp")] == [f"qwen-1.5b-{variant}-0-1.hyp"]
    assert f"| qwen-1.5b ({variant}) |" in table and "opus-mt" not in table
