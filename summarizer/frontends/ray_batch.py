"""Brief collections too large for one machine on a Ray cluster: ``summarizer batch --ray [ADDRESS]``.

``RayBatchRun`` is a ``BatchRun`` whose work runs as ``ray.data`` datasets; where each stage runs:

- **read** (driver): the records are read from the inputs in their stable order;
- **prepare** (``map_batches`` tasks): clean, detect language, split into sentences; the driver
  then makes ids unique in input order (``summarizer.ingest.loading.claim_id``), as a local run does;
- **translate** (``map_batches`` on an actor pool): each actor holds the translator the pipeline's
  settings give, loaded once per actor;
- **cluster** (driver): clustering needs every article;
- **brief** (``map_batches`` over events on an actor pool): each actor holds a ``BriefingPipeline``
  of the same settings and mode, and briefs one event at a time; each event travels with the
  embeddings the driver made of its sentences for clustering, so no sentence is embedded twice;
- **assemble** (driver): ``BriefingPipeline.assemble``.

Work crosses process boundaries as JSON of the records ``BatchRun`` checkpoints. The driver writes
each result to the same checkpoints the moment it comes back, so an interrupted run resumes as a
local one does (work in flight on the cluster when it stopped is redone), and the result is the
local run's. Stages given to the pipeline as objects are not shipped: the workers build theirs
from ``pipeline.settings``. Every node needs this package and the models (hub ids, or folders at
the same paths). Stage timings of the briefings are summed over the workers.
"""
from __future__ import annotations

import json
import logging
import os
import socket
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy as np

from ..articles import Article, Rejection
from .batch import BatchRun, event_key, outcome_from_record, outcome_record, translation_record
from ..output.briefing import EventBriefing
from ..config import Settings
from ..translate import TRANSLATORS, translator_name
from ..events.clustering import Event
from ..ingest.loading import prepare_content
from ..runtime.models import effective_model, resolve_model
from ..pipeline import BriefingPipeline, StageTimer
from ..translate.translator import translate_articles

RAY_HINT = 'pip install "ray[data]>=2.9"  (or: pip install "summarizer[ray]")'
# Records per prepare task: cleaning and language detection take milliseconds per article.
PREPARE_BATCH_SIZE = 32
# Articles per translation call: a few, so results (and checkpoints) come back steadily.
TRANSLATE_BATCH_SIZE = 4
# Events per briefing call: one, so each briefing is checkpointed as soon as it is written.
BRIEF_BATCH_SIZE = 1
# Seconds to wait for a cluster's address to answer before saying it cannot be reached (Ray itself
# retries an unreachable address for minutes).
CONNECT_TIMEOUT_S = 10
_HTTP2_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
_HTTP2_SETTINGS = b"\x04"  # the frame type of SETTINGS, which an HTTP/2 server sends first


class RayUnavailable(RuntimeError):
    """Ray is not installed, or the cluster cannot be reached."""


def require_ray():
    """The ``ray`` module with ``ray.data`` imported.

    :raises RayUnavailable: when Ray is not installed, naming the pip command.
    """
    try:
        import ray
        import ray.data  # noqa: F401 - the Data library is an extra of the ray package
    except ImportError as error:
        raise RayUnavailable(f"--ray needs Ray Data, which is not installed ({error}); install it with: {RAY_HINT}") \
            from error
    return ray


@contextmanager
def ray_session(address: str | None = None):
    """Ray ready for ``RayBatchRun``: connected to the cluster at ``address``, or a local instance.

    :param address: ``"auto"`` or ``host:port`` of a running cluster; ``None`` starts a local
        instance on this machine (no dashboard, no usage reporting). When Ray is initialised
        already it is used as it is. What this function started is shut down on exit.
    :raises RayUnavailable: when Ray is missing or the cluster cannot be reached.
    """
    ray = require_ray()
    if address not in (None, "auto"):
        _check_reachable(address)
    if ray.is_initialized():
        yield
        return
    try:
        if address is None:
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no reporting home from a local run
            ray.init(include_dashboard=False, logging_level=logging.WARNING)
        else:
            ray.init(address=address, logging_level=logging.WARNING)
    except ConnectionError as error:
        raise _unreachable(address, error) from error
    ray.data.DataContext.get_current().enable_progress_bars = False  # the run shows its own progress
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # not a line per dataset started and finished
    try:
        yield
    finally:
        ray.shutdown()


