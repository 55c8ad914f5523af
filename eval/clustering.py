"""Score event clustering on pools of Multi-News clusters: can ``cluster_events`` take them apart?

The documents of N Multi-News clusters (the first N, or a seeded sample) are pooled, cleaned and
split into sentences as ``summarizer.ingest.loading`` does for real input, and clustered with
``summarizer.events.clustering.cluster_events``; the gold event of a document is the cluster it came from.
Documents that cleaning empties (web-archive crawl notices, which Multi-News holds in place of
some articles) are left out and counted, as loading would reject them.

The data file is read in place: its licence forbids copying it into the project.

    python -m eval clustering --data ../shared/data/multi-news-val250.jsonl --clusters 50
"""
from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path

from summarizer.articles import Article
from summarizer.config import Settings
from summarizer.runtime.embeddings import Embedder
from summarizer.events.clustering import (DEFAULT_DUPLICATE_THRESHOLD, DEFAULT_EVENT_THRESHOLD, DEFAULT_MAX_SPAN_DAYS,
                               FEATURE_WEIGHTS, cluster_events)
from summarizer.runtime.models import load_sentence_embedder

from .datasets import SummaryItem, item_articles, read_items
from .metrics_clustering import ClusteringScores, clustering_scores


@dataclass
class Pool:
    """Pooled documents as articles, the gold cluster id of each, and how many were left out."""

    articles: list[Article]
    gold: list[str]
    clusters: int
    dropped: int


def pool_documents(items: list[SummaryItem]) -> Pool:
    """Every document of ``items`` as an article prepared as any input is (``datasets.item_articles``)."""
    prepared = item_articles(items)
    articles = [article for item in items for article in prepared[item.id]]
    gold = [item.id for item in items for _ in prepared[item.id]]
    return Pool(articles, gold, len(items), sum(len(item.documents) for item in items) - len(articles))


def score_pool(pool: Pool, embedder: Embedder, threshold: float) -> tuple[ClusteringScores, float]:
    """Cluster the pool's articles and score them against the gold clusters; also the seconds taken."""
    start = time.perf_counter()
    events = cluster_events(pool.articles, embedder, threshold=threshold)
    seconds = time.perf_counter() - start
    predicted = {article_id: event.id for event in events for article_id in event.article_ids}
    return clustering_scores(pool.gold, [predicted[a.id] for a in pool.articles]), seconds


def signature(data: Path, clusters: int, seed: int | None, model: str, threshold: float) -> str:
    """Every setting that changes the scores, sacrebleu style."""
    weights = ",".join(f"{name}:{weight:g}" for name, weight in FEATURE_WEIGHTS.items())
    return (f"data:{data.name}|clusters:{clusters}|sample:{'first' if seed is None else f'seed{seed}'}"
            f"|model:{Path(model).name}|threshold:{threshold:g}|duplicate:{DEFAULT_DUPLICATE_THRESHOLD:g}"
            f"|span_days:{DEFAULT_MAX_SPAN_DAYS}|weights:{weights}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval clustering", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="Multi-News JSON Lines: {id, documents, summary}")
    parser.add_argument("--clusters", type=int, default=50, help="how many clusters to pool (default: 50)")
    parser.add_argument("--seed", type=int, help="sample the clusters with this seed (default: the first N)")
    parser.add_argument("--embedding-model", help="sentence embedder: hub id or folder (default: from settings)")
    parser.add_argument("--threshold", type=float, nargs="+", default=[DEFAULT_EVENT_THRESHOLD],
                        help=f"event threshold(s), one row each (default: {DEFAULT_EVENT_THRESHOLD})")
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    args = parser.parse_args(argv)

    settings = Settings.load()
    model = args.embedding_model or settings.embedding_model
    embedder = Embedder(load_sentence_embedder(model, settings.models_dir, settings.device))
    pool = pool_documents(read_items(args.data, args.clusters, args.seed))
    rows = []
    for threshold in args.threshold:
        scores, seconds = score_pool(pool, embedder, threshold)
        rows.append({"threshold": threshold, "seconds": round(seconds, 1), **scores.to_dict(),
                     "signature": signature(args.data, pool.clusters, args.seed, model, threshold)})
    print(f"\n{pool.clusters} clusters of {args.data.name}: {len(pool.articles)} documents pooled, "
          f"{pool.dropped} left out (empty after cleaning). Seconds include embedding; later rows reuse it.\n")
    print("| threshold | clusters | documents | predicted events | ARI | V-measure | B3 P | B3 R | B3 F1 | seconds |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['threshold']:g} | {row['gold_clusters']} | {row['items']} | {row['predicted_clusters']} "
              f"| {row['ari']:.3f} | {row['v_measure']:.3f} | {row['bcubed_precision']:.3f} "
              f"| {row['bcubed_recall']:.3f} | {row['bcubed_f1']:.3f} | {row['seconds']:.1f} |")
    print()
    for row in rows:
        print(f"clustering|{row['signature']}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
