"""Score cached outputs and write the comparison: per-item JSONL, a table (Markdown and JSON), a chart.

Every table starts with a signature line naming the data, the item count, the ROUGE settings and
the project's version and commit; each system's options (models, lengths) are listed under it.
"""
from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from summarizer import __version__
from summarizer.articles import Article
from summarizer.check.faithfulness import check_facts, source_facts
from summarizer.config import Settings
from summarizer.facts import FactIndex
from summarizer.runtime.embeddings import Embedder
from summarizer.select.repeats import repeated_pairs
from summarizer.select.selection import opens_with_pronoun

from .cache import CachedOutput
from .datasets import SummaryItem
from .metrics import ROUGE_LABELS, ROUGE_TYPES, Rouge, bootstrap_interval


@dataclass(frozen=True)
class SystemOutputs:
    """One system's cached outputs, labelled for the table."""

    label: str
    key: str
    options: dict
    outputs: dict[str, CachedOutput]


# A briefing under this share of its words is too short: the budget asked for more than it got.
SHORT_SHARE = 0.6
# Which system the others are compared with, item by item, when it is in the report.
PAIRED_BASELINE = "extractive"


def sentence_embedder(settings: Settings | None = None) -> Embedder:
    """The embedder of ``settings`` (default: the loaded settings): the repeat measure's similarity."""
    from summarizer.runtime.models import load_sentence_embedder

    settings = settings or Settings.load()
    return Embedder(load_sentence_embedder(settings.embedding_model, settings.models_dir, settings.device), progress=False)


def score_item(output: CachedOutput, item: SummaryItem, facts: FactIndex, rouge: Rouge, words: int | None = None,
               embedder: Embedder | None = None) -> dict:
    """ROUGE, length, fact support (against the item's source ``facts``), seconds and the briefing checks of one output.

    :param words: the length asked for: an output under ``SHORT_SHARE`` of it counts as short.
    :param embedder: with it, the pairs of sentences that state the same fact (``summarizer.select.repeats``) are counted.
    """
    summary = rouge.truncate(output.summary)
    sentences = _sentences(summary)
    pairs = repeated_pairs(sentences, embedder.encode(sentences)) if embedder is not None and sentences else []
    checks = [check_facts(sentence, facts) for sentence in sentences]
    stated = sum(count for count, _ in checks)
    unsupported = [problem for _, problems in checks for problem in problems]
    length = len(summary.split())
    return {"id": item.id, **rouge.score(output.summary, item.references), "words": length,
            "facts": stated, "unsupported": unsupported, "seconds": output.seconds,
            "short": bool(words) and length < SHORT_SHARE * words,
            "repeats": len(sentences) - len({" ".join(s.lower().split()) for s in sentences}),
            "repeated_facts": len(pairs) if embedder is not None else None,
            "repeat_pairs": [[sentences[i], sentences[j]] for i, j in pairs],
            "headline": output.headline, "headline_origin": output.headline_origin,
            "pronoun_start": opens_with_pronoun(summary)}


def aggregate(scores: Sequence[dict]) -> dict:
    """Means with 95% bootstrap intervals for ROUGE; fact support pooled over all facts."""
    row: dict = {"items": len(scores)}
    for name in ROUGE_TYPES:
        mean, low, high = bootstrap_interval([s[name] for s in scores])
        row[name] = {"mean": round(mean, 2), "ci95": [round(low, 2), round(high, 2)]}
    facts = sum(s["facts"] for s in scores)
    unsupported = sum(len(s["unsupported"]) for s in scores)
    row["facts"] = facts
    row["facts_supported"] = round(1 - unsupported / facts, 4) if facts else None
    row["words"] = round(sum(s["words"] for s in scores) / len(scores), 1) if scores else 0
    row["seconds_per_item"] = round(sum(s["seconds"] for s in scores) / len(scores), 3) if scores else 0
    row["checks"] = {"empty": sum(1 for s in scores if not s["words"]), "short": sum(1 for s in scores if s.get("short")),
                     "repeated_sentences": sum(s.get("repeats", 0) for s in scores),
                     "pronoun_starts": sum(1 for s in scores if s.get("pronoun_start"))}
    counted = [s["repeated_facts"] for s in scores if s.get("repeated_facts") is not None]
    row["repeated_facts"] = {"pairs": sum(counted), "per_briefing": round(sum(counted) / len(counted), 3),
                             "briefings": sum(1 for c in counted if c)} if counted else None
    origins = [s["headline_origin"] for s in scores if s.get("headline_origin")]
    row["headlines"] = {origin: origins.count(origin) for origin in sorted(set(origins))} if origins else None
    return row


