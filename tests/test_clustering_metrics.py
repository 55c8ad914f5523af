"""Clustering metrics against values worked out by hand (the working is in each comment)."""
from __future__ import annotations

import json
import math

import pytest

from eval.metrics_clustering import BCubed, bcubed, clustering_scores

EPSILON = 1e-9

# Five items, gold classes {a1 a2 a3} {b1 b2}; predicted clusters {a1 a2} {a3 b1 b2}.
TRUTH = ["a", "a", "a", "b", "b"]
PREDICTED = [1, 1, 2, 2, 2]


def _entropy(*probabilities: float) -> float:
    return -sum(p * math.log(p) for p in probabilities if p)


@pytest.mark.parametrize("truth, predicted, expected", [
    # a1, a2: P = 2/2, R = 2/3; a3: P = 1/3, R = 1/3; b1, b2: P = 2/3, R = 2/2.
    # P = (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = 11/15; R = (2/3 + 2/3 + 1/3 + 1 + 1) / 5 = 11/15.
    (TRUTH, PREDICTED, BCubed(11 / 15, 11 / 15, 11 / 15)),
    # Everything in one cluster, gold {x1 x2} {y}: P = (2/3 + 2/3 + 1/3) / 3 = 5/9, R = 1,
    # F1 = 2 * 5/9 / (5/9 + 1) = 5/7.
    (["x", "x", "y"], [0, 0, 0], BCubed(5 / 9, 1.0, 5 / 7)),
    # Every item alone, gold {x1 x2} {y}: P = 1, R = (1/2 + 1/2 + 1) / 3 = 2/3, F1 = 4/5.
    (["x", "x", "y"], [0, 1, 2], BCubed(1.0, 2 / 3, 4 / 5)),
    # A perfect clustering under other label names scores 1.
    (["x", "x", "y"], ["q", "q", "p"], BCubed(1.0, 1.0, 1.0)),
    ([], [], BCubed(1.0, 1.0, 1.0)),
])
def test_bcubed_matches_hand_computed_values(truth, predicted, expected):
    result = bcubed(truth, predicted)
    assert result.precision == pytest.approx(expected.precision, abs=EPSILON)
    assert result.recall == pytest.approx(expected.recall, abs=EPSILON)
    assert result.f1 == pytest.approx(expected.f1, abs=EPSILON)


def test_bcubed_precision_and_recall_swap_when_truth_and_prediction_swap():
    forward, backward = bcubed(["x", "x", "y"], [0, 0, 0]), bcubed([0, 0, 0], ["x", "x", "y"])
    assert (forward.precision, forward.recall) == pytest.approx((backward.recall, backward.precision))


def test_adjusted_rand_index_matches_hand_computed_value():
    # Contingency [[2, 1], [0, 2]]: index = C(2,2) + C(2,2) = 2; rows C(3,2) + C(2,2) = 4;
    # columns C(2,2) + C(3,2) = 4; expected = 4 * 4 / C(5,2) = 1.6; max = (4 + 4) / 2 = 4.
    # ARI = (2 - 1.6) / (4 - 1.6) = 1/6.
    assert clustering_scores(TRUTH, PREDICTED).ari == pytest.approx(1 / 6, abs=EPSILON)


def test_v_measure_matches_hand_computed_value():
    # H(gold) = H(3/5, 2/5); H(gold | predicted) = 2/5 * 0 + 3/5 * H(1/3, 2/3), so homogeneity
    # h = 1 - 3/5 * H(1/3, 2/3) / H(3/5, 2/5). The table is symmetric (cluster sizes 2, 3 against
    # class sizes 3, 2, one item off the diagonal), so completeness equals h and V = h.
    homogeneity = 1 - 0.6 * _entropy(1 / 3, 2 / 3) / _entropy(0.6, 0.4)
    assert clustering_scores(TRUTH, PREDICTED).v_measure == pytest.approx(homogeneity, abs=EPSILON)


def test_clustering_scores_counts_items_and_clusters_and_includes_bcubed():
    scores = clustering_scores(TRUTH, PREDICTED)
    assert (scores.items, scores.gold_clusters, scores.predicted_clusters) == (5, 2, 2)
    assert scores.bcubed_f1 == pytest.approx(11 / 15, abs=EPSILON)
    assert set(scores.to_dict()) >= {"ari", "v_measure", "bcubed_precision", "bcubed_recall", "bcubed_f1"}


def test_perfect_clustering_scores_one_everywhere():
    scores = clustering_scores(["x", "x", "y", "z"], [5, 5, 7, 6])
    assert (scores.ari, scores.v_measure, scores.bcubed_f1) == pytest.approx((1.0, 1.0, 1.0))


def test_length_mismatch_names_both_lengths():
    with pytest.raises(ValueError, match="3 gold labels but 2 predicted"):
        clustering_scores(["x", "x", "y"], [0, 0])


def test_pooled_documents_keep_their_gold_cluster_and_count_what_cleaning_empties(tmp_path):
    from eval.clustering import pool_documents
    from eval.datasets import read_items

    data = tmp_path / "clusters.jsonl"
    rows = [
        {"id": "c1", "documents": ["A storm hit the coast on Monday. Power was cut.", "Leave a Reply"], "summary": "s"},
        {"id": "c2", "documents": ["The council approved the budget."], "summary": "s"},
        {"id": "c3", "documents": ["Third cluster text here."], "summary": "s"},
    ]
    data.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    pool = pool_documents(read_items(data, 2))
    assert [a.id for a in pool.articles] == ["c1/0", "c2/0"] and pool.gold == ["c1", "c2"]
    assert pool.dropped == 1 and pool.clusters == 2  # "Leave a Reply" is boilerplate only
    assert pool.articles[0].sentences == ["A storm hit the coast on Monday.", "Power was cut."]
    sampled = read_items(data, 2, seed=0)
    assert sampled == read_items(data, 2, seed=0) and len(sampled) == 2
