"""Issue 28: every translated sentence has a status (checked, or uncertain with its reasons) in briefing.json,
briefing.md and the web demo; the selector takes an uncertain translation only as a last resort."""
from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest
from jsonschema import Draft202012Validator

from briefing_samples import sample_result
from summarizer.articles import Article
from summarizer.output.briefing import BriefingSentence, Support
from summarizer.select.selection import SourceSentence, candidate_sentences, select_by_salience
from summarizer.translate.translator import translate_articles
from summarizer.frontends.web_views import sources_markdown, translations_markdown

SOURCE = "Terminal itu diresmikan pada hari Rabu."
WRONG = "The terminal was inaugurated on Thursday."
REASONS = ["day Rabu (Wednesday) missing", "day Thursday not in the source"]


class DictionaryTranslator:
    def __init__(self, table):
        self.table = table

    def supports(self, language):
        return language == "id"

    def signature(self):
        return {"name": "dictionary"}

    def translate(self, sentences, language):
        return [self.table[s] for s in sentences]


def _uncertain_result():
    """The sample result with an Indonesian article whose second sentence is an uncertain translation that the
    port briefing quotes."""
    result = sample_result()
    article = next(a for a in result.articles if a.id == "port-id")
    article.sentences = ["Terminal Arunika resmi beroperasi.", SOURCE]
    article.translation = ["The Arunika terminal is open.", WRONG]
    article.sentence_languages = ["id", "id"]
    article.translation_status = [{"status": "checked", "reasons": []}, {"status": "uncertain", "reasons": REASONS}]
    result.events[0].sentences.append(BriefingSentence(
        WRONG, [Support("port-id", 1, WRONG, SOURCE, 1.0, REASONS)], origin="source", uncertain_translation=REASONS))
    return result


def test_translate_articles_gives_each_translated_sentence_a_status():
    sources = ["Presiden tiba di Jakarta pada hari Selasa.", SOURCE]
    table = {sources[0]: "The President arrived in Jakarta on Tuesday.", SOURCE: WRONG}
    article = Article("a", " ".join(sources), language="id", sentences=sources)
    translate_articles([article], DictionaryTranslator(table), progress=False)
    assert article.translation_status == [{"status": "checked", "reasons": []},
                                          {"status": "uncertain", "reasons": REASONS}]


def test_status_validates_against_the_schema_and_a_wrong_one_fails():
    schema = json.loads(resources.files("summarizer.output").joinpath("briefing.schema.json").read_text("utf-8"))
    validator = Draft202012Validator(schema)
    data = _uncertain_result().to_dict()
    assert [e.message for e in validator.iter_errors(data)] == []
    port = next(a for a in data["articles"] if a["id"] == "port-id")
    assert port["translation_status"][1] == {"status": "uncertain", "reasons": REASONS}
    assert data["events"][0]["sentences"][-1]["uncertain_translation"] == REASONS
    port["translation_status"][1]["status"] = "doubtful"
    assert list(validator.iter_errors(data))


def test_markdown_says_a_briefing_sentence_is_an_uncertain_translation():
    markdown = _uncertain_result().to_markdown()
    assert f"{WRONG} [" in markdown
    assert "*(uncertain translation: day Rabu (Wednesday) missing; day Thursday not in the source)*" in markdown
    assert f'(original: *"{SOURCE}"*; translation uncertain: day Rabu (Wednesday) missing' in markdown


def test_web_demo_shows_the_status_beside_the_original():
    result = _uncertain_result()
    table = translations_markdown(result)
    assert "| English | Translation |" in table
    assert f"| 2 | {SOURCE} | {WRONG} | uncertain: day Rabu (Wednesday) missing" in table
    assert "| 1 | Terminal Arunika resmi beroperasi. | The Arunika terminal is open. | checked |" in table
    sources = sources_markdown(result, "event-1", len(result.events[0].sentences))
    assert "*Uncertain translation: day Rabu (Wednesday) missing" in sources


def test_candidates_carry_the_reasons_of_an_uncertain_translation():
    article = Article("a", "", language="id", sentences=["Terminal Arunika resmi beroperasi sejak pagi tadi.", SOURCE],
                      translation=["The Arunika terminal has been open since this morning.", WRONG + " at noon today"],
                      translation_status=[{"status": "checked", "reasons": []},
                                          {"status": "uncertain", "reasons": REASONS}])
    checked, uncertain = candidate_sentences([article])
    assert checked.uncertain == () and uncertain.uncertain == tuple(REASONS)


def _unit(vector):
    vector = np.asarray(vector, dtype=float)
    return vector / np.linalg.norm(vector)


def test_selector_prefers_an_english_sentence_that_says_the_same():
    translated = SourceSentence("id", 0, "The terminal opened on Thursday with fourteen cranes.", "...", tuple(REASONS))
    english = SourceSentence("en", 0, "The terminal opened on Wednesday with fourteen cranes.")
    other = SourceSentence("en", 1, "Fishermen fear the dredging will harm the reef.")
    vectors = np.array([_unit([1, 0.1, 0]), _unit([1, 0.45, 0]), _unit([0, 0, 1])])  # 0.94 alike: says the same
    salience = np.array([1.0, 0.6, 0.3])  # the uncertain translation scores best
    chosen = select_by_salience([translated, english, other], vectors, salience, token_budget=100)
    assert [s.article_id for s in chosen.sentences] == ["en", "en"]


def test_an_uncertain_translation_is_a_last_resort_not_excluded():
    translated = SourceSentence("id", 0, "The port will open a second terminal next year.", "...", tuple(REASONS))
    english = SourceSentence("en", 0, "Fishermen fear the dredging will harm the reef.")
    vectors = np.array([_unit([1, 0, 0]), _unit([0, 0, 1])])
    chosen = select_by_salience([translated, english], vectors, np.array([1.0, 0.2]), token_budget=100)
    assert chosen.ranks == [1, 0] or [s.article_id for s in chosen.by_rank] == ["en", "id"]
    one = select_by_salience([translated, english], vectors, np.array([1.0, 0.2]), token_budget=100, max_sentences=1)
    assert [s.article_id for s in one.sentences] == ["en"]


@pytest.mark.parametrize("reasons, note", [([], "checked"), (REASONS, "uncertain: " + "; ".join(REASONS))])
def test_translation_note(reasons, note):
    from summarizer.output.render import translation_note

    assert translation_note(reasons) == note
