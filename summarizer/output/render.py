"""Turn a ``BriefingResult`` into a Markdown report, and write the JSON and Markdown outputs.

The report reads top down: a run summary; the merged briefing; each event's briefing with its
articles, footnote-style source references (``[1]``) under a "Sources" list, and the sentences
the fact check removed; then the articles' warnings, rejected inputs and timings.
``to_markdown`` is pure (no I/O), and so are ``merged_markdown`` and ``event_markdown``, its
sections for a page that shows them apart; ``write_outputs`` writes ``briefing.json`` and ``briefing.md``.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..signatures import signature_digest
from .outputs import write_atomically

if TYPE_CHECKING:  # the result's types, for annotations: briefing.py imports this module
    from .briefing import ArticleInfo, BriefingResult, BriefingSentence, EventBriefing

JSON_NAME = "briefing.json"
MARKDOWN_NAME = "briefing.md"
TITLE = "News briefing"


def to_markdown(result: BriefingResult) -> str:
    """The briefing as a Markdown document.

    :param result: a finished run.
    :return: the Markdown text, ending with a newline.
    """
    articles = {article.id: article for article in result.articles}
    blocks = [f"# {TITLE}", _run_summary(result), *_merged_section(result)]
    for event in result.events:
        blocks += _event_section(event, articles)
    blocks += _articles_section(result.articles)
    blocks += _rejected_section(result.rejected)
    blocks += _timings_section(result.timings)
    return "\n\n".join(blocks) + "\n"


def merged_markdown(result: BriefingResult) -> str:
    """The "Merged briefing" section of ``to_markdown``: overview, one paragraph per event, removed sentences."""
    return "\n\n".join(_merged_section(result)) + "\n"


def event_markdown(result: BriefingResult, event: EventBriefing) -> str:
    """One event's section of ``to_markdown``: headline, date, articles, the briefing with ``[n]``
    source references, the sources, and the sentences the fact check removed."""
    articles = {article.id: article for article in result.articles}
    return "\n\n".join(_event_section(event, articles)) + "\n"


def write_outputs(result: BriefingResult, out_dir: Path) -> tuple[Path, Path]:
    """Write ``briefing.json`` and ``briefing.md`` into ``out_dir`` (made when needed), each replaced atomically.

    :param result: a finished run.
    :param out_dir: the folder to write into.
    :return: the paths of the JSON file and the Markdown file.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, markdown_path = out_dir / JSON_NAME, out_dir / MARKDOWN_NAME
    write_atomically({json_path: result.to_json() + "\n", markdown_path: to_markdown(result)})
    return json_path, markdown_path


def _run_summary(result: BriefingResult) -> str:
    models = ", ".join(f"{role} `{name}`" for role, name in result.models.items()) or "none"
    parts = [
        f"Mode: {result.mode}",
        f"models: {models}",
        f"{_count(len(result.articles), 'article')}, {_count(len(result.events), 'event')}",
        f"{len(result.rejected)} rejected",
    ]
    if result.signature:
        parts.append(f"signature `{signature_digest(result.signature)}` (every stage's settings, in briefing.json)")
    return " · ".join(parts)


def _merged_section(result: BriefingResult) -> list[str]:
    merged = result.merged
    blocks = ["## Merged briefing"]
    overview = _kept_text(merged.overview)
    if overview:
        blocks.append(overview)
    for paragraph in merged.paragraphs:
        date = f" ({paragraph['date']})" if paragraph.get("date") else ""
        text = f" — {paragraph['text']}" if paragraph.get("text") else ""
        blocks.append(f"**{paragraph['headline']}**{date}{text}")
    if len(blocks) == 1:
        blocks.append("*No briefing: no articles were loaded.*")
    blocks += _removed_list(merged.overview)
    return blocks


def _event_section(event: EventBriefing, articles: dict[str, ArticleInfo]) -> list[str]:
    blocks = [f"## {event.headline}"]
    details = [f"Date: {event.date}" if event.date else "Date: unknown"]
    if event.selection_note:
        details.append(f"selected: {event.selection_note}")
    blocks.append(" · ".join(details))
    blocks.append(_event_articles_table(event, articles))
    references: dict[tuple[str, int], int] = {}
    sources: list[str] = []
    written = []
    for sentence in event.sentences:
        if not sentence.kept:
            continue
        marks = []
        for support in sentence.sources:
            key = (support.article_id, support.sentence_index)
            if key not in references:
                references[key] = len(references) + 1
                number = support.sentence_index + 1
                line = f'- [{references[key]}] {support.article_id} #{number}: "{support.text}"'
                if support.original:
                    line += f' (original: *"{support.original}"*; translation {translation_note(support.uncertain_translation)})'
                sources.append(line)
            marks.append(f"[{references[key]}]")
        if sentence.uncertain_translation:
            marks.append(f"*(uncertain translation: {'; '.join(sentence.uncertain_translation)})*")
        written.append(" ".join([sentence.text, *marks]) if marks else sentence.text)
    if written:
        blocks.append(" ".join(written))
    else:
        reason = "no sentence passed the fact check" if event.sentences else "no sentence was written"
        blocks.append(f"*No briefing: {reason}.*")
    if sources:
        blocks += ["**Sources**", "\n".join(sources)]
    blocks += _removed_list(event.sentences)
    return blocks


