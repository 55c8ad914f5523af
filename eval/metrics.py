"""Corpus metrics with their signatures, so every number says how it was made."""
from __future__ import annotations

from dataclasses import dataclass

from sacrebleu.metrics import BLEU, CHRF


@dataclass(frozen=True)
class MetricResult:
    """A score with the signature of the settings that produced it."""

    name: str
    score: float
    signature: str

    def format(self) -> str:
        """``name|signature = score``, sacrebleu's own layout."""
        return f"{self.name}|{self.signature} = {self.score:.2f}"


def translation_scores(hypotheses: list[str], references: list[str]) -> list[MetricResult]:
    """Corpus BLEU (13a tokenizer) and chrF2 with sacrebleu's defaults, hypothesis first."""
    if len(hypotheses) != len(references):
        raise ValueError(f"translation_scores: {len(hypotheses)} hypotheses but {len(references)} references")
    results = []
    for metric in (BLEU(), CHRF()):
        score = metric.corpus_score(hypotheses, [references])
        results.append(MetricResult(score.name, score.score, str(metric.get_signature())))
    return results
