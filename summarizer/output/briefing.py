"""The result of a briefing run: JSON-ready dataclasses with stable keys.

The JSON layout is described by ``briefing.schema.json`` beside this module
(``BriefingResult.to_dict()`` validates against it); ``summarizer.output.render`` turns a result into
Markdown. The command line and the web demo share these records.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .render import to_markdown

SCHEMA_VERSION = "1.7"  # 1.7: events' headline_origin; 1.6: translation status (articles' translation_status, sources' and sentences' uncertain_translation); 1.5: signature.models (names and what pins the weights); 1.4: signature of every stage; 1.3: mode is the writer's name, origin "source" for any verbatim source sentence


@dataclass
class Support:
    """A source sentence that supports a briefing sentence."""

    article_id: str
    sentence_index: int  # position in the article's sentence list, from 0
    text: str  # the English sentence (the translation for translated articles)
    original: str | None  # the original-language sentence when ``text`` is a translation
    score: float  # similarity of the briefing sentence to this source sentence, 0..1
    uncertain_translation: list[str] = field(default_factory=list)  # why ``text`` is an uncertain translation


@dataclass
class BriefingSentence:
    """One sentence of a briefing, with the source sentences behind it and its fact check."""

    text: str
    sources: list[Support] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)  # facts not found in the sources
    kept: bool = True  # False when the fact check removed it from the briefing text
    # "generated" (by the model, or the extractive overview's one line), or "source": a source sentence as
    # it stands (extractive briefings, and the stand-in for a generated sentence the fact check removed)
    origin: str = "generated"
    # why the sentence, a translated source sentence word for word, is an uncertain translation; empty otherwise
    uncertain_translation: list[str] = field(default_factory=list)


@dataclass
class ArticleInfo:
    """What the briefing says about one input article."""

    id: str
    title: str | None
    language: str
    language_confidence: float
    published: str | None
    source: str | None
    translated: bool
    warnings: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)  # the cleaned text, sentence by sentence
    translation: list[str] | None = None  # English of each sentence, when translated
    sentence_languages: list[str] | None = None  # language each sentence was taken for, when routed ("en": kept)
    # per sentence, when translated: {"status": "checked" | "uncertain", "reasons"}, or None (kept as it is)
    translation_status: list[dict | None] | None = None


@dataclass
class EventBriefing:
    """The briefing of one event: its articles, headline and sentences."""

    event_id: str
    headline: str
    article_ids: list[str]
    duplicates: dict[str, list[str]]  # representative article id -> ids of its republished copies
    date: str | None  # earliest known date of its articles (ISO), if any
    sentences: list[BriefingSentence]
    selection_note: str  # what the selection chose, e.g. "24 of 61 sentences (1,490 tokens)" or "(150 words)"
    headline_origin: str = "generated"  # summarizer.write.headlines.ORIGINS: title, generated, sentence, clause, cut, none

    @property
    def summary_text(self) -> str:
        """The briefing text: the kept sentences, joined."""
        return " ".join(s.text for s in self.sentences if s.kept)

    @classmethod
    def from_dict(cls, data: dict) -> "EventBriefing":
        """The briefing back from ``dataclasses.asdict`` output (derived keys such as ``summary_text`` ignored)."""
        sentences = [BriefingSentence(s["text"], [Support(**support) for support in s["sources"]], s["unsupported"],
                                      s["kept"], s.get("origin", "generated"), s.get("uncertain_translation", []))
                     for s in data["sentences"]]
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "sentences"}
        return cls(**fields, sentences=sentences)


@dataclass
class MergedBriefing:
    """The briefing across events: an overview, then one paragraph per event in order."""

    overview: list[BriefingSentence]
    paragraphs: list[dict]  # {"event_id", "headline", "date", "text"}

    @property
    def text(self) -> str:
        overview = " ".join(s.text for s in self.overview if s.kept)
        return "\n\n".join(part for part in [overview] + [p["text"] for p in self.paragraphs] if part)


@dataclass
class BriefingResult:
    """Everything a run produced, plus the settings and timings that produced it."""

    mode: str  # the writer's name: "abstractive", "extractive", "fusion", ...
    models: dict[str, str]  # role -> model name (those of signature["models"]), "selector" and "writer"
    articles: list[ArticleInfo]
    rejected: list[dict]  # {"source", "reason"}
    events: list[EventBriefing]
    merged: MergedBriefing
    timings: dict[str, float]  # stage -> seconds
    # stage -> its signature (BriefingPipeline.signature): models, prompts' hash, decoding, thresholds, code version
    signature: dict = field(default_factory=dict)
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict:
        """A JSON-ready dict; derived texts (``summary_text``, ``merged.text``) included."""
        data = asdict(self)
        for event, event_data in zip(self.events, data["events"]):
            event_data["summary_text"] = event.summary_text
        data["merged"]["text"] = self.merged.text
        return data

    def to_json(self, indent: int | None = 2) -> str:
        """The result as JSON (``briefing.schema.json``), as ``summarizer brief`` writes ``briefing.json``."""
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_markdown(self) -> str:
        """The result as Markdown, as ``summarizer brief`` writes ``briefing.md``."""
        return to_markdown(self)
