"""A small but complete hand-built ``BriefingResult`` shared by the schema and render tests.

Two events; one Indonesian article translated into English; one republished copy; one briefing
sentence removed by the fact check; one rejected input; a title with a pipe in it.
"""
from __future__ import annotations

from summarizer.output.briefing import (
    ArticleInfo,
    BriefingResult,
    BriefingSentence,
    EventBriefing,
    MergedBriefing,
    Support,
)

PORT_SOURCE_EN = "The Arunika container terminal opened on 3 June with 14 cranes."
PORT_SOURCE_ID_EN = "The terminal can handle 1.4 million containers a year."
PORT_SOURCE_ID = "Terminal itu mampu menangani 1,4 juta peti kemas per tahun."
REMOVED_SENTENCE = "The terminal cost 9 trillion rupiah."
SUMMIT_SOURCE = "Leaders of eleven coastal provinces signed the Meraya Declaration."


def sample_result() -> BriefingResult:
    """A finished run over four articles (one a copy) and one rejected file."""
    articles = [
        ArticleInfo(
            id="port-en",
            title="Sindara opens Arunika terminal | Harbour Ledger",
            language="en",
            language_confidence=0.99999,
            published="2025-06-03",
            source="news/wire.jsonl:1",
            translated=False,
        ),
        ArticleInfo(
            id="port-id",
            title="Terminal Arunika resmi beroperasi",
            language="id",
            language_confidence=0.9999,
            published="2025-06-04",
            source="news/pelabuhan.txt",
            translated=True,
            warnings=["sentence 4: name 'Kirana' missing"],
        ),
        ArticleInfo(
            id="port-en-copy",
            title="Sindara opens Arunika terminal",
            language="en",
            language_confidence=0.98,
            published=None,
            source="news/copy.txt",
            translated=False,
        ),
        ArticleInfo(
            id="summit-en",
            title=None,
            language="en",
            language_confidence=0.95,
            published=None,
            source=None,
            translated=False,
        ),
    ]
    port = EventBriefing(
        event_id="event-1",
        headline="Sindara opens the Arunika container terminal",
        article_ids=["port-en", "port-id"],
        duplicates={"port-en": ["port-en-copy"]},
        date="2025-06-03",
        sentences=[
            BriefingSentence(
                text="Sindara opened the Arunika container terminal on 3 June.",
                sources=[Support("port-en", 0, PORT_SOURCE_EN, None, 0.91)],
            ),
            BriefingSentence(
                text="It can handle 1.4 million containers a year with 14 cranes.",
                sources=[
                    Support("port-id", 2, PORT_SOURCE_ID_EN, PORT_SOURCE_ID, 0.84),
                    Support("port-en", 0, PORT_SOURCE_EN, None, 0.62),
                ],
            ),
            BriefingSentence(
                text=REMOVED_SENTENCE,
                sources=[Support("port-id", 5, "The terminal cost 6.2 trillion rupiah.",
                                 "Terminal itu menelan biaya Rp 6,2 triliun.", 0.7)],
                unsupported=["9 trillion"],
                kept=False,
            ),
        ],
        selection_note="9 of 14 sentences (310 tokens)",
    )
    summit = EventBriefing(
        event_id="event-2",
        headline="Coastal leaders sign the Meraya Declaration",
        article_ids=["summit-en"],
        duplicates={},
        date=None,
        sentences=[
            BriefingSentence(
                text="Eleven coastal provinces signed the Meraya Declaration.",
                sources=[Support("summit-en", 1, SUMMIT_SOURCE, None, 0.88)],
            ),
        ],
        selection_note="all 6 sentences (140 tokens)",
    )
    merged = MergedBriefing(
        overview=[
            BriefingSentence(
                text="Two coastal stories lead the briefing.",
                sources=[Support("port-en", 0, PORT_SOURCE_EN, None, 0.4)],
            ),
        ],
        paragraphs=[
            {"event_id": e.event_id, "headline": e.headline, "date": e.date, "text": e.summary_text}
            for e in (port, summit)
        ],
    )
    return BriefingResult(
        mode="abstractive",
        models={
            "embedding": "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2",
            "translation": "Helsinki-NLP/opus-mt-id-en",
            "summarization": "facebook/bart-large-cnn",
        },
        articles=articles,
        rejected=[{"source": "news/photo.png", "reason": "unsupported file type '.png'"}],
        events=[port, summit],
        merged=merged,
        timings={"load": 0.12, "translate": 3.456, "summarize": 10.0},
        signature={"code": "0.5.0", "models": {
            "embedding": {"name": "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2",
                          "hub_id": "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2", "revision": None},
            "translation": {"name": "Helsinki-NLP/opus-mt-id-en", "hub_id": "Helsinki-NLP/opus-mt-id-en", "revision": None},
            "summarization": {"name": "facebook/bart-large-cnn", "hub_id": "facebook/bart-large-cnn", "revision": None}}},
    )
