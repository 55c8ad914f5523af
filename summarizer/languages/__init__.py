"""Languages: what the code knows about each language, one module a language (``en.py``, ``id.py``).

Each module defines ``PROFILE``, a ``LanguageProfile``: sentence rules, dateline words, number, scale and month
words, terms and prompt examples (``summarizer.languages.profile`` lists the fields). Sentence splitting, cleaning,
the fact check and the translator read profiles through ``profile(code)`` and ``profiles()``. Adding a language is
one new module here (registered below) or, from outside the package, one ``register_language(PROFILE)`` call.
The translation guard's closed classes and lexicon are Indonesian-specific and live in ``id.py``.
"""
from __future__ import annotations

from functools import lru_cache

from . import en, id
from .profile import LanguageProfile

__all__ = ["LanguageProfile", "every_language", "language_name", "profile", "profiles", "register_language"]

LANGUAGES: dict[str, LanguageProfile] = {}
# English names of languages langdetect reports that have no profile, for the translator's prompt.
OTHER_LANGUAGE_NAMES = {
    "ms": "Malay", "jv": "Javanese", "su": "Sundanese", "tl": "Tagalog", "vi": "Vietnamese", "th": "Thai",
    "zh-cn": "Chinese", "zh-tw": "Chinese", "ja": "Japanese", "ko": "Korean", "ru": "Russian", "fr": "French",
    "de": "German", "es": "Spanish", "pt": "Portuguese", "it": "Italian", "nl": "Dutch", "ar": "Arabic",
}


def register_language(language: LanguageProfile) -> None:
    """Make ``language`` the profile of its code (replacing one of that code)."""
    LANGUAGES[language.code] = language
    every_language.cache_clear()


def unregister_language(code: str) -> None:
    """Forget the profile of ``code`` (a plug-in's or a test's)."""
    del LANGUAGES[code]
    every_language.cache_clear()


@lru_cache(maxsize=None)
def every_language(field: str) -> dict | frozenset:
    """One profile field (a word table or word set) of every language together, for checks that read a text in
    whatever languages it mixes (the month names and spelled numbers the fact check accepts)."""
    tables = [getattr(language, field) for language in LANGUAGES.values()]
    if all(isinstance(table, frozenset) for table in tables):
        return frozenset().union(*tables)
    return {word: value for table in tables for word, value in table.items()}


def profile(code: str) -> LanguageProfile | None:
    """The profile of the language ``code``, or ``None`` when the project knows nothing particular about it."""
    return LANGUAGES.get(code)


def profiles() -> list[LanguageProfile]:
    """Every registered profile, English first."""
    return list(LANGUAGES.values())


def language_name(code: str) -> str:
    """The English name of the language ``code`` ("Indonesian"), or the code itself when it has none."""
    known = LANGUAGES.get(code)
    return known.name if known else OTHER_LANGUAGE_NAMES.get(code, code)


register_language(en.PROFILE)
register_language(id.PROFILE)
