"""Generated summaries cached per item, so an interrupted run resumes where it stopped.

A system's outputs live in ``RUN_DIR/outputs/<name>-<hash>.jsonl``, one ``{id, summary, seconds}``
line per item, written and flushed as each item finishes; ``<hash>`` is taken over the system's
options, so changing a model or a length starts a new file instead of mixing outputs. The options
sit beside it in ``<name>-<hash>.json``. The file is a ``summarizer.frontends.checkpoint.JsonLines``: a line
cut short by a kill is dropped on reading and the item is generated again.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from summarizer.frontends.checkpoint import JsonLines


@dataclass(frozen=True)
class CachedOutput:
    """One generated summary and the seconds it took; a briefing pipeline's headline and what it is
    (``summarizer.write.headlines.headline_origin``), None for systems that write no headline."""

    id: str
    summary: str
    seconds: float
    headline: str | None = None
    headline_origin: str | None = None


class OutputCache:
    """The outputs of one system with one set of options, in a run folder.

    :param run_dir: the run's folder (created when missing).
    :param name: the system's name.
    :param options: every option that changes the system's output (JSON-ready).
    """

    def __init__(self, run_dir: Path, name: str, options: dict):
        digest = hashlib.sha1(json.dumps(options, sort_keys=True).encode("utf-8")).hexdigest()[:8]
        self.key = f"{name}-{digest}"
        self.name = name
        self.options = options
        folder = run_dir / "outputs"
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{self.key}.jsonl"
        self._file = JsonLines(self.path)
        meta = folder / f"{self.key}.json"
        if not meta.exists():
            meta.write_text(json.dumps({"name": name, "options": options}, indent=2) + "\n", encoding="utf-8")
        self._outputs = {record["id"]: CachedOutput(**record) for record in self._file.read()}

    def __contains__(self, item_id: str) -> bool:
        return item_id in self._outputs

    def __len__(self) -> int:
        return len(self._outputs)

    def get(self, item_id: str) -> CachedOutput | None:
        return self._outputs.get(item_id)

    def add(self, output: CachedOutput) -> None:
        """Append one output and flush it to disk at once."""
        self._file.append(asdict(output))
        self._outputs[output.id] = output


def cached_systems(run_dir: Path) -> list[tuple[str, str, dict]]:
    """``(key, name, options)`` of every system with outputs in ``run_dir``, sorted by key."""
    found = []
    for meta in sorted((run_dir / "outputs").glob("*.json")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        found.append((meta.stem, data["name"], data["options"]))
    return found
