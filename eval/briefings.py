"""``python -m eval briefings``: brief article folders with each writer and show what a reader gets: per event,
the headline and what it is (title, generated, sentence, clause, cut), and the pairs of briefing sentences
that state the same fact (``summarizer.select.repeats``); then each writer's merged briefing.

    python -m eval briefings ../shared/seeds --writers extractive auto fusion --out runs/seeds-briefings.md
    python -m eval briefings summarizer/examples/articles --writers extractive auto fusion

The articles are loaded and translated once; every writer briefs the same translations.
"""
from __future__ import annotations

import argparse
import json
import logging
import time
from dataclasses import replace
from pathlib import Path

from summarizer.ingest.loading import load_articles
from summarizer.frontends.options import settings_from_args, settings_options
from summarizer.pipeline import BriefingPipeline
from summarizer.select.repeats import repeated_pairs


def writer_report(pipeline: BriefingPipeline, loaded) -> dict:
    """One writer's run over ``loaded``: seconds, and per event its headline, origin and repeated facts."""
    start = time.perf_counter()
    result = pipeline.run(loaded)
    seconds = time.perf_counter() - start
    events = []
    for event in result.events:
        sentences = [s.text for s in event.sentences if s.kept]
        pairs = repeated_pairs(sentences, pipeline.embedder.encode(sentences)) if sentences else []
        events.append({"event": event.event_id, "articles": len(event.article_ids), "headline": event.headline,
                       "headline_origin": event.headline_origin, "sentences": sentences,
                       "repeated_facts": [[sentences[i], sentences[j]] for i, j in pairs]})
    return {"writer": result.mode, "seconds": round(seconds, 1), "events": events, "merged": result.merged.text,
            "timings": result.timings}


def to_markdown(paths: list[str], reports: dict[str, dict]) -> str:
    """The table of every writer's events, then the repeated pairs and each writer's merged briefing."""
    lines = [f"Articles: {', '.join(paths)}", "", "| writer (as asked) | event | articles | headline | origin | "
             "repeated facts | seconds (run) |", "|---|---|---:|---|---|---:|---:|"]
    for asked, report in reports.items():
        for event in report["events"]:
            lines.append(f"| {asked} ({report['writer']}) | {event['event']} | {event['articles']} | {event['headline']} "
                         f"| {event['headline_origin']} | {len(event['repeated_facts'])} | {report['seconds']} |")
    for asked, report in reports.items():
        lines += ["", f"### {asked}: repeated facts", ""]
        pairs = [(e["event"], pair) for e in report["events"] for pair in e["repeated_facts"]]
        lines += [f"- {event}: \"{a}\" / \"{b}\"" for event, (a, b) in pairs] or ["- none"]
        lines += ["", f"### {asked}: merged briefing", "", report["merged"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval briefings", description=__doc__, parents=[settings_options()],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", help="article files or folders, as for `summarizer brief`")
    parser.add_argument("--writers", nargs="+", default=["extractive", "auto", "fusion"], help="writers to compare")
    parser.add_argument("--out", type=Path, help="also write the Markdown here (and the details beside it as .json)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    settings = settings_from_args(args)
    loaded = load_articles(args.paths)
    first = BriefingPipeline(settings, progress=False)
    first.translate(loaded.articles)  # once: every writer reads the same translations
    reports = {}
    for name in args.writers:
        pipeline = BriefingPipeline(replace(settings, writer=name), embedder=first.embedder, progress=False)
        reports[name] = writer_report(pipeline, loaded)
    markdown = to_markdown(args.paths, reports)
    print(markdown)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(markdown, encoding="utf-8")
        args.out.with_suffix(".json").write_text(json.dumps(reports, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
