"""Summarisation systems the harness can score: the project's pipeline and the usual baselines.

Every system takes an item's documents as prepared articles (cleaned, language detected, split
into sentences, as ``summarizer.ingest.loading`` prepares any input) and returns a summary. Extractive
baselines share the pipeline's length rule: sentences are taken best first while they fit the
word budget (one that would overflow it is skipped), then put back in reading order.

- ``lead-K``: the first K sentences of each document (Multi-News "First-3" is ``lead-3``); no budget.
- ``random``: random sentences up to the budget, seeded per item.
- ``lexrank`` / ``textrank``: sumy's ``LexRankSummarizer`` (Erkan & Radev 2004) and
  ``TextRankSummarizer`` (Mihalcea & Tarau 2004), English stop words and Snowball stemming.
- ``oracle``: greedy extractive oracle, an upper bound for sentence extraction: adds the sentence
  that most raises ROUGE-1 + ROUGE-2 F1 against the references until none does (Nallapati et al.,
  AAAI 2017).
- ``extractive`` / ``abstractive`` / ``fusion`` / ``compressive`` (any writer registered in
  ``summarizer.write.WRITERS``): ``BriefingPipeline.brief_articles`` with that writer; the summary is the
  briefing text after the fact check.
"""
from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol, Sequence

from summarizer.articles import Article
from summarizer.config import Settings
from summarizer.select.selection import fill_words
from summarizer.write import WRITERS

from .datasets import SummaryItem

_WORD = re.compile(r"\w+")


class SummarySystem(Protocol):
    """What the harness runs: a name, the options that change its output, and ``summarize``."""

    name: str

    def options(self) -> dict: ...

    def summarize(self, item: SummaryItem, articles: Sequence[Article]) -> str: ...


@dataclass
class Lead:
    """The first ``k`` sentences of each document, documents in their given order."""

    k: int = 3

    @property
    def name(self) -> str:
        return f"lead-{self.k}"

    def options(self) -> dict:
        return {"k": self.k}

    def summarize(self, item: SummaryItem, articles: Sequence[Article]) -> str:
        return " ".join(s for a in articles for s in a.sentences[: self.k])


@dataclass
class RandomSentences:
    """Random sentences up to ``words`` words, seeded by ``seed`` and the item id (reproducible)."""

    words: int
    seed: int = 0
    name: str = "random"

    def options(self) -> dict:
        return {"words": self.words, "seed": self.seed}

    def summarize(self, item: SummaryItem, articles: Sequence[Article]) -> str:
        sentences = _sentences(articles)
        order = list(range(len(sentences)))
        random.Random(f"{self.seed}:{item.id}").shuffle(order)
        return fill_word_budget(sentences, order, self.words)


