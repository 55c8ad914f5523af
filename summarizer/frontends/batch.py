"""Brief large collections in a run that survives interruptions: ``summarizer batch``.

Records are streamed from the inputs and every stage's work is appended to a work folder the moment
it is done (``summarizer.frontends.checkpoint.JsonLines``):

- ``articles.jsonl``: each input record in input order, prepared (cleaned, language detected, split
  into sentences) or rejected with its reason;
- ``translations.jsonl``: the English of each translated article, with its warnings;
- ``embeddings/``: the sentence embeddings, saved chunk by chunk as clustering makes them;
- ``briefings.jsonl``: each event's checked briefing, keyed by the ids of its articles.

Run the same command again after an interruption (kill -9 included) and it goes on where it
stopped: finished records are read back and never redone; the one record a kill cut short is
redone. Clustering is recomputed from the saved embeddings (it is deterministic), so the events,
and the briefings they key, come out the same. ``settings.json``
holds the settings that shape the work; resuming with other settings is refused.

Each checkpointed record names the input file it came from (path, size, modification time), so a resume
reuses only the records of unchanged files and says which files were added, changed or removed; a lock
(`work/lock`, holding the process id) keeps a second run out of a work folder in use.

The work itself sits in three hooks (``_prepare``, ``_translations``, ``_briefings``) that
``summarizer.frontends.ray_batch.RayBatchRun`` runs on a Ray cluster; checkpoints and resuming are the same.
"""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections import deque
from dataclasses import asdict
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from tqdm.auto import tqdm

from ..articles import Article, Rejection
from ..output.briefing import BriefingResult, EventBriefing
from .checkpoint import LOCK_NAME, JsonLines, work_folder_lock
from ..events.clustering import Event
from ..runtime.generation import out_of_memory
from ..ingest.loading import claim_id, iter_files, prepare_content, read_records
from ..output.outputs import write_atomically
from ..pipeline import BriefingPipeline, StageTimer
from ..translate.translator import translate_articles
from ..runtime.embeddings import VectorChunks

log = logging.getLogger(__name__)

SETTINGS_NAME = "settings.json"
INPUTS_NAME = "inputs.json"  # the fingerprint of each input file at the last run
EMBEDDINGS_NAME = "embeddings"  # the folder of the sentence embeddings, saved chunk by chunk
# Settings that change what the stages produce; resuming under other values would mix results.
SHAPING_SETTINGS = ("translation_model", "summarization_model", "embedding_model", "backend", "event_threshold",
                    "briefing_words", "input_token_budget", "selector", "clusterer", "checker")
CHECKPOINTS = ("articles", "translations", "briefings")  # the .jsonl files of the work folder


class BatchStopped(RuntimeError):
    """A batch run stopped by a fault (out of memory, a model failing to load or to run); its finished work is kept."""


