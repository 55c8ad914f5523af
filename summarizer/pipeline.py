"""The briefing pipeline: translate, cluster into events, write and check briefings, merge.

``BriefingPipeline`` takes every stage as an argument and builds what is missing from the
settings, loading a model only when a stage needs it (no translation model is loaded when every
article is in English; no generative model in extractive mode).
"""
from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Sequence

from tqdm.auto import tqdm

from . import __version__
from .articles import ENGLISH, Article, LoadResult, Rejection
from .check import CHECKERS, Checker
from .check.faithfulness import own_statements
from .config import Settings
from .events import CLUSTERERS, Clusterer, Event
from .ingest.sentences import split_sentences
from .output.briefing import ArticleInfo, BriefingResult, EventBriefing, MergedBriefing
from .runtime import RUNTIMES
from .runtime.embeddings import Embedder
from .runtime.models import load_sentence_embedder, model_weights
from .select import SELECTORS, Selector
from .select.learned import describe
from .select.repeats import restates
from .select.selection import MAX_WORDS, MIN_WORDS, candidate_sentences, count_words
from .translate import TRANSLATORS, Translator, translator_for, translator_name
from .translate.translator import translate_articles, translator_signature
from .write import WRITERS, BriefingWriter
from .write.headlines import headline_origin, headline_without_model

log = logging.getLogger(__name__)

# Sentences of each event briefing (its lead) that make the event's paragraph in the merged briefing.
PARAGRAPH_SENTENCES = 3


