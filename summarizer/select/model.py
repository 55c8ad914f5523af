"""The learned salience model as plain JSON: a scaled linear model or gradient-boosted regression trees.

Both kinds score feature rows with numpy only, so using a trained selector needs no training
library and never unpickles anything. The file holds, beside the parameters, the feature names
it expects (checked against ``features.FEATURES``), its selection settings and its signature
(what data, features, libraries and seed made it, and its cross-validation figures).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .features import FEATURES

FORMAT = "summarizer-selector"
FORMAT_VERSION = 1


@dataclass
class SalienceModel:
    """Scores feature rows (higher is more worth keeping); see ``from_dict`` for the layout."""

    kind: str  # "linear" or "trees"
    parameters: dict
    features: tuple[str, ...]
    selection: dict = field(default_factory=dict)  # diversity and duplicate threshold used at selection
    signature: dict = field(default_factory=dict)

    def score(self, rows: np.ndarray) -> np.ndarray:
        """One score per row of ``rows`` (columns in ``self.features`` order)."""
        rows = np.asarray(rows, dtype=float)
        if rows.ndim != 2 or rows.shape[1] != len(self.features):
            raise ValueError(f"SalienceModel.score: expected rows of {len(self.features)} features, got shape {rows.shape}")
        if self.kind == "linear":
            p = self.parameters
            scaled = (rows - np.array(p["mean"])) / np.array(p["scale"])
            return scaled @ np.array(p["weights"]) + p["intercept"]
        return self.parameters["base"] + self.parameters["learning_rate"] * sum(
            _tree_values(tree, rows) for tree in self.parameters["trees"])

    def to_dict(self) -> dict:
        return {"format": FORMAT, "format_version": FORMAT_VERSION, "kind": self.kind,
                "features": list(self.features), "selection": self.selection, "signature": self.signature,
                "parameters": self.parameters}

    @classmethod
    def from_dict(cls, data: dict, source: str = "model") -> "SalienceModel":
        """The model in ``data``; a clear error names ``source`` when it is not a selector model of ours."""
        if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"{source}: not a {FORMAT} file of version {FORMAT_VERSION}; "
                             "train one with `python -m eval train-selector`")
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{source}: made for other features ({len(data['features'])} named) than this "
                             f"version computes ({len(FEATURES)}); retrain it with `python -m eval train-selector`")
        if data["kind"] not in ("linear", "trees"):
            raise ValueError(f"{source}: unknown model kind {data['kind']!r}")
        return cls(data["kind"], data["parameters"], tuple(data["features"]), data.get("selection", {}),
                   data.get("signature", {}))

    @classmethod
    def load(cls, path: Path) -> "SalienceModel":
        """Read a model file written by ``save``."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise FileNotFoundError(f"selector model {path} does not exist; give a model file, "
                                    "'learned' (the packaged one) or 'centroid'") from None
        except json.JSONDecodeError as error:
            raise ValueError(f"selector model {path} is not JSON ({error}); retrain it with "
                             "`python -m eval train-selector`") from None
        return cls.from_dict(data, str(path))

    def save(self, path: Path) -> None:
        """Write the model as compact JSON (floats rounded to 7 significant digits)."""
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(_rounded(self.to_dict()), separators=(",", ":")) + "\n", encoding="utf-8")


def file_digest(path: Path) -> str:
    """``sha256:`` and the first 16 hex digits of a file's hash: names a model file exactly."""
    return "sha256:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _tree_values(tree: dict, rows: np.ndarray) -> np.ndarray:
    """The leaf value each row reaches in one regression tree (sklearn's layout: -1 marks a leaf)."""
    left, right = np.array(tree["left"]), np.array(tree["right"])
    feature, threshold, value = np.array(tree["feature"]), np.array(tree["threshold"]), np.array(tree["value"])
    node = np.zeros(len(rows), dtype=int)
    while True:
        inner = left[node] != -1
        if not inner.any():
            return value[node]
        at = node[inner]
        goes_left = rows[np.flatnonzero(inner), feature[at]] <= threshold[at]
        node[inner] = np.where(goes_left, left[at], right[at])


def _rounded(value):
    if isinstance(value, float):
        return float(f"{value:.7g}")
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value
