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
from summarizer.faithfulness import SourceFacts, check_facts

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


def score_item(output: CachedOutput, item: SummaryItem, facts: SourceFacts, rouge: Rouge) -> dict:
    """ROUGE, length, fact support (against the item's source ``facts``) and seconds of one output."""
    summary = rouge.truncate(output.summary)
    checks = [check_facts(sentence, facts) for sentence in _sentences(summary)]
    stated = sum(count for count, _ in checks)
    unsupported = [problem for _, problems in checks for problem in problems]
    return {"id": item.id, **rouge.score(output.summary, item.references), "words": len(summary.split()),
            "facts": stated, "unsupported": unsupported, "seconds": output.seconds}


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
    return row


def write_report(run_dir: Path, stem: str, header: str, systems: Sequence[SystemOutputs],
                 items: Sequence[SummaryItem], articles: dict[str, list[Article]], rouge: Rouge) -> list[Path]:
    """Score ``systems`` on ``items``; write per-item scores, ``<stem>.md``, ``<stem>.json`` and ``<stem>.png``."""
    (run_dir / "scores").mkdir(parents=True, exist_ok=True)
    facts = {item.id: SourceFacts.from_articles(articles[item.id]) for item in items}
    rows = []
    for system in systems:
        scores = [score_item(system.outputs[item.id], item, facts[item.id], rouge) for item in items]
        with (run_dir / "scores" / f"{system.key}.jsonl").open("w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(s, ensure_ascii=False) + "\n" for s in scores)
        rows.append({"system": system.label, "key": system.key, "options": system.options, **aggregate(scores)})
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
    from summarizer.sentences import split_sentences

    return split_sentences(text, "en")
