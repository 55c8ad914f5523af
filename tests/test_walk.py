"""The folder walk: every entry is read or rejected with the reason; nothing is read from outside the folder."""
import os
import subprocess
import sys

import pytest

from summarizer.ingest import loading
from summarizer.ingest.loading import load_articles

ARTICLE = "Rescue teams reached the flooded villages on Monday. Two hundred families were moved to shelters.\n"


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "sub" / "b.txt").write_text(ARTICLE.replace("Monday", "Tuesday"), encoding="utf-8")
    (root / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (root / ".git").mkdir()
    (root / "linked-folder").symlink_to(root / "sub")
    (root / "here").symlink_to(".")
    (root / "passwd.txt").symlink_to("/etc/passwd")
    (root / "zero.txt").symlink_to("/dev/zero")
    (root / "inside.txt").symlink_to(root / "a.txt")
    os.mkfifo(root / "pipe.txt")
    return root


def _reasons(result) -> dict[str, str]:
    return {os.path.basename(r.source): r.reason for r in result.rejected}


def test_every_entry_is_briefed_or_rejected_with_the_reason(folder):
    result = load_articles([folder])
    assert sorted(a.source for a in result.articles) == [str(folder / n) for n in ("a.txt", "inside.txt", "sub/b.txt")]
    reasons = _reasons(result)
    assert set(reasons) == {".hidden.txt", ".git", "linked-folder", "here", "passwd.txt", "zero.txt", "pipe.txt"}
    assert "hidden" in reasons[".hidden.txt"] and "hidden" in reasons[".git"]
    assert "link to a folder" in reasons["linked-folder"] and "link to a folder" in reasons["here"]
    assert "outside" in reasons["passwd.txt"] and "outside" in reasons["zero.txt"]
    assert "named pipe" in reasons["pipe.txt"]
    assert not any("root:" in a.text for a in result.articles)  # /etc/passwd never read


def test_a_named_pipe_given_by_name_is_rejected_without_blocking(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    code = ("from summarizer.ingest.loading import load_articles; import sys; "
            "print(load_articles([sys.argv[1]]).rejected[0].reason)")
    done = subprocess.run([sys.executable, "-c", code, str(pipe)], capture_output=True, text=True, timeout=60)
    assert "named pipe" in done.stdout


def test_a_folder_that_cannot_be_listed_is_rejected(folder, monkeypatch):
    scandir = os.scandir

    def refuse_sub(path):
        if str(path).endswith("sub"):
            raise PermissionError(13, "Permission denied")
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse_sub)
    reasons = _reasons(load_articles([folder]))
    assert "cannot list the folder (Permission denied)" in reasons["sub"]


def test_a_file_over_the_size_cap_is_rejected_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "MAX_FILE_BYTES", 1000)
    (tmp_path / "big.txt").write_text(ARTICLE * 20, encoding="utf-8")
    (tmp_path / "small.txt").write_text(ARTICLE, encoding="utf-8")
    result = load_articles([tmp_path])
    assert [a.id for a in result.articles] == ["small"]
    assert "over the 1,000-byte limit" in _reasons(result)["big.txt"]


PAGE = """<!DOCTYPE html><html><head><title>Floods</title><style>body { color: red }</style>
<script>window.tracker = {id: 42};</script></head><body><nav>Home | World | Sport</nav>
<h1>Floods reach the coast</h1><p>Rescue teams <b>reached</b> the flooded villages on Monday.</p>
<p>Two hundred families were moved to shelters, officials said.</p></body></html>"""


@pytest.mark.parametrize("name", ["page.txt", "page.md", "page.json"])
def test_html_in_any_file_type_is_reduced_to_its_text(tmp_path, name):
    import json

    path = tmp_path / name
    path.write_text(json.dumps({"text": PAGE}) if name.endswith(".json") else PAGE, encoding="utf-8")
    [article] = load_articles([path]).articles
    assert "Rescue teams reached the flooded villages on Monday." in article.sentences
    assert not any(mark in article.text for mark in ("<", "color: red", "tracker", "Home | World"))
