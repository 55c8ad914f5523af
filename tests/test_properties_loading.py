"""Property tests of loading: whatever arrives, each input is an article or a rejection that says why.

Hypothesis writes folders of generated files (random bytes, empty files, text in several encodings and
scripts, JSON and JSON Lines with malformed lines, duplicate ids and odd field values) and checks that
loading never raises and that the counts add up. ``pytest --hypothesis-show-statistics`` reports how
many inputs each property ran and the kinds of files generated (``event``).
"""
from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from summarizer.articles import UNKNOWN_LANGUAGE
from summarizer.facts import _at_sentence_start
from summarizer.ingest.loading import PASTE_SEPARATOR, load_articles, load_pasted_text
from text_strategies import SENTENCE, TEXT

FOLDERS = 300  # generated folders of 1 to 6 files each
PASTES = 300  # generated pasted texts
TEXTS = 300  # generated texts for the sentence-start check

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1")
JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30))
JSON_VALUE = st.recursive(JSON_LEAF, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                             st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                          max_leaves=10)
IDS = st.sampled_from(["a", "b", "a-2", "7", 7, "", " ", None, "über/../id", "x" * 200])  # clashes on purpose
RECORD = st.fixed_dictionaries({}, optional={
    "id": IDS,
    "title": st.one_of(st.none(), SENTENCE, st.text(max_size=40)),
    "text": st.one_of(TEXT, TEXT, st.just(""), JSON_VALUE, st.just("Hello \ud800 world, a lone surrogate here.")),
    "published": st.one_of(st.sampled_from(["2024-05-18", "18 Mei 2024", "May 18, 2024", "2024-02-30", "soon"]),
                           JSON_LEAF),
    "url": st.one_of(st.none(), st.text(max_size=40)),
})
MALFORMED_LINE = st.one_of(st.text(alphabet=st.characters(exclude_characters="\n\x00", exclude_categories=["Cs"]), max_size=60),
                           st.sampled_from(['{"text": "unterminated', "[" * 5000, '{"id": 1' + "0" * 5000 + "}"]))
NAME = st.text(alphabet="abcxyzéü中й -_0123456789", min_size=1, max_size=12)


@st.composite
def input_files(draw) -> tuple[str, bytes, int | None]:
    """One file: its suffix, its bytes, and how many outcomes it must give (None: at least one)."""
    kind = draw(st.sampled_from(["text", "bytes", "empty", "json", "jsonl", "unsupported"]))
    event(f"file kind: {kind}")
    if kind == "text":
        encoding = draw(st.sampled_from(ENCODINGS))
        return draw(st.sampled_from([".txt", ".md"])), draw(TEXT).encode(encoding, errors="replace"), 1
    if kind == "bytes":
        suffix = draw(st.sampled_from([".txt", ".md", ".json", ".jsonl"]))
        return suffix, draw(st.binary(max_size=400)), 1 if suffix in (".txt", ".md") else None
    if kind == "empty":
        return draw(st.sampled_from([".txt", ".md", ".json", ".jsonl"])), b"", 1
    if kind == "json":
        value = draw(st.one_of(RECORD, st.lists(st.one_of(RECORD, JSON_VALUE), max_size=5), JSON_VALUE))
        data = json.dumps(value, ensure_ascii=draw(st.booleans())).encode("utf-8", errors="backslashreplace")
        return ".json", data, max(len(value), 1) if isinstance(value, list) else 1
    if kind == "jsonl":
        line = st.one_of(RECORD.map(json.dumps), MALFORMED_LINE, st.just(""), JSON_VALUE.map(json.dumps))
        lines = draw(st.lists(line, min_size=1, max_size=8))
        text = "\n".join(lines)
        return ".jsonl", text.encode("utf-8"), max(sum(bool(s.strip()) for s in lines), 1)
    return draw(st.sampled_from([".pdf", ".png", ".html", ""])), draw(st.binary(max_size=50)), 1


def _check_outcomes(result, files: dict[Path, int | None]) -> None:
    """Every file is accounted for by its own outcomes, the counts add up, and every outcome is well formed."""
    per_file = dict.fromkeys(files, 0)
    outcomes = [*result.articles, *result.rejected]
    for outcome in outcomes:
        [owner] = [path for path in files if re.fullmatch(re.escape(str(path)) + r"(:\d+|\[\d+\])?", outcome.source)]
        per_file[owner] += 1
    for path, expected in files.items():
        assert per_file[path] == expected if expected is not None else per_file[path] >= 1, path
    assert len(result.articles) + len(result.rejected) == sum(per_file.values())
    for rejection in result.rejected:
        assert rejection.reason.strip() and rejection.source.strip()
        str(rejection).encode("utf-8")  # printable as it is: no lone surrogate
    ids = [article.id for article in result.articles]
    assert len(set(ids)) == len(ids) and all(ids)
    for article in result.articles:
        assert article.text.strip() and article.sentences
        assert (article.language == UNKNOWN_LANGUAGE) == (article.language_reason is not None)
        json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")  # writable as a JSON output


