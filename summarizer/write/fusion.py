"""The fusion writer: the selected sentences as they are, except those that several sources say in
their own words, which the model fuses into one sentence.

The writer reads a pool of ``FUSION_POOL`` times the briefing's words, chosen by the selector.
Sentences from different articles say the same thing when their embeddings are at least
``GROUP_SIMILARITY`` alike and they share a fact (a number, a month or a name that most of the pool
does not state), or are at least ``SAME_SIMILARITY`` alike; the most alike pairs are grouped first,
at most ``MAX_GROUP`` sentences, one per article, each two of them alike. Sentences are taken in the
selector's order while they fit the briefing's words; where a group comes up (at its first-chosen
member) the model fuses it into one sentence, which stands for the whole group. A fusion that loses a
number, month or name of its group, adds one, or is not shorter than the group is refused, and the
group's sentences then stand as they are, each in its turn (as the extractive writer takes them: grouped
on similarity and a shared name, they may still say different things), except one that states a fact the
briefing already states (``repeats.same_fact``): no text, fused or not, says a fact twice. So the words a fusion frees go
to the next sentences, and without a fusion the briefing is the extractive one; it is in reading order.
Headline and overview are the model's, as the abstractive writer writes them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from ..config import DEFAULT_BRIEFING_WORDS
from ..facts import extract_facts, missing_facts
from ..runtime.embeddings import Embedder
from ..runtime.generation import GenerationSettings, TextGenerator
from ..select.repeats import SIGNATURE as SAME_FACT_SIGNATURE, restates
from ..select.selection import Selection, SourceSentence, count_words
from ..signatures import prompt_digest
from .writer import NO_REPEAT_NGRAM, TOKENS_PER_WORD, ModelWrittenTitles, complete_sentences

# Words of selected sentences read per word of the briefing: room for the sentences that fusing lets in.
FUSION_POOL = 1.5
# Cosine similarity (all-MiniLM-L6-v2) at which two sentences sharing a fact count as saying the same
# thing; at SAME_SIMILARITY they do without one. Set before any measurement, not tuned: paraphrases of one
# fact score about 0.6-0.8 with this model, and the selector already keeps out pairs above 0.8.
GROUP_SIMILARITY = 0.6
SAME_SIMILARITY = 0.8
MAX_GROUP = 3
# A fused sentence shorter than this is a fragment, not a sentence.
MIN_FUSED_WORDS = 6
FUSE_INSTRUCTION = (
    "The user gives you sentences from different news articles that report the same thing. Write one sentence "
    "that reports it once, with every name, number and date they give, copied exactly. Reply with that one "
    "sentence only.")


@dataclass
class Fusion:
    """One group of the pool: its sentences (first-chosen first) and the text that stands for them."""

    sentences: list[SourceSentence]
    text: str
    fused: bool = False


@dataclass
class FusionWriter(ModelWrittenTitles):
    """Keeps the selection, fuses what sources repeat (see the module docstring).

    :param embedder: the pipeline's sentence embedder (its cache already holds the candidates' vectors).
    """

    generator: TextGenerator
    embedder: Embedder
    words: int = DEFAULT_BRIEFING_WORDS
    group_similarity: float = GROUP_SIMILARITY
    same_similarity: float = SAME_SIMILARITY
    name = "fusion"
    uses_model = True

    def input_budget(self) -> tuple[int, Callable[[str], int]]:
        return round(self.words * FUSION_POOL), count_words

    def write_event(self, selection: Selection) -> list[str]:
        return [fusion.text for fusion in self.compose(selection)]

    def compose(self, selection: Selection) -> list[Fusion]:
        """The briefing's fused groups and single sentences, each with its text, in reading order."""
        ranked = selection.by_rank
        if not ranked:
            return []
        group_of = {_key(s): tuple(group) for group in self.groups(ranked) for s in group}
        taken, used, fused_away = [], 0, set()

        def fits(text: str) -> bool:
            return used + count_words(text) <= self.words

        def new_fact(text: str) -> bool:  # a fact already stated is covered: no text says it again
            stated = [fusion.text for fusion in taken]
            vectors = self.embedder.encode(stated + [text])
            return not restates(text, vectors[-1], stated, vectors[:-1])

        for sentence in ranked:  # the selector's order: a group comes up at its first-chosen member
            if _key(sentence) in fused_away:
                continue
            group = group_of[_key(sentence)]
            fused = None
            if len(group) > 1 and group[0] is sentence and fits(min((s.text for s in group), key=count_words)):
                fused = self._fuse(list(group))
            if fused and fits(fused) and new_fact(fused):
                taken.append(Fusion(list(group), fused, fused=True))
                fused_away.update(_key(s) for s in group)
            elif fits(sentence.text) and new_fact(sentence.text):  # unfused, each in its turn unless said already
                taken.append(Fusion([sentence], sentence.text))
            else:
                continue
            used += count_words(taken[-1].text)
        reading = {_key(s): position for position, s in enumerate(selection.sentences)}
        return sorted(taken, key=lambda f: min(reading[_key(s)] for s in f.sentences))

    def groups(self, ranked: Sequence[SourceSentence]) -> list[list[SourceSentence]]:
        """``ranked`` (selector's order) as groups that say the same thing across articles, and single sentences.

        The most alike pairs join first; a group never holds two sentences of one article, and every two
        of its members say the same thing (complete linkage), so a sentence joins the group it matches best.
        """
        vectors = self.embedder.encode([s.text for s in ranked])
        similarity = vectors @ vectors.T
        facts = _distinctive_facts([_fact_keys(s.text) for s in ranked])
        group_of = {index: {index} for index in range(len(ranked))}
        pairs = sorted(((float(similarity[a, b]), a, b) for a in range(len(ranked)) for b in range(a + 1, len(ranked))
                        if ranked[a].article_id != ranked[b].article_id), reverse=True)
        for score, a, b in pairs:
            if score < self.group_similarity:
                break
            joined = group_of[a] | group_of[b]
            if group_of[a] is group_of[b] or len(joined) > MAX_GROUP:
                continue
            articles = [ranked[m].article_id for m in joined]
            if len(set(articles)) < len(articles):
                continue
            if all(self._same(similarity, facts, x, y) for x in joined for y in joined if x < y):
                for member in joined:
                    group_of[member] = joined
        groups, seen = [], set()
        for index in range(len(ranked)):  # in the selector's order: a group where its first-chosen member is
            if index not in seen:
                members = sorted(group_of[index])
                seen.update(members)
                groups.append([ranked[m] for m in members])
        return groups

    def _same(self, similarity: np.ndarray, facts: list[set], first: int, other: int) -> bool:
        score = float(similarity[first, other])
        return score >= self.same_similarity or (score >= self.group_similarity and bool(facts[first] & facts[other]))

    def _fuse(self, group: list[SourceSentence]) -> str | None:
        """The model's one sentence for ``group`` if it keeps every fact and is shorter, else None."""
        texts = [s.text for s in group]
        decoding = GenerationSettings(max_new_tokens=int(sum(map(count_words, texts)) * TOKENS_PER_WORD) + 8,
                                      num_beams=1, no_repeat_ngram_size=NO_REPEAT_NGRAM, batch_size=1)
        generated = self.generator.generate(["\n".join(f"- {t}" for t in texts)], instruction=FUSE_INSTRUCTION,
                                            settings=decoding, task="summarization")[0]
        fused = " ".join(complete_sentences(generated))
        joined = " ".join(texts)
        keeps_facts = not missing_facts(joined, fused) and not missing_facts(fused, joined)
        return fused if keeps_facts and MIN_FUSED_WORDS <= count_words(fused) < count_words(joined) else None

    def signature(self) -> dict:
        return {"name": self.name, "model": self.generator.name, "backend": getattr(self.generator, "backend", None),
                "words": self.words, "pool": FUSION_POOL, "group_similarity": self.group_similarity,
                "same_similarity": self.same_similarity, "max_group": MAX_GROUP, "refused_group": "each sentence in its turn",
                "same_fact": SAME_FACT_SIGNATURE,
                "prompts": prompt_digest(FUSE_INSTRUCTION, self.titles_writer.signature()["prompts"]),
                "headlines": self.titles_writer.signature()["headlines"]}


def _key(sentence: SourceSentence) -> tuple[str, int]:
    return sentence.article_id, sentence.index


def _distinctive_facts(facts: list[set]) -> list[set]:
    """Each sentence's facts without those most sentences of the pool state (the event's main names say
    nothing about two sentences stating the same thing)."""
    counts: dict = {}
    for keys in facts:
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    common = {key for key, count in counts.items() if count > max(2, len(facts) // 2)}
    return [keys - common for keys in facts]


def _fact_keys(text: str) -> set:
    """The numbers, months and names of ``text`` as one set, for "do two sentences share a fact"."""
    facts = extract_facts(text)
    return {("number", n) for n in facts.numbers} | {("month", m) for m in facts.months} | {("name", n) for n in facts.names}