def paired_differences(scores: Sequence[dict], baseline: Sequence[dict]) -> dict:
    """Mean per-item difference from ``baseline`` (same items, same order) with its 95% paired bootstrap interval."""
    differences = {}
    for name in ROUGE_TYPES:
        mean, low, high = bootstrap_interval([a[name] - b[name] for a, b in zip(scores, baseline)])
        differences[name] = {"mean": round(mean, 2), "ci95": [round(low, 2), round(high, 2)]}
    return differences


def write_report(run_dir: Path, stem: str, header: str, systems: Sequence[SystemOutputs],
                 items: Sequence[SummaryItem], articles: dict[str, list[Article]], rouge: Rouge,
                 embedder: Embedder | None = None) -> list[Path]:
    """Score ``systems`` on ``items``; write per-item scores, ``<stem>.md``, ``<stem>.json`` and ``<stem>.png``.

    :param embedder: counts repeated facts (``score_item``); without it they are not counted."""
    (run_dir / "scores").mkdir(parents=True, exist_ok=True)
    facts = {item.id: source_facts(articles[item.id]) for item in items}
    rows, per_system = [], {}
    for system in systems:
        words = system.options.get("words") if isinstance(system.options, dict) else None
        scores = [score_item(system.outputs[item.id], item, facts[item.id], rouge, words, embedder) for item in items]
        per_system[system.label] = scores
        with (run_dir / "scores" / f"{system.key}.jsonl").open("w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(s, ensure_ascii=False) + "\n" for s in scores)
        rows.append({"system": system.label, "key": system.key, "options": system.options, **aggregate(scores)})
    if PAIRED_BASELINE in per_system:
        for row in rows:
            if row["system"] != PAIRED_BASELINE:
                row[f"vs_{PAIRED_BASELINE}"] = paired_differences(per_system[row["system"]], per_system[PAIRED_BASELINE])
    markdown = _markdown(header, rows)
    paths = [run_dir / f"{stem}.md", run_dir / f"{stem}.json", run_dir / f"{stem}.png"]
    paths[0].write_text(markdown, encoding="utf-8")
    paths[1].write_text(json.dumps({"signature": header, "rows": rows}, indent=2) + "\n", encoding="utf-8")
    _chart(rows, header, paths[2])
    print(markdown)
    return paths


def signature(data: Path, items: int, sample: str, rouge: Rouge) -> str:
    """The line that heads every table: data, item count, metric settings, project version."""
    return f"data:{data.name}|items:{items}|sample:{sample}|{rouge.signature}|project:{project_version()}"


def project_version() -> str:
    """``summarizer-<version>+git.<commit>`` (``.dirty`` with uncommitted changes), or without git."""
    repo = Path(__file__).resolve().parents[1]
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=repo,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return f"summarizer-{__version__}"
    return f"summarizer-{__version__}+git.{commit}{'.dirty' if dirty else ''}"


def _markdown(header: str, rows: list[dict]) -> str:
    lines = [f"`{header}`", "", "ROUGE F1 x100 unless the signature says otherwise; [95% bootstrap interval]; "
             "facts: share of the numbers, months and names stated that appear in the sources.", "",
             "| system | items | " + " | ".join(ROUGE_LABELS[n] for n in ROUGE_TYPES)
             + " | words | facts supported | s/item |",
             "|---|---:|" + "---:|" * len(ROUGE_TYPES) + "---:|---:|---:|"]
    for row in rows:
        cells = [f"{row[n]['mean']:.2f} [{row[n]['ci95'][0]:.1f}–{row[n]['ci95'][1]:.1f}]" for n in ROUGE_TYPES]
        supported = "–" if row["facts_supported"] is None else f"{100 * row['facts_supported']:.1f}% of {row['facts']}"
        lines.append(f"| {row['system']} | {row['items']} | " + " | ".join(cells)
                     + f" | {row['words']:.0f} | {supported} | {row['seconds_per_item']:.2f} |")
    lines += ["", "Checks (items): empty; short (under "
              f"{SHORT_SHARE:.0%} of the words asked for); repeated sentences; opening with a pronoun; repeated facts "
              "(pairs of sentences stating the same fact, summarizer.select.repeats: per briefing, briefings with any); "
              "headlines by origin (title, generated, sentence, clause, cut).", "",
              "| system | empty | short | repeated sentences | pronoun starts | repeated facts / briefing | "
              "briefings with repeats | headlines |", "|---|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        repeats = row.get("repeated_facts")
        facts = [f"{repeats['per_briefing']:.2f}", str(repeats["briefings"])] if repeats else ["–", "–"]
        headlines = ", ".join(f"{k} {v}" for k, v in (row.get("headlines") or {}).items()) or "–"
        lines.append(f"| {row['system']} | " + " | ".join(str(v) for v in row["checks"].values())
                     + f" | {' | '.join(facts)} | {headlines} |")
    paired = [row for row in rows if f"vs_{PAIRED_BASELINE}" in row]
    if paired:
        lines += ["", f"Paired against `{PAIRED_BASELINE}` on the same items: mean difference [95% paired bootstrap "
                  "interval]; an interval above 0 is a gain.", "",
                  "| system | " + " | ".join(ROUGE_LABELS[n] for n in ROUGE_TYPES) + " |",
                  "|---|" + "---:|" * len(ROUGE_TYPES)]
        for row in paired:
            cells = [f"{d['mean']:+.2f} [{d['ci95'][0]:+.2f}, {d['ci95'][1]:+.2f}]"
                     for d in (row[f"vs_{PAIRED_BASELINE}"][n] for n in ROUGE_TYPES)]
            lines.append(f"| {row['system']} | " + " | ".join(cells) + " |")
    lines += ["", "Systems:"]
    lines += [f"- `{row['system']}` ({row['key']}): " + json.dumps(row["options"], ensure_ascii=False) for row in rows]
    return "\n".join(lines) + "\n"


def _chart(rows: list[dict], header: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    width = 0.8 / max(len(rows), 1)
    figure, axes = plt.subplots(figsize=(max(7.0, 1.2 * len(rows) + 4), 4.5))
    for index, row in enumerate(rows):
        means = [row[n]["mean"] for n in ROUGE_TYPES]
        errors = [[m - row[n]["ci95"][0] for m, n in zip(means, ROUGE_TYPES)],
                  [row[n]["ci95"][1] - m for m, n in zip(means, ROUGE_TYPES)]]
        positions = [m + (index - (len(rows) - 1) / 2) * width for m in range(len(ROUGE_TYPES))]
        axes.bar(positions, means, width, yerr=errors, capsize=2, label=row["system"])
    axes.set_xticks(range(len(ROUGE_TYPES)), [ROUGE_LABELS[n] for n in ROUGE_TYPES])
    axes.set_ylabel("score (x100), 95% interval")
    data_part = header.split("|ROUGE|")[0]
    axes.set_title(f"{data_part}", fontsize=9)
    axes.legend(fontsize=8, ncol=2)
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def _sentences(text: str) -> list[str]:
    from summarizer.ingest.sentences import split_sentences

    return split_sentences(text, "en")
