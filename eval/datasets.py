"""Summarisation test sets: items of source documents with one or more reference summaries.

Two layouts are read, in place (evaluation data keeps its own licence and is never copied):

- **JSON Lines clusters**, one object a line: ``{"id", "documents": [str, ...], "summary": str}``
  or ``"summaries": [str, ...]`` (Multi-News as in ``../shared/data/multi-news-val250.jsonl``).
- **DUC-style folders**: ``DIR/docs/<topic>/<document files>`` and reference files in
  ``DIR/refs/`` (or ``DIR/models/``, DUC's own name) whose names start with the topic id, e.g.
  ``docs/d30001t/APW19981016.0240`` and ``refs/D30001.M.100.T.A``: a reference belongs to the topic
  whose folder name starts with the reference name's first dot-separated part (case ignored).
  SGML documents keep only their ``<TEXT>`` content.
"""
from __future__ import annotations

import json
import logging
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from summarizer.articles import Article
from summarizer.ingest.loading import UnusableInput, prepare_article

log = logging.getLogger(__name__)

REFERENCE_FOLDERS = ("refs", "models")
_TEXT_ELEMENT = re.compile(r"<TEXT>(.*?)</TEXT>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class SummaryItem:
    """One test item: the documents of one event and the human summaries of them."""

    id: str
    documents: tuple[str, ...]
    references: tuple[str, ...]


def item_range(text: str | None, total: int) -> range:
    """``"0-199"`` as ``range(0, 200)`` (both ends included; ``"7"`` is item 7 alone); None: every item.

    :raises ValueError: when ``text`` is not such a range or leaves the ``total`` items.
    """
    if not text:
        return range(total)
    first, _, last = text.partition("-")
    try:
        chosen = range(int(first), int(last or first) + 1)
    except ValueError:
        raise ValueError(f"--items {text!r}: give a range of positions such as 0-199 (first and last, inclusive)") from None
    if not 0 <= chosen.start < chosen.stop <= total:
        raise ValueError(f"--items {text!r}: the data has items 0-{total - 1}")
    return chosen


def read_items(path: Path, limit: int | None = None, seed: int | None = None, positions: str | None = None) -> list[SummaryItem]:
    """Items from a JSON Lines file or a DUC-style folder: those at ``positions`` (e.g. ``"200-249"``),
    then the first ``limit`` of them, or a sample drawn with ``seed``.

    :raises ValueError: naming the file and line, or the folder, when the data is not in a known layout.
    """
    if path.is_dir():
        items = read_duc_folder(path)
    elif path.is_file():
        items = read_jsonl_clusters(path)
    else:
        raise FileNotFoundError(f"{path}: no such file or folder; give a .jsonl file or a DUC-style folder")
    items = [items[i] for i in item_range(positions, len(items))]
    if limit is not None and limit < 1:
        raise ValueError(f"read_items: limit must be at least 1, got {limit}")
    if limit is None or limit >= len(items):
        return items
    return random.Random(seed).sample(items, limit) if seed is not None else items[:limit]


def read_jsonl_clusters(path: Path) -> list[SummaryItem]:
    """Items from JSON Lines ``{id, documents, summary | summaries}``."""
    items = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                references = row["summaries"] if "summaries" in row else [row["summary"]]
                items.append(SummaryItem(str(row.get("id", number)), tuple(row["documents"]), tuple(references)))
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise ValueError(f"{path}:{number}: expected {{id, documents: [str], summary | summaries}} "
                                 f"({type(error).__name__}: {error})") from None
    return items


def read_duc_folder(folder: Path) -> list[SummaryItem]:
    """Items from ``folder/docs/<topic>/*`` with references in ``folder/refs`` or ``folder/models``."""
    docs = folder / "docs"
    reference_dir = next((folder / name for name in REFERENCE_FOLDERS if (folder / name).is_dir()), None)
    if not docs.is_dir() or reference_dir is None:
        raise ValueError(f"{folder}: a DUC-style folder needs docs/<topic>/ and refs/ (or models/) inside")
    references = sorted(p for p in reference_dir.rglob("*") if p.is_file() and not p.name.startswith("."))
    items = []
    for topic in sorted(p for p in docs.iterdir() if p.is_dir()):
        documents = [_document_text(p) for p in sorted(topic.iterdir()) if p.is_file() and not p.name.startswith(".")]
        mine = [_read(p) for p in references if topic.name.lower().startswith(p.name.split(".")[0].lower())]
        if not mine:
            raise ValueError(f"{folder}: topic {topic.name} has no reference file in {reference_dir} "
                             f"(names must start with the topic id, e.g. {topic.name.upper()}.M.100.A)")
        items.append(SummaryItem(topic.name, tuple(d for d in documents if d), tuple(mine)))
    return items


def _document_text(path: Path) -> str:
    """A document's text; of an SGML document only the ``<TEXT>`` content, without tags."""
    text = _read(path)
    bodies = _TEXT_ELEMENT.findall(text)
    return _TAG.sub(" ", "\n".join(bodies)).strip() if bodies else text.strip()


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def item_articles(items: Sequence[SummaryItem]) -> dict[str, list[Article]]:
    """Each item's documents as articles prepared as any input is (``summarizer.ingest.loading``: cleaning,
    language detection, sentences), id ``<item id>/<index>``; documents that cleaning empties (web-archive
    notices) are left out and logged. The one way from a test item to articles, for every eval command."""
    prepared = {}
    for item in items:
        articles = []
        for index, document in enumerate(item.documents):
            try:
                articles.append(prepare_article(Article(id=f"{item.id}/{index}", text=document)))
            except UnusableInput as error:
                log.info("%s document %d left out: %s", item.id, index, error)
        prepared[item.id] = articles
    return prepared
