"""Event clustering: the real embedding model on the real seed articles, copies, dates, edge cases.

The ``embedder`` and ``translated_seed_articles`` fixtures come from conftest.py.
"""
from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from summarizer.articles import Article
from summarizer.events.clustering import DEFAULT_EVENT_THRESHOLD, Event, EventClusterer, cluster_events
from summarizer.events.similarity import average_linkage, background_corrected_cosine, idf_cosine, shingle_jaccard
from summarizer.ingest.loading import load_articles


@pytest.fixture(scope="session")
def english_seeds(seeds_dir) -> list[Article]:
    """Seeds 001 (Sept 2025 visit) and 002-004 (May 2024 visit), loaded as the CLI loads them."""
    return load_articles(sorted(seeds_dir.glob("00[1-4]_*.txt"))).articles


def _groups(events: list[Event]) -> list[list[str]]:
    """Events as sorted lists of three-digit seed prefixes (or whole ids), sorted."""
    return sorted(sorted(article_id[:3] if article_id[:3].isdigit() else article_id for article_id in e.article_ids)
                  for e in events)


def _by_id(articles: list[Article], prefix: str) -> Article:
    return next(a for a in articles if a.id.startswith(prefix))


def _copy(article: Article, new_id: str, edits: dict[str, str]) -> Article:
    """A republished copy: same sentences with a few words changed."""
    sentences = list(article.sentences)
    for old, new in edits.items():
        sentences = [s.replace(old, new) for s in sentences]
    return replace(article, id=new_id, sentences=sentences, text="\n".join(sentences), translation=None)


def test_english_seeds_split_into_the_two_visits(english_seeds, embedder):
    events = cluster_events(english_seeds, embedder)
    assert _groups(events) == [["001"], ["002", "003", "004"]]
    assert [e.id for e in events] == ["event-1", "event-2"]  # the larger event first
    assert all(e.duplicates == {} for e in events)


@pytest.mark.slow
def test_seeds_cluster_into_the_two_visits(translated_seed_articles, embedder):
    """All five seeds; 000 is Indonesian and is clustered through its English translation."""
    indonesian = _by_id(translated_seed_articles, "000")
    assert indonesian.language == "id" and indonesian.translation
    assert _groups(cluster_events(translated_seed_articles, embedder)) == [["000", "001"], ["002", "003", "004"]]


def test_similarity_is_symmetric_with_every_signal_in_range(english_seeds, embedder):
    similarity = EventClusterer(embedder).similarity(english_seeds)
    for signal in ("semantic", "words", "numbers", "names", "combined", "shingle_jaccard"):
        values = getattr(similarity, signal)
        assert values.shape == (4, 4)
        np.testing.assert_allclose(values, values.T, atol=1e-9)
        np.testing.assert_allclose(np.diag(values), 1.0)
        assert values.min() >= -1.0 - 1e-9 and values.max() <= 1.0 + 1e-9
    assert "| 001_" in similarity.table("numbers")


def test_a_lightly_edited_copy_is_one_event_with_the_copy_recorded(english_seeds, embedder):
    original = _by_id(english_seeds, "002")
    copy = _copy(original, "002-republished", {"significant": "major", "Having met": "After meeting",
                                               "extensive": "wide-ranging"})
    events = cluster_events([*english_seeds, copy], embedder)
    assert _groups(events) == [["001"], ["002", "002", "003", "004"]]
    (event,) = [e for e in events if copy.id in e.article_ids]
    assert event.duplicates in ({original.id: [copy.id]}, {copy.id: [original.id]})
    assert len(event.representative_ids) == 3 and len(event.article_ids) == 4


def test_copy_becomes_the_copy_of_the_longer_article(english_seeds, embedder):
    original = _by_id(english_seeds, "002")
    shorter = _copy(original, "002-trimmed", {"comprehensive ": ""})
    (event,) = cluster_events([shorter, original], embedder)
    assert event.duplicates == {original.id: [shorter.id]}
    assert event.representative_ids == [original.id]


def test_dates_far_apart_split_otherwise_similar_articles(english_seeds, embedder):
    may_2024, rewrite = _by_id(english_seeds, "004"), _by_id(english_seeds, "002")
    same_week = [replace(may_2024, published="2024-05-18"), replace(rewrite, published="2024-05-20")]
    a_year_apart = [replace(may_2024, published="2024-05-18"), replace(rewrite, published="2025-05-20")]
    assert len(cluster_events(same_week, embedder)) == 1
    events = cluster_events(a_year_apart, embedder)
    assert len(events) == 2
    assert {(e.first_published, e.last_published) for e in events} == {("2024-05-18", "2024-05-18"),
                                                                       ("2025-05-20", "2025-05-20")}
    assert len(cluster_events(a_year_apart, embedder, max_span_days=None)) == 1  # the date check off


def test_unknown_dates_never_split(english_seeds, embedder):
    undated = [replace(a, published=None) for a in english_seeds]
    assert _groups(cluster_events(undated, embedder)) == [["001"], ["002", "003", "004"]]


