"""Short, stable digests of what shapes an output: a stage's prompts, a whole pipeline's signature."""
from __future__ import annotations

import hashlib
import json


def prompt_digest(*prompts: str) -> str:
    """A short hash of a stage's prompts: a signature changes whenever a prompt does."""
    return hashlib.sha256("\x1e".join(prompts).encode("utf-8")).hexdigest()[:12]


def signature_digest(signature: dict) -> str:
    """A short hash of a signature (keys sorted, so equal signatures give equal digests)."""
    text = json.dumps(signature, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
