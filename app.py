"""Web demo: upload or paste news articles, see their events, briefings and sources.

``python app.py`` serves it on http://localhost:7860 (``--help`` for the options). The handlers come
first and are plain functions (the tests call them directly and over HTTP); ``build_demo()`` lays
out the page; launching happens only under ``__main__``. Requests go through Gradio's queue, one
briefing at a time; models load once per process, and one pipeline is kept per settings.
"""
from __future__ import annotations

import argparse
import functools
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import gradio as gr
from gradio.utils import get_upload_folder

from summarizer.articles import Rejection
from summarizer.output.briefing import BriefingResult
from summarizer.frontends.cli import EXAMPLES_DIR
from summarizer.config import Settings
from summarizer.runtime.generation import out_of_memory
from summarizer.frontends.inputs import MAX_FILE_BYTES, MAX_FILES, load_inputs
from summarizer.ingest.loading import SUPPORTED_SUFFIXES
from summarizer.runtime.adapters import bundled_adapters
from summarizer.runtime.models import MODEL_ALIASES, ModelNotFoundError
from summarizer.pipeline import BriefingPipeline
from summarizer.translate import TRANSLATORS
from summarizer.write import WRITERS
from summarizer.output.render import event_markdown, merged_markdown, write_outputs
from summarizer.frontends.web_views import (NO_SENTENCE, article_rows, event_of, event_rows, sentence_rows, sources_markdown,
                                   translations_markdown)

TITLE = "News briefing"
DEFAULT_PORT = 7860  # Gradio's usual port
BRIEF_CONCURRENCY = 1  # one briefing at a time: a run keeps every CPU core busy
QUEUE_CONCURRENCY = 4  # the light events: showing an event, a sentence's sources
QUEUE_SIZE = 20  # requests waiting beyond this are turned away with "queue full"
PIPELINES_KEPT = 4  # pipelines (and so model sets) kept for different settings
# Characters of article text one briefing may hold: about 30 long news features, under a minute of work on a
# 2-core CPU in extractive mode. A single worker serves everyone, so one request must not hold it for minutes.
MAX_REQUEST_CHARS = 200_000
# Sentence vectors kept per pipeline (1.5 kB each): about 30 MB, so memory stays bounded however long it serves.
EMBEDDING_CACHE = 20_000
DOWNLOADS_KEPT_S = 3600  # a briefing's JSON and Markdown files are deleted after an hour
# This process's download folders, one per briefing; the whole folder goes when the process exits (SIGTERM
# included: ``end_on_sigterm``).
_DOWNLOADS = tempfile.TemporaryDirectory(prefix="briefing-downloads-")
EXAMPLE_FILES = sorted(str(path) for path in EXAMPLES_DIR.iterdir() if path.suffix in SUPPORTED_SUFFIXES)

ARTICLE_HEADERS = ["Article", "Title", "Language", "Confidence", "Translated", "Published", "Source", "Warnings"]
EVENT_HEADERS = ["Event", "Headline", "Date", "Articles"]
SENTENCE_HEADERS = ["#", "Briefing sentence", "Sources", "Fact check"]
ARTICLE_CELL_CHARS = 100  # longer cells (many translation warnings) are cut; the translations list them all
PASTE_HELP = (
    "One article, or several separated by a line holding only `---`. "
    "An article's first line is its headline when it is short and has no full stop; "
    "a line holding only a date (e.g. `Published: June 11, 2025`) gives its date."
)
PASTE_PLACEHOLDER = (
    "Coastal leaders sign Meraya Declaration\n"
    "Published: June 11, 2025\n"
    "Leaders of eleven coastal provinces signed the Meraya Declaration on Wednesday ...\n"
    "---\n"
    "KTT Selat Biru Sepakati Rehabilitasi Mangrove\n"
    "Pemimpin sebelas provinsi pesisir menandatangani Deklarasi Meraya ..."
)
NOTHING_TO_BRIEF = "**Nothing to brief.** Upload article files, paste articles, or pick the example set."


# ---------------------------------------------------------------------------------------------
# Handlers: plain functions from the page's values to the page's values.


