"""Brief large collections in a run that survives interruptions: ``summarizer batch``.

Records are streamed from the inputs and every stage's work is appended to a work folder the moment
it is done (``summarizer.checkpoint.JsonLines``):

- ``articles.jsonl``: each input record in input order, prepared (cleaned, language detected, split
  into sentences) or rejected with its reason;
- ``translations.jsonl``: the English of each translated article, with its warnings;
- ``embeddings.npz``: the sentence embeddings, saved once clustering has made them;
- ``briefings.jsonl``: each event's checked briefing, keyed by the ids of its articles.

Run the same command again after an interruption (kill -9 included) and it goes on where it
stopped: finished records are read back and never redone; the one record a kill cut short is
redone. Clustering is recomputed from the saved embeddings (it is deterministic), so the events,
and the briefings they key, come out the same. ``settings.json``
holds the settings that shape the work; resuming with other settings is refused.

The work itself sits in three hooks (``_prepare``, ``_translations``, ``_briefings``) that
``summarizer.ray_batch.RayBatchRun`` runs on a Ray cluster; checkpoints and resuming are the same.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from tqdm.auto import tqdm

from .articles import Article, Rejection
from .briefing import BriefingResult, EventBriefing
from .checkpoint import JsonLines
from .events import Event
from .generation import out_of_memory
from .loading import claim_id, iter_records, prepare_content
from .pipeline import BriefingPipeline, StageTimer
from .translation import translate_articles

log = logging.getLogger(__name__)

SETTINGS_NAME = "settings.json"
# Settings that change what the stages produce; resuming under other values would mix results.
SHAPING_SETTINGS = ("translation_model", "summarization_model", "embedding_model", "backend", "event_threshold",
                    "briefing_words", "input_token_budget", "selector")
CHECKPOINTS = ("articles", "translations", "briefings")  # the .jsonl files of the work folder


class BatchStopped(RuntimeError):
    """A batch run stopped by a fault (out of memory, a model failing to load or to run); its finished work is kept."""


class BatchRun:
    """A resumable briefing of the articles under some paths, checkpointed in ``work_dir``.

    :param pipeline: the stages (models, mode) to run.
    :param work_dir: where the checkpoints live; made when missing.
    """

    def __init__(self, pipeline: BriefingPipeline, work_dir: Path):
        self.pipeline = pipeline
        self.work_dir = Path(work_dir)
        self.resumed: dict[str, int] = {}  # stage -> records read back from an earlier run

    def run(self, paths: Sequence[str | Path]) -> BriefingResult:
        """Brief everything under ``paths``, reusing whatever an earlier run of the same work finished.

        :raises ValueError: when the work folder was made with other settings.
        :raises BatchStopped: when the machine runs out of memory or a model fails; says what is kept.
        """
        self._check_settings(paths)
        try:
            return self._stages(paths)
        except (MemoryError, RuntimeError) as error:  # torch, CTranslate2 and model loading raise RuntimeErrors
            raise self._stopped(error) from error

    def _stages(self, paths: Sequence[str | Path]) -> BriefingResult:
        timer = StageTimer()
        with timer.stage("load"):
            articles, rejected = self._load(paths)
        with timer.stage("translate"):
            self._translate(articles)
        with timer.stage("cluster"):
            embeddings = self.work_dir / "embeddings.npz"
            self.resumed["embed"] = self.pipeline.embedder.load(embeddings)
            events = self.pipeline.cluster(articles)
            self.pipeline.embedder.save(embeddings)
        briefings = self._brief(events, articles, timer)
        return self.pipeline.assemble(articles, rejected, briefings, timer)

    def _load(self, paths: Sequence[str | Path]) -> tuple[list[Article], list[Rejection]]:
        checkpoint = JsonLines(self.work_dir / "articles.jsonl")
        done = checkpoint.read()
        self.resumed["load"] = len(done)
        outcomes = [outcome_from_record(r) for r in done]
        ids = {o.id for o in outcomes if isinstance(o, Article)}
        # Records prepared by an earlier run are skipped: inputs are read in a stable order.
        remaining = itertools.islice(iter_records(paths), len(done), None)
        with tqdm(desc="loading", unit="record", initial=len(done), disable=not self.pipeline.progress) as bar:
            for prepared in self._prepare(remaining):
                outcome = claim_id(prepared, ids)
                checkpoint.append(outcome_record(outcome))
                outcomes.append(outcome)
                bar.update(1)
        return [o for o in outcomes if isinstance(o, Article)], [o for o in outcomes if isinstance(o, Rejection)]

    def _prepare(self, records: Iterable[Article | Rejection]) -> Iterator[Article | Rejection]:
        """Each record prepared (ids as read, made unique by the caller), in input order."""
        return map(prepare_content, records)

    def _translate(self, articles: list[Article]) -> None:
        checkpoint = JsonLines(self.work_dir / "translations.jsonl")
        saved = {r["id"]: r for r in checkpoint.read()}
        self.resumed["translate"] = len(saved)
        todo = [a for a in articles if a.id not in saved and a.language not in ("en", "unknown")]
        for record in tqdm(self._translations(todo), total=len(todo), desc="translating", unit="article",
                           disable=not self.pipeline.progress):
            checkpoint.append(record)
            saved[record["id"]] = record
        for article in articles:
            if article.id in saved:
                article.translation = saved[article.id]["translation"]
                article.translation_warnings = saved[article.id]["warnings"]

    def _translations(self, articles: list[Article]) -> Iterator[dict]:
        """The ``translation_record`` of each of ``articles``, in any order."""
        for article in articles:
            translate_articles([article], self.pipeline.translator, progress=False)
            yield translation_record(article)

    def _brief(self, events: list[Event], articles: list[Article], timer: StageTimer) -> list[EventBriefing]:
        checkpoint = JsonLines(self.work_dir / "briefings.jsonl")
        saved = {r["key"]: EventBriefing.from_dict(r["briefing"]) for r in checkpoint.read()}
        self.resumed["brief"] = len(saved)
        todo = [event for event in events if event_key(event) not in saved]
        by_id = {a.id: a for a in articles}
        for key, briefing in tqdm(self._briefings(todo, by_id, timer), total=len(todo), desc="writing briefings",
                                  unit="event", disable=not self.pipeline.progress):
            checkpoint.append({"key": key, "briefing": asdict(briefing)})
            saved[key] = briefing
        return [saved[event_key(event)] for event in events]

    def _briefings(self, events: list[Event], by_id: dict[str, Article],
                   timer: StageTimer) -> Iterator[tuple[str, EventBriefing]]:
        """The ``event_key`` and checked briefing of each of ``events``, in any order."""
        for event in events:
            yield event_key(event), self.pipeline.brief_event(event, by_id, timer)

    def _stopped(self, error: BaseException) -> BatchStopped:
        kept = ", ".join(f"{len(JsonLines(self.work_dir / f'{name}.jsonl').read())} {name}" for name in CHECKPOINTS)
        fix = ("free memory (close other programs, or use a smaller model)" if out_of_memory(error)
               else "fix the cause")
        cause = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        return BatchStopped(f"the batch stopped: {cause}\n  the finished work is kept in "
                            f"{self.work_dir} ({kept}); {fix}, then run the same command again to resume")

    def _check_settings(self, paths: Sequence[str | Path]) -> None:
        settings = self.pipeline.settings
        shaping = {"mode": self.pipeline.mode, "inputs": [str(p) for p in paths],
                   **{name: getattr(settings, name) for name in SHAPING_SETTINGS}}
        path = self.work_dir / SETTINGS_NAME
        if path.exists():
            before = json.loads(path.read_text(encoding="utf-8"))
            changed = sorted(k for k in set(before) | set(shaping) if before.get(k) != shaping.get(k))
            if changed:
                raise ValueError(f"the work folder {self.work_dir} holds a run with other settings ({', '.join(changed)} "
                                 "differ); run with the same settings to resume, or pass --restart to start over")
            return
        self.work_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(shaping, indent=2) + "\n", encoding="utf-8")


def event_key(event: Event) -> str:
    """A stable name for an event: a hash of its sorted article ids."""
    return hashlib.sha1("\n".join(sorted(event.article_ids)).encode("utf-8")).hexdigest()[:16]


def outcome_record(outcome: Article | Rejection) -> dict:
    """A record (read or prepared) as ``articles.jsonl`` keeps it: ``{"article": ...}`` or ``{"rejected": ...}``."""
    return {"article" if isinstance(outcome, Article) else "rejected": asdict(outcome)}


def outcome_from_record(record: dict) -> Article | Rejection:
    """The article or rejection back from ``outcome_record``."""
    return Article(**record["article"]) if "article" in record else Rejection(**record["rejected"])


def translation_record(article: Article) -> dict:
    """A translated article's English and warnings as ``translations.jsonl`` keeps them."""
    return {"id": article.id, "translation": article.translation, "warnings": article.translation_warnings}
