"""The meaning guard of a translation: what the name and number check (``summarizer.facts``) cannot see.

Two checks of an Indonesian sentence against its English translation:

- **closed classes**, compared both ways: days of the week, months, number words and fractions ("dua puluh",
  "seperlima", "ribuan"), percent and ordinals. A word of the source with no counterpart in the English is
  "... missing"; a word of the English with none in the source is "... not in the source" (Rabu written as
  Thursday gives both). These problems start with the prefixes of ``translation.RETRY_PROBLEMS``, so the
  translator tries such a sentence again.
- **the lexicon**: the share of the source's content words (those the bilingual lexicon of
  ``summarizer.languages.id`` knows) none of whose translations is in the English. A sentence where that share is
  high is uncertain, and the words are named.
- **the lexicon the other way**: an English content word that the English -> Indonesian table knows for sure
  (most of its links go to one Indonesian word: "banana" to "pisang") with none of its Indonesian words, nor a
  word that translates to it, in the source: "word 'banana' in the English has no source" (a noun swapped).

The word tables live in ``lang_id`` (Indonesian) and ``lang_en`` (English); this module holds only the rules.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..facts import extract_facts, format_number
from ..languages import en as lang_en
from ..languages import id as lang_id

# Languages whose closed classes and lexicon this module knows.
GUARDED_LANGUAGES = frozenset({"id"})
# A sentence is uncertain when more than this share of its known content words find no translation in the
# English ... (tuned on FLORES dev 500-996 with ``python -m eval translation-guard``; docs/translation-guard.md)
MAX_UNTRANSLATED_SHARE = 2 / 3
# ... and it has at least this many known content words (shorter ones say too little to judge).
MIN_CONTENT_WORDS = 3
# Letters two words share at the start to count as one stem (cooperate/cooperation, deepen/deepening).
STEM_LETTERS = 5
# Problems of the lexicon check start with this (they make a sentence uncertain, they are not retried).
LEXICON_PROBLEM = "words without a translation in the English:"
# An English word with none of its Indonesian words in the source is reported when the English -> Indonesian
# table is this sure of them (share of its links to its first word: "banana" 1.0, "things" 0.2) ...
MIN_SOURCE_SHARE = 0.8
# ... from at least this many links (both tuned on FLORES dev 500-747; docs/translation-guard.md).
MIN_SOURCE_LINKS = 3
# Spelling similarity (difflib ratio) at which an English word is a source word's loan (teleskop/telescope).
LOANWORD_SIMILARITY = 0.75

_WORD = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)?|%")
_ID_ORDINAL_DIGITS = re.compile(r"\bke-?\s?(\d+)\b", re.IGNORECASE)
_EN_ORDINAL_DIGITS = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b", re.IGNORECASE)


@dataclass
class ClosedClasses:
    """The closed-class words of one text: each value with the words that said it."""

    days: dict[int, str] = field(default_factory=dict)
    months: dict[int, str] = field(default_factory=dict)
    numbers: dict[float, str] = field(default_factory=dict)  # spelled out ("dua puluh" -> 20)
    digits: set[float] = field(default_factory=set)  # written in digits (scale words applied)
    fractions: dict[float, str] = field(default_factory=dict)
    ordinals: dict[int, str] = field(default_factory=dict)
    magnitudes: dict[float, str] = field(default_factory=dict)  # "ribuan" -> 1000
    percent: str | None = None
    pairs: bool = False  # "both", "twice": a two without the number word

    def values(self) -> set[float]:
        """Every number the text states, however written (ordinals and pairs count as their number)."""
        found = set(self.digits) | set(self.numbers) | {float(n) for n in self.ordinals}
        return found | ({2.0} if self.pairs else set())


def closed_classes(text: str, language: str) -> ClosedClasses:
    """The closed-class words of ``text`` in ``language`` ("id" or "en")."""
    tokens = [(m.group(), m.start()) for m in _WORD.finditer(text.replace("per cent", "percent"))]
    words = [token.lower() for token, _ in tokens]
    found = ClosedClasses(digits=extract_facts(text, language).numbers)
    tables = lang_id if language == "id" else lang_en
    for i, (token, start) in enumerate(tokens):
        word = words[i]
        if word in tables.DAYS and _is_day(token, i, words, language):
            found.days[tables.DAYS[word]] = token
        elif word in tables.MONTHS and token[0].isupper() and not (word == "may" and i == 0):
            found.months[tables.MONTHS[word]] = token
        elif word in tables.PERCENT_WORDS:
            found.percent = token
    _spelled(words, tables, found)
    if language == "id":
        _indonesian_fractions_and_ordinals(text, words, found)
    else:
        _english_fractions_and_ordinals(text, words, found)
    return found


def closed_class_problems(source: str, english: str, language: str) -> list[str]:
    """Closed-class words of ``source`` with no counterpart in ``english``, and the reverse."""
    if language not in GUARDED_LANGUAGES:
        return []
    src, eng = closed_classes(source, language), closed_classes(english, "en")
    day_names = {day: name.capitalize() for name, day in lang_en.DAYS.items()}
    month_names = {month: name.capitalize() for name, month in lang_en.MONTHS.items()}
    problems = [f"day {word} ({day_names[day]}) missing" for day, word in src.days.items() if day not in eng.days]
    problems += [f"day {word} not in the source" for day, word in eng.days.items() if day not in src.days]
    problems += [f"month {month_names[month]} not in the source" for month in eng.months if month not in src.months]
    src_values, eng_values = src.values(), eng.values() | set(eng.magnitudes)
    percent_of = {round(f * 100, 6) for f in src.fractions}  # "seperlima" may be written "20 percent"
    problems += [f"number word {words} ({format_number(value)}) missing" for value, words in src.numbers.items()
                 if not _among(value, eng_values) and value != 1]
    problems += [f"number {format_number(value)} not in the source" for value in sorted(eng.digits | set(eng.numbers))
                 if value != 1 and not _among(value, src_values | set(src.magnitudes))
                 and not (eng.percent and _among(value, percent_of))]
    problems += [f"number word {word} not in the source" for value, word in eng.magnitudes.items()
                 if not _among(value, set(src.magnitudes) | src_values)]
    problems += [f"number word {word} ({format_number(value)}) missing" for value, word in src.magnitudes.items()
                 if not _among(value, set(eng.magnitudes) | eng_values)]
    problems += [f"fraction {word} ({_fraction(value)}) missing" for value, word in src.fractions.items()
                 if not _among(value, set(eng.fractions)) and not (eng.percent and _among(value * 100, eng_values))]
    problems += [f"fraction {word} not in the source" for value, word in eng.fractions.items()
                 if not _among(value, set(src.fractions)) and not (src.percent and _among(value * 100, src_values))]
    fraction_as_percent = eng.percent and any(_among(v, percent_of) for v in eng_values)
    if src.percent and not eng.percent:
        problems.append(f"percent ({src.percent}) missing")
    elif eng.percent and not src.percent and not fraction_as_percent:
        problems.append(f"percent ({eng.percent}) not in the source")
    problems += [f"ordinal {word} ({n}) missing" for n, word in src.ordinals.items()
                 if not _among(n, eng_values)]
    problems += [f"ordinal {word} not in the source" for n, word in eng.ordinals.items()
                 if not _among(n, src_values) and word not in lang_en.IDIOMATIC_ORDINALS]
    return problems


def untranslated_words(source: str, english: str, language: str) -> tuple[list[str], int]:
    """The content words of ``source`` that the lexicon knows but none of whose translations (nor the word
    itself) is in ``english``, and how many known content words the source holds."""
    if language not in GUARDED_LANGUAGES:
        return [], 0
    lexicon = lang_id.lexicon()
    english_stems = {_stem(word) for word in re.findall(r"[^\W\d_]+", english.lower())}
    known, missing = 0, []
    for word in dict.fromkeys(re.findall(r"[^\W\d_]+", source.lower())):
        translations = lexicon.get(word)
        if not translations or word in lang_id.STOP_WORDS or lang_id.is_closed_class(word):
            continue
        known += 1
        if _stem(word) not in english_stems and not any(_stem(t) in english_stems for t in translations):
            missing.append(word)
    return missing, known


def lexicon_problems(source: str, english: str, language: str) -> list[str]:
    """One problem naming the untranslated words when most of the source's known content words find no
    translation in ``english`` (``MAX_UNTRANSLATED_SHARE``); else none."""
    missing, known = untranslated_words(source, english, language)
    if known >= MIN_CONTENT_WORDS and len(missing) > MAX_UNTRANSLATED_SHARE * known:
        return [f"{LEXICON_PROBLEM} {', '.join(missing)} ({len(missing)} of {known})"]
    return []


def words_without_source(source: str, english: str, language: str) -> list[str]:
    """Content words of ``english`` that the English -> Indonesian table knows for sure (``MIN_SOURCE_SHARE``,
    ``MIN_SOURCE_LINKS``) but that nothing of ``source`` explains: not the word itself or its stem, not one of
    its Indonesian words (by stem), not a lexicon translation of a source word, not a loan spelled alike."""
    if language not in GUARDED_LANGUAGES:
        return []
    forward, backward = lang_id.lexicon(), lang_id.english_lexicon()
    source_words = set(re.findall(r"[^\W\d_]+", source.lower()))
    source_stems = {_stem(word) for word in source_words}
    translated = {_stem(t) for word in source_words for t in forward.get(word, ())}
    found = []
    for word in dict.fromkeys(re.findall(r"[^\W\d_]+", english.lower())):
        links, share, words = backward.get(word, (0, 0.0, ()))
        if links < MIN_SOURCE_LINKS or share < MIN_SOURCE_SHARE or lang_en.is_closed_class(word) or word in words[:1]:
            continue  # unsure, a closed class (compared above), or known only as English left in Indonesian text
        if _stem(word) in source_stems | translated or any(_stem(w) in source_stems for w in words):
            continue
        if not any(difflib.SequenceMatcher(None, word, w).ratio() >= LOANWORD_SIMILARITY for w in source_words):
            found.append(word)
    return found


def meaning_problems(source: str, english: str, language: str) -> list[str]:
    """The closed-class mismatches and the lexicon's doubts (both ways) about one translated sentence."""
    return (closed_class_problems(source, english, language) + lexicon_problems(source, english, language)
            + [f"word '{word}' in the English has no source" for word in words_without_source(source, english, language)])