def test_no_articles_give_no_events(embedder):
    assert cluster_events([], embedder) == []


def test_one_article_is_one_event(english_seeds, embedder):
    article = _by_id(english_seeds, "004")
    (event,) = cluster_events([article], embedder)
    assert (event.id, event.article_ids, event.duplicates) == ("event-1", [article.id], {})
    assert event.representative_ids == [article.id]
    assert event.first_published == event.last_published == "2024-05-18"


def test_threshold_controls_the_number_of_events(english_seeds, embedder):
    assert len(cluster_events(english_seeds, embedder, threshold=-1.0)) == 1
    assert len(cluster_events(english_seeds, embedder, threshold=1.01)) == 4
    assert len(cluster_events(english_seeds, embedder, threshold=DEFAULT_EVENT_THRESHOLD)) == 2


def test_event_to_dict_is_json_ready_with_stable_keys():
    event = Event("event-1", ["a", "b", "c"], {"a": ["c"]}, "2024-05-17", "2024-05-18")
    data = json.loads(json.dumps(event.to_dict()))
    assert data == {"id": "event-1", "article_ids": ["a", "b", "c"], "duplicates": {"a": ["c"]},
                    "first_published": "2024-05-17", "last_published": "2024-05-18",
                    "representative_ids": ["a", "b"]}


def test_repeated_ids_and_wrong_types_are_named(english_seeds, embedder):
    with pytest.raises(ValueError, match="repeated: \\['x'\\]"):
        cluster_events([replace(english_seeds[0], id="x"), replace(english_seeds[1], id="x")], embedder)
    with pytest.raises(TypeError, match="Article objects, got \\['str'\\]"):
        cluster_events(["just text"], embedder)
    with pytest.raises(ValueError, match="threshold must be a finite number"):
        EventClusterer(embedder, threshold=float("nan"))


# --- the pieces, on hand-computed values -----------------------------------------------------------

def test_idf_cosine_gives_tokens_every_article_has_no_weight():
    # Three articles: "putin" in all (idf ln(4/4) = 0); "harbin" in two (idf ln(4/3)); "22" in one.
    similarity = idf_cosine([["putin", "harbin"], ["putin", "harbin", "22"], ["putin"]])
    harbin, once = np.log(4 / 3), np.log(4 / 2)
    assert similarity[0, 1] == pytest.approx(harbin ** 2 / (harbin * np.hypot(harbin, once)))
    assert similarity[0, 2] == 0.0 and similarity[1, 2] == 0.0  # only "putin" shared: says nothing


def test_background_corrected_cosine_matches_the_definition():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(5, 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    fast = background_corrected_cosine(vectors, background_weight=0.7)
    for i in range(5):
        for j in range(5):
            if i == j:
                continue
            background = 0.7 * np.delete(vectors, [i, j], axis=0).mean(axis=0)
            a, b = vectors[i] - background, vectors[j] - background
            assert fast[i, j] == pytest.approx(a @ b / np.linalg.norm(a) / np.linalg.norm(b), abs=1e-9)


def test_background_corrected_cosine_of_two_vectors_is_the_plain_cosine():
    vectors = np.array([[1.0, 0.0], [0.6, 0.8]])
    np.testing.assert_allclose(background_corrected_cosine(vectors), [[1.0, 0.6], [0.6, 1.0]])


def test_shingle_jaccard_on_a_hand_counted_pair():
    # "a b c d" -> {abc, bcd}; "a b c e" -> {abc, bce}: 1 shared of 3.
    assert shingle_jaccard(["a b c d", "A b, c e."])[0, 1] == pytest.approx(1 / 3)
    assert shingle_jaccard(["", ""])[0, 1] == 0.0


def test_average_linkage_matches_scikit_learn():
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.metrics import adjusted_rand_score

    rng = np.random.default_rng(1)
    points = np.concatenate([rng.normal(center, 0.3, size=(6, 2)) for center in ((0, 0), (3, 0), (0, 3))])
    similarity = 1.0 - np.linalg.norm(points[:, None] - points[None, :], axis=-1) / 2
    ours = average_linkage(similarity, threshold=0.4)
    theirs = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                     distance_threshold=0.6).fit_predict(1.0 - similarity)
    assert adjusted_rand_score(theirs, ours) == 1.0 and len(set(ours)) == len(set(theirs)) > 1


def test_average_linkage_keeps_cannot_links_apart():
    similarity = np.array([[1.0, 0.9, 0.8], [0.9, 1.0, 0.1], [0.8, 0.1, 1.0]])
    assert average_linkage(similarity, 0.5) == [0, 0, 1]  # 2 joins {0, 1} at (0.8 + 0.1) / 2 < 0.5
    cannot = np.zeros((3, 3), dtype=bool)
    cannot[0, 1] = cannot[1, 0] = True
    assert average_linkage(similarity, 0.5, cannot_link=cannot) == [0, 1, 0]
    assert average_linkage(np.ones((1, 1)), 0.5) == [0] and average_linkage(np.ones((0, 0)), 0.5) == []
