"""Speed benchmark: the briefing pipeline as shipped against a naive run of the same models.

    python -m eval speed --seeds ../shared/seeds --data ../shared/data/multi-news-val250.jsonl --clusters 50 \\
        --translation-model qwen-1.5b --summarization-model qwen-0.5b

Two workloads: the seed articles briefed end to end (translate, cluster, write, merge), and the
first N Multi-News clusters, each briefed as one event (English, so no translation). Each runs
under every configuration, each in a fresh process so that its peak memory is its own:

- ``naive``: plain transformers generation in torch fp32, one item at a time (batch size 1), no
  embedding cache (every text embedded each time it is needed);
- ``ctranslate2``: the shipped settings: CTranslate2 int8, translation batches of 8, embeddings and
  translations cached by a hash of the text;
- ``llamacpp``: the same with llama.cpp on the 4-bit GGUF files (as shipped, no drafting);
  ``llamacpp-lookup``: with ``--draft-tokens`` (default 8) drafted by prompt lookup and checked in each pass.

All decode greedily with the same length limits. Printed per stage: seconds, documents/s and
generated tokens/s; per run: wall seconds and peak RSS; and each configuration's speed-up over the
naive one. On the clusters, the quality check in the same run: each configuration's briefings scored
with ROUGE against the references, and its difference from the naive run.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from summarizer.config import Settings
from summarizer.runtime.embeddings import Embedder

CONFIGS = {
    "naive": {"backend": "transformers", "translation_batch_size": 1, "embedding_cache": False},
    "ctranslate2": {"backend": "ctranslate2", "translation_batch_size": 8, "embedding_cache": True},
    "llamacpp": {"backend": "llamacpp", "translation_batch_size": 8, "embedding_cache": True},
    "llamacpp-lookup": {"backend": "llamacpp", "translation_batch_size": 8, "embedding_cache": True,
                        "prompt_lookup": True},
}


class CountingGenerator:
    """A ``TextGenerator`` that counts the tokens it generates; everything else is the wrapped one's."""

    def __init__(self, generator):
        self.generator = generator
        self.generated_tokens = 0

    def generate(self, texts, instruction=None, settings=None, task=None):
        options = {} if settings is None else {"settings": settings}
        outputs = self.generator.generate(texts, instruction=instruction, task=task, **options)
        self.generated_tokens += sum(self.generator.count_tokens(text) for text in outputs)
        return outputs

    def __getattr__(self, name):
        return getattr(self.generator, name)


