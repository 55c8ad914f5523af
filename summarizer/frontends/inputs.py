"""Inputs that arrive through a web form: uploaded files and pasted text, within limits.

Uploaded files sit on the server under temporary paths; every article and rejection names the
file as its sender named it, never the server path. Only regular files inside the upload folder are
read: a path that points elsewhere (a server file, a folder, a link out of the folder) is rejected
unread. Files over the limits are rejected with the reason while the others load, so one bad input
never stops the rest from being briefed.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..articles import LoadResult, Rejection
from ..ingest.loading import load_articles, load_pasted_text

# Demo limits: a briefing of 50 articles already takes minutes on a CPU, and 5 MB is far beyond
# any news article (a long feature is ~50 kB), so a bigger file is almost surely not an article.
MAX_FILES = 50
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_PASTED_CHARS = MAX_FILE_BYTES
PASTED_TEXT = "pasted text"
NOT_UPLOADED = "not a file uploaded to this page; upload it with the form"


def load_inputs(files: Sequence[str | Path] = (), pasted: str | None = None, max_files: int = MAX_FILES,
                max_file_bytes: int = MAX_FILE_BYTES, max_pasted_chars: int = MAX_PASTED_CHARS,
                upload_dir: str | Path | None = None, max_total_chars: int | None = None) -> LoadResult:
    """Load uploaded files and pasted text into one ``LoadResult``.

    :param files: paths of uploaded files; a path's file name is the name its sender gave it.
    :param pasted: pasted articles (see ``summarizer.ingest.loading.load_pasted_text``); blank is ignored.
    :param upload_dir: the folder uploads are stored in; a path that is not a regular file inside it
        is rejected without being read (None: any regular file is read).
    :param max_files: files after the first ``max_files`` are rejected.
    :param max_file_bytes: larger files are rejected.
    :param max_pasted_chars: longer pasted text is rejected as a whole.
    :param max_total_chars: articles past this many characters in all are rejected (None: no budget),
        so that one request cannot hold a server's only worker for minutes.
    :return: the articles, and a rejection for each input over a limit or unreadable.
    """
    paths = [Path(file) for file in files]
    rejected = [Rejection(path.name, f"too many files: at most {max_files} per briefing; brief it in another run")
                for path in paths[max_files:]]
    accepted = []
    for path in paths[:max_files]:
        if not _is_upload(path, upload_dir):
            rejected.append(Rejection(path.name, NOT_UPLOADED))
            continue
        size = path.stat().st_size
        if size > max_file_bytes:
            rejected.append(Rejection(path.name, f"the file is {_readable(size)}, over the "
                                                 f"{_readable(max_file_bytes)} limit; split it into smaller files"))
        else:
            accepted.append(path)
    result = _named_after_uploads(load_articles(accepted), accepted) if accepted else LoadResult()
    if pasted and pasted.strip():
        if len(pasted) > max_pasted_chars:
            rejected.append(Rejection(PASTED_TEXT, f"{len(pasted):,} characters, over the {max_pasted_chars:,} limit; "
                                                   "upload the articles as files instead"))
        else:
            from_text = load_pasted_text(pasted, taken_ids=[article.id for article in result.articles])
            result.articles += from_text.articles
            result.rejected += from_text.rejected
    result.rejected = rejected + result.rejected
    if max_total_chars is not None:
        _within_budget(result, max_total_chars)
    return result


def _within_budget(result: LoadResult, max_total_chars: int) -> None:
    """Keep the articles, in order, while their texts total at most ``max_total_chars``; reject the rest."""
    kept, used = [], 0
    for article in result.articles:
        used += len(article.text)
        if used <= max_total_chars:
            kept.append(article)
        else:
            result.rejected.append(Rejection(article.source or article.id, (
                f"over this page's budget of {max_total_chars:,} characters per briefing ({len(article.text):,} "
                "characters); brief it in another run, or with the summarizer command")))
    result.articles = kept


def _is_upload(path: Path, upload_dir: str | Path | None) -> bool:
    """Whether ``path`` is a regular file, inside ``upload_dir`` once links and ``..`` are resolved."""
    return path.is_file() and (upload_dir is None or path.resolve().is_relative_to(Path(upload_dir).resolve()))


def _named_after_uploads(result: LoadResult, paths: Sequence[Path]) -> LoadResult:
    """Sources that start with a server path ("/tmp/x/a.jsonl:3") start with the file name instead."""
    names = sorted(((str(path), path.name) for path in paths), key=lambda pair: -len(pair[0]))
    for item in [*result.articles, *result.rejected]:
        for server_path, name in names:
            if item.source and item.source.startswith(server_path):
                item.source = name + item.source[len(server_path):]
                break
    return result


def _readable(size: int) -> str:
    """A file size in MB, or in kB below one MB ("5.0 MB", "12 kB")."""
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 2**10:.0f} kB"
