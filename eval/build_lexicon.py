"""``python -m eval build-lexicon``: learn the Indonesian-English lexicon the translation guard reads.

The pairs of ``parallel-id-en`` are lower-cased and split into words, aligned both ways with eflomal
(Östling & Tiedemann, PBML 2016; ``pip install -e .[train]``), and the links of both directions are counted.
An Indonesian word keeps the English content words it is linked to often enough (``MIN_LINKS`` times and a
share ``MIN_SHARE`` of its links); a word whose links go mostly to English function words or nowhere is left
out (the guard then ignores it). The same links read the other way give the English -> Indonesian table: each
English content word with its Indonesian content words, its links in all and the share of them that go to
its first word (how sure the table is of it: "banana" 1.0 to "pisang", "things" 0.2). The tables and a record
of what made them (data files and their SHA-256, the aligner and its version, the thresholds) go to
``summarizer/languages/lexicon-id-en.json``.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import re
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from summarizer.languages.id import LEXICON_FILE, STOP_WORDS

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "parallel-id-en"
# An Indonesian word needs this many links in all to get an entry ...
MIN_WORD_LINKS = 3
# ... and an English word this many links to it, and this share of the word's links, to be a translation.
MIN_LINKS = 2
MIN_SHARE = 0.03
# Share of a word's links that must go to English content words for it to be a content word.
MIN_CONTENT_SHARE = 0.3
# Translations kept per word, most linked first.
MAX_TRANSLATIONS = 12
# Pairs longer than this (words, either side) are left out: eflomal's sentence limit and noise.
MAX_WORDS = 100

_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+(?:[.,]\d+)*|[^\w\s]")


def tokenize(text: str) -> list[str]:
    """Lower-cased words, numbers and punctuation marks, as the aligner and the lexicon see them."""
    return _TOKEN.findall(text.lower())


def read_pairs(folder: Path) -> tuple[list[list[str]], list[list[str]], dict[str, str]]:
    """The tokenised pairs of every ``*.id``/``*.en`` file pair in ``folder``, and each file's SHA-256."""
    sources, targets, hashes = [], [], {}
    files = sorted(folder.glob("*.id"))
    if not files:
        raise SystemExit(f"build-lexicon: no *.id files in {folder}; pass --data with the parallel-id-en folder")
    for id_file in files:
        en_file = id_file.with_suffix(".en")
        id_lines = id_file.read_text(encoding="utf-8").splitlines()
        en_lines = en_file.read_text(encoding="utf-8").splitlines()
        if len(id_lines) != len(en_lines):
            raise SystemExit(f"build-lexicon: {id_file.name} has {len(id_lines)} lines, {en_file.name} {len(en_lines)}")
        for path in (id_file, en_file):
            hashes[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        for id_line, en_line in zip(id_lines, en_lines):
            source, target = tokenize(id_line), tokenize(en_line)
            if source and target and len(source) <= MAX_WORDS and len(target) <= MAX_WORDS:
                sources.append(source)
                targets.append(target)
    return sources, targets, hashes


def align(sources: list[list[str]], targets: list[list[str]]) -> tuple[list[str], list[str]]:
    """eflomal's links of every pair, forward and reverse ("i-j" pairs, one line a sentence)."""
    import eflomal

    aligner = eflomal.Aligner()
    with tempfile.TemporaryDirectory() as folder:
        forward, reverse = Path(folder, "fwd"), Path(folder, "rev")
        aligner.align([" ".join(s) for s in sources], [" ".join(t) for t in targets],
                      links_filename_fwd=str(forward), links_filename_rev=str(reverse), quiet=True)
        return forward.read_text().splitlines(), reverse.read_text().splitlines()


def count_links(sources, targets, forward: list[str], reverse: list[str]) -> dict[str, Counter]:
    """Indonesian word -> English word -> links, over the union of both directions' links."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for source, target, fwd, rev in zip(sources, targets, forward, reverse):
        for link in set(fwd.split()) | set(rev.split()):
            i, j = map(int, link.split("-"))
            counts[source[i]][target[j]] += 1
    return counts


def reverse_links(counts: dict[str, Counter]) -> dict[str, Counter]:
    """English word -> Indonesian word -> links: ``count_links`` read the other way."""
    reverse: dict[str, Counter] = defaultdict(Counter)
    for word, links in counts.items():
        for english, n in links.items():
            reverse[english][word] = n
    return reverse


def build_reverse_table(counts: dict[str, Counter]) -> dict[str, list]:
    """The English -> Indonesian table: each English content word linked ``MIN_WORD_LINKS`` times or more, as
    ``[links, share of them to its first word, Indonesian content words most linked first]``."""
    table = {}
    for english, links in reverse_links(counts).items():
        total = sum(links.values())
        if total < MIN_WORD_LINKS or not english.isalpha() or english in ENGLISH_STOP_WORDS:
            continue
        content = sorted(((word, n) for word, n in links.items() if word.isalpha() and word not in STOP_WORDS),
                         key=lambda item: (-item[1], item[0]))
        kept = [word for word, n in content if n >= MIN_LINKS and n >= MIN_SHARE * total][:MAX_TRANSLATIONS]
        if kept:
            table[english] = [total, round(content[0][1] / total, 3), *kept]
    return dict(sorted(table.items()))


def build_table(counts: dict[str, Counter]) -> dict[str, list[str]]:
    """The lexicon: each Indonesian content word with its English content translations, most linked first."""
    table = {}
    for word, links in counts.items():
        total = sum(links.values())
        if total < MIN_WORD_LINKS or not word.isalpha() or word in STOP_WORDS:
            continue
        content = {en: n for en, n in links.items() if en.isalpha() and en not in ENGLISH_STOP_WORDS}
        if sum(content.values()) < MIN_CONTENT_SHARE * total:
            continue
        kept = [en for en, n in sorted(content.items(), key=lambda item: (-item[1], item[0]))
                if n >= MIN_LINKS and n >= MIN_SHARE * total][:MAX_TRANSLATIONS]
        if kept:
            table[word] = kept
    return dict(sorted(table.items()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval build-lexicon", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of NAME.id / NAME.en line files")
    parser.add_argument("-o", "--output", type=Path, default=LEXICON_FILE, help="where the table goes")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    sources, targets, hashes = read_pairs(args.data)
    print(f"{len(sources)} pairs from {len(hashes) // 2} file pairs; aligning with eflomal ...")
    forward, reverse = align(sources, targets)
    counts = count_links(sources, targets, forward, reverse)
    table, reverse_table = build_table(counts), build_reverse_table(counts)
    made = {"data": {"folder": args.data.name, "sha256": hashes, "pairs": len(sources)},
            "aligner": {"name": "eflomal", "version": importlib.metadata.version("eflomal"), "links": "union of both directions"},
            "tokenizer": _TOKEN.pattern,
            "thresholds": {"min_word_links": MIN_WORD_LINKS, "min_links": MIN_LINKS, "min_share": MIN_SHARE,
                           "min_content_share": MIN_CONTENT_SHARE, "max_translations": MAX_TRANSLATIONS,
                           "max_words": MAX_WORDS},
            "english_stop_words": "sklearn ENGLISH_STOP_WORDS", "entries": len(table),
            "english_entries": len(reverse_table),
            "seconds": round(time.perf_counter() - started, 1)}
    text = json.dumps({"made": made, "lexicon": table, "english": reverse_table}, ensure_ascii=False,
                      separators=(",", ":"))
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"{len(table)} + {len(reverse_table)} English words -> {args.output} ({len(text) / 1e6:.2f} MB)"
          f" in {made['seconds']} s")
