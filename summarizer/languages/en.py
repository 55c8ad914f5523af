"""English: its profile (the target language of every translation), and the English side of the closed classes the
translation guard compares (``summarizer.translate.meaning``): days, months, number words, fractions, percent and
ordinals, as ``summarizer.languages.id`` holds them for Indonesian."""
from __future__ import annotations

from .profile import LanguageProfile

DAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7}
MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
          "september": 9, "october": 10, "november": 11, "december": 12}
# Number words: units and teens add, "hundred" multiplies, scales close a group ("two hundred thousand").
UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
         "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12}
# Words that say "two" without the number word ("both countries" is "kedua negara").
PAIRS = frozenset({"both", "twice", "pair", "couple", "double", "twin"})
MULTIPLIERS = {"hundred": 100}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
MAGNITUDES = {"dozens": 10, "tens": 10, "scores": 10, "hundreds": 100, "thousands": 1e3, "millions": 1e6,
              "billions": 1e9, "trillions": 1e12}
# Fractions: "half" alone; "a third", "two thirds", "one fifth": an ordinal after a unit or "a" is a fraction.
FRACTIONS = {"half": 0.5, "halves": 0.5, "quarter": 0.25, "quarters": 0.25}
FRACTION_ARTICLES = frozenset({"a", "one"})
PERCENT_WORDS = frozenset({"percent", "%", "pct"})
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20, "hundredth": 100}
# Ordinals English uses where the source has none ("at first", "first-class": "awalnya", "kelas satu"): not
# looked for in the source (FLORES dev 500-996: 4 of 497 references wrote "first" for no "pertama").
IDIOMATIC_ORDINALS = frozenset({"first"})
# Plural ordinals name fractions ("two thirds"); these are the plural forms.
PLURAL_ORDINALS = {"halves": 2, "thirds": 3, "quarters": 4, "fourths": 4, "fifths": 5, "sixths": 6,
                   "sevenths": 7, "eighths": 8, "ninths": 9, "tenths": 10}
# Words before "second" that make it a unit of time ("a split second"), not an ordinal.
TIME_SECOND_BEFORE = frozenset({"split", "per", "a", "one"})


def is_closed_class(word: str) -> bool:
    """Whether the lower-case ``word`` is a day, month, number word, fraction or ordinal."""
    return any(word in table for table in (DAYS, MONTHS, UNITS, SCALES, MAGNITUDES, FRACTIONS, ORDINALS,
                                           PLURAL_ORDINALS))


PROFILE = LanguageProfile(
    code="en", name="English",
    dateline_months={
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12},
    weekday_pattern=r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?",
    date_labels="date|dated|published|posted|updated|last updated|on",
    months=MONTHS,
    # Numbers that sources often spell out ("four-day visit"), as the fact check reads them.
    number_words={
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
        "ninth": 9, "tenth": 10, "dozen": 12, "half": 0.5, "quarter": 0.25},
    scale_words={**SCALES, "mn": 1e6, "bn": 1e9, "m": 1e6, "b": 1e9, "k": 1e3},
)
