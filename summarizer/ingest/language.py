"""Detect an article's language with langdetect, saying why when it cannot tell.

langdetect samples character n-grams at random, so it is seeded (``DetectorFactory.seed = 0``)
before every detection: the same text always gets the same answer.

Malay: the profiles bundled with langdetect 1.0.9 have no Malay ("ms"), so it never answers
"ms"; Malay text is reported as Indonesian ("id"), the closest language it knows. No mapping
from "ms" is needed, and none is made.
"""
from __future__ import annotations

from dataclasses import dataclass

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from ..articles import UNKNOWN_LANGUAGE

# Below this many letters langdetect guesses wildly ("Barack Obama" comes out as Indonesian
# with probability 0.99999), so the language is left unknown.
MIN_LETTERS = 20
# The most probable language must reach this probability to be believed.
MIN_CONFIDENCE = 0.80
_SEED = 0


@dataclass
class LanguageResult:
    """A detected language (ISO 639-1 code or "unknown"), its probability, and why it is unknown."""

    language: str
    confidence: float
    reason: str | None = None


def detect_language(text: str) -> LanguageResult:
    """Detect the language of ``text``; "unknown", with a reason, when there is too little text,
    when no language is probable enough, or when langdetect fails."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < MIN_LETTERS:
        reason = f"too little text to detect its language: {letters} letters, need {MIN_LETTERS}"
        return LanguageResult(UNKNOWN_LANGUAGE, 0.0, reason)
    DetectorFactory.seed = _SEED
    try:
        candidates = detect_langs(text)
    except LangDetectException as error:
        return LanguageResult(UNKNOWN_LANGUAGE, 0.0, f"language detection failed: {error}")
    best = candidates[0]
    if best.prob < MIN_CONFIDENCE:
        named = ", ".join(f"{c.lang} {c.prob:.2f}" for c in candidates)
        reason = f"no language is probable enough (candidates: {named}; need {MIN_CONFIDENCE:.2f})"
        return LanguageResult(UNKNOWN_LANGUAGE, 0.0, reason)
    return LanguageResult(best.lang, best.prob)
