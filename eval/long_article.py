"""Benchmark: one long article briefed in extractive mode, seconds per stage against its size.

    python -m eval long-article --data ../shared/data/multi-news-val250.jsonl --sizes 1 5 20 \\
        --embedding-model ../shared/models/all-MiniLM-L6-v2

Each article is made of Multi-News documents joined until it holds SIZE megabytes of text, written
to a file and briefed by ``summarizer brief --extractive`` in a fresh process; printed per size:
the load seconds, each stage's seconds, the wall seconds and the peak RSS. Time linear in the
length shows as seconds per MB staying flat across sizes. ``--embedding-model hash`` gives each
sentence a vector made from a hash of its text instead of a model's: the time of everything but
the embedding model, whose cost is linear in the number of distinct sentences.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUN = """
import hashlib, json, sys, time
import numpy as np
from summarizer.config import Settings
from summarizer.runtime.embeddings import Embedder
from summarizer.ingest.loading import load_articles
from summarizer.pipeline import BriefingPipeline

class HashVectors:
    def get_embedding_dimension(self):
        return 384

    def encode(self, texts, **options):
        seeds = [int(hashlib.sha1(text.encode()).hexdigest()[:8], 16) for text in texts]
        vectors = np.stack([np.random.default_rng(seed).normal(size=384) for seed in seeds] or [np.zeros(384)])
        return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True))[:len(texts)]

start = time.perf_counter()
loaded = load_articles([sys.argv[1]])
load = time.perf_counter() - start
hashed = sys.argv[2] == "hash"
settings = Settings.load(translation_model="none", **({} if hashed else {"embedding_model": sys.argv[2]}))
embedder = Embedder(HashVectors()) if hashed else None
result = BriefingPipeline(settings, extractive=True, embedder=embedder, progress=False).run(loaded)
kept = sum(s.kept for e in result.events for s in e.sentences)
print(json.dumps({"load": round(load, 2), **result.timings, "sentences": len(loaded.articles[0].sentences),
                  "kept": kept, "note": result.events[0].selection_note if result.events else None}))
"""


def long_article(data: Path, megabytes: float) -> str:
    """Multi-News documents joined (each its own paragraph) until the text holds ``megabytes`` MB."""
    parts, size, target = [], 0, int(megabytes * 2**20)
    while size < target:
        for line in data.open(encoding="utf-8"):
            for document in json.loads(line)["documents"]:
                parts.append(document.strip())
                size += len(document.encode("utf-8")) + 2
                if size >= target:
                    return "\n\n".join(parts)
    return "\n\n".join(parts)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval long-article", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="multi-news-val250.jsonl")
    parser.add_argument("--embedding-model", required=True, help="a model folder, or 'hash' (see above)")
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 20], help="article sizes in MB")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a size is given up")
    args = parser.parse_args(argv)
    print("| MB | load s | cluster s | select s | write s | check s | wall s | s per MB | peak RSS MiB | note |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in args.sizes:
            path = Path(folder) / f"long-{megabytes:g}mb.txt"
            path.write_text(long_article(args.data, megabytes), encoding="utf-8")
            start = time.perf_counter()
            try:
                done = subprocess.run([sys.executable, "-c", RUN, str(path), args.embedding_model], capture_output=True,
                                      text=True, timeout=args.timeout)
            except subprocess.TimeoutExpired:
                print(f"| {megabytes:g} | | | | | | > {args.timeout:.0f} | | | gave up |", flush=True)
                continue
            wall = time.perf_counter() - start
            rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            if done.returncode:
                print(f"| {megabytes:g} | failed: {done.stderr.strip().splitlines()[-1]} |", flush=True)
                continue
            row = json.loads(done.stdout.strip().splitlines()[-1])
            stages = " | ".join(f"{row.get(stage, 0):.1f}" for stage in ("load", "cluster", "select", "write", "check"))
            print(f"| {megabytes:g} | {stages} | {wall:.1f} | {wall / megabytes:.1f} | {rss:.0f} | "
                  f"{row['sentences']:,} sentences, {row['note']} |", flush=True)