class BatchRun:
    """A resumable briefing of the articles under some paths, checkpointed in ``work_dir``.

    :param pipeline: the stages (models, mode) to run.
    :param work_dir: where the checkpoints live; made when missing. It is never read as input.
    :param outputs: other files and folders never read as input when found in a folder given (the run's output).
    """

    def __init__(self, pipeline: BriefingPipeline, work_dir: Path, outputs: Sequence[Path] = ()):
        self.pipeline = pipeline
        self.work_dir = Path(work_dir)
        self.outputs = [self.work_dir, *outputs]
        self.resumed: dict[str, int] = {}  # stage -> records read back from an earlier run
        self.input_changes: list[str] = []  # input files added, changed or removed since the last run

    def run(self, paths: Sequence[str | Path], restart: bool = False) -> BriefingResult:
        """Brief everything under ``paths``, reusing whatever an earlier run of the same work finished.

        :param restart: discard the work folder's finished work first.
        :raises WorkFolderBusy: when another process works in the work folder, naming it.
        :raises ValueError: when the work folder was made with other settings.
        :raises BatchStopped: when the machine runs out of memory or a model fails; says what is kept.
        """
        with work_folder_lock(self.work_dir):
            if restart:
                self._discard_work()
            self._check_settings(paths)
            try:
                return self._stages(paths)
            except (MemoryError, RuntimeError) as error:  # torch, CTranslate2 and model loading raise RuntimeErrors
                raise self._stopped(error) from error

    def _discard_work(self) -> None:
        """Remove everything in the work folder but its lock."""
        for entry in self.work_dir.iterdir():
            if entry.name != LOCK_NAME:
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
        log.info("removed the finished work in %s: starting over", self.work_dir)

    def _stages(self, paths: Sequence[str | Path]) -> BriefingResult:
        timer = StageTimer()
        with timer.stage("load"):
            articles, rejected = self._load(paths)
        with timer.stage("translate"):
            self._translate(articles)
        with timer.stage("cluster"):
            saved = VectorChunks(self.work_dir / EMBEDDINGS_NAME)
            embedder = self.pipeline.embedder
            self.resumed["embed"] = saved.load_into(embedder)
            embedder.on_chunk = saved.append
            try:
                events = self.pipeline.cluster(articles)
            finally:
                embedder.on_chunk = None
        briefings = self._brief(events, articles, timer)
        return self.pipeline.assemble(articles, rejected, briefings, timer)

    def _load(self, paths: Sequence[str | Path]) -> tuple[list[Article], list[Rejection]]:
        """Every record under ``paths`` prepared, in input order, with ids made unique in that order.

        Records an earlier run prepared are read back when their file is unchanged (same path, size and
        modification time); the records of added or changed files are prepared, those of removed files dropped.
        """
        checkpoint = JsonLines(self.work_dir / "articles.jsonl")
        saved = _saved_by_input(checkpoint.read())
        files = list(iter_files(paths, self.outputs))
        fingerprints = {item: input_fingerprint(item) for item in files if isinstance(item, Path)}
        self._note_input_changes(list(fingerprints.values()))
        placed: dict[int, Article | Rejection] = {}  # input position -> outcome
        pending: deque[tuple[int, dict]] = deque()  # (position, input) of each record handed to _prepare

        def records_to_prepare() -> Iterator[Article | Rejection]:
            position = 0
            for item in files:
                if isinstance(item, Rejection):
                    placed[position], position = item, position + 1
                    continue
                reused = saved.get(_key(fingerprints[item]), [])
                for index, record in enumerate(read_records(item)):
                    if index < len(reused):
                        placed[position] = outcome_from_record(reused[index])
                    else:
                        pending.append((position, fingerprints[item]))
                        yield record
                    position += 1

        prepared_count = 0
        with tqdm(desc="loading", unit="record", disable=not self.pipeline.progress) as bar:
            for prepared in self._prepare(records_to_prepare()):
                position, source = pending.popleft()
                checkpoint.append({"input": source, **outcome_record(prepared)})
                placed[position] = prepared
                prepared_count += 1
                bar.update(1)
        self.resumed["load"] = len(placed) - prepared_count - sum(isinstance(item, Rejection) for item in files)
        ids: set[str] = set()
        outcomes = [claim_id(placed[position], ids) for position in sorted(placed)]
        return [o for o in outcomes if isinstance(o, Article)], [o for o in outcomes if isinstance(o, Rejection)]

    def _note_input_changes(self, now: list[dict]) -> None:
        """Say which input files were added, changed or removed since the work folder's last run; remember these."""
        path = self.work_dir / INPUTS_NAME
        if path.exists():
            self.input_changes = input_changes(json.loads(path.read_text(encoding="utf-8")), now)
            for change in self.input_changes:
                log.warning("%s", change)
        write_atomically({path: json.dumps(now, ensure_ascii=False) + "\n"})

    def _prepare(self, records: Iterable[Article | Rejection]) -> Iterator[Article | Rejection]:
        """Each record prepared (ids as read, made unique by the caller), in input order."""
        return map(prepare_content, records)

    def _translate(self, articles: list[Article]) -> None:
        checkpoint = JsonLines(self.work_dir / "translations.jsonl")
        digests = {a.id: content_digest(a) for a in articles}
        saved = {r["id"]: r for r in checkpoint.read() if r.get("content") == digests.get(r["id"])}
        self.resumed["translate"] = len(saved)
        todo = [a for a in articles if a.id not in saved and a.needs_translation]
        for record in tqdm(self._translations(todo), total=len(todo), desc="translating", unit="article",
                           disable=not self.pipeline.progress):
            checkpoint.append(record)
            saved[record["id"]] = record
        for article in articles:
            if article.id in saved:
                article.translation = saved[article.id]["translation"]
                article.sentence_languages = saved[article.id].get("sentence_languages")
                article.translation_warnings = saved[article.id]["warnings"]
                article.translation_status = saved[article.id].get("status")

    def _translations(self, articles: list[Article]) -> Iterator[dict]:
        """The ``translation_record`` of each of ``articles``, in any order."""
        for article in articles:
            translate_articles([article], self.pipeline.translator, progress=False)
            yield translation_record(article)

    def _brief(self, events: list[Event], articles: list[Article], timer: StageTimer) -> list[EventBriefing]:
        checkpoint = JsonLines(self.work_dir / "briefings.jsonl")
        saved = {r["key"]: EventBriefing.from_dict(r["briefing"]) for r in checkpoint.read()}
        self.resumed["brief"] = len(saved)
        by_id = {a.id: a for a in articles}
        todo = [event for event in events if event_key(event, by_id) not in saved]
        for key, briefing in tqdm(self._briefings(todo, by_id, timer), total=len(todo), desc="writing briefings",
                                  unit="event", disable=not self.pipeline.progress):
            checkpoint.append({"key": key, "briefing": asdict(briefing)})
            saved[key] = briefing
        return [saved[event_key(event, by_id)] for event in events]

    def _briefings(self, events: list[Event], by_id: dict[str, Article],
                   timer: StageTimer) -> Iterator[tuple[str, EventBriefing]]:
        """The ``event_key`` and checked briefing of each of ``events``, in any order."""
        for event in events:
            yield event_key(event, by_id), self.pipeline.brief_event(event, by_id, timer)

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


