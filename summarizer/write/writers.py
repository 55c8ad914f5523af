"""Writers by name: the ``writer`` setting (``--writer``) picks one; a new writer registers here.

    from summarizer.write.writers import register_writer
    register_writer("mine", lambda settings, pipeline: MyWriter(settings.briefing_words), uses_model=False)

A factory gets the run's ``Settings`` and the ``BriefingPipeline`` (for its embedder); the writer it
returns follows ``summarizer.write.writer.BriefingWriter``.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

from .compressive import CompressiveWriter
from ..config import Settings
from .fusion import FusionWriter
from ..runtime.generation import generator_for, is_seq2seq
from .writer import AbstractiveWriter, BriefingWriter, ExtractiveWriter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WriterEntry:
    """How to build a writer, and whether it needs the summarisation model (checked before a run)."""

    factory: Callable[[Settings, object], BriefingWriter]
    uses_model: bool
    description: str = ""


WRITERS: dict[str, WriterEntry] = {}


def register_writer(name: str, factory: Callable[[Settings, object], BriefingWriter], uses_model: bool = True,
                    description: str = "") -> None:
    """Make ``factory`` the writer called ``name`` (replacing one of that name)."""
    WRITERS[name] = WriterEntry(factory, uses_model, description)


def writer_entry(name: str) -> WriterEntry:
    """The registered writer ``name``.

    :raises ValueError: naming the writers there are.
    """
    if name not in WRITERS:
        raise ValueError(f"unknown writer {name!r}; choose one of {', '.join(WRITERS)} (the writer setting, --writer)")
    return WRITERS[name]


def make_writer(settings: Settings, pipeline) -> BriefingWriter:
    """The writer ``settings.writer`` names, built for this run."""
    return writer_entry(settings.writer).factory(settings, pipeline)


register_writer("abstractive", lambda s, p: AbstractiveWriter(generator_for(s, "summarization"), s.briefing_words,
                                                              s.input_token_budget),
                description="the model writes the briefing from the selected sentences")
register_writer("extractive", lambda s, p: ExtractiveWriter(s.briefing_words), uses_model=False,
                description="the selected source sentences, as they are; no generative model")
register_writer("fusion", lambda s, p: FusionWriter(generator_for(s, "summarization"), p.embedder, s.briefing_words),
                description="the selected sentences, with what several sources repeat fused by the model")

register_writer("compressive", lambda s, p: CompressiveWriter(generator_for(s, "summarization"), s.briefing_words),
                description="the selected sentences, each shortened by the model")


def best_writer_for_model(settings: Settings, pipeline) -> BriefingWriter:
    """The writer that measured best for the summarisation model's kind: a summarisation model (seq2seq:
    BART, PEGASUS, T5) writes the briefing; with an instruct model the briefing is the extractive selection
    (README, Writers measured on held-out clusters: on Multi-News clusters 200-249 every writer the offline
    instruct models drive scored below extraction, fusion the closest), and that model is not loaded."""
    if is_seq2seq(settings, "summarization"):
        return AbstractiveWriter(generator_for(settings, "summarization"), settings.briefing_words,
                                 settings.input_token_budget)
    log.warning("writer auto: the summarisation model is an instruct model, so the briefing is the extractive selection "
                "(it measured best; README: Writers measured on held-out clusters); --writer fusion lets the model "
                "fuse what sources repeat and write the headlines")
    return ExtractiveWriter(settings.briefing_words)


register_writer("auto", best_writer_for_model,
                description="abstractive with a summarisation model (BART, ...), extractive with an instruct model")