def _is_day(token: str, index: int, words: list[str], language: str) -> bool:
    """Whether a day word is a day: Indonesian "minggu" is "week" unless capitalised inside a sentence or
    after "hari" (day)."""
    if language != "id" or words[index] not in lang_id.AMBIGUOUS_DAYS:
        return True
    after_hari = index > 0 and words[index - 1] == "hari"
    return after_hari or (token[0].isupper() and index > 0)


def _spelled(words: list[str], tables, found: ClosedClasses) -> None:
    """Numbers spelled out in words: units add, teens and multipliers raise the last unit, scales close a
    group ("dua ratus lima puluh ribu" is 250,000; "two hundred fifty thousand" the same)."""
    teens = getattr(tables, "TEENS", None)
    i = 0
    while i < len(words):
        total = current = last_unit = 0.0
        j = i
        while j < len(words):
            word = words[j]
            if word in tables.UNITS and (j == i or words[j - 1] not in tables.UNITS):
                last_unit = tables.UNITS[word]
                current += last_unit
            elif word == "a" and j + 1 < len(words) and (words[j + 1] in tables.MULTIPLIERS or words[j + 1] in tables.SCALES):
                last_unit, current = 1.0, current + 1
            elif teens and word == teens and j > i and words[j - 1] in tables.UNITS:
                current += 10
            elif word == "and" and j > i and last_unit == 0 and j + 1 < len(words) and words[j + 1] in tables.UNITS:
                pass  # "two hundred and fifty"
            elif word in tables.MULTIPLIERS and j > i and last_unit:
                current += last_unit * (tables.MULTIPLIERS[word] - 1)
                last_unit = 0
            elif word in tables.SCALES and j > i and (current or total):
                total += (current or 1) * tables.SCALES[word]
                current = last_unit = 0
            else:
                break
            j += 1
        if j > i:
            found.numbers.setdefault(round(total + current, 6), " ".join(words[i:j]))
            i = j
        else:
            if words[i] in tables.MAGNITUDES:
                value = tables.MAGNITUDES[words[i]]
                follower = words[i + 2] if i + 2 < len(words) and words[i + 1] == "of" else (words[i + 1] if i + 1 < len(words) else "")
                value *= tables.SCALES.get(follower, tables.MAGNITUDES.get(follower, 1))
                found.magnitudes.setdefault(value, words[i])
            elif words[i] in getattr(tables, "PAIRS", ()):
                found.pairs = True
            i += 1