def event_key(event: Event, by_id: dict[str, Article]) -> str:
    """A stable name for an event: a hash of its sorted article ids and their contents (``by_id`` holds them)."""
    parts = sorted(f"{i} {content_digest(by_id[i])}" for i in event.article_ids)
    return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def content_digest(article: Article) -> str:
    """A hash of an article's sentences: a saved translation or briefing of other sentences is not reused."""
    return hashlib.sha1("\n".join(article.sentences).encode("utf-8")).hexdigest()[:16]


def outcome_record(outcome: Article | Rejection) -> dict:
    """A record (read or prepared) as ``articles.jsonl`` keeps it: ``{"article": ...}`` or ``{"rejected": ...}``."""
    return {"article" if isinstance(outcome, Article) else "rejected": asdict(outcome)}


def outcome_from_record(record: dict) -> Article | Rejection:
    """The article or rejection back from ``outcome_record``."""
    return Article(**record["article"]) if "article" in record else Rejection(**record["rejected"])


def translation_record(article: Article) -> dict:
    """A translated article's English, sentence routing, warnings and status as ``translations.jsonl`` keeps them."""
    return {"id": article.id, "content": content_digest(article), "translation": article.translation,
            "sentence_languages": article.sentence_languages, "warnings": article.translation_warnings,
            "status": article.translation_status}


def input_fingerprint(path: Path) -> dict:
    """What identifies one version of an input file: its path, size and modification time (ns)."""
    try:
        status = path.stat()
    except OSError:
        return {"path": str(path), "size": None, "mtime_ns": None}  # never matches: read again
    return {"path": str(path), "size": status.st_size, "mtime_ns": status.st_mtime_ns}


def _key(fingerprint: dict) -> tuple:
    return fingerprint["path"], fingerprint["size"], fingerprint["mtime_ns"]


def _saved_by_input(records: list[dict]) -> dict[tuple, list[dict]]:
    """Checkpointed records grouped by the fingerprint of their input file, in file order."""
    grouped: dict[tuple, list[dict]] = {}
    unkeyed = 0
    for record in records:
        if "input" in record:
            grouped.setdefault(_key(record["input"]), []).append(record)
        else:
            unkeyed += 1
    if unkeyed:
        log.warning("%d checkpointed record(s) do not say which input they came from (an older version made "
                    "them); their inputs are read again", unkeyed)
    return grouped


def input_changes(before: list[dict], now: list[dict]) -> list[str]:
    """The input files added, changed and removed between two lists of ``input_fingerprint``, one line each."""
    old = {item["path"]: _key(item) for item in before}
    new = {item["path"]: _key(item) for item in now}
    changes = [f"input {path} was added since the last run of this work folder; it is read" for path in new
               if path not in old]
    changes += [f"input {path} changed since the last run of this work folder; it is read again" for path in new
                if path in old and old[path] != new[path]]
    changes += [f"input {path} was removed since the last run of this work folder; its articles are left out"
                for path in old if path not in new]
    return changes
