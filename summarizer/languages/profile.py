"""``LanguageProfile``: what the pipeline's stages know about one language, in one object.

Each language module of ``summarizer.languages`` defines one ``PROFILE``; the stages read it by code
(``summarizer.languages.profile``) instead of keeping tables of their own.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping


@dataclass(frozen=True)
class LanguageProfile:
    """One language's rules and word tables; every field has a harmless default, so a new language can start small.

    :param code: ISO 639-1, as langdetect reports it ("id").
    :param name: the language's English name, as the translator's prompt names it ("Indonesian").
    :param abbreviations: words (lower case, no full stop) after which a sentence never ends: titles, address words.
    :param clause_abbreviations: abbreviations that end a sentence only before a capital ("dll." = etc.).
    :param dateline_months: month names and abbreviations as datelines write them -> month number (cleaning).
    :param weekday_pattern: a regular expression for weekday names in datelines (cleaning).
    :param date_labels: words that introduce a date in a dateline ("diterbitkan"), a regular expression.
    :param months: month names -> month number, as the fact check reads them.
    :param number_words: numbers sources spell out ("empat hari") -> value, as the fact check reads them.
    :param scale_words: words after a number that multiply it ("juta") -> factor.
    :param decimal_comma: the language groups digits with "." and writes decimals with ",".
    :param capitalises_nouns: every noun is capitalised, so a capital does not mark a name.
    :param terms: source term (lower case) -> English renderings, the first one named to the translator.
    :param capitalised_common_words: capitalised words (lower case) that are translated, so not names to keep.
    :param prompt_examples: (source, English) pairs the translator may show the model.
    """

    code: str
    name: str
    abbreviations: frozenset[str] = frozenset()
    clause_abbreviations: frozenset[str] = frozenset()
    dateline_months: Mapping[str, int] = field(default_factory=dict)
    weekday_pattern: str = ""
    date_labels: str = ""
    months: Mapping[str, int] = field(default_factory=dict)
    number_words: Mapping[str, float] = field(default_factory=dict)
    scale_words: Mapping[str, float] = field(default_factory=dict)
    decimal_comma: bool = False
    capitalises_nouns: bool = False
    terms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    capitalised_common_words: frozenset[str] = frozenset()
    prompt_examples: tuple[tuple[str, str], ...] = ()