def _check_reachable(address: str) -> None:
    """Fail fast when nothing answers at a ``[ray://]host:port`` address."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not (host and port.isdigit()):
        raise RayUnavailable(f"a Ray address is 'auto' or host:port, not {address!r}")
    try:
        with socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT_S) as connection:
            answer = _http2_answer(connection)
    except OSError as error:
        raise _unreachable(address, error) from error
    if answer[3:4] != _HTTP2_SETTINGS:  # Ray's head (GCS) and client server speak gRPC, over HTTP/2
        raise _unreachable(address, OSError("something answers there, but not a Ray cluster: it does not speak gRPC"))


def _http2_answer(connection: socket.socket) -> bytes:
    """The first frame header a server sends back to an HTTP/2 client preface (b"" when it closes or says nothing)."""
    connection.sendall(_HTTP2_PREFACE + b"\x00\x00\x00" + _HTTP2_SETTINGS + b"\x00\x00\x00\x00\x00")
    answer = b""
    try:
        while len(answer) < 9:
            chunk = connection.recv(9 - len(answer))
            if not chunk:
                break
            answer += chunk
    except TimeoutError:
        pass
    return answer


def _unreachable(address: str, error: Exception) -> RayUnavailable:
    return RayUnavailable(f"no Ray cluster at {address!r} ({error}); start one with `ray start --head`, "
                          "or give --ray without an address for a local instance")


class RayBatchRun(BatchRun):
    """A ``BatchRun`` whose prepare, translate and brief stages run on Ray (see the module docstring).

    :param pipeline: the stages' settings and mode; the workers build their models from them.
    :param work_dir: where the checkpoints live, as for ``BatchRun``.
    :param outputs: files and folders never read as input, as for ``BatchRun``.
    :param actors: actors per model stage; ``None`` lets the pool grow from one to the cluster's CPUs.
    """

    def __init__(self, pipeline: BriefingPipeline, work_dir: Path, outputs: Sequence[Path] = (),
                 actors: int | None = None):
        super().__init__(pipeline, work_dir, outputs)
        self.actors = actors

    def _prepare(self, records: Iterable[Article | Rejection]) -> Iterator[Article | Rejection]:
        items = [{"index": index, **outcome_record(record)} for index, record in enumerate(records)]
        if not items:
            return
        results = self._run(items, _prepare_batch, batch_size=PREPARE_BATCH_SIZE)
        for row in _in_input_order(results):
            yield outcome_from_record(row)

    def _translations(self, articles: list[Article]) -> Iterator[dict]:
        if articles:
            if translator_name(self.pipeline.settings) not in TRANSLATORS:  # a model translates
                self._check_model("translation")
            yield from self._run([asdict(a) for a in articles], TranslateBatch, batch_size=TRANSLATE_BATCH_SIZE,
                                 actor_args=(self.pipeline.settings,))

    def _briefings(self, events: list[Event], by_id: dict[str, Article],
                   timer: StageTimer) -> Iterator[tuple[str, EventBriefing]]:
        if not events:
            return
        if self.pipeline.uses_model:
            self._check_model("summarization")
        items = [self._briefing_task(event, by_id) for event in events]
        results = self._run(items, BriefEventBatch, batch_size=BRIEF_BATCH_SIZE, actor_args=(self.pipeline.settings,))
        for row in results:
            for stage, seconds in row["seconds"].items():
                timer.add(stage, seconds)
            yield row["key"], EventBriefing.from_dict(row["briefing"])

    def _briefing_task(self, event: Event, by_id: dict[str, Article]) -> dict:
        """One event's briefing work as JSON: the event, its articles and their sentence embeddings."""
        articles = [by_id[i] for i in event.article_ids]
        sentences = [text for article in articles for text in article.english_sentences]
        vectors = {key: vector.tolist() for key, vector in self.pipeline.embedder.cached(sentences).items()}
        return {"key": event_key(event, by_id), "event": asdict(event), "articles": [asdict(a) for a in articles],
                "vectors": vectors}

    def _check_model(self, role: str) -> None:
        """Fail here, not in every worker, when a model folder the workers need does not exist."""
        settings = self.pipeline.settings
        resolve_model(effective_model(getattr(settings, f"{role}_model"), role, settings.models_dir), settings.models_dir)

    def _run(self, items: list[dict], udf, batch_size: int, actor_args: tuple | None = None) -> Iterator[dict]:
        """Map ``udf`` over ``items`` on Ray; each result as it comes back, in any order.

        A function runs as tasks; a class (given ``actor_args``) on an actor pool.
        """
        ray = require_ray()
        dataset = ray.data.from_items([{"item": json.dumps(item, ensure_ascii=False)} for item in items])
        if actor_args is None:
            dataset = dataset.map_batches(udf, batch_size=batch_size)
        else:
            dataset = dataset.map_batches(udf, batch_size=batch_size, fn_constructor_args=actor_args,
                                          compute=self._actor_pool(ray))
        for row in dataset.iter_rows():
            yield json.loads(row["item"])

    def _actor_pool(self, ray):
        if self.actors is not None:
            return ray.data.ActorPoolStrategy(size=self.actors)
        return ray.data.ActorPoolStrategy(min_size=1, max_size=max(1, int(ray.cluster_resources().get("CPU", 1))))


