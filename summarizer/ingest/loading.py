"""Load articles from text, Markdown, JSON and JSON Lines files, folders of them, or pasted text.

Every file and record given ends up either as an ``Article`` (cleaned, its language detected
and its text split into sentences) or as a ``Rejection`` that names it and says what to do.
"""
from __future__ import annotations

import codecs
import json
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import charset_normalizer

from ..articles import Article, LoadResult, Rejection
from .cleaning import clean_text, parse_date
from .html_text import html_to_text, looks_like_html
from .language import detect_language
from .sentences import split_sentences
from .walk import walk_files

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md"})
# Pasted text holds one article, or several separated by a line of three or more dashes ("---").
PASTE_SEPARATOR = re.compile(r"^[ \t]*-{3,}[ \t]*$", re.M)
PASTED_SOURCE = "pasted article"
JSON_SUFFIXES = frozenset({".json", ".jsonl"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES
# Most bytes read from one file: a JSON Lines file of 50,000 news articles is about 250 MB.
MAX_FILE_BYTES = 256 * 2**20

# Byte-order marks, longest first: UTF-32 LE starts with the UTF-16 LE mark.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# When charset_normalizer finds several code pages equally likely (it cannot tell cp1250 from
# cp1252 on "naïve"), prefer Windows-1252, the commonest legacy encoding of English and
# Indonesian text.
_PREFERRED_ENCODING = "cp1252"
_EMPTY = "the file is empty; save the article in it as UTF-8 text"
_BINARY = "this looks like a binary file, not text; save the article as UTF-8 text"
# Lone UTF-16 surrogates (a "\ud800" escape in JSON, undecodable bytes in a file name) are not text: no file
# or page can hold them, so an input with one is rejected rather than crashing a later stage.
_SURROGATE = re.compile("[\ud800-\udfff]")
_CHECKED_FIELDS = ("id", "title", "text", "url", "published")

_MARKDOWN_RULES = (
    (re.compile(r"^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$", re.M), r"\1"),  # "# Heading #"
    (re.compile(r"^ {0,3}>\s?", re.M), ""),  # block quotes
    (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.M), ""),  # list markers
    (re.compile(r"^ {0,3}(?:```|~~~).*$", re.M), ""),  # code fences
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1"), r"\2"),  # bold
    (re.compile(r"(?<!\w)([*_])(\S(?:.*?\S)?)\1(?!\w)"), r"\2"),  # italics
    (re.compile(r"`([^`]*)`"), r"\1"),  # inline code
    (re.compile(r"<[^>\n]+>"), ""),  # HTML tags
)


class UnusableInput(Exception):
    """An input that cannot become an article; the message says why and what to do."""


def load_articles(paths: Iterable[str | Path], skip: Iterable[str | Path] = ()) -> LoadResult:
    """Load every supported file under ``paths`` (files or folders, searched recursively).

    :param paths: files (``.txt``, ``.md``, ``.json``, ``.jsonl``) or folders of them.
    :param skip: files and folders never read when found in the folders given (the run's own outputs).
    :return: the articles, and a rejection naming each file or record that could not be loaded.
    """
    result = LoadResult()
    ids: set[str] = set()
    for record in iter_records(paths, skip):
        outcome = prepare_record(record, ids)
        (result.rejected if isinstance(outcome, Rejection) else result.articles).append(outcome)
    return result


def iter_records(paths: Iterable[str | Path], skip: Iterable[str | Path] = ()) -> Iterator[Article | Rejection]:
    """Every record under ``paths`` in a stable order, read but not yet prepared (see ``prepare_record``).

    Reading is lazy, one file at a time: a folder of thousands of files is streamed; a JSON Lines
    file is read whole, then handed out line by line.
    """
    for path in iter_files(paths, skip):
        if isinstance(path, Rejection):
            yield path
        else:
            yield from read_records(path)


def iter_files(paths: Iterable[str | Path], skip: Iterable[str | Path] = ()) -> Iterator[Path | Rejection]:
    """Every file to read under ``paths`` in a stable order, and the rejection of each input that cannot be read
    (``skip``: files and folders never read when found in the folders given)."""
    skip = [Path(item) for item in skip]
    for given in paths:
        yield from _files(Path(given), skip)


def prepare_record(record: Article | Rejection, ids: set[str]) -> Article | Rejection:
    """A read record as a prepared article with an id not in ``ids`` (then added), or its rejection.

    The same as ``claim_id(prepare_content(record), ids)``: the preparing may run anywhere, in any
    order; claiming ids in input order makes them the same wherever it ran.
    """
    return claim_id(prepare_content(record), ids)


def prepare_content(record: Article | Rejection) -> Article | Rejection:
    """A read record cleaned, its language detected and split into sentences (id as read), or its rejection."""
    if isinstance(record, Rejection):
        return record
    try:
        return prepare_article(record)
    except UnusableInput as error:
        return Rejection(record.source or record.id, str(error))


def claim_id(outcome: Article | Rejection, ids: set[str]) -> Article | Rejection:
    """A prepared article given an id not in ``ids`` (then added); a rejection as it is."""
    if isinstance(outcome, Article):
        outcome.id = _unique_id(outcome.id, ids, outcome.source)
    return outcome


def load_pasted_text(text: str, taken_ids: Iterable[str] = ()) -> LoadResult:
    """Load articles pasted as text: several are separated by a line holding only ``---``.

    Each article is read like a ``.txt`` file: its first line is the headline when it looks like
    one (short, no full stop), and a line that is only a date gives its date.

    :param text: the pasted text.
    :param taken_ids: ids already used by other articles of the same run; clashes get a suffix.
    :return: articles with ids ``pasted-1``, ``pasted-2`` ... and sources ``pasted article 1`` ...;
        an empty part between two ``---`` lines is rejected with what to do (a ``---`` line first
        or last is allowed).
    """
    result = LoadResult()
    ids = set(taken_ids)
    parts = PASTE_SEPARATOR.split(text)
    while parts and not parts[-1].strip():
        parts.pop()
    while parts and not parts[0].strip():
        parts.pop(0)
    for number, part in enumerate(parts, start=1):
        source = f"{PASTED_SOURCE} {number}"
        if not part.strip():
            result.rejected.append(Rejection(source, "empty; write the article there, or remove the extra --- line"))
            continue
        outcome = prepare_record(Article(id=f"pasted-{number}", text=part, source=source), ids)
        (result.rejected if isinstance(outcome, Rejection) else result.articles).append(outcome)
    return result


def _files(path: Path, skip: list[Path]) -> Iterator[Path | Rejection]:
    """The files to read under ``path``, and the rejections of everything else found (see ``summarizer.ingest.walk``)."""
    for item in walk_files(path, SUPPORTED_SUFFIXES, skip) if not _SURROGATE.search(str(path)) else [path]:
        if isinstance(item, Rejection):
            yield Rejection(_printable(item.source), item.reason)
        elif _SURROGATE.search(str(item)):
            yield Rejection(_printable(str(item)), "the name is not valid UTF-8; rename it")
        else:
            yield item


def read_records(path: Path) -> Iterator[Article | Rejection]:
    """The articles a file holds, not yet cleaned, or the rejections of what cannot be read."""
    try:
        text = _decode(_read_capped(path))
    except OSError as error:
        yield Rejection(str(path), f"cannot read the file ({error.strerror}); check its permissions")
        return
    except UnusableInput as error:
        yield Rejection(str(path), str(error))
        return
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        body = _markdown_to_text(_without_html(text)) if suffix == ".md" else text
        yield Article(id=path.stem, text=body, source=str(path))
    elif suffix == ".jsonl":
        # split("\n"), not splitlines(): JSON strings may hold U+2028 and other line separators.
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                yield _record_from_json(line, f"{path}:{number}", f"{path.stem}-{number}")
    else:
        yield from _records_from_json_file(text, path)


def _read_capped(path: Path) -> bytes:
    """The bytes of a file, reading at most ``MAX_FILE_BYTES``.

    :raises UnusableInput: when the file is larger.
    """
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise UnusableInput(f"the file is over the {MAX_FILE_BYTES:,}-byte limit of one input; "
                            "split it into smaller files")
    return data


def _records_from_json_file(text: str, path: Path) -> Iterator[Article | Rejection]:
    try:
        data = _parse_json(text)
    except UnusableInput as error:
        yield Rejection(str(path), f"{error}; fix the file")
        return
    if data == []:
        yield Rejection(str(path), "the JSON list is empty; put article objects in it")
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield _record(item, f"{path}[{index}]", f"{path.stem}-{index}")
    else:
        yield _record(data, str(path), path.stem)


def _record_from_json(line: str, source: str, default_id: str) -> Article | Rejection:
    try:
        data = _parse_json(line)
    except UnusableInput as error:
        return Rejection(source, f"{error}; fix or remove this line")
    return _record(data, source, default_id)


def _parse_json(text: str) -> object:
    """``json.loads(text)``; every way it fails is an ``UnusableInput`` saying why."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise UnusableInput(f"not valid JSON ({error})") from None
    except RecursionError:
        raise UnusableInput("JSON nested too deeply to read") from None
    except ValueError as error:  # an integer of more than sys.get_int_max_str_digits() digits
        raise UnusableInput(f"JSON value out of range ({error})") from None


def _record(data: object, source: str, default_id: str) -> Article | Rejection:
    """An article from one JSON object with the fields id, title, text, url and published."""
    if not isinstance(data, dict):
        kind = type(data).__name__
        return Rejection(source, f'expected a JSON object with a "text" field, got {kind}')
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        return Rejection(
            source, 'record has no "text" (missing or empty); put the article body in "text"'
        )
    published = _optional_str(data.get("published"))
    iso_published = parse_date(published) if published else None
    if published and not iso_published:
        logger.warning('%s: cannot read the date %r in "published"; ignoring it', source, published)
    return Article(
        id=_optional_str(data.get("id")) or default_id,
        text=text,
        title=_optional_str(data.get("title")),
        url=_optional_str(data.get("url")),
        published=iso_published,
        source=source,
    )


def _optional_str(value: object) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


def _decode(data: bytes) -> str:
    """Text from bytes: by byte-order mark, else as UTF-8, else by charset_normalizer's guess."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            label = encoding.upper().removesuffix("-SIG")
            raise UnusableInput(f"it starts with a {label} byte-order mark but is not {label} "
                                f"text ({error.reason} at byte {error.start}); save the article as UTF-8 text") from None
    elif b"\x00" in data:  # UTF-16 or UTF-32 without a byte-order mark, or binary
        text = _guess_decode(data)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _guess_decode(data)
    if "\x00" in text:
        raise UnusableInput(_BINARY)
    if not text.strip():
        raise UnusableInput(_EMPTY)
    return text


def _guess_decode(data: bytes) -> str:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise UnusableInput(_BINARY)
    tied = [m for m in matches if m.chaos == best.chaos and m.coherence == best.coherence]
    preferred = next((m for m in tied if m.encoding == _PREFERRED_ENCODING), best)
    logger.info("decoding as %s, guessed by charset_normalizer", preferred.encoding)
    return str(preferred)


def _without_html(text: str) -> str:
    """``text``, or its readable text when it is HTML (a saved page, whatever the file type)."""
    return html_to_text(text) if looks_like_html(text) else text


def _markdown_to_text(markdown: str) -> str:
    """Plain text from Markdown: headings, quotes, lists, emphasis and links lose their marks."""
    for pattern, replacement in _MARKDOWN_RULES:
        markdown = pattern.sub(replacement, markdown)
    return markdown


def prepare_article(article: Article) -> Article:
    """Clean the article's text, detect its language and split it into sentences (in place).

    :raises UnusableInput: when a field holds a lone surrogate, or nothing is left once page
        boilerplate is removed.
    """
    _check_unicode(article)
    cleaned = clean_text(_without_html(article.text), title=article.title)
    if not cleaned.text:
        raise UnusableInput(
            "nothing is left after removing page boilerplate; check that it holds an article"
        )
    language = detect_language(cleaned.text)
    article.text = cleaned.text
    article.title = cleaned.title
    article.published = article.published or cleaned.date
    article.language = language.language
    article.language_confidence = language.confidence
    article.language_reason = language.reason
    article.sentences = split_sentences(cleaned.text, language.language)
    return article


def _check_unicode(article: Article) -> None:
    for name in _CHECKED_FIELDS:
        value = getattr(article, name)
        found = _SURROGATE.search(value) if isinstance(value, str) else None
        if found:
            raise UnusableInput(f'"{name}" holds a lone surrogate (\\u{ord(found.group()):04x} at character '
                                f"{found.start()}), which is not valid Unicode; fix or remove it")


def _printable(text: str) -> str:
    """``text`` with its lone surrogates (undecodable bytes of a file name) shown as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def _unique_id(article_id: str, ids: set[str], source: str | None) -> str:
    """``article_id``, with a numeric suffix when an earlier article already has it."""
    unique, number = article_id, 1
    while unique in ids:
        number += 1
        unique = f"{article_id}-{number}"
    if unique != article_id:
        logger.warning("%s: id %r is already taken; using %r", source, article_id, unique)
    ids.add(unique)
    return unique
