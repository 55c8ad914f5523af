"""``brief``: the whole service in one call, for Python users.

    from summarizer import brief
    result = brief(["news/a.txt", "news/b.txt"], writer="extractive")
    print(result.to_markdown())
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .articles import Article, LoadResult, Rejection
from .output.briefing import BriefingResult
from .config import Settings
from .ingest.loading import load_articles, prepare_record
from .pipeline import BriefingPipeline

TEXT_SOURCE = "text"  # the source name of an article given as text: "text 1", "text 2", ...
# The stages ``brief`` takes as objects as well as by name.
STAGES = ("translator", "clusterer", "selector", "writer", "checker")


def brief(inputs: str | Path | Sequence[str | Path], progress: bool = False, **options) -> BriefingResult:
    """Brief articles: one briefing per event and a merged briefing.

    :param inputs: files or folders (``Path``, or a ``str`` naming one that exists), or article texts (any
        other ``str``: its first line is the headline when it looks like one), alone or in a list.
    :param progress: show progress bars.
    :param options: any ``Settings`` field, e.g. ``writer="extractive"``, ``translation_model="none"``,
        ``briefing_words=120``; the rest come from the environment and defaults, as for ``summarizer brief``.
        A stage (``translator``, ``clusterer``, ``selector``, ``writer``, ``checker``) is a registered name or a
        stage object, e.g. ``writer=MyWriter()``.
    :return: the result; inputs that could not be read are in ``result.rejected`` with the reason.
    """
    if isinstance(options.get("translator"), str):
        options["translation_model"] = options.pop("translator")
    stages = {name: options.pop(name) for name in STAGES if name in options and not isinstance(options[name], str)}
    items = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    paths = [item for item in items if names_a_file(item)]
    texts = [item for item in items if not names_a_file(item)]
    loaded = load_articles(paths) if paths else LoadResult()
    ids = {a.id for a in loaded.articles}
    for number, text in enumerate(texts, start=1):
        outcome = prepare_record(Article(id=f"{TEXT_SOURCE}-{number}", text=text, source=f"{TEXT_SOURCE} {number}"), ids)
        (loaded.rejected if isinstance(outcome, Rejection) else loaded.articles).append(outcome)
    return BriefingPipeline(Settings.load(**options), progress=progress, **stages).run(loaded)


def names_a_file(item: str | Path) -> bool:
    """Whether ``item`` is a path (a ``Path``, or a ``str`` naming a file or folder that exists), not article text.

    A text too long to be a file name is text (the system refuses to look it up).
    """
    if isinstance(item, Path):
        return True
    try:
        return Path(item).exists()
    except OSError:  # ENAMETOOLONG: an article's text, not a name
        return False
