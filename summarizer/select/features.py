"""Per-sentence features of an event's candidate sentences, for the learned selector.

Every feature is relative to the event (the cluster of articles) or the sentence's own article,
so that it carries across news sources: where the sentence stands in its article, how central it
is to the event, how many other articles say the same thing, how much of the event's vocabulary it
uses, a few signals of its form (length, names, numbers, quotes, junk), and what it tells: how many
checkable facts it states (figures, dates, names of people, places and organisations: ``facts.extract_facts``),
whether it dates something and whether it names an agreement or an act signed or announced. The raw embedding is
not a feature: it would let a model memorise topics of the training set.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..facts import extract_facts
from .selection import SourceSentence

# Two sentences this similar (cosine of unit embeddings) state the same thing: cross-document support.
SUPPORT_SIMILARITY = 0.6
# A sentence this similar to another counts towards its degree centrality (LexRank's threshold idea).
DEGREE_SIMILARITY = 0.3
# Rows of sentence-to-sentence similarities computed at a time: memory stays at BLOCK_ROWS x n floats
# (a 20 MB article has 142,000 sentences; its whole matrix would take 76 GiB).
BLOCK_ROWS = 1024
# Above this many candidates (a very long article; news events have hundreds), a sentence's degree is
# estimated against a fixed, seeded sample of this many candidates, so that time stays linear in length.
DEGREE_SAMPLE = 10_000

FEATURES = (
    "doc_rank_log", "is_doc_first", "is_doc_top3", "doc_relative_position", "doc_size_log", "cluster_docs_log",
    "words_log", "centroid_similarity", "centroid_z", "centroid_percentile", "doc_centroid_similarity",
    "doc_lead_similarity", "degree", "support_mean", "support_share", "topic_df", "topic_tf",
    "content_density", "name_density", "number_density", "has_quote", "starts_with_quote", "first_person",
    "attribution", "question_or_exclaim", "symbol_share", "uppercase_share",
    "fact_count_log", "figure_count_log", "date_mention", "agreement_terms",
)

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_QUOTE = re.compile(r"[\"“”]")
_FIRST_PERSON = frozenset("i me my we our us".split())
_ATTRIBUTION = frozenset("said says told according reported added".split())
# What a sentence tells, beside how central it is: agreements and acts signed or announced ...
_AGREEMENT = frozenset("""agreement agreements deal deals treaty treaties accord accords pact pacts memorandum contract
contracts declaration statement communique signed signing sign ratified approved announced launched""".split())
# ... and when: weekdays and relative days (months and years come from ``facts.extract_facts``).
_DAY_WORDS = frozenset("""monday tuesday wednesday thursday friday saturday sunday yesterday today tomorrow
tonight weekend""".split())


def sentence_features(candidates: Sequence[SourceSentence], vectors: np.ndarray) -> np.ndarray:
    """An (n, len(FEATURES)) float array, one row per candidate, columns in ``FEATURES`` order.

    :param candidates: an event's candidate sentences, grouped by article, in article order.
    :param vectors: their unit-length embeddings, one row each.
    """
    n = len(candidates)
    if n == 0:
        return np.zeros((0, len(FEATURES)))
    docs = [c.article_id for c in candidates]
    members: dict[str, list[int]] = defaultdict(list)
    for row, doc in enumerate(docs):
        members[doc].append(row)
    rank = np.zeros(n)
    doc_size = np.zeros(n)
    for rows in members.values():
        for position, row in enumerate(sorted(rows, key=lambda r: candidates[r].index)):
            rank[row] = position
        doc_size[rows] = len(rows)
    centroid = _unit(vectors.mean(axis=0))
    centrality = vectors @ centroid
    doc_centrality, lead_similarity = np.zeros(n), np.zeros(n)
    support_mean, support_share = np.zeros(n), np.zeros(n)
    for doc, rows in members.items():
        doc_centrality[rows] = vectors[rows] @ _unit(vectors[rows].mean(axis=0))
        lead_similarity[rows] = vectors[rows] @ vectors[min(rows, key=lambda r: candidates[r].index)]
        others = [other for key, other in members.items() if key != doc]
        if others:
            best = np.stack([_best_similarity(vectors[rows], vectors[other]) for other in others], axis=1)
            support_mean[rows] = best.mean(axis=1)
            support_share[rows] = (best >= SUPPORT_SIMILARITY).mean(axis=1)
    degree = _degree(vectors)
    spread = centrality.std() or 1.0
    percentile = centrality.argsort().argsort() / max(n - 1, 1)
    form = _form_features([c.text for c in candidates], docs)
    columns = {
        "doc_rank_log": np.log1p(rank), "is_doc_first": rank == 0, "is_doc_top3": rank < 3,
        "doc_relative_position": rank / np.maximum(doc_size, 1), "doc_size_log": np.log1p(doc_size),
        "cluster_docs_log": np.full(n, math.log1p(len(members))),
        "centroid_similarity": centrality, "centroid_z": (centrality - centrality.mean()) / spread,
        "centroid_percentile": percentile, "doc_centroid_similarity": doc_centrality,
        "doc_lead_similarity": lead_similarity, "degree": degree,
        "support_mean": support_mean, "support_share": support_share, **form,
    }
    return np.column_stack([np.asarray(columns[name], dtype=float) for name in FEATURES])


def _best_similarity(rows: np.ndarray, others: np.ndarray) -> np.ndarray:
    """For each of ``rows``, its highest similarity to any of ``others`` (unit vectors)."""
    return _by_blocks(rows, others, lambda similarity: similarity.max(axis=1))


def _degree(vectors: np.ndarray) -> np.ndarray:
    """Each vector's share of the other vectors at least ``DEGREE_SIMILARITY`` similar to it.

    Exact up to ``DEGREE_SAMPLE`` vectors; above, the share within a seeded random sample of that many.
    """
    n = len(vectors)
    if n <= DEGREE_SAMPLE:
        return (_count_similar(vectors, vectors) - 1) / max(n - 1, 1)
    sample = vectors[np.random.default_rng(0).choice(n, DEGREE_SAMPLE, replace=False)]
    return _count_similar(vectors, sample) / DEGREE_SAMPLE


def _count_similar(vectors: np.ndarray, others: np.ndarray) -> np.ndarray:
    """For each of ``vectors``, how many of ``others`` are at least ``DEGREE_SIMILARITY`` similar."""
    return _by_blocks(vectors, others, lambda similarity: (similarity >= DEGREE_SIMILARITY).sum(axis=1))


def _by_blocks(rows: np.ndarray, others: np.ndarray, reduce) -> np.ndarray:
    """``reduce`` of the similarities of ``rows`` to ``others``, one value per row, ``BLOCK_ROWS`` rows at a time."""
    return np.concatenate([reduce(rows[start:start + BLOCK_ROWS] @ others.T)
                           for start in range(0, len(rows), BLOCK_ROWS)])


def _form_features(texts: Sequence[str], docs: Sequence[str]) -> dict[str, np.ndarray]:
    """Length, event vocabulary, names, numbers, quotes and junk signals of each text."""
    tokens = [_TOKEN.findall(text) for text in texts]
    content = [[t.lower() for t in words if _is_content(t)] for words in tokens]
    document_frequency: Counter = Counter()
    for doc in set(docs):
        document_frequency.update({w for words, d in zip(content, docs) if d == doc for w in words})
    cluster_frequency = Counter(w for words in content for w in words)
    top = max(cluster_frequency.values(), default=1)
    doc_count = len(set(docs))
    rows: dict[str, list[float]] = defaultdict(list)
    for text, words, kept in zip(texts, tokens, content):
        count = max(len(words), 1)
        lowered = [w.lower() for w in words]
        rows["words_log"].append(math.log1p(len(words)))
        rows["topic_df"].append(np.mean([document_frequency[w] / doc_count for w in kept]) if kept else 0.0)
        rows["topic_tf"].append(np.mean([math.log1p(cluster_frequency[w]) / math.log1p(top) for w in kept]) if kept else 0.0)
        rows["content_density"].append(len(kept) / count)
        rows["name_density"].append(sum(w[0].isupper() for w in words[1:]) / count)
        rows["number_density"].append(sum(any(ch.isdigit() for ch in w) for w in words) / count)
        rows["has_quote"].append(float(bool(_QUOTE.search(text))))
        rows["starts_with_quote"].append(float(text.lstrip()[:1] in "\"“'‘"))
        rows["first_person"].append(float(any(w in _FIRST_PERSON for w in lowered)))
        rows["attribution"].append(float(any(w in _ATTRIBUTION for w in lowered)))
        rows["question_or_exclaim"].append(float("?" in text or "!" in text))
        rows["symbol_share"].append(sum(not (ch.isalnum() or ch.isspace()) for ch in text) / max(len(text), 1))
        letters = [ch for ch in text if ch.isalpha()]
        rows["uppercase_share"].append(sum(ch.isupper() for ch in letters) / max(len(letters), 1))
        facts = extract_facts(text)
        years = {n for n in facts.numbers if n.is_integer() and 1900 <= n <= 2100}
        rows["fact_count_log"].append(math.log1p(len(facts.numbers) + len(facts.months) + len(facts.names)))
        rows["figure_count_log"].append(math.log1p(len(facts.numbers - years)))
        rows["date_mention"].append(float(bool(facts.months or years or _DAY_WORDS & set(lowered))))
        rows["agreement_terms"].append(float(bool(_AGREEMENT & set(lowered))))
    return {name: np.array(values) for name, values in rows.items()}


def _is_content(token: str) -> bool:
    return len(token) > 2 and token.lower() not in ENGLISH_STOP_WORDS and not token.isdigit()


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / (np.linalg.norm(vector) or 1.0)
