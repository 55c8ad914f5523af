"""The web demo reads only what was uploaded to it, keeps uploads in its folder, and states its limits."""
from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from gradio.utils import get_upload_folder
from gradio_client import Client, handle_file

import app
from app_server import served
from summarizer.ingest import loading
from summarizer.config import Settings
from summarizer.frontends.inputs import MAX_FILES, NOT_UPLOADED, load_inputs

BODY = "Dock workers in Sindara ended a four-day strike on Friday after the operator raised wages by 12 percent."
SECRET = "Secret plan: the harbour master will close the northern quay on Monday for three weeks of repairs."


@pytest.fixture
def uploads(tmp_path):
    """An upload folder holding one real upload, and a server file outside it."""
    folder = tmp_path / "uploads"
    (folder / "abc123").mkdir(parents=True)
    (folder / "abc123" / "strike.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    return folder


def test_paths_outside_the_upload_folder_are_rejected_unread(uploads, monkeypatch):
    secret = uploads.parent / "secret.txt"
    (uploads / "link.txt").symlink_to(secret)
    read = []
    records = loading.read_records
    monkeypatch.setattr(loading, "read_records", lambda path: read.append(path) or records(path))
    given = [uploads / "abc123" / "strike.txt", secret, uploads / "link.txt", uploads / "abc123" / ".." / ".." / "secret.txt",
             uploads / "abc123", uploads.parent / "missing.txt", "/etc/passwd"]
    result = load_inputs(given, upload_dir=uploads)
    assert [a.source for a in result.articles] == ["strike.txt"]
    assert [(r.source, r.reason) for r in result.rejected] == [
        (name, NOT_UPLOADED) for name in ("secret.txt", "link.txt", "secret.txt", "abc123", "missing.txt", "passwd")]
    assert read == [uploads / "abc123" / "strike.txt"]


@pytest.fixture(scope="module")
def minilm(shared_dir) -> str:
    return str(shared_dir / "models" / "all-MiniLM-L6-v2")


@pytest.fixture(scope="module")
def url(minilm):
    demo = app.build_demo(Settings.load(translation_model="none", embedding_model=minilm), mode="extractive")
    with served(demo) as address:
        yield address.rstrip("/")


def _call_brief(url: str, files: list, minilm: str) -> str:
    """The server-sent events of one /brief call made with raw HTTP, as a client could send it."""
    data = [files, "", "extractive", "none", "", minilm, 60]
    event_id = httpx.post(f"{url}/gradio_api/call/brief", json={"data": data}).json()["event_id"]
    return httpx.get(f"{url}/gradio_api/call/brief/{event_id}", timeout=300).text


@pytest.mark.parametrize("path", ["{secret}", "{seeds}", "/etc/hostname"])
def test_a_server_path_sent_instead_of_an_upload_is_refused(url, minilm, uploads, seeds_dir, path):
    path = path.format(secret=uploads.parent / "secret.txt", seeds=seeds_dir)
    for files in ([{"path": path, "meta": {"_type": "gradio.FileData"}}], [path]):
        events = _call_brief(url, files, minilm)
        assert events.startswith("event: error") and "Briefed" not in events
        assert "Secret plan" not in events and "Putin" not in events


def test_an_uploaded_name_with_folders_stays_in_the_upload_folder(url, minilm):
    response = httpx.post(f"{url}/gradio_api/upload",
                          files=[("files", ("../../../escape.txt", BODY.encode(), "text/plain")),
                                 ("files", ("..\\..\\windows.txt", BODY.encode(), "text/plain"))])
    stored = response.json()
    upload_folder = Path(get_upload_folder()).resolve()
    assert [Path(path).resolve().parent.parent for path in stored] == [upload_folder] * 2  # one folder per upload
    assert [Path(path).name for path in stored] == ["escape.txt", "....windows.txt"]
    events = _call_brief(url, [{"path": path, "meta": {"_type": "gradio.FileData"}} for path in stored], minilm)
    assert "**Briefed 2 articles into 1 event**" in events


def test_too_many_files_named_with_the_limit(url, tmp_path):
    files = []
    for number in range(MAX_FILES + 2):
        path = tmp_path / f"note-{number:02d}.txt"
        path.write_text("", encoding="utf-8")
        files.append(handle_file(str(path)))
    status = Client(url, verbose=False).predict(files, "", "extractive", "none", "", "", 60,
                                                api_name="/brief")[0]
    assert status.startswith(app.NOTHING_TO_BRIEF) and f"**Not briefed ({MAX_FILES + 2}):**" in status
    too_many = f"too many files: at most {MAX_FILES} per briefing; brief it in another run"
    assert f"- `note-{MAX_FILES:02d}.txt`: {too_many}" in status and f"- `note-{MAX_FILES + 1:02d}.txt`: {too_many}" in status
    assert "- `note-00.txt`: the file is empty; save the article in it as UTF-8 text" in status
