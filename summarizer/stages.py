"""Clusterers and checkers by name, as writers are (``summarizer.writers``) and selectors (``summarizer.selector``).

The ``clusterer`` and ``checker`` settings pick one; a new one registers here:

    from summarizer.stages import register_clusterer
    register_clusterer("one-event", lambda settings, embedder: OneEvent())

A factory gets the run's ``Settings`` and the pipeline's sentence ``Embedder``. A clusterer is called with
the articles and returns ``events.Event`` objects; a checker has ``check``, ``facts_of`` (of articles, and of the
service's own statements) and ``supported`` as ``checking.BriefingChecker`` does; both have ``signature()``.
"""
from __future__ import annotations

from typing import Callable

from .checking import BriefingChecker
from .config import Settings
from .embeddings import Embedder
from .events import DEFAULT_EVENT_THRESHOLD, EventClusterer

StageFactory = Callable[[Settings, Embedder], object]
CLUSTERERS: dict[str, StageFactory] = {}
CHECKERS: dict[str, StageFactory] = {}


def register_clusterer(name: str, factory: StageFactory) -> None:
    """Make ``factory`` the clusterer called ``name`` (replacing one of that name)."""
    CLUSTERERS[name] = factory


def register_checker(name: str, factory: StageFactory) -> None:
    """Make ``factory`` the checker called ``name`` (replacing one of that name)."""
    CHECKERS[name] = factory


def stage_factory(kind: str, name: str) -> StageFactory:
    """The registered ``kind`` ("clusterer" or "checker") called ``name``.

    :raises ValueError: naming the ones there are.
    """
    registry = {"clusterer": CLUSTERERS, "checker": CHECKERS}[kind]
    if name not in registry:
        raise ValueError(f"unknown {kind} {name!r}; choose one of {', '.join(registry)} (the {kind} setting)")
    return registry[name]


def _events(settings: Settings, embedder: Embedder) -> EventClusterer:
    threshold = settings.event_threshold
    return EventClusterer(embedder, DEFAULT_EVENT_THRESHOLD if threshold is None else threshold)


register_clusterer("events", _events)
register_checker("facts", lambda settings, embedder: BriefingChecker(embedder))
