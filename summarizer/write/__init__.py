"""Write: an event's selected sentences -> its briefing, headline and the merged overview.

The contract is ``BriefingWriter`` (``summarizer.write.writer``): ``input_budget``, ``write_event``,
``write_headline``, ``write_overview``, ``signature``, with ``name`` and ``uses_model``. Writers are found by
name in ``WRITERS`` (the ``writer`` setting, ``--writer``); a new one is one registration:

    from summarizer import register_writer
    register_writer("mine", lambda settings, pipeline: MyWriter(settings.briefing_words))

A factory gets the run's ``Settings`` and the ``BriefingPipeline`` (for its embedder).
"""
from __future__ import annotations

import logging

from ..config import Settings
from ..registry import Registry
from ..runtime.generation import generator_for, is_seq2seq
from .compressive import CompressiveWriter
from .fusion import FusionWriter
from .writer import AbstractiveWriter, BriefingWriter, ExtractiveWriter

__all__ = ["WRITERS", "BriefingWriter", "register_writer"]
log = logging.getLogger(__name__)

WRITERS: Registry[BriefingWriter] = Registry("writer", "writer, --writer")


def register_writer(name: str, factory, description: str = "", uses_model: bool = True) -> None:
    """Make ``factory(settings, pipeline)`` the writer called ``name``; ``uses_model``: it needs the summarisation
    model (checked before a run)."""
    WRITERS.register(name, factory, description, uses_model)


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
    (docs/evaluation.md, Writers measured on held-out clusters: on Multi-News clusters 200-249 every writer the offline
    instruct models drive scored below extraction, fusion the closest), and that model is not loaded."""
    if is_seq2seq(settings, "summarization"):
        return AbstractiveWriter(generator_for(settings, "summarization"), settings.briefing_words,
                                 settings.input_token_budget)
    log.warning("writer auto: the summarisation model is an instruct model, so the briefing is the extractive selection "
                "(it measured best; docs/evaluation.md: Writers measured on held-out clusters); --writer fusion lets the model "
                "fuse what sources repeat and write the headlines")
    return ExtractiveWriter(settings.briefing_words)


register_writer("auto", best_writer_for_model,
                description="abstractive with a summarisation model (BART, ...), extractive with an instruct model")
