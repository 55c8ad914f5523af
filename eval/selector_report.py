"""The learned selector's cross-validation table: per fold, pooled, first and last 50 clusters,
with 95% bootstrap intervals and paired bootstrap intervals of its gain over each baseline."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .metrics import ROUGE_LABELS, Rouge, bootstrap_interval

SHOWN = ("rouge1", "rouge2")
ALL = ("rouge1", "rouge2", "rougeL", "rougeLsum")


def cv_table(clusters: Sequence, chosen: range, folds: Sequence[int], scores: dict[str, list[dict]], args) -> tuple[str, dict]:
    """Markdown and a JSON-ready dict of the cross-validated ``scores`` (system -> per-cluster ROUGE)."""
    names = list(scores)
    ids = [c.item.id for c in clusters]
    header = (f"data:{args.data.name}|items:{chosen.start}-{chosen.stop - 1} ({len(clusters)})|folds:{max(folds)} "
              f"contiguous blocks of clusters|words:{args.words}|seed:{args.seed}|{Rouge().signature}")
    lines = [f"`{header}`", "", "ROUGE F1 x100; the learned selector's summary of each cluster is made by the "
             "model trained on the other folds.", "",
             "| fold | clusters | " + " | ".join(f"{n} R-1 / R-2" for n in names) + " |",
             "|---|---|" + "---:|" * len(names)]
    result: dict = {"signature": header, "folds": []}
    for fold in sorted(set(folds)):
        rows = [i for i, f in enumerate(folds) if f == fold]
        means = {n: [float(np.mean([scores[n][i][m] for i in rows])) for m in SHOWN] for n in names}
        lines.append(f"| {fold} | {ids[rows[0]]}…{ids[rows[-1]]} | "
                     + " | ".join(f"{r1:.2f} / {r2:.2f}" for r1, r2 in means.values()) + " |")
        result["folds"].append({"fold": fold, "first": ids[rows[0]], "last": ids[rows[-1]], **means})
    parts = [("pooled", list(range(len(clusters))))]
    if len(clusters) > 100:
        parts += [("first 50", list(range(50))), ("last 50", list(range(len(clusters) - 50, len(clusters))))]
    for label, rows in parts:
        block, summary = _block(label, rows, names, scores)
        lines += [""] + block
        result[label.replace(" ", "_")] = summary
    return "\n".join(lines) + "\n", result


def _block(label: str, rows: list[int], names: list[str], scores: dict[str, list[dict]]) -> tuple[list[str], dict]:
    """Means with intervals per system, then the learned selector's paired gains."""
    lines = [f"**{label}** ({len(rows)} clusters): mean [95% bootstrap interval]", "",
             "| system | " + " | ".join(ROUGE_LABELS[m] for m in ALL) + " |", "|---|" + "---:|" * len(ALL)]
    summary: dict = {"clusters": len(rows), "systems": {}, "gain_of_learned": {}}
    for name in names:
        cells = []
        for metric in ALL:
            mean, low, high = bootstrap_interval([scores[name][i][metric] for i in rows])
            cells.append(f"{mean:.2f} [{low:.2f}–{high:.2f}]")
            summary["systems"].setdefault(name, {})[metric] = [round(mean, 2), round(low, 2), round(high, 2)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "| learned minus | " + " | ".join(f"{ROUGE_LABELS[m]} gain" for m in SHOWN) + " | clusters better (R-1) |",
              "|---|" + "---:|" * (len(SHOWN) + 1)]
    for name in names[1:]:
        cells = []
        for metric in SHOWN:
            differences = [scores["learned"][i][metric] - scores[name][i][metric] for i in rows]
            mean, low, high = bootstrap_interval(differences)
            cells.append(f"{mean:+.2f} [{low:+.2f}, {high:+.2f}]")
            summary["gain_of_learned"].setdefault(name, {})[metric] = [round(mean, 2), round(low, 2), round(high, 2)]
        better = sum(scores["learned"][i]["rouge1"] > scores[name][i]["rouge1"] for i in rows)
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {better}/{len(rows)} |")
    return lines, summary
