"""Training material for the learned selector: each cluster's candidate sentences as the pipeline
makes them, their embeddings, and labels from the reference summaries.

Candidates come from the product's own preprocessing (``eval.datasets.item_articles``: cleaning,
language detection, splitting; then ``summarizer.select.selection.candidate_sentences``: junk and
fragment filtering), so the selector learns on what it will see. The expensive parts (embeddings,
the greedy-oracle labels) are cached under ``runs/selector-cache/`` and keyed by the data file's
hash, so a second run starts in seconds.

Labels, per candidate, against the item's references (``rouge-score`` tokens, Porter stemming):

- ``gain``: the sentence's own ROUGE-1 + ROUGE-2 recall of the references, halved (how much of
  the reference it says on its own);
- ``oracle``: 1 when the greedy ROUGE-1 + ROUGE-2 oracle (``eval.systems.Oracle``'s objective,
  Nallapati et al. 2017) picks it.
"""
from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from summarizer.config import Settings
from summarizer.runtime.embeddings import Embedder
from summarizer.runtime.models import load_sentence_embedder
from summarizer.runtime.provisioning import file_sha256
from summarizer.select.selection import SourceSentence, candidate_sentences

from .datasets import SummaryItem, read_items
from .systems import add_ngrams, rouge_ngrams, oracle_objective, rouge_tokens

log = logging.getLogger(__name__)

CACHE_DIR = Path("runs") / "selector-cache"
CACHE_VERSION = 1  # bump when candidates or labels are made differently


@dataclass
class Cluster:
    """One item's candidates (pipeline order), their unit embeddings and their labels."""

    item: SummaryItem
    candidates: list[SourceSentence]
    vectors: np.ndarray
    gain: np.ndarray
    oracle: np.ndarray


def load_clusters(data: Path, settings: Settings, cache_dir: Path = CACHE_DIR, progress: bool = True) -> list[Cluster]:
    """Every item of ``data`` as a ``Cluster``, from the cache where it has them."""
    from eval.datasets import item_articles

    items = read_items(data)
    stem = f"{data.stem}-{file_sha256(data)[:12]}-v{CACHE_VERSION}"
    cache_dir.mkdir(parents=True, exist_ok=True)
    candidates_file = cache_dir / f"{stem}-candidates.json"
    if candidates_file.exists():
        saved = json.loads(candidates_file.read_text(encoding="utf-8"))
    else:
        log.info("preparing %d items (cleaning, splitting, labels)", len(items))
        articles = item_articles(items)
        saved = {}
        for item in items:
            candidates = candidate_sentences(articles[item.id])
            gain, oracle = sentence_labels([c.text for c in candidates], item.references)
            saved[item.id] = {"candidates": [[c.article_id, c.index, c.text] for c in candidates],
                              "gain": gain.round(5).tolist(), "oracle": oracle.astype(int).tolist()}
        candidates_file.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    embedder = Embedder(load_sentence_embedder(settings.embedding_model, settings.models_dir, settings.device))
    vectors_file = cache_dir / f"{stem}-{Path(settings.embedding_model).name}.npz"
    embedder.load(vectors_file)
    clusters = []
    for item in items:
        record = saved[item.id]
        candidates = [SourceSentence(a, i, t) for a, i, t in record["candidates"]]
        clusters.append(Cluster(item, candidates, embedder.encode([c.text for c in candidates]),
                                np.array(record["gain"], dtype=float), np.array(record["oracle"], dtype=bool)))
    embedder.save(vectors_file)
    return clusters


def sentence_labels(sentences: Sequence[str], references: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """``(gain, oracle)`` of each sentence against ``references`` (see the module docstring)."""
    grams = [rouge_ngrams(rouge_tokens(s)) for s in sentences]
    targets = [rouge_ngrams(rouge_tokens(r)) for r in references]
    gain = np.zeros(len(sentences))
    for index, (unigrams, bigrams) in enumerate(grams):
        for target in targets:
            for n, mine in ((0, unigrams), (1, bigrams)):
                total = sum(target[n].values())
                gain[index] += sum((mine & target[n]).values()) / total / 2 if total else 0.0
    gain /= max(len(targets), 1)
    oracle = np.zeros(len(sentences), dtype=bool)
    summary: tuple[Counter, Counter] = (Counter(), Counter())
    best = 0.0
    while True:
        scores = {i: oracle_objective(add_ngrams(summary, grams[i]), targets)
                  for i in np.flatnonzero(~oracle) if gain[i] > 0}
        if not scores or max(scores.values()) <= best:
            break
        pick = max(scores, key=scores.get)
        best, summary = scores[pick], add_ngrams(summary, grams[pick])
        oracle[pick] = True
    return gain, oracle