def _prepare_batch(batch: dict) -> dict:
    """Ray task: read records (with their input ``index``) prepared, as JSON."""
    rows = [json.loads(item) for item in batch["item"]]
    prepared = [{"index": row["index"], **outcome_record(prepare_content(outcome_from_record(row)))} for row in rows]
    return {"item": [json.dumps(row, ensure_ascii=False) for row in prepared]}


class TranslateBatch:
    """Ray actor: translates articles with the translator of a pipeline built from ``settings``.

    The model loads when the actor starts and stays loaded for its life.
    """

    def __init__(self, settings: Settings):
        self.translator = BriefingPipeline(settings, progress=False).translator

    def __call__(self, batch: dict) -> dict:
        """Articles (``asdict`` JSON) in; their ``translation_record`` JSON out."""
        articles = [Article(**json.loads(item)) for item in batch["item"]]
        translate_articles(articles, self.translator, progress=False)
        return {"item": [json.dumps(translation_record(a), ensure_ascii=False) for a in articles]}


class BriefEventBatch:
    """Ray actor: briefs events with a ``BriefingPipeline`` of the given settings (the writer among them).

    The models load when the actor starts and stay loaded for its life.
    """

    def __init__(self, settings: Settings):
        self.pipeline = BriefingPipeline(settings, progress=False)
        self.pipeline.embedder  # noqa: B018 - loads the models now, not in the first event's timings
        self.pipeline.writer  # noqa: B018

    def __call__(self, batch: dict) -> dict:
        """``{key, event, articles, vectors}`` JSON in; ``{key, briefing, seconds}`` JSON out (seconds per stage)."""
        return {"item": [json.dumps(self._brief(json.loads(item)), ensure_ascii=False) for item in batch["item"]]}

    def _brief(self, task: dict) -> dict:
        by_id = {a["id"]: Article(**a) for a in task["articles"]}
        self.pipeline.embedder.add_cached({key: np.asarray(v, dtype=np.float32) for key, v in task["vectors"].items()})
        timer = StageTimer()
        briefing = self.pipeline.brief_event(Event(**task["event"]), by_id, timer)
        return {"key": task["key"], "briefing": asdict(briefing), "seconds": timer.seconds}


def _in_input_order(rows: Iterable[dict]) -> Iterator[dict]:
    """Rows numbered by ``index`` 0, 1, 2 ... arriving in any order, each yielded as soon as its turn comes."""
    waiting: dict[int, dict] = {}
    turn = 0
    for row in rows:
        waiting[row["index"]] = row
        while turn in waiting:
            yield waiting.pop(turn)
            turn += 1
