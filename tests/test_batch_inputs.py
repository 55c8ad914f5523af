"""``summarizer batch`` resumes by input, not by position: a lock keeps a second run out of its work folder,
and files added, changed or removed between runs are noticed, said, and handled."""
import json
import os
import shutil

from summarizer.frontends.checkpoint import work_folder_lock
from summarizer.frontends.cli import main


def _articles(seeds_dir, folder, names=("001", "002", "003")):
    folder.mkdir()
    for name in names:
        shutil.copy(next(seeds_dir.glob(f"{name}_*.txt")), folder / f"{name}.txt")
    return folder


def _batch(inputs, out, shared_dir, *extra):
    return main(["batch", str(inputs), "-o", str(out), "--extractive", "-q", "--translation-model", "none",
                 "--embedding-model", str(shared_dir / "models" / "all-MiniLM-L6-v2"), *extra])


def _result(out):
    result = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    result.pop("timings")
    return result


def test_second_run_in_the_same_work_folder_names_the_process_holding_it(seeds_dir, shared_dir, tmp_path, capsys):
    inputs = _articles(seeds_dir, tmp_path / "in", ["001"])
    with work_folder_lock(tmp_path / "out" / "work"):
        assert _batch(inputs, tmp_path / "out", shared_dir) == 2
    assert f"in use by process {os.getpid()}" in capsys.readouterr().err
    assert _batch(inputs, tmp_path / "out", shared_dir) == 0  # the lock went with the run holding it


def test_interrupted_run_resumes_with_an_added_file_as_a_fresh_run_would(seeds_dir, shared_dir, tmp_path, caplog):
    inputs = _articles(seeds_dir, tmp_path / "in")
    out = tmp_path / "out"
    assert _batch(inputs, out, shared_dir) == 0
    work = out / "work"  # as if killed after two records: the third, and every later step, still to do
    lines = (work / "articles.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (work / "articles.jsonl").write_text("".join(lines[:2]), encoding="utf-8")
    (work / "briefings.jsonl").unlink()
    shutil.copy(next(seeds_dir.glob("004_*.txt")), inputs / "000-added.txt")  # sorts first: positions shift

    assert _batch(inputs, out, shared_dir) == 0
    assert "000-added.txt was added" in caplog.text
    assert _batch(inputs, tmp_path / "fresh", shared_dir) == 0
    result = _result(out)
    assert result == _result(tmp_path / "fresh")
    assert sorted(a["id"] for a in result["articles"]) == ["000-added", "001", "002", "003"]


def test_changed_and_removed_files_are_said_and_not_reused(seeds_dir, shared_dir, tmp_path, caplog):
    inputs = _articles(seeds_dir, tmp_path / "in")
    out = tmp_path / "out"
    assert _batch(inputs, out, shared_dir) == 0
    (inputs / "003.txt").unlink()
    (inputs / "002.txt").write_text(next(seeds_dir.glob("004_*.txt")).read_text(encoding="utf-8"), encoding="utf-8")

    assert _batch(inputs, out, shared_dir) == 0
    assert "003.txt was removed" in caplog.text and "002.txt changed" in caplog.text
    assert _batch(inputs, tmp_path / "fresh", shared_dir) == 0
    assert _result(out) == _result(tmp_path / "fresh")


def test_records_written_twice_by_two_runs_at_once_are_read_once(seeds_dir, shared_dir, tmp_path):
    inputs = _articles(seeds_dir, tmp_path / "in")
    out = tmp_path / "out"
    assert _batch(inputs, out, shared_dir) == 0
    checkpoint = out / "work" / "articles.jsonl"
    checkpoint.write_text(checkpoint.read_text(encoding="utf-8") * 2, encoding="utf-8")  # as an unlocked race left it
    expected = _result(out)
    assert _batch(inputs, out, shared_dir) == 0
    assert _result(out) == expected


def test_resume_counts_the_records_it_reused(seeds_dir, shared_dir, tmp_path, capsys):
    inputs = _articles(seeds_dir, tmp_path / "in")
    out = tmp_path / "out"
    assert _batch(inputs, out, shared_dir) == 0
    lines = (out / "work" / "articles.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (out / "work" / "articles.jsonl").write_text("".join(lines[:2]), encoding="utf-8")
    capsys.readouterr()
    assert _batch(inputs, out, shared_dir) == 0
    assert "resumed: 2 load record(s) reused" in capsys.readouterr().out
