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
from dataclasses import dataclass
from typing import Callable, Sequence

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


@dataclass(frozen=True)
class WriterMeasure:
    """A writer as measured on held-out clusters: its R-1 and R-2 difference from the best writer's, item by item
    (mean, low, high of the 95% paired bootstrap interval), repeated facts per briefing, cut headlines, seconds a
    cluster."""

    name: str
    rouge1_vs_best: tuple[float, float, float]
    rouge2_vs_best: tuple[float, float, float]
    repeats_per_briefing: float
    cut_headlines: int
    seconds: float


def choose_default_writer(measured: Sequence[WriterMeasure]) -> str:
    """The writer a reader is best served by: of those whose R-1 and R-2 are within the paired 95% interval of
    the best writer's (the interval of the difference reaches 0) and that cut no headline, the one with the
    fewest repeated facts; on a tie, the faster.

    :raises ValueError: when no writer qualifies (a measurement table to fix, not a run to guess).
    """
    eligible = [m for m in measured
                if m.rouge1_vs_best[2] >= 0 and m.rouge2_vs_best[2] >= 0 and m.cut_headlines == 0]
    if not eligible:
        raise ValueError("choose_default_writer: no measured writer is within the best's interval and cuts no "
                         "headline; measure again (docs/briefing-quality.md)")
    return min(eligible, key=lambda m: (m.repeats_per_briefing, m.seconds)).name


# Writers driven by the offline instruct model (qwen-0.5b), Multi-News val250 clusters 200-249, 200 words, the
# selector trained on clusters 0-199 (docs/briefing-quality.md): differences from the best, repeated
# facts per briefing, cut headlines, seconds a cluster.
MEASURED_WITH_INSTRUCT_MODEL = (
    WriterMeasure("fusion", (0.0, 0.0, 0.0), (0.0, 0.0, 0.0), 0.0, 0, 7.88),  # the best R-1 (44.53)
    WriterMeasure("extractive", (-0.05, -0.31, 0.17), (-0.07, -0.32, 0.14), 0.0, 0, 0.34),
)


def best_writer_for_model(settings: Settings, pipeline) -> BriefingWriter:
    """The writer ``auto`` resolves to. A summarisation model (seq2seq: BART, PEGASUS, T5) writes the briefing.
    With an instruct model, the writer ``choose_default_writer`` picks from ``MEASURED_WITH_INSTRUCT_MODEL``;
    an extractive briefing then gets the model's headline (where no article has a title) and overview."""
    if is_seq2seq(settings, "summarization"):
        return AbstractiveWriter(generator_for(settings, "summarization"), settings.briefing_words,
                                 settings.input_token_budget)
    name = choose_default_writer(MEASURED_WITH_INSTRUCT_MODEL)
    log.warning("writer auto: %s, chosen by what a reader gets on held-out clusters (docs/briefing-quality.md): "
                "ROUGE within the best's interval, the fewest repeated facts, no cut headline, the fastest%s; "
                "--writer NAME picks another", name,
                "; the model writes the headlines and the overview" if name == "extractive" else "")
    if name == "extractive":
        return ExtractiveWriter(settings.briefing_words, generator_for(settings, "summarization"))
    return WRITERS.create(name, settings, pipeline)


register_writer("auto", best_writer_for_model,
                description="abstractive with a summarisation model (BART, ...); with an instruct model the writer "
                            "measured best for readers (docs/briefing-quality.md)")