@dataclass
class SumyRanker:
    """A sumy graph ranker (``lexrank`` or ``textrank``) over all sentences of the item."""

    name: str
    words: int

    def options(self) -> dict:
        from importlib.metadata import version

        return {"words": self.words, "sumy": version("sumy"), "stemmer": "snowball-english", "stop_words": "sumy-english"}

    def summarize(self, item: SummaryItem, articles: Sequence[Article]) -> str:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words

        sentences = _sentences(articles)
        if not sentences:
            return ""
        summarizer = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer}[self.name](Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")
        document = ObjectDocumentModel([Paragraph([Sentence(s, _SumyWords()) for s in sentences])])
        ranked = []  # sumy hands a callable count its SentenceInfos, best rated first
        summarizer(document, lambda infos: ranked.extend(infos) or infos)
        order = [info.order for info in ranked]
        return fill_word_budget(sentences, order, self.words)


@dataclass
class Oracle:
    """Greedy ROUGE-1 + ROUGE-2 oracle against the item's references; an upper bound, not a system."""

    name: str = "oracle"

    def options(self) -> dict:
        return {"objective": "rouge1+rouge2 F1, greedy", "stem": "porter"}

    def summarize(self, item: SummaryItem, articles: Sequence[Article]) -> str:
        sentences = _sentences(articles)
        grams = [rouge_ngrams(rouge_tokens(s)) for s in sentences]
        targets = [rouge_ngrams(rouge_tokens(r)) for r in item.references]
        chosen: list[int] = []
        summary = (Counter(), Counter())
        best = 0.0
        while True:
            gains = {i: oracle_objective(add_ngrams(summary, grams[i]), targets) for i in range(len(sentences)) if i not in chosen}
            if not gains or max(gains.values()) <= best:
                break
            pick = max(gains, key=gains.get)
            best, summary = gains[pick], add_ngrams(summary, grams[pick])
            chosen.append(pick)
        return " ".join(sentences[i] for i in sorted(chosen))


@dataclass
class PipelineSystem:
    """The project's ``BriefingPipeline`` briefing each item as one event, with the writer called ``name``."""

    name: str  # a registered writer: "extractive", "abstractive", "fusion", ...
    settings: Settings
    embedder: object = field(default=None, repr=False)  # one shared by the run's systems (None: the pipeline's own)
    _pipeline: object = field(default=None, repr=False)

    @property
    def pipeline(self):
        from dataclasses import replace

        from summarizer.pipeline import BriefingPipeline

        if self._pipeline is None:
            self._pipeline = BriefingPipeline(replace(self.settings, writer=self.name), progress=False,
                                              embedder=self.embedder)
        return self._pipeline

    def options(self) -> dict:
        """What shapes the output: the pipeline's signature (every stage's models, prompts, decoding, thresholds
        and the code version) and the briefing's words."""
        return {"words": self.settings.briefing_words, "pipeline": self.pipeline.signature()}

    def summarize(self, item: SummaryItem, articles: Sequence[Article]) -> str:
        return self.brief(item, articles).summary_text

    def brief(self, item: SummaryItem, articles: Sequence[Article]):
        """The item's ``EventBriefing``: its text, headline and the headline's origin."""
        return self.pipeline.brief_articles(list(articles))


BASELINES = ("lead-3", "random", "lexrank", "textrank", "oracle")


def make_system(name: str, settings: Settings, seed: int = 0, embedder=None) -> SummarySystem:
    """The system called ``name`` (``lead-K``, a baseline or a pipeline mode), its length from ``settings``;
    a pipeline system uses ``embedder`` when one is given."""
    words = settings.briefing_words
    if re.fullmatch(r"lead-\d+", name):
        return Lead(int(name.split("-")[1]))
    if name == "random":
        return RandomSentences(words, seed)
    if name in ("lexrank", "textrank"):
        return SumyRanker(name, words)
    if name == "oracle":
        return Oracle()
    if name in WRITERS:
        return PipelineSystem(name, settings, embedder)
    raise ValueError(f"unknown system {name!r}; choose from lead-K (e.g. lead-3), "
                     f"{', '.join(BASELINES[1:] + pipeline_systems())}")


def pipeline_systems() -> tuple[str, ...]:
    """The pipeline's writers (registered in ``summarizer.write.WRITERS``)."""
    return tuple(WRITERS.names())


def fill_word_budget(sentences: Sequence[str], order: Sequence[int], words: int) -> str:
    """Sentences taken in ``order`` while they fit ``words`` words (skipping those that overflow),
    joined in reading order."""
    return " ".join(sentences[i] for i in fill_words(sentences, order, words))


def _sentences(articles: Sequence[Article]) -> list[str]:
    return [s for a in articles for s in a.sentences]


class _SumyWords:
    """sumy's word tokenizer contract (``to_words``) without NLTK's downloadable data."""

    @staticmethod
    def to_words(text: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(text))


def rouge_tokens(text: str) -> list[str]:
    """Tokens as ``rouge-score`` makes them (lowercase, alphanumeric, Porter-stemmed)."""
    from rouge_score.tokenizers import DefaultTokenizer

    return DefaultTokenizer(use_stemmer=True).tokenize(text)


def rouge_ngrams(tokens: list[str]) -> tuple[Counter, Counter]:
    """The unigram and bigram counts of ``tokens``."""
    return Counter(tokens), Counter(zip(tokens, tokens[1:]))


def add_ngrams(a: tuple[Counter, Counter], b: tuple[Counter, Counter]) -> tuple[Counter, Counter]:
    """Two texts' unigram and bigram counts together."""
    return a[0] + b[0], a[1] + b[1]


def oracle_objective(summary: tuple[Counter, Counter], targets: list[tuple[Counter, Counter]]) -> float:
    """Mean over references of ROUGE-1 F1 + ROUGE-2 F1."""
    total = 0.0
    for target in targets:
        for n in (0, 1):
            overlap = sum((summary[n] & target[n]).values())
            if overlap:
                precision, recall = overlap / sum(summary[n].values()), overlap / sum(target[n].values())
                total += 2 * precision * recall / (precision + recall)
    return total / len(targets)
