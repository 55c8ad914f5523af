"""The web demo: its views as plain functions, and the running app called over HTTP with gradio_client."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import gradio as gr
import jsonschema
import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

import app
from app_server import served
from briefing_samples import PORT_SOURCE_EN, PORT_SOURCE_ID, PORT_SOURCE_ID_EN, sample_result
from summarizer.articles import Rejection
from summarizer.config import Settings

SCHEMA = json.loads((Path(app.__file__).parent / "summarizer" / "output" / "briefing.schema.json").read_text())
# The outputs of /brief in order (the session's result is kept on the server, not returned).
BRIEF_OUTPUTS = ("status", "merged", "events", "event_choice", "event", "sentences", "sources", "articles",
                 "translations", "downloads")
PASTED = ("Harbour strike ends in Sindara\n"
          "Dock workers in Sindara ended a four-day strike on Friday after the port operator agreed to raise "
          "wages by 12 percent. Ships that had waited offshore began unloading on Saturday.\n"
          "---\n"
          "---\n"
          "Port operator agrees to raise dock wages\n"
          "The Sindara port operator agreed on Friday to raise dock workers' wages by 12 percent, "
          "ending the four-day strike that had stopped ships from unloading.\n")


# --- views and handlers, called directly -------------------------------------------------------


def test_sources_of_a_translated_sentence_show_the_original():
    text = app.sources_markdown(sample_result(), "event-1", 2)
    assert text.startswith("**Sentence 2:** It can handle 1.4 million containers a year")
    assert f"> {PORT_SOURCE_ID_EN}" in text and f"> *Original:* {PORT_SOURCE_ID}" in text
    assert f"> {PORT_SOURCE_EN}" in text and "`port-id` sentence 3 — Terminal Arunika resmi beroperasi" in text


def test_sources_of_a_removed_sentence_say_why():
    assert "*Fact check: removed: 9 trillion.*" in app.sources_markdown(sample_result(), "event-1", 3)


@pytest.mark.parametrize("event_id, number", [("event-1", 0), ("event-1", 4), ("event-9", 1), (None, 1)])
def test_sources_of_no_sentence_give_the_hint(event_id, number):
    assert app.sources_markdown(sample_result(), event_id, number) == app.NO_SENTENCE


def test_clicked_cell_picks_the_sentence_by_its_number():
    clicked = gr.SelectData(None, {"index": [0, 1], "value": "...", "row_value": [2, "...", "", "kept"]})
    assert app.show_sources(sample_result(), "event-1", clicked).startswith("**Sentence 2:**")


def test_sentence_rows_name_sources_and_the_fact_check():
    rows = app.sentence_rows(sample_result().events[0])
    assert rows[1] == [2, "It can handle 1.4 million containers a year with 14 cranes.", "port-id #3, port-en #1", "kept"]
    assert rows[2][3] == "removed: 9 trillion"


def test_event_and_article_rows():
    result = sample_result()
    assert app.event_rows(result)[0] == ["event-1", "Sindara opens the Arunika container terminal", "2025-06-03",
                                         "port-en, port-id"]
    row = app.article_rows(result)[1]
    assert row[:5] == ["port-id", "Terminal Arunika resmi beroperasi", "id", "1.00", "yes"]


def test_translations_put_each_original_beside_its_english():
    result = sample_result()
    result.articles[1].sentences, result.articles[1].translation = [PORT_SOURCE_ID], [PORT_SOURCE_ID_EN]
    text = app.translations_markdown(result)
    assert "| # | Original (Indonesian) | English |" in text
    assert f"| 1 | {PORT_SOURCE_ID} | {PORT_SOURCE_ID_EN} |" in text
    assert text.endswith("**Warnings**\n- sentence 4: name 'Kirana' missing")
    result.articles[1].translated = False
    assert app.translations_markdown(result) == "*No article needed translation.*"


def test_status_lists_rejected_inputs_under_the_briefing_line():
    result = sample_result()
    text = app.status_markdown([Rejection("photo.png", "unsupported file type")], result, 12.3)
    assert text.startswith("**Briefed 4 articles into 2 events** in 12 s (abstractive; embedding")
    assert text.endswith("**Not briefed (1):**\n- `photo.png`: unsupported file type")


# --- the running app, over HTTP ----------------------------------------------------------------


@pytest.fixture(scope="module")
def minilm(shared_dir) -> str:
    return str(shared_dir / "models" / "all-MiniLM-L6-v2")


@pytest.fixture(scope="module")
def client(minilm, tiny_models):
    """A client of the demo served on a free port, its settings panel defaulting to fast models, the tiny
    translation and chat models offered too."""
    demo = app.build_demo(Settings.load(translation_model="none", embedding_model=minilm), mode="extractive",
                          extra_models=[str(tiny_models["marian"]), str(tiny_models["chat"])])
    with served(demo) as url:
        yield Client(url, verbose=False)


def _brief(client: Client, files=(), pasted="", mode="extractive", translation_model="none",
           summarization_model="", embedding_model="", words=60) -> dict:
    outputs = client.predict([handle_file(str(path)) for path in files], pasted, mode, translation_model,
                             summarization_model, embedding_model, words, api_name="/brief")
    return dict(zip(BRIEF_OUTPUTS, outputs, strict=True))


def test_api_names_every_event(client):
    assert set(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == {
        "/brief", "/show_event", "/show_sources"}


def test_seeds_and_pasted_articles_briefed_bad_inputs_reported(client, seeds_dir, minilm, tmp_path):
    (tmp_path / "bad.json").write_text('{"text": "unterminated', encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    files = sorted(seeds_dir.glob("00[1-4]_*.txt")) + sorted(tmp_path.iterdir())
    out = _brief(client, files, PASTED, embedding_model=minilm)

    assert out["status"].startswith("**Briefed 6 articles into ")
    assert "**Not briefed (4):**" in out["status"]
    for name in ("bad.json", "empty.txt", "photo.png", "pasted article 2"):
        assert f"- `{name}`: " in out["status"]
    not_briefed = out["status"].split("**Not briefed (4):**")[1]
    assert "/" not in not_briefed and str(tmp_path) not in out["status"]  # named as given, no server paths

    events = out["events"]["data"]
    assert len(events) >= 2 and any("pasted-1" in row[3] for row in events)
    assert out["merged"].startswith("## Merged briefing") and all(row[1] in out["merged"] for row in events)
    assert out["event_choice"]["value"] == "event-1" and len(out["event_choice"]["choices"]) == len(events)
    assert out["event"].startswith(f"## {events[0][1]}") and out["sentences"]["data"][0][0] == 1
    assert [row[0] for row in out["articles"]["data"]][-2:] == ["pasted-1", "pasted-3"]

    downloads = {Path(path).name: Path(path) for path in out["downloads"]}
    assert set(downloads) == {"briefing.json", "briefing.md"}
    data = json.loads(downloads["briefing.json"].read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert len(data["events"]) == len(events) and len(data["rejected"]) == 4
    assert not any("/" in (article["source"] or "") for article in data["articles"])
    assert "## Merged briefing" in downloads["briefing.md"].read_text(encoding="utf-8")

    other = client.predict("event-2", api_name="/show_event")  # the session keeps the result
    assert other[0].startswith(f"## {events[1][1]}")


def test_indonesian_article_translated_with_tiny_models(client, seeds_dir, tiny_models, minilm):
    """Random-weight models translate and write nonsense; the page still shows every part."""
    files = sorted(seeds_dir.glob("00[0-1]_*.txt"))
    out = _brief(client, files, mode="abstractive", translation_model=str(tiny_models["marian"]),
                 summarization_model=str(tiny_models["chat"]), embedding_model=minilm)
    indonesian = out["articles"]["data"][0]
    assert indonesian[2] == "id" and float(indonesian[3]) > 0.9 and indonesian[4] == "yes"
    assert "| # | Original (Indonesian) | English |" in out["translations"]
    assert "| 1 | Presiden Rusia Vladimir Putin baru-baru ini" in out["translations"]
    assert "(abstractive; embedding" in out["status"] and "translation `" in out["status"]


def test_nothing_to_brief(client):
    out = _brief(client, pasted="  ")
    assert out["status"] == app.NOTHING_TO_BRIEF and out["events"]["data"] in ([], [[""] * 4])
    assert out["downloads"] is None


def test_oversized_file_refused_at_upload_the_others_briefed(client, seeds_dir, minilm, tmp_path):
    big = tmp_path / "huge.txt"
    big.write_text("Words and more words. " * (app.MAX_FILE_BYTES // 20), encoding="utf-8")
    with pytest.raises(ValueError, match=f"huge.txt exceeds the maximum file size of {app.MAX_FILE_BYTES} bytes"):
        _brief(client, [big, next(seeds_dir.glob("001_*.txt"))], embedding_model=minilm)
    out = _brief(client, [next(seeds_dir.glob("001_*.txt"))], embedding_model=minilm)  # the page still briefs
    assert out["status"].startswith("**Briefed 1 article into 1 event**")


def test_a_model_the_server_does_not_offer_is_refused_unread(client, seeds_dir, tmp_path):
    folder = tmp_path / "planted-model"
    folder.mkdir()  # were it read, loading would fail on the missing config.json instead
    with pytest.raises(AppError, match=f"this server does not offer '{folder}' as its embedding model: choose one of "):
        _brief(client, [next(seeds_dir.glob("001_*.txt"))], embedding_model=str(folder))


def test_offered_model_that_cannot_load_is_a_clear_error(minilm, tmp_path):
    missing = str(tmp_path / "no-such-model")
    offer = app.ModelOffer.of(Settings.load(translation_model="none", embedding_model=minilm), [missing])
    with pytest.raises(gr.Error, match="does not exist; fix the path"):
        app.brief(None, PASTED, "extractive", "none", "", missing, 60, progress=lambda *args, **kwargs: None,
                  offer=offer)


def test_download_folders_older_than_an_hour_are_deleted(tmp_path):
    old, recent = app.downloads_folder(tmp_path), app.downloads_folder(tmp_path)
    (old / "briefing.json").write_text("{}", encoding="utf-8")
    hour_ago = time.time() - app.DOWNLOADS_KEPT_S - 1
    os.utime(old, (hour_ago, hour_ago))
    new = app.downloads_folder(tmp_path)
    assert sorted(tmp_path.iterdir()) == sorted([recent, new]) and new.parent == tmp_path


def test_offer_lists_settings_models_aliases_and_extras(minilm):
    offer = app.ModelOffer.of(Settings.load(translation_model="none", embedding_model=minilm), ["/srv/models/mt5"])
    assert offer.choices["translation"] == ("none", "qwen-0.5b", "qwen-1.5b", "qwen-1.5b-id-en", "/srv/models/mt5")
    assert offer.choices["embedding"] == (minilm, "/srv/models/mt5")
    chosen = offer.settings_for(80, translation="qwen-1.5b", summarization="", embedding=None)
    assert (chosen.translation_model, chosen.embedding_model, chosen.briefing_words) == ("qwen-1.5b", minilm, 80)
    assert chosen.models_dir == offer.settings.models_dir  # the server's folders, whatever the user sends
