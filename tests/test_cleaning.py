"""Boilerplate removal, headline and date detection, glued-sentence repair."""
from __future__ import annotations

import json

import pytest

from summarizer.ingest.cleaning import clean_text, is_boilerplate, parse_date, split_glued_sentences

SEED_002_TITLE = "Russia and China Strengthen Strategic Partnership with Historic Meeting"


def test_repeated_headline_becomes_the_title_once(seed_texts):
    cleaned = clean_text(seed_texts["002"])
    assert cleaned.title == SEED_002_TITLE
    assert SEED_002_TITLE not in cleaned.text
    assert cleaned.text.startswith("In a significant development marking 75 years")
    assert cleaned.removed.count(SEED_002_TITLE) == 2


def test_comment_form_and_back_to_top_trailer_removed(seed_texts):
    cleaned = clean_text(seed_texts["002"])
    for junk in ("Leave a Reply", "Your email address will not be published", "Back To Top"):
        assert junk not in cleaned.text
    assert cleaned.text.endswith("a significant impact on the international landscape.")


def test_date_widget_line_gives_the_date_and_goes(seed_texts):
    cleaned = clean_text(seed_texts["004"])
    assert cleaned.date == "2024-05-18"
    assert "16 px" not in cleaned.text and "↺" not in cleaned.text
    assert cleaned.text.startswith("CGTN news channel has published an article")


def test_site_signature_removed_but_site_name_in_prose_kept(seed_texts):
    cleaned = clean_text(seed_texts["004"])
    assert not cleaned.text.endswith("News.Az")
    assert "News.Az" in cleaned.removed
    assert "News.Az reprints the article" in cleaned.text
    assert cleaned.text.endswith("peace and prosperity on the global stage.")


def test_glued_sentences_in_seed_split(seed_texts):
    cleaned = clean_text(seed_texts["004"])
    assert "May 16 to 17. The negotiations" not in cleaned.text  # two sentences lie between
    assert "17.The" not in cleaned.text and "China.The visit" not in cleaned.text
    assert "between Russia and China. The visit, which took place from May 16 to 17" in cleaned.text
    assert "press conference for Russian journalists. The negotiations were" in cleaned.text


@pytest.mark.parametrize(
    ("glued", "fixed"),
    [
        ("from May 16 to 17.The negotiations", "from May 16 to 17. The negotiations"),
        ("via Mongolia.This corridor", "via Mongolia. This corridor"),
        ('called "dear friends."Their talks', 'called "dear friends." Their talks'),
        ("global challenges.In a rapidly changing world", "global challenges. In a rapidly changing world"),
        ("News.Az reprints", "News.Az reprints"),
        ("the U.S. envoy and the U.S.A.", "the U.S. envoy and the U.S.A."),
        ("rose 2.5 percent at 10.30 WIB", "rose 2.5 percent at 10.30 WIB"),
        ("see Kompas.Com today", "see Kompas.Com today"),
        ("www.example.News and https://x.org/a.Html", "www.example.News and https://x.org/a.Html"),
        ("e-mail jane.Doe@example.org", "e-mail jane.Doe@example.org"),
    ],
)
def test_split_glued_sentences(glued, fixed):
    assert split_glued_sentences(glued) == fixed


@pytest.mark.parametrize(
    "line",
    [
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Back To Top",
        " + ↺ − 16 px",
        "Text Size -",
        "share tweet pin email",
        "Facebook Twitter Pinterest Photograph: Kevin Winter/Getty Images",
        "Follow Jane Doe on Twitter: @janedoe",
        "Sign up for our daily email newsletter and get top stories delivered to your inbox.",
        "We use cookies to improve your experience. By continuing you agree.",
        "Tweet with a location",
        "You can add location information to your Tweets, such as your city or precise location.",
        "This crawl of online resources of the 115th US Congress was performed on behalf of the "
        "United States National Archives & Records",
        "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet "
        "Archive.",
        "Photo: Reuters/Jane Doe",
        "(Photo: Wayne State University)",
        "Image copyright Getty Images Image caption The band broke up in 1980",
        "Advertisement",
        "Advertisement Continue reading the main story",
        "Read more",
        "READ MORE: Complete coverage of the shooting",
        "Baca juga: Presiden tiba di Beijing",
        "Please enable Javascript to watch this video",
        "Click to share on Twitter (Opens in new window)",
        "Copyright © 2013 AFP. All rights reserved.",
        "___",
        "* * *",
    ],
)
def test_boilerplate_lines_recognised(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "The photo was taken in Beijing on Thursday.",
        "Trump tweeted that stocks would be 50% lower.",
        "Also, the president said the talks would continue.",
        "Share prices fell 1.2 percent in morning trading.",
        "Police said the suspect followed her on Twitter before the attack.",
        "The crawl of traffic through the city lasted hours.",
        "Read the full statement below.",
        "Copyright law protects the designs, the court said.",
        "Presiden Putin tiba di Beijing pada hari Kamis.",
    ],
)
def test_prose_is_not_boilerplate(line):
    assert not is_boilerplate(line)


