"""Metrics with their signatures, so every number says how it was made.

- BLEU and chrF: sacrebleu's corpus scores, hypothesis first, with sacrebleu's own signature.
- ROUGE-1/2/L/Lsum: Google's ``rouge-score`` (the reference Python port of ROUGE-1.5.5), Porter
  stemming on, its default tokenizer (lowercase, alphanumeric tokens). ROUGE-Lsum is computed over
  sentences split with the project's splitter and joined by newlines, as ``rouge-score`` expects;
  without the split it would equal ROUGE-L. Several references are averaged, as ROUGE-1.5.5 does
  by default (``-f A``).
- Bootstrap confidence intervals over items, with a fixed seed (``rouge-score``'s own
  ``BootstrapAggregator`` draws without one).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.metadata import version
from typing import Sequence

import numpy as np
from sacrebleu.metrics import BLEU, CHRF

from summarizer.ingest.sentences import split_sentences

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")
ROUGE_LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeL": "R-L", "rougeLsum": "R-Lsum"}
BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 0


@dataclass(frozen=True)
class MetricResult:
    """A score with the signature of the settings that produced it."""

    name: str
    score: float
    signature: str

    def format(self) -> str:
        """``name|signature = score``, sacrebleu's own layout."""
        return f"{self.name}|{self.signature} = {self.score:.2f}"


def translation_scores(hypotheses: list[str], *references: list[str]) -> list[MetricResult]:
    """Corpus BLEU (13a tokenizer) and chrF2 with sacrebleu's defaults, hypothesis first.

    :param references: one or more reference streams, each aligned with ``hypotheses``.
    """
    if not references:
        raise ValueError("translation_scores: give at least one reference stream")
    for stream in references:
        if len(hypotheses) != len(stream):
            raise ValueError(f"translation_scores: {len(hypotheses)} hypotheses but {len(stream)} references")
    results = []
    for metric in (BLEU(), CHRF()):
        score = metric.corpus_score(hypotheses, list(references))
        results.append(MetricResult(score.name, score.score, str(metric.get_signature())))
    return results


@dataclass(frozen=True)
class PairedDifference:
    """A system's corpus score minus a baseline's on the same sentences, with its 95% paired bootstrap interval and
    the share of resamples in which the system does not score above the baseline (a one-sided p-value)."""

    name: str
    difference: float
    low: float
    high: float
    p_value: float

    def format(self) -> str:
        """``BLEU +1.23 [+0.40, +2.05] (p = 0.001)``."""
        return f"{self.name} {self.difference:+.2f} [{self.low:+.2f}, {self.high:+.2f}] (p = {self.p_value:.3f})"


def paired_translation_bootstrap(hypotheses: list[str], baseline: list[str], references: list[str],
                                 samples: int = BOOTSTRAP_SAMPLES) -> list[PairedDifference]:
    """BLEU and chrF of ``hypotheses`` minus ``baseline``'s on the same sentences, by paired bootstrap resampling:
    both systems are scored on the same resampled sentence sets from sacrebleu's sufficient statistics, as
    ``sacrebleu --paired-bs`` (Koehn, 2004) does, seeded."""
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    resamples = rng.choice(len(hypotheses), size=(samples, len(hypotheses)), replace=True)
    differences = []
    for metric in (BLEU(), CHRF()):
        system, base = (np.array(metric._extract_corpus_statistics(lines, [references]), dtype="float64")
                        for lines in (hypotheses, baseline))
        score = lambda stats: metric._compute_score_from_stats(stats.sum(0)).score  # noqa: E731
        resampled = np.array([score(system[rows]) - score(base[rows]) for rows in resamples])
        low, high = np.percentile(resampled, [2.5, 97.5])
        name = metric._compute_score_from_stats(system.sum(0)).name  # "BLEU", "chrF2": the statistics say it
        differences.append(PairedDifference(name, score(system) - score(base), float(low), float(high),
                                            float((resampled <= 0).mean())))
    return differences


@dataclass(frozen=True)
class Rouge:
    """ROUGE-1/2/L/Lsum of a summary against its references, x100.

    :param measure: ``"f"`` (F1, the default), ``"r"`` (recall, DUC's habit) or ``"p"`` (precision).
    :param word_limit: score only the summary's first N words (DUC's "first 100 words"); None: all.
    :param stemmer: Porter stemming of both sides (ROUGE-1.5.5's ``-m``).
    """

    measure: str = "f"
    word_limit: int | None = None
    stemmer: bool = True

    def __post_init__(self):
        if self.measure not in ("f", "r", "p"):
            raise ValueError(f"Rouge: measure must be 'f', 'r' or 'p', got {self.measure!r}")
        if self.word_limit is not None and self.word_limit < 1:
            raise ValueError(f"Rouge: word_limit must be at least 1, got {self.word_limit}")

    def score(self, summary: str, references: Sequence[str]) -> dict[str, float]:
        """``{rouge1, rouge2, rougeL, rougeLsum}`` for one summary, averaged over ``references``.

        An empty summary scores 0; no references is an error.
        """
        if not references:
            raise ValueError("Rouge.score: no reference summaries given")
        scorer = _scorer(self.stemmer)
        prediction = _sentence_lines(self.truncate(summary))
        totals = dict.fromkeys(ROUGE_TYPES, 0.0)
        for reference in references:
            scores = scorer.score(_sentence_lines(reference), prediction)  # rouge-score: target first
            for name in ROUGE_TYPES:
                totals[name] += 100 * _measure(scores[name], self.measure)
        return {name: total / len(references) for name, total in totals.items()}

    def truncate(self, summary: str) -> str:
        """The summary cut to ``word_limit`` words (whitespace words), or whole."""
        if self.word_limit is None:
            return summary
        return " ".join(summary.split()[: self.word_limit])

    @property
    def signature(self) -> str:
        """Every setting that changes the number, sacrebleu style."""
        return (f"ROUGE|types:1,2,L,Lsum|measure:{self.measure}|stem:{'porter' if self.stemmer else 'no'}"
                f"|tok:rouge-score-default|lsum-split:sentencex|limit:{self.word_limit or 'none'}"
                f"|multi-ref:mean|version:rouge-score-{version('rouge-score')}")


def bootstrap_interval(values: Sequence[float], samples: int = BOOTSTRAP_SAMPLES,
                       seed: int = BOOTSTRAP_SEED) -> tuple[float, float, float]:
    """Mean of ``values`` and its 95% bootstrap interval (percentile method, seeded)."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return float("nan"), float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, data.size, size=(samples, data.size))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(data.mean()), float(low), float(high)


def _measure(score, measure: str) -> float:
    return {"f": score.fmeasure, "r": score.recall, "p": score.precision}[measure]


def _sentence_lines(text: str) -> str:
    return "\n".join(split_sentences(text, "en"))


@functools.lru_cache(maxsize=2)
def _scorer(stemmer: bool):
    from rouge_score.rouge_scorer import RougeScorer

    return RougeScorer(list(ROUGE_TYPES), use_stemmer=stemmer)
