"""The similarity measures of event clustering (``summarizer.events.clustering``): article-pair signals and
average-linkage clustering, each a function of matrices that knows nothing of articles.
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

# How much of the other articles' mean embedding is subtracted before comparing two articles
# (``background_corrected_cosine``): 1 removes the collection's shared topic entirely; 0.5 left
# the seeds' two visits too alike to split at any threshold that suits Multi-News.
BACKGROUND_WEIGHT = 1.0
SHINGLE_WORDS = 3  # words per shingle for near-duplicate detection

_WORD = re.compile(r"\w+")


def background_corrected_cosine(vectors: np.ndarray, background_weight: float = BACKGROUND_WEIGHT) -> np.ndarray:
    """Cosine of each pair after subtracting the mean of the *other* rows, for unit rows.

    For the pair (i, j) the background is b = w * mean(rows other than i and j), and the result is
    cos(x_i - b, x_j - b): what the two share beyond what the rest of the collection shares. With
    fewer than three rows there is no background and this is the plain cosine. Computed in closed
    form from the Gram matrix, O(n^2) memory.

    :param vectors: (n, d) unit-length rows.
    :param background_weight: w, the share of the background removed (0 gives the plain cosine).
    """
    vectors = np.asarray(vectors, dtype=np.float64)
    n = len(vectors)
    gram = vectors @ vectors.T
    if n < 3 or background_weight == 0:
        return np.clip(gram, -1.0, 1.0)
    others = n - 2
    total = vectors.sum(axis=0)
    with_total = vectors @ total  # x_i . sum
    squared_norms = np.diag(gram)
    # x_i . b_ij, for b_ij = w * (sum - x_i - x_j) / (n - 2)
    i_dot_b = background_weight * (with_total[:, None] - squared_norms[:, None] - gram) / others
    j_dot_b = i_dot_b.T
    b_dot_b = background_weight ** 2 * (
        total @ total - 2 * with_total[:, None] - 2 * with_total[None, :]
        + squared_norms[:, None] + squared_norms[None, :] + 2 * gram) / others ** 2
    numerator = gram - i_dot_b - j_dot_b + b_dot_b
    i_norm = squared_norms[:, None] - 2 * i_dot_b + b_dot_b
    j_norm = squared_norms[None, :] - 2 * j_dot_b + b_dot_b
    cosine = numerator / np.sqrt(np.maximum(i_norm * j_norm, 1e-12))
    np.fill_diagonal(cosine, 1.0)
    return np.clip(cosine, -1.0, 1.0)


def idf_cosine(token_lists: Sequence[Sequence[str]]) -> np.ndarray:
    """Cosine of binary token vectors weighted by smoothed inverse document frequency.

    idf(t) = ln((1 + n) / (1 + df(t))), scikit-learn's smoothed IDF without its "+1": a token that
    every article has weighs nothing; one that two of five have weighs ln 2. Rows without tokens
    are similar to nothing.
    """
    vocabulary: dict[str, int] = {}
    rows = [sorted({vocabulary.setdefault(token, len(vocabulary)) for token in tokens}) for tokens in token_lists]
    n = len(rows)
    matrix = np.zeros((n, len(vocabulary)))
    for i, columns in enumerate(rows):
        matrix[i, columns] = 1.0
    document_frequency = matrix.sum(axis=0)
    matrix *= np.log((1 + n) / (1 + document_frequency))
    return _cosine_rows(matrix)


def word_tfidf_cosine(texts: Sequence[str]) -> np.ndarray:
    """TF-IDF cosine of ``texts``: sublinear tf, smoothed idf over ``texts``, English stop words out."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not any(_WORD.search(text) for text in texts):
        return np.eye(len(texts))
    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # only stop words
        return np.eye(len(texts))
    return np.asarray((matrix @ matrix.T).todense())


def shingle_jaccard(texts: Sequence[str], words: int = SHINGLE_WORDS) -> np.ndarray:
    """Jaccard similarity of the sets of ``words``-word shingles (lowercased words) of ``texts``."""
    from scipy.sparse import csr_matrix

    vocabulary: dict[tuple[str, ...], int] = {}
    rows, columns = [], []
    for i, text in enumerate(texts):
        tokens = _WORD.findall(text.lower())
        shingles = {tuple(tokens[k:k + words]) for k in range(max(len(tokens) - words + 1, 1))} if tokens else set()
        for shingle in shingles:
            rows.append(i)
            columns.append(vocabulary.setdefault(shingle, len(vocabulary)))
    matrix = csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(texts), max(len(vocabulary), 1)))
    shared = np.asarray((matrix @ matrix.T).todense())
    sizes = np.diag(shared)
    union = sizes[:, None] + sizes[None, :] - shared
    jaccard = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    np.fill_diagonal(jaccard, 1.0)
    return jaccard


def _cosine_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1)
    unit = matrix / np.where(norms > 0, norms, 1.0)[:, None]
    cosine = unit @ unit.T
    np.fill_diagonal(cosine, 1.0)
    return cosine


def average_linkage(similarity: np.ndarray, threshold: float, cannot_link: np.ndarray | None = None) -> list[int]:
    """Flat clusters of average-linkage agglomerative clustering cut at ``threshold``.

    Two groups are joined while the average similarity over their cross pairs is at least
    ``threshold``. ``cannot_link[i, j]`` keeps i and j apart whatever their similarity.

    :return: a cluster label per row, numbered 0, 1, ... in order of first appearance.
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    n = len(similarity)
    if n == 0:
        return []
    if n == 1:
        return [0]
    distance = 1.0 - np.asarray(similarity, dtype=np.float64)
    distance = np.maximum((distance + distance.T) / 2, 0.0)
    if cannot_link is not None and cannot_link.any():
        # Any average over at most n^2 / 4 cross pairs that includes one such pair exceeds 2,
        # above every cut (distances of ordinary pairs are at most 2).
        distance[cannot_link] = 2.0 + 2.0 * n * n
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    raw = fcluster(tree, t=1.0 - threshold, criterion="distance")
    numbering: dict[int, int] = {}
    return [numbering.setdefault(int(label), len(numbering)) for label in raw]
