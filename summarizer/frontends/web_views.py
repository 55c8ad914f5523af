"""What the web demo shows of a result: its tables (events, articles, briefing sentences) and Markdown
(translations side by side, a sentence's sources). Plain functions of a ``BriefingResult``, no Gradio."""
from __future__ import annotations

from ..output.briefing import BriefingResult, BriefingSentence, EventBriefing, Support
from ..output.render import translation_note
from ..languages import language_name

NO_SENTENCE = "*Click a sentence of the briefing to see the source sentences that support it.*"


def event_rows(result: BriefingResult) -> list[list]:
    """One row per event: id, headline, date, and its articles (republished copies marked)."""
    rows = []
    for event in result.events:
        copies = {copy: original for original, group in event.duplicates.items() for copy in group}
        members = [f"{a} (copy of {copies[a]})" if a in copies else a for a in event.article_ids]
        rows.append([event.event_id, event.headline, event.date or "", ", ".join(members)])
    return rows


def article_rows(result: BriefingResult) -> list[list]:
    """One row per article: id, title, detected language with its confidence, translation, date, warnings."""
    return [[a.id, a.title or "", a.language, f"{a.language_confidence:.2f}", "yes" if a.translated else "no",
             a.published or "", a.source or "", "; ".join(a.warnings)] for a in result.articles]


def translations_markdown(result: BriefingResult) -> str:
    """Each translated article sentence by sentence, the original beside its English and the English's status."""
    blocks = []
    for article in result.articles:
        if not article.translated:
            continue
        language = language_name(article.language)
        blocks.append(f"#### {article.title or article.id}\n`{article.id}` · {language}, "
                      f"confidence {article.language_confidence:.2f}")
        statuses = article.translation_status or [None] * len(article.sentences)
        rows = [f"| {number} | {_cell(original)} | {_cell(english)} | {_cell(_status(status))} |"
                for number, (original, english, status) in enumerate(zip(article.sentences, article.translation,
                                                                          statuses), start=1)]
        blocks.append("\n".join([f"| # | Original ({language}) | English | Translation |", "|---:|---|---|---|", *rows]))
        if article.warnings:
            blocks.append("**Warnings**\n" + "\n".join(f"- {warning}" for warning in article.warnings))
    return "\n\n".join(blocks) or "*No article needed translation.*"


def sentence_rows(event: EventBriefing) -> list[list]:
    """One row per briefing sentence: number, text, source sentences, fact check."""
    rows = []
    for number, sentence in enumerate(event.sentences, start=1):
        sources = ", ".join(f"{s.article_id} #{s.sentence_index + 1}" for s in sentence.sources)
        rows.append([number, sentence.text, sources, _fact_check(sentence)])
    return rows


def sources_markdown(result: BriefingResult | None, event_id: str | None, number: int) -> str:
    """The source sentences that support sentence ``number`` (from 1) of an event's briefing."""
    event = event_of(result, event_id)
    if event is None or not 1 <= number <= len(event.sentences):
        return NO_SENTENCE
    sentence = event.sentences[number - 1]
    blocks = [f"**Sentence {number}:** {sentence.text}"]
    if sentence.uncertain_translation:
        blocks.append(f"*Uncertain translation: {'; '.join(sentence.uncertain_translation)}.*")
    if not sentence.kept:
        blocks.append(f"*Fact check: {_fact_check(sentence)}.*")
    titles = {article.id: article.title for article in result.articles}
    blocks += [_support_markdown(support, titles.get(support.article_id)) for support in sentence.sources]
    if not sentence.sources:
        blocks.append("*No source sentence supports it.*")
    return "\n\n".join(blocks)


def _support_markdown(support: Support, title: str | None) -> str:
    heading = f"`{support.article_id}` sentence {support.sentence_index + 1}"
    heading += f" — {title}" if title else ""
    lines = [f"{heading} (similarity {support.score:.2f})", f"> {support.text}"]
    if support.original:
        lines += [">", f"> *Original:* {support.original}", ">",
                  f"> *Translation {translation_note(support.uncertain_translation)}*"]
    return "\n".join(lines)


def _status(status: dict | None) -> str:
    """A translated sentence's status for the translations table; a sentence kept as it is (English) says so."""
    return translation_note(status["reasons"] if status["status"] == "uncertain" else []) if status else "kept (English)"


def _fact_check(sentence: BriefingSentence) -> str:
    """``kept``, or ``removed:`` and the facts that the sources do not hold."""
    return "kept" if sentence.kept else "removed: " + (", ".join(sentence.unsupported) or "unsupported")


def event_of(result: BriefingResult | None, event_id: str | None) -> EventBriefing | None:
    """The event ``event_id`` of ``result``; None when there is none."""
    events = result.events if result is not None else []
    return next((event for event in events if event.event_id == event_id), None)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
