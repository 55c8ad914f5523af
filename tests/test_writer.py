"""Generated text becomes clean briefing sentences; the extractive writer needs no model."""
from summarizer.writer import complete_sentences, fallback_headline


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


def test_fallback_headline_prefers_a_title_then_shortens_the_lead():
    assert fallback_headline("Anything.", ["Port opens"]) == "Port opens"
    long = "The new container terminal in the port city opened on Monday after three years of building work."
    assert fallback_headline(long, []) == "The new container terminal in the port city opened on Monday after …"
