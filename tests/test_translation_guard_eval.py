"""Issue 28: ``python -m eval translation-guard`` builds its test set right: each injected error changes exactly
one thing of the reference (one word replaced, or one name dropped), and of the kind it is named for."""
from __future__ import annotations

import difflib
import random
import re

import pytest

from eval.translation_guard import KINDS, UNRELATED_NOUNS, build_cases, format_table, inject
from summarizer.languages import en as lang_en
from summarizer.languages.id import lexicon

SOURCE = "Pada hari Rabu 12 Juni, dua puluh orang dari Jakarta menanam pohon di taman kota."
ENGLISH = "On Wednesday, June 12, twenty people from Jakarta planted the trees in the city park."


def _changed_words(before: str, after: str) -> tuple[list[str], list[str]]:
    """The words of ``before`` taken out and the words of ``after`` put in."""
    old, new = re.findall(r"[\w.,]+", before), re.findall(r"[\w.,]+", after)
    removed, added = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag != "equal":
            removed += old[i1:i2]
            added += new[j1:j2]
    return removed, added


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_changes_exactly_one_thing(kind):
    if kind == "noun" and "tree" not in lexicon().get("pohon", ()) and "trees" not in lexicon().get("pohon", ()):
        pytest.skip("the shipped lexicon does not translate pohon as tree")
    for seed in range(20):
        changed = inject(ENGLISH, kind, random.Random(seed), SOURCE)
        assert changed is not None and changed != ENGLISH
        removed, added = _changed_words(ENGLISH, changed)
        assert len(removed) == 1, (kind, changed)
        if kind == "name":
            assert added == [] and removed == ["Jakarta"]
        elif kind == "day":
            assert removed == ["Wednesday,"] or removed == ["Wednesday"]
            assert len(added) == 1 and added[0].rstrip(",").lower() in lang_en.DAYS
        elif kind == "month":
            assert removed == ["June"] and added[0].lower() in lang_en.MONTHS and added[0] != "June"
        elif kind == "number":
            assert removed[0].rstrip(",") == "12" and added[0].rstrip(",") != "12" and added[0].rstrip(",").isdigit()
        elif kind == "number word":
            assert removed == ["twenty"] and added[0].lower() != "twenty"
        else:
            assert removed[0] in ("trees", "park", "city") and added[0] in UNRELATED_NOUNS


def test_a_sentence_without_a_kind_gets_no_copy_of_it():
    assert inject("The weather was mild.", "day", random.Random(0), "Cuacanya sejuk.") is None
    assert inject("The weather was mild.", "number", random.Random(0), "Cuacanya sejuk.") is None


def test_the_cases_hold_each_reference_as_it_is_and_the_table_counts_them():
    cases = build_cases([SOURCE], [ENGLISH])
    assert cases[0] == {"line": 500, "kind": "none", "source": SOURCE, "english": ENGLISH}
    assert {c["kind"] for c in cases[1:]} <= set(KINDS) and all(c["english"] != ENGLISH for c in cases[1:])
    for case in cases:
        case["problems"] = [] if case["kind"] == "none" else ["flagged"]
    table = format_table(cases)
    assert re.search(r"false alarm\s+1\s+0\.0% flagged", table)
    assert re.search(rf"all errors\s+{len(cases) - 1}\s+100\.0% flagged", table)


def test_the_english_table_reads_the_links_the_other_way():
    from collections import Counter

    from eval.build_lexicon import build_reverse_table

    counts = {"pisang": Counter({"banana": 6}), "buah": Counter({"fruit": 9, "banana": 1}),
              "yang": Counter({"banana": 3})}
    table = build_reverse_table(counts)
    assert table["banana"] == [10, 0.6, "pisang"]  # "yang" is a function word, "buah" too few links
    assert table["fruit"] == [9, 1.0, "buah"]
