"""Metrics of the evaluation harness against known values: sacrebleu's README example, hand-computed ROUGE."""
import pytest

from eval.metrics import Rouge, bootstrap_interval, paired_translation_bootstrap, translation_scores

# sacrebleu's README example: two reference streams.
HYPOTHESES = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."]
REFERENCES = [["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
              ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."]]


def test_bleu_and_chrf_match_sacrebleus_published_example():
    bleu, chrf = translation_scores(HYPOTHESES, *REFERENCES)
    assert bleu.score == pytest.approx(48.53, abs=0.005)
    assert chrf.score == pytest.approx(59.73, abs=0.005)
    assert bleu.format().startswith("BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:")
    assert chrf.signature.startswith("nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no|version:")


def test_translation_scores_reject_misaligned_references():
    with pytest.raises(ValueError, match="3 hypotheses but 2 references"):
        translation_scores(HYPOTHESES, REFERENCES[0][:2])


def test_paired_bootstrap_gives_the_corpus_difference_and_sees_a_real_one():
    references = [f"The council met on day {n} and approved the budget for the new school." for n in range(40)]
    good = [f"The council met on day {n} and approved the budget for a new school." for n in range(40)]
    poor = [f"A council meeting happened on day {n} about money." for n in range(40)]
    bleu, chrf = paired_translation_bootstrap(good, poor, references)
    scores = {name: [r.score for r in translation_scores(lines, references)] for name, lines in (("good", good), ("poor", poor))}
    assert bleu.difference == pytest.approx(scores["good"][0] - scores["poor"][0])
    assert chrf.difference == pytest.approx(scores["good"][1] - scores["poor"][1])
    assert bleu.low > 0 and chrf.low > 0 and bleu.p_value < 0.01
    same = paired_translation_bootstrap(poor, poor, references)
    assert [(d.difference, d.p_value) for d in same] == [(0, 1), (0, 1)]  # no difference is no evidence
    worse = paired_translation_bootstrap(poor, good, references)
    assert worse[0].high < 0 and worse[0].p_value > 0.99


def test_rouge_1_and_2_hand_computed():
    # unigrams: 3 shared of 5 predicted and 4 reference -> P 0.6, R 0.75; bigrams: 2 of 4 and 3.
    scores = Rouge().score("the quick brown dog jumps", ["the quick brown fox"])
    assert scores["rouge1"] == pytest.approx(100 * 2 * 0.6 * 0.75 / 1.35)
    assert scores["rouge2"] == pytest.approx(100 * 2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert Rouge(measure="r").score("the quick brown dog jumps", ["the quick brown fox"])["rouge1"] == pytest.approx(75)
    assert Rouge(measure="p").score("the quick brown dog jumps", ["the quick brown fox"])["rouge1"] == pytest.approx(60)


def test_porter_stemming_is_on_by_default():
    assert Rouge().score("The dogs were running", ["the dog was runs"])["rouge1"] == pytest.approx(75)
    assert Rouge(stemmer=False).score("The dogs were running", ["the dog was runs"])["rouge1"] == pytest.approx(25)


def test_rouge_lsum_splits_sentences_and_rouge_l_does_not():
    # Swapped sentences: one LCS of 4 of 8 tokens over the whole text; each sentence matched in Lsum.
    scores = Rouge().score("The dog ran off. The cat sat down.", ["The cat sat down. The dog ran off."])
    assert scores["rougeL"] == pytest.approx(50)
    assert scores["rougeLsum"] == pytest.approx(100)


def test_several_references_are_averaged():
    two = Rouge().score("the quick brown fox", ["the quick brown fox", "a slow green turtle"])
    assert two["rouge1"] == pytest.approx(50)


def test_word_limit_scores_only_the_first_words():
    rouge = Rouge(measure="r", word_limit=2)
    assert rouge.truncate("one two three four") == "one two"
    assert rouge.score("alpha beta gamma delta", ["gamma delta"])["rouge1"] == 0
    assert "limit:2" in rouge.signature and "measure:r" in rouge.signature


def test_empty_summary_scores_zero_and_missing_references_are_an_error():
    assert Rouge().score("", ["a reference"])["rouge1"] == 0
    with pytest.raises(ValueError, match="no reference"):
        Rouge().score("a summary", [])
    with pytest.raises(ValueError, match="measure"):
        Rouge(measure="x")


def test_bootstrap_interval_is_seeded_and_brackets_the_mean():
    values = [10.0, 20.0, 30.0, 40.0, 50.0, 12.0, 33.0]
    mean, low, high = bootstrap_interval(values)
    assert mean == pytest.approx(sum(values) / len(values))
    assert low < mean < high
    assert bootstrap_interval(values) == (mean, low, high)
    assert bootstrap_interval([5.0, 5.0, 5.0]) == (5.0, 5.0, 5.0)