def run_worker(config: str, workload: str, args) -> dict:
    """Run one workload under one configuration in this process; return its figures."""
    from summarizer.runtime.generation import generator_for
    from summarizer.runtime.models import load_sentence_embedder
    from summarizer.pipeline import BriefingPipeline, StageTimer
    from summarizer.translate.translator import ModelTranslator
    from summarizer.write.writer import AbstractiveWriter

    options = CONFIGS[config]
    settings = Settings.load(translation_model=args.translation_model, summarization_model=args.summarization_model,
                             backend=options["backend"], translation_batch_size=options["translation_batch_size"],
                             briefing_words=args.words)
    start = time.perf_counter()
    summaries = {}
    writer_model = CountingGenerator(_configured(generator_for(settings, "summarization"), options, args.draft_tokens))
    embedder_class = Embedder if options["embedding_cache"] else UncachedEmbedder
    embedder = embedder_class(load_sentence_embedder(settings.embedding_model, settings.models_dir, settings.device))
    translator_model = None
    if workload == "seeds":
        translator_model = CountingGenerator(_configured(generator_for(settings, "translation"), options, args.draft_tokens))
        translator = ModelTranslator.from_generator(translator_model, settings.translation_batch_size)
    else:
        translator = None
    pipeline = BriefingPipeline(settings, translator=translator, embedder=embedder,
                                writer=AbstractiveWriter(writer_model, settings.briefing_words), progress=False)
    load_seconds = time.perf_counter() - start
    if workload == "seeds":
        from summarizer.ingest.loading import load_articles

        loaded = load_articles([args.seeds])
        stages = pipeline.run(loaded).timings
        documents = len(loaded.articles)
    else:
        from .datasets import read_items
        from .datasets import item_articles

        items = read_items(args.data, args.clusters)
        prepared = item_articles(items)
        timer = StageTimer()
        summaries = {item.id: pipeline.brief_articles(prepared[item.id], timer).summary_text for item in items}
        stages = timer.seconds
        documents = sum(len(articles) for articles in prepared.values())
    return {"config": config, "workload": workload, "documents": documents, "stages": stages,
            "summaries": summaries,
            "load_models_seconds": round(load_seconds, 1), "wall_seconds": round(time.perf_counter() - start, 1),
            "translation_tokens": translator_model.generated_tokens if translator_model else 0,
            "writing_tokens": writer_model.generated_tokens,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def _configured(generator, options: dict, draft_tokens: int):
    """``generator`` with ``draft_tokens`` set on its runner where the configuration uses prompt lookup,
    after checking it runs on the configuration's runtime (no silent fall-back in a benchmark)."""
    if generator.backend != options["backend"]:
        raise SystemExit(f"{generator.name} runs on {generator.backend}, not {options['backend']}: see the warning above")
    if options.get("prompt_lookup"):
        generator.runner.draft_tokens = draft_tokens
    return generator


class UncachedEmbedder(Embedder):
    """The naive embedder: every call embeds its texts again."""

    def encode(self, texts):
        self._cache.clear()
        return super().encode(texts)


def print_table(rows: list[dict]) -> None:
    """Per-stage figures of every run, then each configuration's speed-up over the naive run."""
    print("| workload | config | stage | seconds | documents/s | generated tokens/s |")
    print("|---|---|---|---:|---:|---:|")
    for row in rows:
        for stage, seconds in row["stages"].items():
            tokens = {"translate": row["translation_tokens"], "write": row["writing_tokens"]}.get(stage)
            rate = f"{tokens / seconds:.1f}" if tokens and seconds else ""
            print(f"| {row['workload']} | {row['config']} | {stage} | {seconds:.1f} | {row['documents'] / seconds:.2f} | {rate} |"
                  if seconds else f"| {row['workload']} | {row['config']} | {stage} | 0.0 | | |")
    print("\n| workload | config | documents | model loading s | wall s | peak RSS MB | speed-up (wall, naive/config) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    by_key = {(row["workload"], row["config"]): row for row in rows}
    for row in rows:
        naive = by_key.get((row["workload"], "naive"))
        ratio = f"{naive['wall_seconds'] / row['wall_seconds']:.2f}x" if naive and row["config"] != "naive" else ""
        print(f"| {row['workload']} | {row['config']} | {row['documents']} | {row['load_models_seconds']:.1f} "
              f"| {row['wall_seconds']:.1f} | {row['peak_rss_mb']:,} | {ratio} |")


def print_quality(rows: list[dict], data: Path) -> None:
    """ROUGE F1 of each configuration's cluster briefings, and each one's difference from the naive run."""
    from .datasets import read_items
    from .metrics import ROUGE_TYPES, Rouge

    runs = [row for row in rows if row["summaries"]]
    if not runs:
        return
    references = {item.id: item.references for item in read_items(data)}
    rouge = Rouge()
    means = {}
    for row in runs:
        scores = [rouge.score(text, references[item_id]) for item_id, text in row["summaries"].items()]
        means[row["config"]] = {name: sum(s[name] for s in scores) / len(scores) for name in ROUGE_TYPES}
    print(f"\nQuality on the {len(runs[0]['summaries'])} clusters (ROUGE F1 x100; {rouge.signature}):\n")
    print("| config | " + " | ".join(ROUGE_TYPES) + " | words | identical to naive |")
    print("|---|" + "---:|" * (len(ROUGE_TYPES) + 2))
    naive = next((row for row in runs if row["config"] == "naive"), None)
    for row in runs:
        cells = [f"{means[row['config']][name]:.2f}" for name in ROUGE_TYPES]
        words = sum(len(text.split()) for text in row["summaries"].values()) / len(row["summaries"])
        same = ""
        if naive and row is not naive:
            cells = [f"{cell} ({means[row['config']][name] - means['naive'][name]:+.2f})" for cell, name in zip(cells, ROUGE_TYPES)]
            identical = sum(text == naive["summaries"].get(item_id) for item_id, text in row["summaries"].items())
            same = f"{identical} of {len(row['summaries'])}"
        print(f"| {row['config']} | " + " | ".join(cells) + f" | {words:.0f} | {same} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval speed", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, help="folder of articles briefed end to end")
    parser.add_argument("--data", type=Path, help="Multi-News JSON Lines; the first --clusters are briefed")
    parser.add_argument("--clusters", type=int, default=50, help="clusters of --data to brief (default 50)")
    parser.add_argument("--translation-model", default="qwen-1.5b")
    parser.add_argument("--summarization-model", default="qwen-0.5b")
    parser.add_argument("--words", type=int, default=150, help="briefing length in words (default 150)")
    parser.add_argument("--draft-tokens", type=int, default=8, help="tokens llamacpp-lookup drafts per pass (default 8)")
    parser.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--worker", nargs=2, metavar=("CONFIG", "WORKLOAD"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(run_worker(*args.worker, args)))
        return
    workloads = [w for w, given in (("seeds", args.seeds), ("clusters", args.data)) if given]
    if not workloads:
        parser.error("give --seeds, --data or both")
    rows = []
    for workload in workloads:
        for config in args.configs:
            command = [sys.executable, "-m", "eval", "speed", "--worker", config, workload, *(argv or sys.argv[2:])]
            print(f"running {workload} / {config} ...", file=sys.stderr, flush=True)
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode:
                raise SystemExit(f"{workload} / {config} failed:\n{done.stderr[-3000:]}")
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print_table(rows)
    if args.data:
        print_quality(rows, args.data)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
