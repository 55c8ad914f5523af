"""Headlines are titles, the model's, or whole short sentences and clean clauses: never a sentence cut
mid-phrase (issue 30: "Russian President Vladimir Putin's recent four-day visit to Beijing resulted in the …")."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from summarizer.write.headlines import headline_origin, headline_without_model, leading_clause
from summarizer.ingest.sentences import split_sentences
from summarizer.write.writer import AbstractiveWriter, ExtractiveWriter

SEED_LEAD = ("Russian President Vladimir Putin's recent four-day visit to Beijing resulted in the signing of 22 "
             "comprehensive agreements, significantly strengthening bilateral relations between Russia and China.")
SUMMIT_LEAD = ("Leaders of eleven coastal provinces around the Selat Biru strait closed a two-day regional summit in "
               "the city of Meraya on Wednesday by signing the Meraya Declaration, a plan to restore 48,000 hectares "
               "of mangrove forest by 2030.")


class ScriptedModel:
    """A chat generator with a fixed answer that records whether it was asked."""

    name, family = "scripted", "chat"

    def __init__(self, answer: str):
        self.answer, self.asked = answer, 0

    def generate(self, texts, instruction=None, settings=None, task=None):
        self.asked += 1
        return [self.answer]

    def count_tokens(self, text):
        return len(text.split())


def test_the_seeds_long_lead_gives_its_leading_clause_not_a_cut_sentence():
    headline = headline_without_model(SEED_LEAD + " Xi Jinping welcomed him.")
    assert headline == ("Russian President Vladimir Putin's recent four-day visit to Beijing resulted in the signing "
                        "of 22 comprehensive agreements")
    assert headline_origin(headline, [], [SEED_LEAD]) == "clause"


def test_without_a_clause_a_short_sentence_or_the_whole_lead_heads_the_briefing():
    assert headline_without_model(f"{SUMMIT_LEAD} The fund holds 275 million dollars.") == (
        "The fund holds 275 million dollars")
    assert headline_without_model(SUMMIT_LEAD) == SUMMIT_LEAD.rstrip(".")  # long, but whole
    assert headline_without_model("Anything at all here.", ["Port opens"]) == "Port opens"


def test_after_an_opening_phrase_the_main_clause_heads_the_briefing_not_a_pronoun_sentence():
    """The seeds' second event, extractive: the headline was "This visit marks the beginning of a partnership"."""
    lead = ("In the energy sector, the key agreement includes a commitment to the Power of Siberia 2 pipeline project, "
            "which is projected to transport 50 billion cubic meters of gas per year from Russia's western part to "
            "the northern part of China through Mongolia.")
    headline = headline_without_model(f"{lead} This visit marks the beginning of a partnership between the two countries.")
    assert headline == "The key agreement includes a commitment to the Power of Siberia 2 pipeline project"
    assert headline_origin(headline, [], [lead]) == "clause"


def test_a_phrase_that_opens_with_a_preposition_or_starts_a_list_is_not_a_clause():
    assert leading_clause("In a significant development marking 75 years of ties, Putin paid a state visit.") is None
    assert leading_clause("The new agreements between the two countries cover energy, trade, space and health.") is None


def test_cut_headlines_are_told_apart_from_clauses_and_sentences():
    assert headline_origin("Russian President Vladimir Putin's recent four-day visit to Beijing resulted in the …",
                           [], [SEED_LEAD]) == "cut"
    assert headline_origin("Russian President Vladimir Putin's recent four-day visit", [], [SEED_LEAD]) == "cut"
    assert headline_origin("Putin and Xi sign 22 agreements", [], [SEED_LEAD]) == "generated"
    assert headline_origin("Port opens", ["Port opens"], [SEED_LEAD]) == "title"


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDE", min_size=1, max_size=9)
_SENTENCE = st.builds(lambda words, marks: " ".join(w + m for w, m in zip(words, marks)).capitalize() + ".",
                      st.lists(_WORD, min_size=6, max_size=45),
                      st.lists(st.sampled_from(["", "", "", "", ",", ";"]), min_size=45, max_size=45))


@settings(max_examples=40, deadline=None)
@given(st.lists(_SENTENCE, min_size=1, max_size=4))
def test_a_headline_without_a_model_is_never_cut(sentences):
    briefing = " ".join(sentences)
    headline = headline_without_model(briefing)
    assert headline_origin(headline, [], split_sentences(briefing, "en")) in ("sentence", "clause")


def test_a_title_heads_the_briefing_even_when_a_model_could_write_one():
    model = ScriptedModel("Putin and Xi sign 22 agreements")
    assert AbstractiveWriter(model).write_headline(SEED_LEAD, ["Putin visits China"]) == "Putin visits China"
    assert model.asked == 0
    assert ExtractiveWriter(generator=model).write_headline(SEED_LEAD, []) == "Putin and Xi sign 22 agreements"


def test_a_model_headline_cut_or_too_long_gives_way_to_a_clean_one():
    for answer in ("Putin's four-day visit to Beijing resulted in the …", " ".join(["word"] * 30)):
        headline = ExtractiveWriter(generator=ScriptedModel(answer)).write_headline(SEED_LEAD, [])
        assert headline_origin(headline, [], [SEED_LEAD]) == "clause"