@settings(max_examples=FOLDERS, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(input_files(), min_size=1, max_size=6))
def test_any_files_load_or_are_rejected_and_counts_add_up(generated):
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for number, (suffix, data, expected) in enumerate(generated):
            path = Path(folder, f"{number}-input{suffix}")
            path.write_bytes(data)
            files[path] = expected
        result = load_articles(sorted(files))
    _check_outcomes(result, files)
    event(f"outcomes: {'articles and rejections' if result.articles and result.rejected else 'articles only' if result.articles else 'rejections only'}")


@settings(max_examples=PASTES, deadline=None)
@given(st.lists(st.one_of(TEXT, st.text(max_size=100).filter(lambda s: not PASTE_SEPARATOR.search(s))),
                min_size=1, max_size=5))
def test_pasted_parts_each_give_an_article_or_a_rejection(parts):
    result = load_pasted_text("\n---\n".join(parts))
    while parts and not parts[-1].strip():
        parts.pop()
    while parts and not parts[0].strip():
        parts.pop(0)
    assert len(result.articles) + len(result.rejected) == len(parts)
    assert all(r.source.startswith("pasted article ") and r.reason for r in result.rejected)
    assert len({a.id for a in result.articles}) == len(result.articles)


@settings(max_examples=TEXTS, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ .!?\n\t\"'“(x"), max_size=40), st.data())
def test_sentence_start_reads_backwards_as_the_pattern_it_replaced(text, data):
    """The regex that scanned the whole text before each name (quadratic on a 5 MB article) is the reference."""
    position = data.draw(st.integers(0, len(text)))
    reference = re.compile(r"(?:^|[.!?]\s+|\n)\s*[\"'“‘(]?$")
    assert _at_sentence_start(text, position) == bool(reference.search(text[:position]))


def test_crafted_bad_inputs_are_rejected_with_the_reason(tmp_path):
    """Inputs that used to raise (the examples Hypothesis found, kept as regressions)."""
    cases = {
        "bom32.txt": (b"\xff\xfe\x00\x00ab", "UTF-32 byte-order mark but is not UTF-32 text"),
        "bom16.txt": (b"\xff\xfeA", "UTF-16 byte-order mark but is not UTF-16 text"),
        "bom8.txt": (b"\xef\xbb\xbf\xff\xfe", "UTF-8 byte-order mark but is not UTF-8 text"),
        "deep.json": (b"[" * 100_000, "JSON nested too deeply to read; fix the file"),
        "digits.jsonl": (b'{"text": "Port reopens", "id": ' + b"1" * 5000 + b"}\n", "JSON value out of range"),
        "surrogate.jsonl": (b'{"text": "Port \\ud800 reopens after the strike ended."}\n',
                            '"text" holds a lone surrogate (\\ud800 at character 5)'),
        "empty-list.json": (b"[]", "the JSON list is empty"),
    }
    for name, (data, _) in cases.items():
        (tmp_path / name).write_bytes(data)
    result = load_articles([tmp_path])
    assert result.articles == []
    reasons = {Path(r.source.split(":")[0]).name: r.reason for r in result.rejected}
    assert set(reasons) == set(cases)
    for name, (_, reason) in cases.items():
        assert reason in reasons[name], name


def test_file_name_that_is_not_utf8_is_rejected_by_a_printable_name(tmp_path):
    name = b"caf\xe9.txt".decode("utf-8", "surrogateescape")  # a Latin-1 name on a UTF-8 file system
    (tmp_path / name).write_text("Port workers ended their strike on Friday.", encoding="utf-8")
    [rejection] = load_articles([tmp_path]).rejected
    assert rejection.source == str(tmp_path / "caf\ufffd.txt")
    assert rejection.reason == "the name is not valid UTF-8; rename it"


def test_ten_thousand_tiny_articles_in_one_jsonl_file(tmp_path):
    path = tmp_path / "tiny.jsonl"
    records = [{"id": f"t{number % 9000}", "text": f"Harbour news {number}: ships unloaded." if number % 3 else "Ok."}
               for number in range(10_000)]
    lines = [json.dumps(record) for record in records]
    lines[5000] = '{"id": "broken'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load_articles([path])
    assert len(result.articles) == 9_999 and [r.source for r in result.rejected] == [f"{path}:5001"]
    assert len({article.id for article in result.articles}) == 9_999  # 999 clashing ids got a suffix
    assert result.articles[-1].id == "t999-2" and result.articles[-1].source == f"{path}:10000"
