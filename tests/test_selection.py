"""Sentence selection: junk filtered, salient first, no repeats, within the token budget."""
from summarizer.articles import Article
from summarizer.select.selection import candidate_sentences, select_sentences


def _article(id_, sentences, translation=None):
    return Article(id=id_, text=" ".join(sentences), language="id" if translation else "en",
                   sentences=sentences, translation=translation)


def test_junk_and_fragments_are_not_candidates():
    article = _article("a", ["Tweet with a location", "Photo: Reuters", "Short one.",
                             "The central bank raised its key interest rate by half a point on Tuesday.",
                             "Read more at https://example.com/story about the decision today."])
    assert [c.text for c in candidate_sentences([article])] == [
        "The central bank raised its key interest rate by half a point on Tuesday."]


def test_translated_candidates_keep_their_original():
    article = _article("id1", ["Bank sentral menaikkan suku bunga acuan pada hari Selasa."],
                       ["The central bank raised its benchmark interest rate on Tuesday."])
    (candidate,) = candidate_sentences([article])
    assert candidate.text.startswith("The central bank") and candidate.original.startswith("Bank sentral")


def test_selection_respects_budget_skips_repeats_and_keeps_reading_order(embedder):
    first = _article("a", ["The central bank raised its key interest rate by half a point on Tuesday.",
                           "Officials said inflation had stayed above the target for a year.",
                           "The football club signed a new striker from Brazil for the season."])
    copy = _article("b", ["The central bank raised its key interest rate by half a point on Tuesday.",
                          "Economists expect another increase before the end of the year."])
    candidates = candidate_sentences([first, copy])
    selection = select_sentences(candidates, embedder, token_budget=40)
    texts = [s.text for s in selection.sentences]
    assert selection.tokens <= 40 and selection.candidates == 5
    assert texts.count("The central bank raised its key interest rate by half a point on Tuesday.") == 1
    assert "The football club signed a new striker from Brazil for the season." not in texts  # off-topic
    order = [(s.article_id, s.index) for s in selection.sentences]
    assert order == sorted(order)


def test_empty_input_gives_empty_selection(embedder):
    selection = select_sentences([], embedder, token_budget=100)
    assert selection.sentences == [] and selection.note == "0 of 0 sentences (0 tokens)"


def test_a_selection_never_opens_with_a_pronoun_when_another_sentence_can_open_it():
    from summarizer.select.selection import Selection, SourceSentence, opens_with_pronoun

    texts = ["He said the bridge would reopen in May.", "“They were lucky,” an engineer said.",
             "The Kalimas bridge collapsed on Monday after heavy rain.", "Repairs will cost $4 million."]
    selection = Selection([SourceSentence("a", i, text) for i, text in enumerate(texts)], 10, 40, ranks=[2, 3, 0, 1])
    clear = selection.with_clear_opening()
    assert [s.text for s in clear.sentences] == [texts[2], texts[0], texts[1], texts[3]]
    assert clear.ranks == [0, 2, 3, 1] and clear.by_rank == selection.by_rank  # ranks travel with their sentences
    assert opens_with_pronoun(texts[1]) and not opens_with_pronoun("Hearings begin today.")
    every = Selection([SourceSentence("a", 0, texts[0])], 1, 8)
    assert every.with_clear_opening() is every  # nothing else can open it: unchanged
