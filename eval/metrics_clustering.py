"""Scores of a predicted clustering against gold clusters: ARI, V-measure and B-cubed.

- Adjusted Rand index (Hubert & Arabie 1985) and V-measure (Rosenberg & Hirschberg, EMNLP 2007)
  are scikit-learn's ``adjusted_rand_score`` and ``v_measure_score`` (beta = 1).
- B-cubed precision, recall and F1 follow Amigó, Gonzalo, Artiles & Verdejo (2009), "A comparison
  of extrinsic clustering evaluation metrics based on formal constraints", Information Retrieval
  12(4), definitions 5.2: each item's precision is the share of items in its predicted cluster
  that share its gold class (itself included), its recall the share of its gold class that
  shares its predicted cluster; both are averaged over items, and F1 is the harmonic mean of
  the two averages.

Labels are compared position by position: ``truth[i]`` and ``predicted[i]`` label the same item.
Any hashable values serve as labels; only equality between them matters.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class BCubed:
    """Item-averaged B-cubed precision and recall, and their harmonic mean."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class ClusteringScores:
    """Every clustering score of one prediction, JSON-ready through ``to_dict``."""

    items: int
    gold_clusters: int
    predicted_clusters: int
    ari: float
    v_measure: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float

    def to_dict(self) -> dict:
        return asdict(self)


def bcubed(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> BCubed:
    """B-cubed precision, recall and F1 of ``predicted`` against ``truth`` (Amigó et al. 2009).

    :param truth: gold cluster label of each item.
    :param predicted: predicted cluster label of each item, in the same order.
    :return: ``BCubed(1, 1, 1)`` for no items (nothing is misplaced).
    """
    _check_labels(truth, predicted, "bcubed")
    if not truth:
        return BCubed(1.0, 1.0, 1.0)
    pairs = Counter(zip(truth, predicted))  # items sharing both the gold class and the cluster
    gold_sizes, predicted_sizes = Counter(truth), Counter(predicted)
    # Every item of one (class, cluster) cell has the same precision and recall, so sum per cell.
    precision = sum(count * count / predicted_sizes[cluster] for (_, cluster), count in pairs.items()) / len(truth)
    recall = sum(count * count / gold_sizes[gold] for (gold, _), count in pairs.items()) / len(truth)
    return BCubed(precision, recall, 2 * precision * recall / (precision + recall))


def clustering_scores(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> ClusteringScores:
    """ARI, V-measure and B-cubed P/R/F1 of ``predicted`` against ``truth``.

    :param truth: gold cluster label of each item.
    :param predicted: predicted cluster label of each item, in the same order.
    """
    from sklearn.metrics import adjusted_rand_score, v_measure_score

    _check_labels(truth, predicted, "clustering_scores")
    truth_ids, predicted_ids = _as_ints(truth), _as_ints(predicted)
    b3 = bcubed(truth, predicted)
    return ClusteringScores(
        items=len(truth),
        gold_clusters=len(set(truth)),
        predicted_clusters=len(set(predicted)),
        ari=float(adjusted_rand_score(truth_ids, predicted_ids)) if truth else 1.0,
        v_measure=float(v_measure_score(truth_ids, predicted_ids)) if truth else 1.0,
        bcubed_precision=b3.precision,
        bcubed_recall=b3.recall,
        bcubed_f1=b3.f1,
    )


def _check_labels(truth: Sequence[Hashable], predicted: Sequence[Hashable], caller: str) -> None:
    if len(truth) != len(predicted):
        raise ValueError(f"{caller}: {len(truth)} gold labels but {len(predicted)} predicted labels; "
                         "give one label per item in both")


def _as_ints(labels: Sequence[Hashable]) -> list[int]:
    """Labels as small integers (scikit-learn wants sortable labels; ours may mix types)."""
    index: dict[Hashable, int] = {}
    return [index.setdefault(label, len(index)) for label in labels]
