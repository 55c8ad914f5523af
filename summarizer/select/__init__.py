"""Select: an event's candidate sentences -> the ones its briefing is made from, within the writer's budget.

The contract is ``Selector``: ``select(candidates, vectors, budget, count_tokens)`` returns a ``Selection``, and
``signature()`` says exactly which selector it is. Selectors are found by name in ``SELECTORS`` (the ``selector``
setting, ``--selector``): ``learned`` (the packaged salience model, the default), ``centroid``, or the path of a
model file made by ``python -m eval train-selector``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np

from ..config import Settings
from ..registry import Entry, Registry
from .learned import CentroidSelector, LearnedSelector
from .selection import Selection, SourceSentence, count_words

__all__ = ["SELECTORS", "Selector", "make_selector", "register_selector"]


class Selector(Protocol):
    """Chooses sentences within a budget; ``signature`` says exactly which selector it is."""

    name: str

    def select(self, candidates: Sequence[SourceSentence], vectors: np.ndarray, budget: int,
               count_tokens: Callable[[str], int] = count_words) -> Selection: ...

    def signature(self) -> dict: ...


def selector_file(settings, context) -> Selector:
    """The learned selector of the model file ``settings.selector`` names."""
    path = Path(settings.selector).expanduser()
    if path.suffix != ".json":
        raise ValueError(f"unknown selector {settings.selector!r}; choose one of {', '.join(SELECTORS.names())} or give "
                         "a model file (.json) made by `python -m eval train-selector`")
    return LearnedSelector.load(path)


SELECTORS: Registry[Selector] = Registry("selector", "selector, --selector", other=Entry(
    "file", selector_file, "a model file (.json) made by `python -m eval train-selector`"))


def register_selector(name: str, factory, description: str = "") -> None:
    """Make ``factory(settings, pipeline)`` the selector called ``name``."""
    SELECTORS.register(name, factory, description)


register_selector("learned", lambda settings, context: LearnedSelector.load(),
                   description="the packaged salience model (default)")
register_selector("centroid", lambda settings, context: CentroidSelector(),
                   description="centroid similarity, a lead bonus and MMR; no model")


def make_selector(name: str) -> Selector:
    """The selector called ``name``: a registered name or a model file's path."""
    return SELECTORS.create(name, Settings(selector=name), None)