def test_no_seed_sentence_is_boilerplate(seed_texts):
    for text in seed_texts.values():
        assert not any(is_boilerplate(line) for line in clean_text(text).text.split(". "))


def test_multi_news_page_junk_removed(shared_dir):
    """Every Multi-News document carrying known page junk loses it, and keeps its prose."""
    junk = {
        "Tweet with a location",
        "Advertisement",
        "Story Continued Below",
        "Please enable Javascript to watch this video",
    }
    path = shared_dir / "data" / "multi-news-val250.jsonl"
    checked = 0
    with path.open(encoding="utf-8") as rows:
        for row in map(json.loads, rows):
            for document in row["documents"]:
                lines = {line.strip() for line in document.splitlines()}
                crawl = [line for line in lines if "crawl data to the Internet Archive" in line]
                found = (junk & lines) | set(crawl)
                if not found:
                    continue
                cleaned = clean_text(document)
                kept = {line.strip() for line in cleaned.text.splitlines()}
                assert not found & kept
                checked += 1
    assert checked >= 20


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date 2024-05-18 + ↺ − 16 px", "2024-05-18"),
        ("Published on May 3, 2015", "2015-05-03"),
        ("Senin, 18 Mei 2024 10:30 WIB", "2024-05-18"),
        ("Thursday, Apr 22, 2010", "2010-04-22"),
        ("Diperbarui 1 Agustus 2023", "2023-08-01"),
    ],
)
def test_date_line_gives_the_date(text, expected):
    cleaned = clean_text(f"{text}\nThe talks went on for two days in Beijing.")
    assert cleaned.date == expected
    assert cleaned.text == "The talks went on for two days in Beijing."


@pytest.mark.parametrize(
    "text",
    [
        "The letter was dated May 29, 1962, and signed in Jerusalem.",
        "Feb. 5, 2018:\nThe index fell 4.6 percent.",  # a timeline entry, not the article's date
    ],
)
def test_dates_inside_prose_are_not_the_articles_date(text):
    cleaned = clean_text(f"{text}\nThe talks went on for two days in Beijing.")
    assert cleaned.date is None
    assert cleaned.text.startswith(text.split("\n")[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-18T10:00:00Z", "2024-05-18"),
        ("2024/5/8", "2024-05-08"),
        ("May 18th, 2024", "2024-05-18"),
        ("18 Mei 2024", "2024-05-18"),
        ("Page 12, 2024 and then May 18, 2024", "2024-05-18"),
        ("2024-02-30", None),
        ("no date here", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_known_title_removed_from_the_top():
    text = "Putin Visits China\n\nPutin visits China\nThe visit lasted two days."
    cleaned = clean_text(text, title="Putin Visits China")
    assert cleaned.title == "Putin Visits China"
    assert cleaned.text == "The visit lasted two days."


def test_first_line_that_is_a_sentence_is_not_a_title(seed_texts):
    assert clean_text(seed_texts["000"]).title is None
    assert clean_text('"I am as shocked as you are."\nHe said it twice.').title is None
    assert clean_text("The market fell. Will it recover\nAnalysts doubt it.").title is None


def test_single_line_is_kept_as_body():
    cleaned = clean_text("Putin Visits China")
    assert cleaned.title is None
    assert cleaned.text == "Putin Visits China"


def test_whitespace_normalised():
    cleaned = clean_text("First\u00a0 paragraph  here.\r\n\r\n\r\n\tSecond\u200b one.  \r\n")
    assert cleaned.text == "First paragraph here.\n\nSecond one."
