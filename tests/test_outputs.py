"""Outputs: ``-o`` checked before any work, files replaced atomically, a good briefing never replaced by an empty run."""
import errno
import json
import os

import pytest

from summarizer.output import outputs
from summarizer.frontends.cli import main
from summarizer.output.outputs import OutputError, write_atomically


def _brief(paths, out, shared_dir):
    return main(["brief", *map(str, paths), "-o", str(out), "--extractive", "-q", "--translation-model", "none",
                 "--embedding-model", str(shared_dir / "models" / "all-MiniLM-L6-v2")])


def test_an_empty_run_keeps_the_previous_briefing(seeds_dir, shared_dir, tmp_path, capsys):
    out = tmp_path / "prev"
    assert _brief([seeds_dir / "001_3c354b52f4e2046b.txt"], out, shared_dir) == 0
    before = (out / "briefing.json").read_bytes(), (out / "briefing.md").read_bytes()
    assert _brief([tmp_path / "nonexistent"], out, shared_dir) == 1
    assert ((out / "briefing.json").read_bytes(), (out / "briefing.md").read_bytes()) == before
    assert "previous briefing" in capsys.readouterr().err


def test_output_that_is_a_file_fails_before_any_work(tmp_path, capsys):
    existing = tmp_path / "prev"
    existing.write_text("mine", encoding="utf-8")
    # No embedding model exists at this path: the check must fail before anything is loaded.
    code = main(["brief", str(tmp_path), "-o", str(existing), "--extractive", "-q", "--embedding-model", "/nope"])
    assert code == 2
    error = capsys.readouterr().err
    assert "is a file, not a folder" in error and "Traceback" not in error
    assert existing.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("command", ["brief", "batch"])
def test_unwritable_output_folder_fails_at_once(tmp_path, capsys, command):
    # /sys/kernel refuses new files even to root (a chmod 555 folder would not stop root).
    code = main([command, str(tmp_path), "-o", "/sys/kernel/briefing", "--extractive", "-q", "--embedding-model", "/nope"])
    assert code == 2
    assert "cannot write into the output folder /sys/kernel/briefing" in capsys.readouterr().err


def test_translate_output_folder_is_refused_before_any_work(tmp_path, capsys):
    assert main(["translate", str(tmp_path), "-o", str(tmp_path), "-q", "--translation-model", "/nope"]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_a_full_disk_leaves_the_previous_files_whole(tmp_path, monkeypatch):
    first, second = tmp_path / "briefing.json", tmp_path / "briefing.md"
    write_atomically({first: '{"ok": true}\n', second: "# ok\n"})

    def disk_full(descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(outputs.os, "fsync", disk_full)
    with pytest.raises(OutputError, match="free some disk space"):
        write_atomically({first: '{"ok": false, "truncated', second: "# new\n"})
    assert json.loads(first.read_text(encoding="utf-8")) == {"ok": True}
    assert second.read_text(encoding="utf-8") == "# ok\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.json", "briefing.md"]  # no temporary left
