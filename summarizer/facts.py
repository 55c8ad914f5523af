"""Checkable facts in a text: numbers (with their scale), month-day dates and names.

Used to check that translation keeps numbers, names and dates unchanged, and (later) that a
briefing states nothing its sources do not. English and Indonesian number conventions differ
("1.500,5" vs "1,500.5"; "50 miliar" vs "50 billion"), so numbers are compared by value, read with the
digit grouping and scale words of the source's language (German "12 Milliarden", Chinese "4200万").
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Iterable

from .languages import every_language, profile
from .languages import id as lang_id

# Spelling similarity (difflib ratio) at which a name of another language counts as kept: Rusia/Russian 0.83.
NAME_SIMILARITY = 0.8
# A name matches a word that shares at least this many leading letters (and all but one of the shorter
# word's letters): Russia/Russian, China/Chinese.
MIN_SHARED_PREFIX = 4

# A number, not glued to Latin letters or digits before it (Chinese and Japanese write "4200万" inside words),
# and the word after it: a unit or a scale word of any script.
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.,])(\d{1,3}(?:[.,]\d{3})+|\d+)(?:([.,])(\d+))?(?:\s*(%|[^\W\d_]+))?")
# A clock time written with a colon (English 9:30), read as Indonesian and others write it (pukul 9.30).
_CLOCK = re.compile(r"(?<![\d.,:])(\d{1,2}):([0-5]\d)(?![\d:])")
# A clock time in four digits before a time zone, as news writes UTC times (0230 UTC is 02:30 UTC).
_ZONE_CLOCK = re.compile(r"(?<![\d.,:])([01]\d|2[0-3])([0-5]\d)(?=\s*(?:UTC|GMT|WIB|WITA|WIT)\b)")
# Scale words of languages without a profile (``summarizer.languages``), beside those of the profiles (German
# "Billion" is 10^12).
LANGUAGE_SCALE_WORDS: dict[str, dict[str, float]] = {
    "de": {"tausend": 1e3, "tsd": 1e3, "mio": 1e6, "million": 1e6, "millionen": 1e6, "mrd": 1e9, "milliarde": 1e9,
           "milliarden": 1e9, "billion": 1e12, "billionen": 1e12},
    "nl": {"duizend": 1e3, "miljoen": 1e6, "mln": 1e6, "miljard": 1e9, "mld": 1e9, "biljoen": 1e12},
    "fr": {"mille": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9, "md": 1e9,
           "billion": 1e12, "billions": 1e12},
    "es": {"mil": 1e3, "millón": 1e6, "millones": 1e6, "millardo": 1e9, "millardos": 1e9, "billón": 1e12,
           "billones": 1e12},
    "pt": {"mil": 1e3, "milhão": 1e6, "milhões": 1e6, "bilhão": 1e9, "bilhões": 1e9, "mil milhões": 1e9,
           "trilhão": 1e12, "trilhões": 1e12},
    "it": {"mila": 1e3, "milione": 1e6, "milioni": 1e6, "miliardo": 1e9, "miliardi": 1e9, "mld": 1e9},
    "ru": {"тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "млн": 1e6, "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6,
           "млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9, "трлн": 1e12},
}
# Scale characters of Chinese, Japanese and Korean, which follow the digits with no space and start a longer
# word ("4200万美元"): 万/만 is 10^4, 亿/億/억 10^8, 兆/조 10^12.
CJK_SCALE_PREFIXES = {"千": 1e3, "万": 1e4, "萬": 1e4, "만": 1e4, "百万": 1e6, "亿": 1e8, "億": 1e8, "억": 1e8,
                      "兆": 1e12, "조": 1e12}
# Languages without a profile that capitalise every noun, so that capitals cannot tell names apart.
NOUN_CAPITALISING_LANGUAGES = frozenset({"de", "lb"})
# Languages without a profile that group digits with "." (or a space) and write decimals with ",".
DECIMAL_COMMA_LANGUAGES = frozenset("de nl fr es pt it ru tr pl cs sk ro hu da sv no fi el uk bg hr sl sr vi".split())
_NAME = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:of|de|van|von|bin)?\s*[A-Z][\w'’-]*)*")
_OPENING_QUOTES = "\"'“‘("


def spelled_numbers(text: str) -> set[float]:
    """Values of the number words in ``text`` ("four-day" -> 4)."""
    number_words = every_language("number_words")
    return {float(number_words[w]) for w in re.findall(r"[a-z]+", text.lower()) if w in number_words}


@dataclass
class Facts:
    """The facts found in one text."""

    numbers: set[float] = field(default_factory=set)
    months: set[int] = field(default_factory=set)
    names: set[str] = field(default_factory=set)


def extract_facts(text: str, language: str = "en") -> Facts:
    """Numbers (as values, scale words applied), month names and capitalised names in ``text``."""
    return Facts(_numbers(text, language), _months(text), _names(text))


def missing_facts(source: str, target: str, source_language: str = "en", target_language: str = "en") -> list[str]:
    """Facts of ``source`` that ``target`` lost or changed, each as a readable line."""
    src, index = extract_facts(source, source_language), FactIndex.from_texts([(target, target_language)])
    problems = [f"number {format_number(n)} missing" for n in sorted(src.numbers - index.numbers)]
    problems += [f"month {m} missing" for m in sorted(src.months - index.months)]
    if source_language in NOUN_CAPITALISING_LANGUAGES or getattr(profile(source_language), "capitalises_nouns", False):
        return problems  # every noun is capitalised there: a capital does not mark a name
    across = source_language != target_language
    guarded = across and source_language == "id"  # its days and number words are compared by summarizer.translate.meaning
    names = [name for name in sorted(src.names) if not (guarded and lang_id.is_closed_class(name.lower()))]
    problems += [f"name '{name}' missing" for name in names if not index.has_name(name, across)]
    return problems


@dataclass
class FactIndex:
    """The facts of some texts (an event's sources, or one translation), for quick lookups: the one index
    that both the translation check and the briefing check read, with one rule for names (``has_name``)."""

    numbers: set[float]
    months: set[int]
    words: set[str]  # every word, lowercased
    text: str  # every text, lowercased, for multi-word names

    @classmethod
    def from_texts(cls, texts: Iterable[tuple[str, str]]) -> "FactIndex":
        """Index ``(text, language)`` pairs; numbers spelled out as words ("four-day") count."""
        numbers, months, words, joined = set(), set(), set(), []
        for text, language in texts:
            facts = extract_facts(text, language)
            numbers |= facts.numbers | spelled_numbers(text)
            months |= facts.months
            found = re.findall(r"[\w'’]+", text.lower())
            words |= set(found) | {re.sub(r"['’]s?$", "", word) for word in found}  # Russia's: also russia
            joined.append(text.lower())
        return cls(numbers, months, words, "\n".join(joined))

    def has_name(self, name: str, across_languages: bool = False) -> bool:
        """Whether ``name`` is in the texts: as a word or words; as a word of the same stem (Russia/Russian,
        China/Chinese); and, for a name of another language, as a rendering in a profile's terms (Tiongkok/China)
        or a word spelled alike, loan spellings aside (Rusia/Russian, Kaspia/Caspian), or a translation the lexicon
        knows (``lang_id.english_renderings``: Selasa/Tuesday, Deklarasi/Declaration)."""
        lowered = name.lower()
        if lowered in self.words or re.search(rf"\b{re.escape(lowered)}\b", self.text):
            return True
        prefix = lowered[:MIN_SHARED_PREFIX]
        if any(_same_stem(lowered, word) for word in self.words if word[:MIN_SHARED_PREFIX] == prefix):
            return True
        if not across_languages:
            return False
        renderings = every_language("terms").get(lowered, ()) + lang_id.english_renderings(lowered)
        if any(self._has_rendering(rendering.lower()) for rendering in renderings):
            return True
        spelled = lang_id.loan_spelling(lowered)
        return any(difflib.SequenceMatcher(None, spelled, lang_id.loan_spelling(word)).ratio() >= NAME_SIMILARITY
                   for word in self.words)

    def _has_rendering(self, rendering: str) -> bool:
        """Whether an English rendering (a word, or words) is in the texts; a word also as a word of its stem."""
        if " " in rendering or not rendering.isalpha():
            return re.search(rf"\b{re.escape(rendering)}\b", self.text) is not None
        prefix = rendering[:MIN_SHARED_PREFIX]
        return rendering in self.words or any(_same_stem(rendering, word) for word in self.words
                                              if word[:MIN_SHARED_PREFIX] == prefix)


def _numbers(text: str, language: str) -> set[float]:
    values = set()
    for match in _NUMBER.finditer(_ZONE_CLOCK.sub(r"\1.\2", _CLOCK.sub(r"\1.\2", text))):
        whole, separator, fraction, unit = match.groups()
        value = _parse_number(whole, separator, fraction, language)
        values.add(round(value * _scale(unit or "", language), 6))
    return values


def _scale(word: str, language: str) -> float:
    """The factor a word after a number stands for in ``language`` (1 for a unit or no word)."""
    lowered = word.lower()
    own = profile(language)
    scales = own.scale_words if own else LANGUAGE_SCALE_WORDS.get(language, {})
    if lowered in scales:
        return scales[lowered]
    shared = every_language("scale_words")  # a language with a profile writes any of them; others, the unambiguous
    if lowered in shared and (own or not lowered.isascii() or len(lowered) > 1):
        return shared[lowered]
    prefix = next((p for p in sorted(CJK_SCALE_PREFIXES, key=len, reverse=True) if word.startswith(p)), None)
    return CJK_SCALE_PREFIXES[prefix] if prefix else 1.0


def _parse_number(whole: str, separator: str | None, fraction: str | None, language: str) -> float:
    """Parse digits with grouping: Indonesian groups with '.' and decimals with ','; English the reverse."""
    decimal_comma = profile(language).decimal_comma if profile(language) else language in DECIMAL_COMMA_LANGUAGES
    group, decimal = (".", ",") if decimal_comma else (",", ".")
    if separator and separator == group and fraction and len(fraction) == 3 and not re.search(r"[.,]", whole):
        whole, separator, fraction = whole + fraction, None, None  # "1.500" in Indonesian is 1500
    digits = whole.replace(group, "").replace(decimal, "")
    if separator and fraction:
        return float(f"{digits}.{fraction}")
    return float(digits)


def _months(text: str) -> set[int]:
    months = every_language("months")
    return {months[word.lower()] for word in re.findall(r"[A-Za-z]+", text) if word[0].isupper() and word.lower() in months}


def _names(text: str) -> set[str]:
    names, common, months = set(), every_language("capitalised_common_words"), every_language("months")
    for match in _NAME.finditer(text):
        words = match.group().split()
        if _at_sentence_start(text, match.start()):
            words = words[1:]  # a capital at a sentence start says nothing
        parts = [re.sub(r"['’]s?$", "", part) for word in words for part in word.split("-")]
        names.update(part for part in parts if len(part) > 1 and part[0].isupper()
                     and part.lower() not in common and part.lower() not in months)
    return names


def _at_sentence_start(text: str, position: int) -> bool:
    """Whether ``position`` starts a sentence: before it (and an opening quote) comes only whitespace back to
    the start of ``text``, or whitespace holding a line break, or whitespace after a full stop, ! or ?.

    Read backwards from ``position``, so finding every name of a long text takes time in proportion to it.
    """
    if position and text[position - 1] in _OPENING_QUOTES:
        position -= 1
    end = position
    while position and text[position - 1].isspace():
        position -= 1
    gap = text[position:end]
    return position == 0 or "\n" in gap or (bool(gap) and text[position - 1] in ".!?")


def _same_stem(a: str, b: str) -> bool:
    shorter = min(len(a), len(b))
    shared = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), shorter)
    return shared >= max(MIN_SHARED_PREFIX, shorter - 1)


def format_number(value: float) -> str:
    """A number as a reader writes it: 50 billion, 2.5."""
    for word, scale in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if value >= scale:
            return f"{value / scale:g} {word}"
    return f"{value:g}"