@dataclass(frozen=True)
class ModelOffer:
    """What the page lets its users choose: a model per role from the server's list, and the length.

    Every other setting is the server's, so no path a user types is ever read on the server.

    :param settings: the server's settings; their models are the defaults.
    :param choices: role (``translation``, ``summarization``, ``embedding``) -> the models offered.
    """

    settings: Settings
    choices: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, settings: Settings, extra_models: Sequence[str] = ()) -> "ModelOffer":
        """The settings' models, the aliases and ``extra_models`` (hub ids or folders the operator names)."""
        aliases = tuple(MODEL_ALIASES)
        return cls(settings, {
            "translation": _unique(settings.translation_model, *TRANSLATORS.names(), *aliases, *bundled_adapters(),
                                   *extra_models),
            "summarization": _unique(settings.summarization_model, *aliases, *extra_models),
            "embedding": _unique(settings.embedding_model, *extra_models)})

    def settings_for(self, words: float, **models: str | None) -> Settings:
        """The server's settings with the chosen models (blank: the server's) and length.

        :raises ValueError: for a model the server does not offer.
        """
        chosen = {}
        for role, name in models.items():
            name = _blank_to_none(name)
            if name is None:
                continue
            if name not in self.choices[role]:
                raise ValueError(f"this server does not offer {name!r} as its {role} model: choose one of "
                                 f"{', '.join(self.choices[role])} (its operator can add more with "
                                 "`python app.py --model NAME`)")
            chosen[f"{role}_model"] = name
        return replace(self.settings, briefing_words=int(words), **chosen)


def _unique(*names: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def brief(files: list[str] | None, pasted: str | None, mode: str, translation_model: str, summarization_model: str,
          embedding_model: str, words: float, progress=gr.Progress(track_tqdm=True), *, offer: ModelOffer) -> tuple:
    """Brief uploaded files and pasted articles with the settings of the panel.

    :param files: paths of the uploaded files (named as the user named them).
    :param pasted: pasted articles, separated by ``---`` lines.
    :param mode: the writer, a name in ``summarizer.write.WRITERS``.
    :param translation_model: one of the models ``offer`` has for the role; blank keeps the server's.
    :param words: length of each event briefing, in words.
    :param offer: the models the server offers, and its other settings.
    :return: the result, the status, the views of ``result_views``, and the paths of the JSON and
        Markdown files; with no article loaded the result is None and the status lists what was
        rejected and why.
    :raises gr.Error: a model cannot be found or loaded, a setting is invalid, or the server ran out of memory.
    """
    progress(0, desc="Loading articles")
    loaded = load_inputs(files or [], pasted, upload_dir=get_upload_folder(), max_total_chars=MAX_REQUEST_CHARS)
    if not loaded.articles:
        return (None, status_markdown(loaded.rejected), *result_views(None), None)
    started = time.perf_counter()
    try:
        settings = offer.settings_for(words, translation=translation_model, summarization=summarization_model,
                                      embedding=embedding_model)
        progress(0, desc="Briefing (loading models on first use)")
        result = pipeline_for(replace(settings, writer=mode)).run(loaded)
    except (ModelNotFoundError, FileNotFoundError, ValueError) as error:
        raise gr.Error(str(error), title="Cannot brief with these settings") from error
    except (MemoryError, RuntimeError) as error:
        if not out_of_memory(error):
            raise
        raise gr.Error(f"the server ran out of memory ({type(error).__name__}); brief fewer or shorter articles, "
                       "or choose extractive mode", title="Out of memory") from error
    seconds = time.perf_counter() - started
    json_path, markdown_path = write_outputs(result, downloads_folder())
    return (result, status_markdown(loaded.rejected, result, seconds), *result_views(result),
            [str(json_path), str(markdown_path)])


def show_event(result: BriefingResult | None, event_id: str | None) -> tuple[str, list[list], str]:
    """The chosen event's briefing (Markdown), its sentences table, and the sources hint."""
    event = event_of(result, event_id)
    if event is None:
        return "", [], NO_SENTENCE
    return event_markdown(result, event), sentence_rows(event), NO_SENTENCE


def show_sources(result: BriefingResult | None, event_id: str | None, selected: gr.SelectData) -> str:
    """The sources of the sentence clicked in the sentences table."""
    row = selected.row_value or []
    number = int(row[0]) if row else selected.index[0] + 1
    return sources_markdown(result, event_id, number)


# ---------------------------------------------------------------------------------------------
# Views: a BriefingResult turned into what the page shows.


def result_views(result: BriefingResult | None) -> tuple:
    """Merged briefing, events table, event choice, first event's briefing, its sentences table, sources
    hint, articles table and translations, in that order; empty views when ``result`` is None."""
    if result is None:
        return "", [], gr.Dropdown(choices=[], value=None), "", [], NO_SENTENCE, [], ""
    choices = [(f"{event.event_id}: {event.headline}", event.event_id) for event in result.events]
    first = result.events[0].event_id if result.events else None
    return (merged_markdown(result), event_rows(result), gr.Dropdown(choices=choices, value=first),
            *show_event(result, first), article_rows(result), translations_markdown(result))


def status_markdown(rejected: Sequence[Rejection], result: BriefingResult | None = None,
                    seconds: float | None = None) -> str:
    """What was briefed (or that nothing was), then every input that was not, with the reason."""
    if result is None:
        lines = [NOTHING_TO_BRIEF]
    else:
        models = ", ".join(f"{role} `{name}`" for role, name in result.models.items())
        took = f" in {seconds:.0f} s" if seconds is not None else ""
        lines = [f"**Briefed {_count(len(result.articles), 'article')} into {_count(len(result.events), 'event')}**"
                 f"{took} ({result.mode}; {models})."]
    if rejected:
        lines.append(f"**Not briefed ({len(rejected)}):**")
        lines += [f"- `{item.source}`: {item.reason}" for item in rejected]
    return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def downloads_folder(root: Path | None = None) -> Path:
    """A new folder for one briefing's downloads under ``root`` (this process's folder), where folders
    older than ``DOWNLOADS_KEPT_S`` are deleted first, so a long-running server does not fill its disk."""
    root = root or Path(_DOWNLOADS.name)
    for folder in root.iterdir():
        if time.time() - folder.stat().st_mtime > DOWNLOADS_KEPT_S:
            shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(dir=root))


