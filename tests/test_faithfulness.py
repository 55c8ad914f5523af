"""The fact check catches invented numbers, months and names, and accepts what the sources say."""
from summarizer.facts import FactIndex
from summarizer.check.faithfulness import unsupported_facts

SOURCES = FactIndex.from_texts([
    ("Putin's four-day visit to Beijing resulted in the signing of 22 agreements.", "en"),
    ("The pipeline will deliver 50 billion cubic meters of gas to China via Mongolia.", "en"),
    ("Kunjungan itu berlangsung pada 16 Mei dan melibatkan Gazprom.", "id"),
])


def test_supported_sentence_passes():
    sentence = "During a 4-day visit to Beijing, Putin and Chinese officials signed 22 agreements."
    assert unsupported_facts(sentence, SOURCES) == []


def test_invented_number_is_caught():
    assert unsupported_facts("Putin signed 25 agreements in Beijing.", SOURCES) == ["number 25"]


def test_changed_scale_is_caught():
    assert unsupported_facts("The pipeline carries 50 million cubic meters.", SOURCES) == ["number 50 million"]


def test_invented_month_and_name_are_caught():
    problems = unsupported_facts("In June, Rosneft joined the talks in Beijing.", SOURCES)
    assert "month 6" in problems and "name Rosneft" in problems


def test_facts_from_the_original_language_count():
    assert unsupported_facts("The visit took place on May 16 and involved Gazprom.", SOURCES) == []