def translation_note(reasons: list[str]) -> str:
    """A translated sentence's status as the Markdown shows it: "checked", or "uncertain: " and the reasons."""
    return "uncertain: " + "; ".join(reasons) if reasons else "checked"


def _event_articles_table(event: EventBriefing, articles: dict[str, ArticleInfo]) -> str:
    copy_of = {copy: original for original, copies in event.duplicates.items() for copy in copies}
    order: list[str] = []
    for article_id in event.article_ids:
        for listed in (article_id, *event.duplicates.get(article_id, [])):
            if listed not in order:
                order.append(listed)
    order += [copy for copy in copy_of if copy not in order]
    rows = [["Article", "Title", "Language", "Translated", "Note"]]
    for article_id in order:
        article = articles.get(article_id)
        note = f"copy of {copy_of[article_id]}" if article_id in copy_of else ""
        if article is None:
            rows.append([article_id, "", "", "", note or "not among the loaded articles"])
            continue
        rows.append([
            article_id,
            article.title or "",
            _language(article),
            "yes" if article.translated else "no",
            note,
        ])
    return _table(rows)


def _removed_list(sentences: list[BriefingSentence]) -> list[str]:
    lines = []
    for position, sentence in enumerate(sentences):
        if sentence.kept:
            continue
        if sentence.unsupported:
            facts = ", ".join(f'"{fact}"' for fact in sentence.unsupported)
            reason = f"unsupported: {facts}"
        else:
            reason = "not supported by the sources"
        if _has_stand_in(sentences, position):
            reason += "; its best supporting source sentence stands in its place"
        lines.append(f'- "{sentence.text}" ({reason})')
    return ["**Removed by the fact check**", "\n".join(lines)] if lines else []


def _has_stand_in(sentences: list[BriefingSentence], position: int) -> bool:
    """Whether the generated sentence at ``position`` was removed and a source sentence follows in its place."""
    following = sentences[position + 1] if position + 1 < len(sentences) else None
    return (sentences[position].origin == "generated" and following is not None and following.kept
            and following.origin == "source")


def _articles_section(articles: list[ArticleInfo]) -> list[str]:
    blocks = ["## Articles"]
    if not articles:
        return blocks + ["*No articles were loaded.*"]
    rows = [["Article", "Title", "Language", "Published", "Translated", "Source"]]
    for article in articles:
        rows.append([
            article.id,
            article.title or "",
            _language(article),
            article.published or "",
            "yes" if article.translated else "no",
            article.source or "",
        ])
    blocks.append(_table(rows))
    warnings = [f"- {a.id}: {warning}" for a in articles for warning in a.warnings]
    if warnings:
        blocks += ["**Warnings**", "\n".join(warnings)]
    return blocks


def _rejected_section(rejected: list[dict]) -> list[str]:
    if not rejected:
        return []
    lines = [f"- `{item['source']}`: {item['reason']}" for item in rejected]
    return ["## Rejected inputs", "\n".join(lines)]


def _timings_section(timings: dict[str, float]) -> list[str]:
    if not timings:
        return []
    rows = [["Stage", "Seconds"]]
    rows += [[stage, f"{seconds:.2f}"] for stage, seconds in timings.items()]
    return ["## Timings", _table(rows, right_aligned=frozenset({1}))]


def _language(article: ArticleInfo) -> str:
    if article.language_confidence:
        return f"{article.language} ({article.language_confidence:.2f})"
    return article.language


def _kept_text(sentences: list[BriefingSentence]) -> str:
    return " ".join(sentence.text for sentence in sentences if sentence.kept)


def _table(rows: list[list[str]], right_aligned: frozenset[int] = frozenset()) -> str:
    """A Markdown table; the first row is the header. Cell pipes and line breaks are escaped."""
    header, *body = rows
    rule = ["---:" if column in right_aligned else "---" for column in range(len(header))]
    return "\n".join(_row(cells) for cells in [header, rule, *body])


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def _cell(text: str) -> str:
    """A table cell: pipes escaped (``\\|``), line breaks turned into spaces."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
