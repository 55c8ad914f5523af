"""The Markdown report of a briefing, and the files ``write_outputs`` writes."""
from __future__ import annotations

import json
import re

import pytest

from briefing_samples import (
    PORT_SOURCE_EN,
    PORT_SOURCE_ID,
    PORT_SOURCE_ID_EN,
    REMOVED_SENTENCE,
    SUMMIT_SOURCE,
    sample_result,
)
from summarizer.output.render import event_markdown, merged_markdown, to_markdown, write_outputs


@pytest.fixture(scope="module")
def markdown() -> str:
    return to_markdown(sample_result())


def _section(markdown: str, heading: str) -> str:
    """The text of the ``## heading`` section, up to the next ``## `` heading."""
    start = markdown.index(f"\n## {heading}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end != -1 else None]


def test_title_and_run_summary(markdown):
    lines = markdown.splitlines()
    assert lines[0] == "# News briefing"
    summary = lines[2]
    assert "abstractive" in summary and "Helsinki-NLP/opus-mt-id-en" in summary
    assert "4 articles, 2 events" in summary and "1 rejected" in summary


def test_merged_briefing_comes_before_the_events(markdown):
    merged = markdown.index("## Merged briefing")
    port = markdown.index("## Sindara opens the Arunika container terminal")
    summit = markdown.index("## Coastal leaders sign the Meraya Declaration")
    assert merged < port < summit < markdown.index("## Articles")
    section = _section(markdown, "Merged briefing")
    assert "Two coastal stories lead the briefing." in section
    assert "**Sindara opens the Arunika container terminal** (2025-06-03) — Sindara opened" in section
    assert "**Coastal leaders sign the Meraya Declaration** — Eleven" in section


def _references(section: str) -> dict[str, str]:
    """Reference number -> its line in the Sources list."""
    return dict(re.findall(r"^- \[(\d+)\] (.*)$", section, re.M))


def test_source_references_resolve_to_article_and_sentence(markdown):
    section = _section(markdown, "Sindara opens the Arunika container terminal")
    assert "Sindara opened the Arunika container terminal on 3 June. [1]" in section
    assert "with 14 cranes. [2] [1]" in section
    references = _references(section)
    assert references["1"] == f'port-en #1: "{PORT_SOURCE_EN}"'
    assert references["2"] == f'port-id #3: "{PORT_SOURCE_ID_EN}" (original: *"{PORT_SOURCE_ID}"*; translation checked)'
    assert set(references) == {"1", "2"}  # the removed sentence's source is not listed


def test_references_are_numbered_per_event(markdown):
    section = _section(markdown, "Coastal leaders sign the Meraya Declaration")
    assert "Eleven coastal provinces signed the Meraya Declaration. [1]" in section
    assert _references(section) == {"1": f'summit-en #2: "{SUMMIT_SOURCE}"'}
    assert "Date: unknown" in section


def test_removed_sentence_is_listed_with_its_reason(markdown):
    section = _section(markdown, "Sindara opens the Arunika container terminal")
    text, removed = section.split("**Removed by the fact check**")
    assert REMOVED_SENTENCE not in text
    assert f'- "{REMOVED_SENTENCE}" (unsupported: "9 trillion")' in removed
    assert "Removed by the fact check" not in _section(markdown, "Merged briefing")


def test_event_article_table(markdown):
    section = _section(markdown, "Sindara opens the Arunika container terminal")
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    assert rows[0] == "| Article | Title | Language | Translated | Note |"
    del rows[1]  # the rule under the header
    assert rows[1].startswith("| port-en | ")
    assert "| en (1.00) | no |" in rows[1]
    assert rows[2].startswith("| port-en-copy | ") and rows[2].endswith("| copy of port-en |")
    assert rows[3].startswith("| port-id | Terminal Arunika resmi beroperasi | id (1.00) | yes |")


def test_table_pipes_are_escaped(markdown):
    assert "Sindara opens Arunika terminal \\| Harbour Ledger" in markdown
    for heading, columns in [("Sindara opens the Arunika container terminal", 5), ("Articles", 6)]:
        rows = [line for line in _section(markdown, heading).splitlines() if line.startswith("|")]
        assert rows
        for row in rows:
            assert len(re.findall(r"(?<!\\)\|", row)) == columns + 1, row


def test_articles_rejections_and_timings(markdown):
    articles = _section(markdown, "Articles")
    assert "| summit-en |  | en (0.95) |" in articles
    assert "- port-id: sentence 4: name 'Kirana' missing" in articles
    rejected = _section(markdown, "Rejected inputs")
    assert "- `news/photo.png`: unsupported file type '.png'" in rejected
    timings = _section(markdown, "Timings")
    assert "| translate | 3.46 |" in timings and "| summarize | 10.00 |" in timings


def test_no_rejected_section_without_rejections():
    result = sample_result()
    result.rejected = []
    assert "## Rejected inputs" not in to_markdown(result)


def test_to_markdown_is_pure():
    result = sample_result()
    before = result.to_dict()
    assert to_markdown(result) == to_markdown(result)
    assert result.to_dict() == before


def test_write_outputs(tmp_path):
    result = sample_result()
    json_path, markdown_path = write_outputs(result, tmp_path / "out" / "run1")
    assert json_path == tmp_path / "out" / "run1" / "briefing.json"
    assert markdown_path.name == "briefing.md"
    text = json_path.read_text(encoding="utf-8")
    assert json.loads(text) == result.to_dict()
    assert text.startswith('{\n  "mode": "abstractive"')
    assert "Terminal itu mampu menangani 1,4 juta peti kemas" in text  # not \\u-escaped
    assert markdown_path.read_text(encoding="utf-8") == to_markdown(result)


def test_a_merged_paragraph_without_text_shows_only_its_headline():
    result = sample_result()
    result.merged.paragraphs[1]["text"] = ""
    section = _section(to_markdown(result), "Merged briefing")
    assert section.rstrip().endswith("**Coastal leaders sign the Meraya Declaration**")


def test_sections_alone_are_the_sections_of_the_report(markdown):
    result = sample_result()
    merged = merged_markdown(result)
    assert merged.startswith("## Merged briefing\n") and merged.strip() in markdown
    for event in result.events:
        section = event_markdown(result, event)
        assert section.startswith(f"## {event.headline}\n") and section.strip() in markdown
