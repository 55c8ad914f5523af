"""The check stage: every briefing sentence tied to the source sentences that support it
(``attribution``), and kept only when the sources state every number, month and name in it
(``faithfulness``). One object, so the pipeline, batch, Ray and every eval system check alike.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from .. import facts
from . import attribution
from ..output.briefing import BriefingSentence, Support
from ..runtime.embeddings import Embedder
from ..facts import FactIndex
from .faithfulness import source_facts, unsupported_facts
from ..select.selection import SourceSentence


class BriefingChecker:
    """Attributes and fact-checks written sentences against an event's candidate source sentences.

    :param embedder: the pipeline's sentence embedder (its cache already holds the candidates' vectors).
    """

    name = "facts+attribution"

    def __init__(self, embedder: Embedder):
        self.embedder = embedder

    def check(self, texts: Sequence[str], candidates: Sequence[SourceSentence], index: FactIndex,
              repair: bool = False) -> list[BriefingSentence]:
        """Briefing sentences with their sources; those stating facts not in ``index`` are not kept.

        A text that is one of the ``candidates`` word for word is a ``"source"`` sentence, any other ``"generated"``;
        a source sentence that is an uncertain translation carries the reasons in ``uncertain_translation``.

        :param repair: put the best supporting source sentence of each sentence not kept in its place
            (unless the briefing holds it already), so the briefing keeps its length and every fact.
        """
        links = attribution.attribute(texts, candidates, self.embedder)
        source_texts = {c.text: list(c.uncertain) for c in candidates}
        checked = []
        for text, sources in zip(texts, links):
            problems = unsupported_facts(text, index)
            origin = "source" if text in source_texts else "generated"
            checked.append(BriefingSentence(text, sources, problems, kept=not problems, origin=origin,
                                            uncertain_translation=source_texts.get(text, [])))
            if problems and repair:
                checked += _stand_in(sources, {s.text for s in checked if s.kept} | set(texts))
        return checked

    @staticmethod
    def facts_of(articles, statements: Sequence[str] = ()) -> FactIndex:
        """The index a briefing of ``articles`` is checked against; ``statements``: what the service states itself
        about the result (``faithfulness.own_statements``), checked against it rather than the sources."""
        return source_facts(articles, statements)

    @staticmethod
    def supported(text: str, index: FactIndex) -> bool:
        """Whether every fact of ``text`` (a headline, say) is in ``index``."""
        return not unsupported_facts(text, index)

    def signature(self) -> dict:
        return {"name": self.name, "top_k": attribution.TOP_K, "min_support": attribution.MIN_SUPPORT,
                "min_shared_prefix": facts.MIN_SHARED_PREFIX, "name_similarity": facts.NAME_SIMILARITY}


def _stand_in(sources: Sequence[Support], present: set[str]) -> list[BriefingSentence]:
    """The best of ``sources`` not ``present`` in the briefing, as a source sentence; none when all are."""
    for support in sources:
        if support.text not in present:
            return [BriefingSentence(support.text, [replace(support, score=1.0)], origin="source",
                                     uncertain_translation=list(support.uncertain_translation))]
    return []
