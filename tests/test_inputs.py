"""Uploaded files and pasted text: original names, limits, and rejections that leave the rest loaded."""
from __future__ import annotations

import json

from summarizer.frontends.inputs import PASTED_TEXT, load_inputs

BODY = ("Leaders of eleven coastal provinces signed the Meraya Declaration on Wednesday. "
        "The plan restores 48,000 hectares of mangrove forest by 2030.")


def _upload(folder, name: str, text: str):
    """A file as Gradio stores an upload: in a folder of its own, under the name the user gave it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sources_name_the_uploaded_file_not_the_server_path(tmp_path):
    good = json.dumps({"id": "summit", "text": BODY})
    wire = _upload(tmp_path / "upload-1", "wire.jsonl", good + "\n{broken\n")
    result = load_inputs([wire])
    assert [a.source for a in result.articles] == ["wire.jsonl:1"]
    assert [r.source for r in result.rejected] == ["wire.jsonl:2"]
    assert str(tmp_path) not in repr(result)


def test_files_over_the_count_limit_rejected_the_first_ones_loaded(tmp_path):
    files = [_upload(tmp_path / str(n), f"article-{n}.txt", BODY) for n in range(3)]
    result = load_inputs(files, max_files=2)
    assert [a.id for a in result.articles] == ["article-0", "article-1"]
    assert [r.source for r in result.rejected] == ["article-2.txt"]
    assert "too many files: at most 2" in result.rejected[0].reason


def test_files_over_the_size_limit_rejected_the_others_loaded(tmp_path):
    small = _upload(tmp_path / "a", "small.txt", BODY)
    big = _upload(tmp_path / "b", "big.txt", BODY * 20)
    result = load_inputs([big, small], max_file_bytes=1000)
    assert [a.id for a in result.articles] == ["small"]
    assert result.rejected[0].source == "big.txt"
    assert "the file is 3 kB, over the 1 kB limit; split it" in result.rejected[0].reason


def test_unreadable_and_unsupported_uploads_rejected_by_name(tmp_path):
    files = [_upload(tmp_path / "a", "empty.txt", "  \n"), _upload(tmp_path / "b", "photo.png", "x"),
             _upload(tmp_path / "c", "summit.txt", BODY)]
    result = load_inputs(files)
    assert [a.id for a in result.articles] == ["summit"]
    assert {r.source: r.reason.split(";")[0] for r in result.rejected} == {
        "empty.txt": "the file is empty", "photo.png": "unsupported file type '.png'"}


def test_pasted_text_joins_the_files_with_unique_ids(tmp_path):
    upload = _upload(tmp_path / "a", "pasted-1.txt", BODY)
    result = load_inputs([upload], pasted=f"Mangrove summit ends\n{BODY}")
    assert [a.id for a in result.articles] == ["pasted-1", "pasted-1-2"]
    assert result.articles[1].title == "Mangrove summit ends"


def test_blank_paste_ignored_and_long_paste_rejected(tmp_path):
    assert load_inputs([], pasted=" \n ").rejected == []
    result = load_inputs([], pasted=BODY, max_pasted_chars=10)
    assert result.articles == [] and result.rejected[0].source == PASTED_TEXT
    assert "upload the articles as files instead" in result.rejected[0].reason