@dataclass
class StageTimer:
    """Seconds spent per named stage, added up over calls."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - start)

    def add(self, name: str, seconds: float) -> None:
        """Count ``seconds`` more for stage ``name``: time measured elsewhere, e.g. on a worker."""
        self.seconds[name] = round(self.seconds.get(name, 0.0) + seconds, 3)


class BriefingPipeline:
    """Articles in, ``BriefingResult`` out.

    :param settings: models and knobs; stages not given are built from them on first use.
    :param extractive: shorthand for the extractive writer (``settings.writer = "extractive"``).
    :param writer: a writer object to use instead of the one ``settings.writer`` names.
    :param embedding_cache: most sentence vectors the embedder built from the settings keeps (None: all).
    """

    def __init__(self, settings: Settings | None = None, extractive: bool = False, translator: Translator | None = None,
                 embedder: Embedder | None = None, writer: BriefingWriter | None = None, progress: bool = True,
                 selector: Selector | None = None, embedding_cache: int | None = None,
                 clusterer: Clusterer | None = None, checker: Checker | None = None):
        settings = settings or Settings.load()
        if extractive:
            settings = replace(settings, writer="extractive")
        for registry, name, given in ((WRITERS, settings.writer, writer), (CLUSTERERS, settings.clusterer, clusterer),
                                      (CHECKERS, settings.checker, checker), (SELECTORS, settings.selector, selector),
                                      (RUNTIMES, settings.backend, None)):
            if given is None:
                registry.entry(name)  # an unknown stage name fails here, before any work
        self.settings = settings
        self._translator = translator
        self._translator_given = translator is not None
        self._embedder = embedder
        self._writer = writer
        self._writer_given = writer is not None
        self._selector = selector
        self._clusterer = clusterer
        self._checker = checker
        self.progress = progress
        self.embedding_cache = embedding_cache

    @property
    def translator(self) -> Translator:
        """Translates non-English articles: the one ``settings.translation_model`` names, or the one given."""
        if self._translator is None:
            self._translator = translator_for(self.settings, self)
        return self._translator

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            s = self.settings
            self._embedder = Embedder(load_sentence_embedder(s.embedding_model, s.models_dir, s.device),
                                      progress=self.progress, max_cached=self.embedding_cache)
        return self._embedder

    @property
    def clusterer(self) -> Clusterer:
        """Groups the articles into events: the one ``settings.clusterer`` names, or the one given."""
        if self._clusterer is None:
            self._clusterer = CLUSTERERS.create(self.settings.clusterer, self.settings, self)
        return self._clusterer

    @property
    def checker(self) -> Checker:
        """Ties each written sentence to its sources and keeps only those the sources support."""
        if self._checker is None:
            self._checker = CHECKERS.create(self.settings.checker, self.settings, self)
        return self._checker

    @property
    def selector(self) -> Selector:
        """Chooses each event's sentences: the extractive briefing, or the writer's input."""
        if self._selector is None:
            self._selector = SELECTORS.create(self.settings.selector, self.settings, self)
        return self._selector

    @property
    def writer(self) -> BriefingWriter:
        """The writer ``settings.writer`` names, or the one given."""
        if self._writer is None:
            self._writer = WRITERS.create(self.settings.writer, self.settings, self)
        return self._writer

    @property
    def mode(self) -> str:
        """The writer's name: ``abstractive``, ``extractive``, ``fusion``, ..."""
        return self._writer.name if self._writer is not None else self.settings.writer

    @property
    def uses_model(self) -> bool:
        """Whether the writer needs the summarisation model."""
        return self._writer.uses_model if self._writer is not None else WRITERS.entry(self.settings.writer).uses_model

    def run(self, loaded: LoadResult) -> BriefingResult:
        """Brief the loaded articles; rejected inputs are carried into the result."""
        timer = StageTimer()
        articles = loaded.articles
        with timer.stage("translate"):
            self.translate(articles)
        with timer.stage("cluster"):
            events = self.cluster(articles)
        by_id = {a.id: a for a in articles}
        briefings = [self.brief_event(event, by_id, timer)
                     for event in tqdm(events, desc="writing briefings", unit="event", disable=not self.progress)]
        return self.assemble(articles, loaded.rejected, briefings, timer)

    def brief_articles(self, articles: Sequence[Article], timer: StageTimer | None = None) -> EventBriefing:
        """Brief ``articles`` as one known event, without clustering (evaluation items are events).

        Articles not in English are translated first, as in ``run``.
        """
        timer = timer or StageTimer()
        with timer.stage("translate"):
            self.translate(articles)
        dates = sorted(a.published for a in articles if a.published)
        event = Event("event-1", [a.id for a in articles], first_published=dates[0] if dates else None)
        return self.brief_event(event, {a.id: a for a in articles}, timer)

    def translate(self, articles: Sequence[Article]) -> None:
        """Translate, in place, the articles that are neither English nor translated before."""
        if any(a.needs_translation for a in articles):
            translate_articles(articles, self.translator, progress=self.progress)

    def cluster(self, articles: Sequence[Article]) -> list[Event]:
        """The events of ``articles`` (English or translated)."""
        return self.clusterer(articles) if articles else []

    def assemble(self, articles: Sequence[Article], rejected: Sequence[Rejection], briefings: list[EventBriefing],
                 timer: StageTimer) -> BriefingResult:
        """The result of a run: events in reading order, the merged briefing, articles and rejections."""
        briefings = _in_reading_order(briefings)
        with timer.stage("merge"):
            merged = self._merge(briefings, articles)
        signature = self.signature(translated=any(a.translation is not None for a in articles))
        return BriefingResult(
            mode=self.mode, models=models_used(signature), signature=signature,
            articles=[_info(a) for a in articles], rejected=[{"source": r.source, "reason": r.reason} for r in rejected],
            events=briefings, merged=merged, timings=timer.seconds)

    def brief_event(self, event: Event, by_id: dict[str, Article], timer: StageTimer | None = None) -> EventBriefing:
        """The checked briefing of one event; ``by_id`` holds its articles (and maybe others)."""
        timer = timer or StageTimer()
        members = [by_id[i] for i in event.article_ids]
        with timer.stage("select"):
            candidates, selection = self.writer_input(event, by_id)
        with timer.stage("write"):
            texts = self.writer.write_event(selection)
        with timer.stage("check"):
            facts = self.checker.facts_of(members)
            sentences = self.checker.check(texts, candidates, facts, repair=True)
            summary = " ".join(s.text for s in sentences if s.kept)
        with timer.stage("write"):
            titles = _titles(members)
            headline = self.writer.write_headline(summary, titles) if summary else headline_without_model(summary, titles)
        if not self.checker.supported(headline, facts):  # a written headline is checked like a briefing sentence
            headline = headline_without_model(summary, titles)
        kept = [s.text for s in sentences if s.kept]  # as kept, and as the headline rule splits their text
        origin = headline_origin(headline, titles, kept + split_sentences(summary, "en"))
        if summary:
            note = selection.note
        else:
            note = f"nothing briefed: {_why_empty(members, candidates, selection, texts, self._budget_words())}"
            log.warning("event of %s: %s", ", ".join(event.article_ids), note)
        return EventBriefing(event_id=event.id, headline=headline, article_ids=list(event.article_ids),
                             duplicates=dict(event.duplicates), date=event.first_published,
                             sentences=sentences, selection_note=note, headline_origin=origin)

    def writer_input(self, event: Event, by_id: dict[str, Article]):
        """The event's candidate source sentences (republished copies left out) and those selected for the writer,
        in reading order except that the briefing does not open with a pronoun (``Selection.with_clear_opening``)."""
        copies = {c for group in event.duplicates.values() for c in group}
        candidates = candidate_sentences([by_id[i] for i in event.article_ids if i not in copies])
        budget, count_tokens = self.writer.input_budget()
        vectors = self.embedder.encode([c.text for c in candidates])
        selection = self.selector.select(candidates, vectors, budget, count_tokens).with_clear_opening()
        return candidates, replace(selection, unit="words") if count_tokens is count_words else selection

    def _merge(self, briefings: list[EventBriefing], articles: Sequence[Article]) -> MergedBriefing:
        # the overview states what the service computed (the count of events, their dates): checked against those
        statements = own_statements(len(briefings), len(articles), [b.date for b in briefings])
        facts = self.checker.facts_of(articles, statements)
        written = [(b.headline, b.summary_text) for b in briefings]  # every event, briefed or not, is counted
        overview = (self.checker.check(self.writer.write_overview(written), candidate_sentences(articles), facts)
                    if any(b.summary_text for b in briefings) else [])  # the model's overview, or the extractive
        # writer's one-line summary of events
        leads = [[s.text for s in b.sentences if s.kept][:PARAGRAPH_SENTENCES] for b in briefings]
        paragraphs = [{"event_id": b.event_id, "headline": b.headline, "date": b.date, "text": " ".join(lead)}
                      for b, lead in zip(briefings, leads)]
        return MergedBriefing(self._not_restating(overview, [s for lead in leads for s in lead]), paragraphs)

    def _not_restating(self, overview: list, stated: list[str]) -> list:
        """The overview's sentences less those that state a fact the paragraphs state (a model's overview copies
        a lead sentence); the first stays if every one does, so the overview is never empty."""
        if not overview or not stated:
            return overview
        vectors = self.embedder.encode([s.text for s in overview] + stated)
        kept = [s for s, vector in zip(overview, vectors)
                if not restates(s.text, vector, stated, vectors[len(overview):])]
        return kept or overview[:1]

    def _budget_words(self) -> str:
        """The selection's budget, naming the setting that sets it."""
        budget, _ = self.writer.input_budget()
        if self.mode == "extractive":
            return f"the briefing's {budget} word(s) (briefing_words)"
        return f"the {self.mode} writer's input budget of {budget} (briefing_words, input_token_budget)"

    def signature(self, translated: bool = False) -> dict:
        """Every stage's signature (models, prompts' hash, decoding, thresholds), the models with what pins their
        weights, and the code's version: what decides the output. A translator built from the settings is signed
        from them without loading it (so a Ray driver signs what its workers ran), by the model that ran when
        ``translated``, else by the setting."""
        s = self.settings
        models = self._models(translated)
        if self._translator_given:
            translator = self._translator.signature()
        elif translator_name(s) in TRANSLATORS:
            translator = translator_for(s).signature()
        else:
            model = models["translation"]["name"] if translated else s.translation_model
            translator = translator_signature(model, s.backend, s.translation_batch_size)
        return {"code": __version__, "models": models,
                "translator": translator, "embedder": {"model": models["embedding"]["name"]},
                "clusterer": self.clusterer.signature(), "selector": self.selector.signature(),
                "writer": self.writer.signature(), "checker": self.checker.signature()}

    def _models(self, translated: bool) -> dict[str, dict]:
        """The models the run used, per role: the name and what pins its weights (``models.model_weights``).

        A stage passed in as an object is named by its own model (its generator's name and weights)."""
        s = self.settings
        roles = ["embedding"] + (["translation"] if translated else []) + (["summarization"] if self.uses_model else [])
        given = {"translation": self._translator if self._translator_given else None,
                 "summarization": self._writer if self._writer_given else None}
        models = {}
        for role in roles:
            generator = getattr(given.get(role), "generator", None)
            if generator is not None:
                models[role] = {"name": generator.name, **getattr(generator, "weights", {})}
            elif given.get(role) is not None:
                models[role] = {"name": given[role].signature().get("name")}
            else:
                models[role] = model_weights(getattr(s, f"{role}_model"), role, s.models_dir)
        return models


