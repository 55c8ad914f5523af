"""Events: the articles, in English, -> events (groups of articles about one happening).

The contract is ``Clusterer``: called with the articles, it returns ``Event`` objects; ``signature()`` says what
shapes its output. Clusterers are found by name in ``CLUSTERERS`` (the ``clusterer`` setting); a new one is one
registration, ``register_clusterer(name, factory)``, with ``factory(settings, pipeline)``.
"""
from __future__ import annotations

from typing import Protocol, Sequence

from ..articles import Article
from ..registry import Registry
from .clustering import DEFAULT_EVENT_THRESHOLD, Event, EventClusterer

__all__ = ["CLUSTERERS", "Clusterer", "Event", "register_clusterer"]


class Clusterer(Protocol):
    """Groups articles into events."""

    def __call__(self, articles: Sequence[Article]) -> list[Event]: ...

    def signature(self) -> dict: ...


CLUSTERERS: Registry[Clusterer] = Registry("clusterer", "clusterer")


def register_clusterer(name: str, factory, description: str = "") -> None:
    """Make ``factory(settings, pipeline)`` the clusterer called ``name``."""
    CLUSTERERS.register(name, factory, description)


def events_clusterer(settings, pipeline) -> EventClusterer:
    """The default clusterer on the pipeline's embedder, at the settings' event threshold."""
    threshold = settings.event_threshold
    return EventClusterer(pipeline.embedder, DEFAULT_EVENT_THRESHOLD if threshold is None else threshold)


register_clusterer("events", events_clusterer,
                   description="embeddings, words, numbers and names, average linkage (the event_threshold setting)")
