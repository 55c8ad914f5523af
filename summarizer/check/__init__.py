"""Check: every briefing sentence tied to the source sentences behind it and kept only when they support it.

The contract is ``Checker`` (as ``BriefingChecker`` does it): ``check`` a briefing's sentences against an event's
sources, ``facts_of`` the sources (and the service's own statements, such as the overview's counts),
``supported`` for one text, and ``signature()``. Checkers are found by name in
``CHECKERS`` (the ``checker`` setting); a new one is ``register_checker(name, factory)``, with
``factory(settings, pipeline)``.
"""
from __future__ import annotations

from typing import Protocol, Sequence

from ..output.briefing import BriefingSentence
from ..registry import Registry
from ..select.selection import SourceSentence
from .checker import BriefingChecker
from ..facts import FactIndex

__all__ = ["CHECKERS", "Checker", "register_checker"]


class Checker(Protocol):
    """Checks briefing sentences against their sources."""

    def check(self, texts: Sequence[str], candidates: Sequence[SourceSentence], index: FactIndex,
              repair: bool = False) -> list[BriefingSentence]: ...

    def facts_of(self, articles, statements: Sequence[str] = ()) -> FactIndex: ...

    def supported(self, text: str, index: FactIndex) -> bool: ...

    def signature(self) -> dict: ...


CHECKERS: Registry[Checker] = Registry("checker", "checker")


def register_checker(name: str, factory, description: str = "") -> None:
    """Make ``factory(settings, pipeline)`` the checker called ``name``."""
    CHECKERS.register(name, factory, description)


register_checker("facts", lambda settings, pipeline: BriefingChecker(pipeline.embedder),
                 description="numbers, months and names against the sources, each sentence attributed")
