"""The repeat measure (``summarizer.select.repeats``) on built cases, and fact-level redundancy in selection and fusion
(issue 30: no fact twice in a briefing, across languages too)."""
from __future__ import annotations

import numpy as np
import pytest

from eval.cache import CachedOutput
from eval.datasets import SummaryItem
from eval.metrics import Rouge
from eval.report import aggregate, score_item
from summarizer.facts import FactIndex
from summarizer.write.fusion import FusionWriter
from summarizer.select.repeats import repeated_pairs, same_fact
from summarizer.select.selection import Selection, SourceSentence, select_by_salience

# The seeds' 75th anniversary, said by two articles in their own words (seeds 002 and 004).
ANNIVERSARY_A = ("In a significant development marking 75 years of diplomatic relations, Russian President Vladimir "
                 "Putin paid a state visit to China, symbolizing the strengthening strategic partnership between the "
                 "two nations.")
ANNIVERSARY_B = ("The year 2024 marks the 75th anniversary of diplomatic relations between China and Russia, and it is "
                 "during this special time that Russian President Vladimir Putin paid a state visit to China.")
# The bundled examples' Sindara terminal: the English newswire and the Indonesian article as translated into English
# (its original beside it: "1,4 juta TEU per tahun, hampir dua kali lipat").
TERMINAL_EN = ("The operator, PT Sindara Dermaga Nusa, said the terminal cost 6.2 trillion rupiah and can handle 1.4 "
               "million twenty-foot equivalent units (TEU) a year, nearly double the capacity of the old harbour.")
TERMINAL_ID = ("Direktur Utama PT Sindara Dermaga Nusa, Hendra Wiratmaja, mengatakan terminal tersebut mampu melayani "
               "1,4 juta TEU per tahun, hampir dua kali lipat kapasitas pelabuhan lama.")
TERMINAL_ID_EN = ("President Director of PT Sindara Dermaga Nusa, Hendra Wiratmaja, said the terminal is able to serve "
                  "1.4 million TEU per year, almost twice the capacity of the old port.")
# Different facts sharing a name, and the same kind of fact with other figures.
PUTIN_BEIJING = "Putin met Xi Jinping in Beijing on Thursday for talks on trade and energy."
PUTIN_HARBIN = "Putin then travelled to Harbin, a city near the Russian border, on Friday."
EXPORTS_MARCH = "Exports rose 5% in March, the trade ministry said."
EXPORTS_APRIL = "Exports rose 7% in April, the trade ministry said."
CRANES = "The terminal has 14 ship-to-shore cranes along its 840-metre quay."


def _similarity(embedder, first: str, second: str) -> float:
    vectors = embedder.encode([first, second])
    return float(vectors[0] @ vectors[1])


@pytest.mark.parametrize("first, second", [(ANNIVERSARY_A, ANNIVERSARY_B), (TERMINAL_EN, TERMINAL_ID_EN),
                                           ("The city council approved a budget of 12 million dollars on Monday.",
                                            "On Monday the council passed the 12 million dollar city budget.")],
                         ids=["same fact in other words", "across languages", "same figure"])
def test_the_same_fact_in_other_words_is_a_repeat(embedder, first, second):
    assert same_fact(first, second, _similarity(embedder, first, second))


@pytest.mark.parametrize("first, second", [(PUTIN_BEIJING, PUTIN_HARBIN), (EXPORTS_MARCH, EXPORTS_APRIL),
                                           (TERMINAL_EN, CRANES)],
                         ids=["different facts sharing a name", "other figures", "same subject, other facts"])
def test_different_facts_are_not_repeats(embedder, first, second):
    assert not same_fact(first, second, _similarity(embedder, first, second))


def test_one_sentence_entailed_by_a_longer_one_is_a_repeat(embedder):
    longer = "Leaders of eleven provinces signed the Meraya Declaration on Wednesday to restore mangrove forests."
    shorter = "The leaders signed the Meraya Declaration on Wednesday."
    assert same_fact(shorter, longer, _similarity(embedder, shorter, longer))


def test_the_report_counts_repeated_facts_per_briefing(embedder):
    item = SummaryItem("x", ["doc"], ["A reference about the terminal and the anniversary."])
    facts = FactIndex.from_texts([(t, "en") for t in (TERMINAL_EN, TERMINAL_ID_EN, ANNIVERSARY_A, CRANES)])
    repeated = score_item(CachedOutput("x", f"{TERMINAL_EN} {CRANES} {TERMINAL_ID_EN}", 1.0), item, facts, Rouge(),
                          embedder=embedder)
    once = score_item(CachedOutput("x", f"{TERMINAL_EN} {CRANES}", 1.0), item, facts, Rouge(), embedder=embedder)
    assert repeated["repeated_facts"] == 1 and repeated["repeat_pairs"] == [[TERMINAL_EN, TERMINAL_ID_EN]]
    assert once["repeated_facts"] == 0
    assert aggregate([repeated, once])["repeated_facts"] == {"pairs": 1, "per_briefing": 0.5, "briefings": 1}
    assert repeated_pairs([TERMINAL_EN, CRANES, TERMINAL_ID_EN],
                          embedder.encode([TERMINAL_EN, CRANES, TERMINAL_ID_EN])) == [(0, 2)]


def test_selection_treats_a_fact_stated_in_another_language_as_covered(embedder):
    """The Sindara case: the English sentence and the translated Indonesian one state 1.4 million TEU; the
    selection keeps the better-scored one, with room left in the budget for both."""
    candidates = [SourceSentence("newswire", 1, TERMINAL_EN), SourceSentence("pelabuhan", 1, TERMINAL_ID_EN, TERMINAL_ID),
                  SourceSentence("newswire", 2, CRANES)]
    vectors = embedder.encode([c.text for c in candidates])
    assert float(vectors[0] @ vectors[1]) < 0.8  # below the embedding-duplicate threshold: only the facts tell
    chosen = select_by_salience(candidates, vectors, np.array([1.0, 0.9, 0.5]), token_budget=200)
    assert [c.text for c in chosen.sentences] == [TERMINAL_EN, CRANES]


def test_selection_keeps_different_facts_that_share_a_name(embedder):
    candidates = [SourceSentence("a", 0, PUTIN_BEIJING), SourceSentence("b", 0, PUTIN_HARBIN)]
    vectors = embedder.encode([c.text for c in candidates])
    chosen = select_by_salience(candidates, vectors, np.array([1.0, 0.9]), token_budget=200)
    assert len(chosen.sentences) == 2


class RefusingModel:
    """A generator whose fusion adds a fact, so every fusion is refused."""

    name, family = "refusing", "chat"

    def generate(self, texts, instruction=None, settings=None, task=None):
        return ["The terminal opened in 1999 with 3 million TEU."]

    def count_tokens(self, text):
        return len(text.split())


def test_fusion_never_states_a_fact_twice_when_it_cannot_fuse(embedder):
    """A refused group's sentences stood each in its turn; one stating a fact already said is left out now."""
    english, translated = SourceSentence("newswire", 1, TERMINAL_EN), SourceSentence("pelabuhan", 1, TERMINAL_ID_EN)
    cranes = SourceSentence("newswire", 2, CRANES)
    selection = Selection([english, cranes, translated], 3, 0, ranks=[0, 2, 1])
    texts = FusionWriter(RefusingModel(), embedder, words=200).write_event(selection)
    assert texts == [TERMINAL_EN, CRANES]