def models_used(signature: dict) -> dict[str, str]:
    """The models of a pipeline's ``signature`` by name, per role, with the selector and the writer."""
    return {**{role: model["name"] for role, model in signature["models"].items()},
            "selector": describe(signature["selector"]), "writer": signature["writer"]["name"]}


def _titles(members: Sequence[Article]) -> list[str]:
    """The titles that can head an English briefing: English articles' first, then those of articles left
    untranslated (their briefing is in their own language); a title that was not translated is left out."""
    usable = [a for a in members if a.title and (a.language == ENGLISH or a.translation is None)]
    return [a.title for a in sorted(usable, key=lambda a: a.language != ENGLISH)]


def _why_empty(members: Sequence[Article], candidates: Sequence, selection, texts: Sequence[str], budget: str) -> str:
    """Why an event's briefing holds no sentence, and what to do about it."""
    total = sum(len(a.english_sentences) for a in members)
    if not candidates:
        return (f"none of its {total} sentence(s) can be briefing material: a sentence needs {MIN_WORDS} to "
                f"{MAX_WORDS} words (text in a language written without spaces, or not split into sentences, "
                "reads as one long sentence)")
    if not selection.sentences:
        return f"no sentence of {len(candidates)} fits {budget}"
    if not texts:
        return f"the writer wrote nothing from {len(selection.sentences)} selected sentence(s) (see briefing_words)"
    return f"the fact check removed all {len(selection.sentences)} selected sentence(s)"


def _in_reading_order(briefings: list[EventBriefing]) -> list[EventBriefing]:
    """Events by date where known (earliest first), then by size; renumbered in that order."""
    ordered = sorted(briefings, key=lambda b: (b.date is None, b.date or "", -len(b.article_ids)))
    for number, briefing in enumerate(ordered, start=1):
        briefing.event_id = f"event-{number}"
    return ordered


def _info(article: Article) -> ArticleInfo:
    warnings = ([f"language unknown: {article.language_reason}"] if article.language_reason else [])
    return ArticleInfo(id=article.id, title=article.title, language=article.language,
                       language_confidence=round(article.language_confidence, 4), published=article.published,
                       source=article.source, translated=article.translation is not None,
                       warnings=warnings + list(article.translation_warnings),
                       sentences=list(article.sentences), translation=article.translation,
                       sentence_languages=article.sentence_languages,
                       translation_status=article.translation_status if article.translation is not None else None)