@functools.lru_cache(maxsize=PIPELINES_KEPT)
def pipeline_for(settings: Settings) -> BriefingPipeline:
    """One pipeline per settings (the writer among them), kept: its models and embedding cache serve later requests."""
    return BriefingPipeline(settings, embedding_cache=EMBEDDING_CACHE)


def launch_options() -> dict:
    """Options every launch of the demo needs: Gradio refuses larger uploads before storing them."""
    return {"max_file_size": MAX_FILE_BYTES, "show_error": True}


# ---------------------------------------------------------------------------------------------
# The page.


def build_demo(settings: Settings | None = None, mode: str | None = None, extra_models: Sequence[str] = ()) -> gr.Blocks:
    """The demo's page, its events queued; nothing runs until it is launched.

    :param settings: the server's settings, whose models the panel starts with; ``Settings.load()``
        (environment, TOML) when None.
    :param mode: the writer selected at first, a name in ``WRITERS`` (default: the settings' writer).
    :param extra_models: hub ids or folders offered besides the settings' models and the aliases.
    """
    settings = settings or Settings.load()
    mode = mode or (settings.writer if settings.writer in WRITERS else WRITERS.names()[0])
    offer = ModelOffer.of(settings, extra_models)
    # Gradio's copies of the downloads are deleted on the same schedule as ours.
    with gr.Blocks(title=TITLE, delete_cache=(DOWNLOADS_KEPT_S, DOWNLOADS_KEPT_S)) as demo:
        gr.Markdown(f"# {TITLE}\nEnglish and Indonesian news articles in; events, a briefing per event with "
                    "the source of every sentence, and a merged briefing out. Indonesian articles are "
                    "translated, the original kept beside the English.")
        result = gr.State(None)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                with gr.Tab("Upload files"):
                    files = gr.File(label=f"Articles: .txt, .md, .json, .jsonl (at most {MAX_FILES} files, "
                                          f"{MAX_FILE_BYTES // 1024 // 1024} MB each)",
                                    file_count="multiple", elem_id="files")
                    gr.Examples([[EXAMPLE_FILES]], inputs=[files], label="Example set",
                                example_labels=["Bundled examples (English and Indonesian, 3 events)"])
                with gr.Tab("Paste text"):
                    pasted = gr.Textbox(label="Articles", lines=10, placeholder=PASTE_PLACEHOLDER, elem_id="pasted")
                    gr.Markdown(PASTE_HELP)
                run = gr.Button("Brief", variant="primary", elem_id="brief")
            with gr.Column(scale=2):
                with gr.Accordion("Model settings", open=False):
                    mode_choice = gr.Radio(WRITERS.names(), value=mode, label="Writer",
                                           info="auto: abstractive with a summarisation model, extractive with an "
                                                "instruct model; extractive picks source sentences (no generative "
                                                "model); fusion keeps them and fuses what sources repeat")
                    # Other values reach ``brief``, which refuses them saying what is offered (and takes blank
                    # as the server's model), rather than Gradio's bare "not in the list of choices".
                    offered = dict(allow_custom_value=True, filterable=False)
                    translation_model = gr.Dropdown(offer.choices["translation"], value=settings.translation_model,
                                                    label="Translation model", info="none: do not translate", **offered)
                    summarization_model = gr.Dropdown(offer.choices["summarization"], value=settings.summarization_model,
                                                      label="Summarisation model", info="abstractive mode only",
                                                      **offered)
                    embedding_model = gr.Dropdown(offer.choices["embedding"], value=settings.embedding_model,
                                                  label="Embedding model", **offered)
                    words = gr.Slider(40, 400, value=settings.briefing_words, step=10, label="Words per event briefing")
                status = gr.Markdown(NOTHING_TO_BRIEF, elem_id="status", container=True)
                downloads = gr.File(label="Download the briefing: JSON and Markdown", file_count="multiple",
                                    interactive=False, elem_id="downloads")
        with gr.Tab("Briefing"):
            with gr.Row(equal_height=False):
                merged = gr.Markdown(elem_id="merged", container=True)
                events = gr.Dataframe(headers=EVENT_HEADERS, label="Events", interactive=False, wrap=True,
                                      elem_id="events", column_widths=["13%", "40%", "14%", "33%"])
            event_choice = gr.Dropdown(label="Event", choices=[], interactive=True, elem_id="event-choice")
            event_view = gr.Markdown(elem_id="event", container=True)
            with gr.Row(equal_height=False):
                sentences = gr.Dataframe(headers=SENTENCE_HEADERS, interactive=False, wrap=True, elem_id="sentences",
                                         label="Briefing sentences: click one to see its sources", scale=3,
                                         column_widths=["6%", "58%", "20%", "16%"])
                sources = gr.Markdown(NO_SENTENCE, elem_id="sources", container=True, scale=2)
        with gr.Tab("Articles and translations"):
            articles = gr.Dataframe(headers=ARTICLE_HEADERS, label="Articles: detected language", interactive=False,
                                    wrap=True, elem_id="articles", max_chars=ARTICLE_CELL_CHARS,
                                    column_widths=["14%", "26%", "8%", "9%", "8%", "10%", "12%", "13%"])
            translations = gr.Markdown(elem_id="translations")

        run.click(functools.partial(brief, offer=offer),
                  [files, pasted, mode_choice, translation_model, summarization_model, embedding_model, words],
                  [result, status, merged, events, event_choice, event_view, sentences, sources, articles,
                   translations, downloads],
                  api_name="brief", concurrency_limit=BRIEF_CONCURRENCY)
        event_choice.input(show_event, [result, event_choice], [event_view, sentences, sources], api_name="show_event")
        sentences.select(show_sources, [result, event_choice], [sources], api_name="show_sources")
    return demo.queue(default_concurrency_limit=QUEUE_CONCURRENCY, max_size=QUEUE_SIZE)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Serve the news briefing demo.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every interface)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--mode", choices=WRITERS.names(), help="writer selected at first (default: the writer setting)")
    parser.add_argument("--model", action="append", default=[], metavar="NAME",
                        help="a hub id or local folder to offer besides the configured models and the aliases "
                             "(repeatable); users choose from this list and cannot name other paths")
    return parser.parse_args()


def end_on_sigterm() -> None:
    """Make SIGTERM (how a service manager stops a server) end the process as Ctrl-C does, through its exit
    handlers, which remove the downloads folder: the signal's default action would end it without them."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


if __name__ == "__main__":
    args = _arguments()
    end_on_sigterm()
    build_demo(mode=args.mode, extra_models=args.model).launch(server_name=args.host, server_port=args.port,
                                                               **launch_options())
