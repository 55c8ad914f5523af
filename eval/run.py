"""``python -m eval run`` and ``python -m eval compare``: summarise a test set with any systems and score them.

    # baselines and the extractive pipeline on all 250 clusters, 200-word summaries
    python -m eval run --data ../shared/data/multi-news-val250.jsonl --words 200 \\
        --systems lead-3 random lexrank textrank oracle extractive
    # the abstractive pipeline on the first 50 (resumes if interrupted)
    python -m eval run --data ../shared/data/multi-news-val250.jsonl --words 200 --limit 50 \\
        --systems abstractive --summarization-model qwen-0.5b
    # every system cached for this data, on the items they all have
    python -m eval compare --data ../shared/data/multi-news-val250.jsonl

``run`` writes each system's outputs to ``RUN_DIR/outputs/`` as it goes (an interrupted run goes on
where it stopped), per-item scores to ``RUN_DIR/scores/``, and ``summary.md``, ``summary.json`` and
``summary.png``; ``compare`` writes ``compare.*`` over the cached systems' common items.
"""
from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path
from typing import Sequence

from tqdm.auto import tqdm

from summarizer.articles import Article
from summarizer.frontends.options import settings_from_args, settings_options

from .cache import CachedOutput, OutputCache, cached_systems
from .datasets import SummaryItem, item_articles, read_items
from .metrics import Rouge
from .report import SystemOutputs, sentence_embedder, signature, write_report
from .systems import BASELINES, SummarySystem, make_system, pipeline_systems

log = logging.getLogger(__name__)


def generate(system: SummarySystem, items: Sequence[SummaryItem], articles: dict[str, list[Article]],
             cache: OutputCache, progress: bool = True) -> dict[str, CachedOutput]:
    """Summaries of ``items`` by ``system``: cached ones reused, missing ones generated and cached at once."""
    todo = [item for item in items if item.id not in cache]
    with tqdm(total=len(items), initial=len(items) - len(todo), desc=system.name, unit="item", disable=not progress) as bar:
        for item in todo:
            start = time.perf_counter()
            if hasattr(system, "brief"):  # a briefing pipeline: its headline is kept too
                briefing = system.brief(item, articles[item.id])
                summary, headline = briefing.summary_text, (briefing.headline, briefing.headline_origin)
            else:
                summary, headline = system.summarize(item, articles[item.id]), (None, None)
            cache.add(CachedOutput(item.id, summary, round(time.perf_counter() - start, 3), *headline))
            bar.update(1)
    return {item.id: cache.get(item.id) for item in items}


def run_command(args) -> None:
    if args.writer:
        raise SystemExit(f"--writer {args.writer}: in `python -m eval run` every writer is a system; "
                         f"name it in --systems (e.g. --systems extractive {args.writer})")
    items = _items(args)
    articles = item_articles(items)
    settings = settings_from_args(args)
    rouge = Rouge(args.measure, args.word_limit)
    run_dir = args.out or Path("runs") / args.data.stem
    embedder = sentence_embedder(settings)  # one for every pipeline system and the repeat measure
    if args.embedding_cache:
        embedder.load(args.embedding_cache)
    systems = []
    for name in args.systems:
        system = make_system(name, settings, args.seed or 0, embedder)
        cache = OutputCache(run_dir, system.name, system.options())
        outputs = generate(system, items, articles, cache, progress=not args.quiet)
        systems.append(SystemOutputs(system.name, cache.key, cache.options, outputs))
        if args.embedding_cache:
            embedder.save(args.embedding_cache)
    header = signature(args.data, len(items), _sample(args), rouge)
    paths = write_report(run_dir, "summary", header, _unique_labels(systems), items, articles, rouge, embedder)
    print("wrote " + ", ".join(str(p) for p in paths))


def compare_command(args) -> None:
    run_dir = args.out or Path("runs") / args.data.stem
    found = [entry for entry in cached_systems(run_dir) if not args.systems or {entry[0], entry[1]} & set(args.systems)]
    if not found:
        raise SystemExit(f"no cached outputs{' of ' + ', '.join(args.systems) if args.systems else ''} in "
                         f"{run_dir / 'outputs'}; run `python -m eval run --data {args.data} --systems ...` first")
    caches = [OutputCache(run_dir, name, options) for _, name, options in found]
    items = _items(args)
    common = [item for item in items if all(item.id in cache for cache in caches)]
    if not common:
        raise SystemExit(f"the systems {', '.join(c.key for c in caches)} have no item in common; "
                         "run the missing ones on the same --limit")
    rouge = Rouge(args.measure, args.word_limit)
    systems = [SystemOutputs(c.name, c.key, c.options, {item.id: c.get(item.id) for item in common}) for c in caches]
    header = signature(args.data, len(common), _sample(args), rouge)
    paths = write_report(run_dir, "compare", header, _unique_labels(systems), common, item_articles(common), rouge,
                         sentence_embedder())
    print("wrote " + ", ".join(str(p) for p in paths))


def _unique_labels(systems: list[SystemOutputs]) -> list[SystemOutputs]:
    """Systems labelled by name, or by cache key where two share a name (two models, two lengths)."""
    names = [s.label for s in systems]
    return [SystemOutputs(s.key if names.count(s.label) > 1 else s.label, s.key, s.options, s.outputs) for s in systems]


def _items(args) -> list[SummaryItem]:
    """The items the command line chose; a bad ``--items`` range is a usage error, not a traceback."""
    try:
        return read_items(args.data, args.limit, args.seed, args.items)
    except ValueError as error:
        raise SystemExit(str(error)) from None


def _sample(args) -> str:
    sample = f"seed{args.seed}" if args.seed is not None else "first"
    return f"{sample}@{args.items}" if args.items else sample


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, required=True,
                        help="JSON Lines {id, documents, summary|summaries} or a DUC-style folder (docs/, refs/)")
    parser.add_argument("--out", type=Path, help="run folder (default: runs/<data name>)")
    parser.add_argument("--items", help="only the items at these positions, e.g. 200-249 (both ends included)")
    parser.add_argument("--limit", type=int, help="only the first N items (or N sampled with --seed)")
    parser.add_argument("--seed", type=int, help="sample --limit items with this seed; also seeds the random baseline")
    parser.add_argument("--measure", choices=("f", "r", "p"), default="f", help="ROUGE F1 (default), recall or precision")
    parser.add_argument("--word-limit", type=int, help="score only each summary's first N words (DUC: 100)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")


def main(argv: list[str] | None = None, command: str = "run") -> None:
    parents = [settings_options()] if command == "run" else []
    parser = argparse.ArgumentParser(prog=f"python -m eval {command}", description=__doc__, parents=parents,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    _common_options(parser)
    if command == "compare":
        parser.add_argument("--systems", nargs="+", help="system names or cache keys (default: all cached)")
        compare_command(parser.parse_args(argv))
        return
    parser.add_argument("--embedding-cache", type=Path,
                        help="sentence vectors (.npz) read before and written after each system, so runs share them "
                             "(train-selector's runs/selector-cache/*.npz holds every candidate of its data)")
    parser.add_argument("--systems", nargs="+", required=True,
                        help=f"lead-K, {', '.join(BASELINES[1:])}, {', '.join(pipeline_systems())}")
    run_command(parser.parse_args(argv))
