"""One profile per language (``summarizer.languages``): a third language added in one registration routes,
is checked with its own rules and is briefed, with no other module touched."""
from __future__ import annotations

import pytest

from summarizer import brief
from summarizer.facts import missing_facts
from summarizer.languages import LanguageProfile, language_name, profile, register_language, unregister_language
from summarizer.translate.translator import sentence_problems

# A toy Dutch profile: a few words, a terms table, Dutch digit grouping.
DUTCH = LanguageProfile(
    code="nl", name="Dutch", decimal_comma=True, months={"januari": 1, "maart": 3},
    number_words={"twee": 2, "drie": 3}, scale_words={"miljoen": 1e6},
    terms={"vs": ("US", "United States"), "havenbedrijf": ("Port Authority",)},
    capitalised_common_words=frozenset({"minister", "haven"}))
DUTCH_ARTICLE = (
    "Haven van Rotterdam krijgt 1.500 nieuwe banen\n\n"
    "De haven van Rotterdam krijgt volgend jaar 1.500 nieuwe banen, maakte het Havenbedrijf op dinsdag bekend. "
    "Minister Jansen zei dat de VS de grootste klant van de haven blijven. "
    "De uitbreiding kost 2,5 miljoen euro en begint in maart.")
ENGLISH = {
    "De haven van Rotterdam krijgt volgend jaar 1.500 nieuwe banen, maakte het Havenbedrijf op dinsdag bekend.":
        "The port of Rotterdam will get 1,500 new jobs next year, the Port Authority announced on Tuesday.",
    "Minister Jansen zei dat de VS de grootste klant van de haven blijven.":
        "Minister Jansen said the US remains the port's biggest customer.",
    "De uitbreiding kost 2,5 miljoen euro en begint in maart.":
        "The expansion costs 2.5 million euros and starts in March.",
    "Haven van Rotterdam krijgt 1.500 nieuwe banen": "Port of Rotterdam gets 1,500 new jobs",
}


class ToyDutchTranslator:
    """Translates the test article's sentences from a table, as a Dutch model would."""

    def supports(self, language):
        return language == "nl"

    def translate(self, sentences, language):
        return [ENGLISH[sentence] for sentence in sentences]

    def signature(self):
        return {"name": "toy-dutch"}


@pytest.fixture
def dutch():
    register_language(DUTCH)
    yield DUTCH
    unregister_language("nl")


def test_a_registered_language_is_checked_by_its_own_rules(dutch):
    source = "De uitbreiding kost 2,5 miljoen euro, zei het Havenbedrijf."
    assert missing_facts(source, "The expansion costs 2.5 million euros, the Port Authority said.", "nl") == []
    assert "number 2.5 million missing" in missing_facts(source, "The expansion costs 25 million euros.", "nl")
    assert language_name("nl") == "Dutch" and profile("nl") is dutch


def test_without_the_profile_the_same_check_misreads_the_language():
    source = "De uitbreiding kost 2,5 miljoen euro, zei het Havenbedrijf."
    problems = missing_facts(source, "The expansion costs 2.5 million euros, the Port Authority said.", "nl")
    assert problems == ["name 'Havenbedrijf' missing"]  # no terms table: the translated word looks like a dropped name


def test_a_registered_language_routes_to_its_translator_and_is_briefed(dutch, shared_dir):
    result = brief([DUTCH_ARTICLE], translator=ToyDutchTranslator(), writer="extractive",
                   embedding_model=str(shared_dir / "models" / "all-MiniLM-L6-v2"))
    [article] = result.articles
    assert article.language == "nl" and article.translation
    assert result.signature["translator"] == {"name": "toy-dutch"}
    sentences = [s.text for event in result.events for s in event.sentences if s.kept]
    assert any("1,500 new jobs" in text for text in sentences)
    assert article.translated and not [w for w in article.warnings if "missing" in w]  # checked with the Dutch profile
    assert all(status["status"] == "checked" for status in article.translation_status if status)
    wrong = sentence_problems("Minister Jansen zei dat de VS de grootste klant blijven.",
                              "Minister Jansen said Canada remains the biggest customer.", "nl")
    assert wrong == ["name 'VS' missing"]
