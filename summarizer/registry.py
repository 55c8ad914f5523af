"""One registry for every kind of stage: stages are found by the name a setting gives.

Each stage package holds one ``Registry`` (``summarizer.write.WRITERS``, ``summarizer.events.CLUSTERERS``,
``summarizer.check.CHECKERS``, ``summarizer.select.SELECTORS``, ``summarizer.translate.TRANSLATORS``,
``summarizer.runtime.RUNTIMES``). A factory has one signature, ``factory(settings, context) -> stage``: the run's
``Settings`` and what the stage is built from (the ``BriefingPipeline`` for stages, the model being loaded for
runtimes). A new stage is one registration:

    from summarizer import register_writer
    register_writer("lead", lambda settings, pipeline: LeadWriter(settings.briefing_words),
                    description="the first sentences of each article")

It then shows in ``summarizer brief --help``, the web demo's choices and ``python -m eval run --systems``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, TypeVar

Stage = TypeVar("Stage")
Factory = Callable[[Any, Any], Stage]  # (settings, context) -> stage


@dataclass(frozen=True)
class Entry(Generic[Stage]):
    """A registered stage: how to build it, one line for help texts, and whether it needs a generative model."""

    name: str
    factory: Factory
    description: str = ""
    uses_model: bool = False


class Registry(Generic[Stage]):
    """Named factories of one kind of stage.

    :param kind: what the stages are ("writer"), for messages.
    :param setting: the setting that names one ("writer"), for messages.
    :param other: when given, a name that is not registered goes to this entry's factory (a model name for the
        translator, a model file for the selector), described by ``other.description``.
    """

    def __init__(self, kind: str, setting: str, other: Entry | None = None):
        self.kind, self.setting, self.other = kind, setting, other
        self._entries: dict[str, Entry] = {}

    def register(self, name: str, factory: Factory, description: str = "", uses_model: bool = False) -> None:
        """Make ``factory`` the stage called ``name`` (replacing one of that name)."""
        self._entries[name] = Entry(name, factory, description, uses_model)

    def remove(self, name: str) -> None:
        """Forget the stage called ``name`` (a plug-in's or a test's)."""
        del self._entries[name]

    def names(self) -> list[str]:
        """The registered names, in the order they were registered."""
        return list(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def entry(self, name: str) -> Entry:
        """The entry called ``name`` (or the ``other`` entry for an unregistered name, when there is one).

        :raises ValueError: naming the registered names and the setting.
        """
        if name in self._entries:
            return self._entries[name]
        if self.other is not None:
            return self.other
        raise ValueError(f"unknown {self.kind} {name!r}; choose one of {', '.join(self._entries)} "
                         f"(the {self.setting} setting)")

    def create(self, name: str, settings: Any, context: Any) -> Stage:
        """The stage called ``name``, built for ``settings`` from ``context``."""
        return self.entry(name).factory(settings, context)

    def help(self) -> str:
        """One line per name for help texts: ``name: description``."""
        lines = [f"{entry.name}: {entry.description}" if entry.description else entry.name
                 for entry in self._entries.values()]
        if self.other is not None:
            lines.append(self.other.description)
        return "; ".join(lines)
