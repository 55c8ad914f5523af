"""Generated text becomes clean briefing sentences; the extractive writer needs no model."""
from summarizer.write.writer import ExtractiveWriter, complete_sentences


def test_markdown_from_a_chat_model_becomes_prose():
    generated = ("**Factual Briefing**\n\n**Event:** Putin paid a state visit to China in May 2024.\n"
                 "**Key Dates:** - May 16-17, 2024\n- Russia is a reliable supplier of energy to China.\n"
                 "1. The pipeline will carry gas through Mongolia.")
    assert complete_sentences(generated) == [
        "Putin paid a state visit to China in May 2024.",
        "Russia is a reliable supplier of energy to China.",
        "The pipeline will carry gas through Mongolia."]


def test_sentence_cut_off_by_the_length_limit_is_dropped():
    assert complete_sentences("Putin visited Beijing on May 16. Talks covered energy, trade and the") == [
        "Putin visited Beijing on May 16."]
    assert complete_sentences("Only one unfinished sentence about the talks") == [
        "Only one unfinished sentence about the talks."]


def test_a_generated_sentence_that_repeats_the_ones_before_is_dropped():
    looping = ("The Oscars were a big deal this year. The host opened with a joke about the envelope. "
               "The Oscars were a big deal this year, and the host said so. The Oscars were a big deal.")
    assert complete_sentences(looping) == ["The Oscars were a big deal this year.",
                                           "The host opened with a joke about the envelope."]
    different = "Putin visited Beijing on May 16. Putin visited Harbin on May 17 to open a trade fair."
    assert complete_sentences(different) == ["Putin visited Beijing on May 16.",
                                             "Putin visited Harbin on May 17 to open a trade fair."]


def test_the_extractive_overview_is_one_sentence_naming_each_event_by_its_whole_headline():
    overview = ExtractiveWriter().write_overview([("Putin visits Beijing.", "..."),
                                                  ("Sindara's container terminal opens", "...")])
    assert overview == ["This briefing covers two events: Putin visits Beijing; and Sindara's container terminal opens."]
    assert ExtractiveWriter().write_overview([("Putin visits Beijing", "...")]) == [
        "This briefing covers one event: Putin visits Beijing."]
