"""Loading articles from files and folders: formats, encodings, and rejections that explain."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from summarizer.ingest.loading import load_articles, load_pasted_text

ENGLISH_BODY = (
    "Russian President Vladimir Putin arrived in Beijing on Thursday for a two-day state visit. "
    "He and Chinese President Xi Jinping signed a joint statement on deepening their partnership."
)
INDONESIAN_BODY = (
    "Presiden Rusia Vladimir Putin tiba di Beijing pada hari Kamis untuk kunjungan kenegaraan. "
    "Ia dan Presiden Tiongkok Xi Jinping menandatangani pernyataan bersama tentang kemitraan."
)


def _sources(result) -> list[str]:
    return [rejection.source for rejection in result.rejected]


def test_seed_folder(seeds_dir):
    result = load_articles([seeds_dir])
    assert result.rejected == []
    articles = {article.id[:3]: article for article in result.articles}
    assert [a.id for a in result.articles] == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    assert {key: a.language for key, a in articles.items()} == {
        "000": "id", "001": "en", "002": "en", "003": "en", "004": "en",
    }  # fmt: skip
    assert all(a.language_confidence > 0.9 and a.language_reason is None for a in articles.values())
    assert articles["002"].title == (
        "Russia and China Strengthen Strategic Partnership with Historic Meeting"
    )
    assert [articles[key].title for key in ("000", "001", "003", "004")] == [None] * 4
    assert articles["004"].published == "2024-05-18"
    assert articles["004"].source == str(seeds_dir / "004_4b85bc5a25427d75.txt")
    assert "Back To Top" not in articles["002"].text
    for article in articles.values():
        assert len(article.sentences) >= 10
        assert all(sentence in article.text for sentence in article.sentences)


def test_markdown_file(tmp_path):
    path = tmp_path / "visit.md"
    path.write_text(
        "# Putin *visits* Beijing\n\n**Putin** arrived in [Beijing](https://example.org) "
        f"on Thursday for a two-day state visit.\n\n![map](map.png)\n\n- {ENGLISH_BODY}\n",
        encoding="utf-8",
    )
    [article] = load_articles([path]).articles
    assert article.id == "visit"
    assert article.title == "Putin visits Beijing"
    assert article.sentences[0] == "Putin arrived in Beijing on Thursday for a two-day state visit."
    assert not any(mark in article.text for mark in ("#", "*", "](", "!["))
    assert article.language == "en"


def test_json_object_and_list(tmp_path):
    record = {
        "id": 7,
        "title": "Putin in Beijing",
        "text": f"Putin in Beijing\n{ENGLISH_BODY}",
        "url": "https://example.org/a",
        "published": "2024-05-16T09:00:00Z",
    }
    (tmp_path / "one.json").write_text(json.dumps(record), encoding="utf-8")
    (tmp_path / "many.json").write_text(
        json.dumps([{"text": INDONESIAN_BODY}, {"text": ""}, "not an object"]), encoding="utf-8"
    )
    result = load_articles([tmp_path])
    many, one = result.articles
    assert (one.id, one.title, one.url, one.published) == (
        "7", "Putin in Beijing", "https://example.org/a", "2024-05-16",
    )  # fmt: skip
    assert one.text == ENGLISH_BODY  # the repeated title is gone
    assert (many.id, many.language, many.source) == ("many-0", "id", f"{tmp_path / 'many.json'}[0]")
    assert _sources(result) == [f"{tmp_path / 'many.json'}[1]", f"{tmp_path / 'many.json'}[2]"]
    assert '"text"' in result.rejected[0].reason


def test_jsonl_bad_lines_rejected_others_loaded(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": ENGLISH_BODY}),
        '{"id": "b", "text": "unterminated',
        "",
        json.dumps({"id": "c", "title": "No body"}),
        json.dumps({"text": INDONESIAN_BODY, "published": "not a date"}),
        json.dumps({"id": "raw", "text": f"{ENGLISH_BODY}\u2028Line two."}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load_articles([path])
    assert [(a.id, a.source, a.language) for a in result.articles] == [
        ("a", f"{path}:1", "en"),
        ("feed-5", f"{path}:5", "id"),
        ("raw", f"{path}:6", "en"),  # a raw U+2028 inside a JSON string does not end the line
    ]
    assert result.articles[1].published is None
    assert _sources(result) == [f"{path}:2", f"{path}:4"]
    assert "not valid JSON" in result.rejected[0].reason
    assert str(result.rejected[1]).startswith(f"{path}:4: ")
    assert '"text"' in result.rejected[1].reason


def test_invalid_json_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"text": "oops",}', encoding="utf-8")
    [rejection] = load_articles([path]).rejected
    assert rejection.source == str(path)
    assert "not valid JSON" in rejection.reason and "line 1" in rejection.reason


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_single_byte_encodings(tmp_path, encoding):
    text = "Café talks: naïve hopes\n" + ENGLISH_BODY.replace("two-day", "two-day «façade»")
    if encoding == "cp1252":
        text = text.replace("Café talks", "Café “talks”")
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    [article] = load_articles([path]).articles
    assert article.title == text.split("\n")[0]
    assert "«façade»" in article.text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_unicode_encodings(tmp_path, encoding):
    path = tmp_path / "unicode.txt"
    path.write_bytes(f"Kunjungan Putin “bersejarah”\n{INDONESIAN_BODY}".encode(encoding))
    [article] = load_articles([path]).articles
    assert article.title == "Kunjungan Putin “bersejarah”"
    assert article.language == "id"


def test_unreadable_files_rejected_with_advice(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("  \n\n", encoding="utf-8")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    (tmp_path / "binary.txt").write_bytes(png)
    (tmp_path / "only-junk.txt").write_text("Advertisement\nBack to top\n", encoding="utf-8")
    result = load_articles([tmp_path])
    assert result.articles == []
    reasons = {Path(r.source).name: r.reason for r in result.rejected}
    assert set(reasons) == {"binary.txt", "blank.md", "empty.txt", "only-junk.txt"}
    assert "empty" in reasons["empty.txt"] and "UTF-8" in reasons["empty.txt"]
    assert "empty" in reasons["blank.md"]
    assert "binary" in reasons["binary.txt"] and "UTF-8" in reasons["binary.txt"]
    assert "boilerplate" in reasons["only-junk.txt"]


def test_folder_walk_rejects_unsupported_and_reports_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "story.txt").write_text(ENGLISH_BODY, encoding="utf-8")
    (tmp_path / "a.txt").write_text(INDONESIAN_BODY, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text(ENGLISH_BODY, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text(ENGLISH_BODY, encoding="utf-8")
    result = load_articles([str(tmp_path)])
    assert [a.id for a in result.articles] == ["a", "story"]
    hidden_folder, hidden_file, rejection = result.rejected
    assert (hidden_file.source, hidden_folder.source) == (str(tmp_path / ".hidden.txt"), str(tmp_path / ".git"))
    assert "hidden" in hidden_file.reason and "hidden" in hidden_folder.reason
    assert rejection.source == str(tmp_path / "notes.pdf")
    assert "'.pdf'" in rejection.reason and ".jsonl" in rejection.reason


def test_missing_path_rejected(tmp_path):
    missing = tmp_path / "nowhere" / "article.txt"
    result = load_articles([missing])
    assert result.articles == []
    assert [(r.source, r.reason) for r in result.rejected] == [
        (str(missing), "no such file or folder; check the path")
    ]


def test_duplicate_ids_kept_with_suffix(tmp_path, caplog):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(ENGLISH_BODY, encoding="utf-8")
    (tmp_path / "z.jsonl").write_text(json.dumps({"id": "story", "text": INDONESIAN_BODY}), "utf-8")
    with caplog.at_level(logging.WARNING, logger="summarizer.ingest.loading"):
        result = load_articles([tmp_path])
    assert [a.id for a in result.articles] == ["story", "story-2", "story-3"]
    assert "'story-2'" in caplog.text and "'story-3'" in caplog.text


def test_short_text_loads_with_unknown_language(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("Putin di Beijing.", encoding="utf-8")
    [article] = load_articles([path]).articles
    assert article.language == "unknown"
    assert "too little text" in article.language_reason
    assert article.sentences == ["Putin di Beijing."]


def test_pasted_articles_separated_by_dashes():
    pasted = f"---\nPutin visits Beijing\n{ENGLISH_BODY}\n---\n  ----  \n{INDONESIAN_BODY}\n---\n\n"
    result = load_pasted_text(pasted)
    assert [(a.id, a.source, a.language, a.title) for a in result.articles] == [
        ("pasted-1", "pasted article 1", "en", "Putin visits Beijing"),
        ("pasted-3", "pasted article 3", "id", None),
    ]
    assert [(r.source, r.reason) for r in result.rejected] == [
        ("pasted article 2", "empty; write the article there, or remove the extra --- line")]


def test_pasted_ids_avoid_taken_ones():
    result = load_pasted_text(ENGLISH_BODY, taken_ids=["pasted-1"])
    assert [a.id for a in result.articles] == ["pasted-1-2"]