def _indonesian_fractions_and_ordinals(text: str, words: list[str], found: ClosedClasses) -> None:
    for i, word in enumerate(words):
        if word in lang_id.FRACTIONS:
            found.fractions[round(lang_id.FRACTIONS[word], 6)] = word
        elif word in lang_id.FRACTION_DENOMINATORS and i > 0 and words[i - 1] in lang_id.UNITS:
            value = lang_id.UNITS[words[i - 1]] / lang_id.FRACTION_DENOMINATORS[word]
            found.fractions[round(value, 6)] = f"{words[i - 1]} {word}"
            found.numbers.pop(float(lang_id.UNITS[words[i - 1]]), None)  # "dua pertiga": not the number 2
        elif word in lang_id.ORDINALS:
            found.ordinals.setdefault(lang_id.ORDINALS[word], word)
    for match in _ID_ORDINAL_DIGITS.finditer(text):
        found.ordinals.setdefault(int(match.group(1)), match.group())


def _english_fractions_and_ordinals(text: str, words: list[str], found: ClosedClasses) -> None:
    for i, word in enumerate(words):
        before = words[i - 1] if i else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        if word in lang_en.FRACTIONS:
            found.fractions[round(lang_en.FRACTIONS[word], 6)] = word
        elif word in lang_en.PLURAL_ORDINALS and before in lang_en.UNITS:
            found.fractions[round(lang_en.UNITS[before] / lang_en.PLURAL_ORDINALS[word], 6)] = f"{before} {word}"
            found.numbers.pop(float(lang_en.UNITS[before]), None)
        elif word in lang_en.ORDINALS:
            n = lang_en.ORDINALS[word]
            if word == "second" and before in lang_en.TIME_SECOND_BEFORE:
                continue  # "a split second": time
            if n >= 3 and before in lang_en.FRACTION_ARTICLES and after in ("of", ""):
                found.fractions[round(1 / n, 6)] = f"{before} {word}"  # "a fifth of"
                found.numbers.pop(1.0, None)
            else:
                found.ordinals.setdefault(n, word)
    for match in _EN_ORDINAL_DIGITS.finditer(text):
        found.ordinals.setdefault(int(match.group(1)), match.group())


def _among(value: float, values: set[float]) -> bool:
    return any(abs(value - other) <= 1e-6 * max(1.0, abs(value)) for other in values)


def _fraction(value: float) -> str:
    for denominator in range(2, 101):
        numerator = value * denominator
        if abs(numerator - round(numerator)) < 1e-6:
            return f"{round(numerator)}/{denominator}"
    return f"{value:g}"


def _stem(word: str) -> str:
    return word[:STEM_LETTERS]
