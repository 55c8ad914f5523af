"""No silent empty briefing: an event with nothing to brief says why, and the overview counts every event."""
import pytest

from summarizer.articles import Article, LoadResult
from summarizer.config import Settings
from summarizer.ingest.loading import prepare_article
from summarizer.pipeline import BriefingPipeline

CHINESE = ("国家统计局周一公布的数据显示今年前三季度国内生产总值同比增长百分之五点二其中第三季度增长百分之四点九"
           "消费对经济增长的贡献率达到百分之八十三点二专家表示经济恢复向好的态势没有改变但仍面临需求不足等挑战")
ENGLISH = ("Rescue teams reached the flooded villages in the north of the province on Monday morning. "
           "Two hundred families were moved to school buildings that now serve as shelters. "
           "Officials said the river had risen by three metres in a single night after heavy rain.")
RUN_ON = " ".join(["the river kept rising and the teams kept working"] * 12) + "."


@pytest.fixture(scope="module")
def pipeline(shared_dir):
    settings = Settings.load(translation_model="none", embedding_model=str(shared_dir / "models" / "all-MiniLM-L6-v2"))
    return BriefingPipeline(settings, extractive=True, progress=False)


def _run(pipeline, *texts):
    articles = [prepare_article(Article(id=f"a{n}", text=text)) for n, text in enumerate(texts)]
    for article in articles:
        article.language, article.translation = "en", None  # briefed as it is, no translation model
    return pipeline.run(LoadResult(articles))


@pytest.mark.parametrize("text, reason", [(CHINESE, "a sentence needs 6 to 80 words"),
                                          (RUN_ON, "a sentence needs 6 to 80 words")], ids=["chinese", "run-on"])
def test_an_event_that_cannot_be_briefed_says_why(pipeline, caplog, text, reason):
    result = _run(pipeline, ENGLISH, text)
    empty = [event for event in result.events if not event.summary_text]
    assert len(empty) == 1 and empty[0].selection_note.startswith("nothing briefed:")
    assert reason in empty[0].selection_note and reason in caplog.text
    assert result.merged.overview[0].text.startswith("This briefing covers two events")
    assert "an event with nothing to brief" in result.merged.overview[0].text  # not an empty name


def test_a_zero_budget_is_said(shared_dir, caplog):
    settings = Settings.load(translation_model="none", embedding_model=str(shared_dir / "models" / "all-MiniLM-L6-v2"),
                             writer="extractive")
    pipeline = BriefingPipeline(settings, progress=False)
    pipeline.settings = settings.__class__(**{**settings.__dict__, "briefing_words": 0})  # past validation
    [event] = _run(pipeline, ENGLISH).events
    assert "fits the briefing's 0 word(s) (briefing_words)" in event.selection_note
