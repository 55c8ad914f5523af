"""Translate a source line file with the project's translator and score it beside other systems.

Outputs are written line by line to ``OUTPUT_DIR/<model>[-<variant>]-<start>-<end>.hyp``, so an interrupted
run resumes where it stopped; sentences the translator tried twice go to ``….retries.jsonl`` (both attempts,
which was kept and what it still lacks). Other systems' outputs (one file per system, aligned lines) are scored on
the same lines (``--start``, ``--limit``), so every row of the table compares like with like. Each row
also counts the sentences whose every number (``summarizer.facts``) the translation kept. ``--paired-against``
compares the translator with another output file (an earlier run's ``.hyp``) by paired bootstrap.
"""
from __future__ import annotations

import argparse
import inspect
import json
import re
import time
from pathlib import Path

from tqdm.auto import tqdm

from summarizer.config import Settings
from summarizer.facts import FactIndex, extract_facts
from summarizer.runtime.generation import generator_for
from summarizer.translate.translator import RETRY_BEAMS, ModelTranslator
from summarizer.runtime.models import effective_model

from .metrics import paired_translation_bootstrap, translation_scores

CHUNK = 16  # sentences translated between two writes to the output file


# The chat translator's aids (``ModelTranslator`` keyword arguments): example pairs and the terms in the
# prompt, and a second attempt at a sentence that lost a number; ``--aids`` picks them, the shipped ones by default.
AIDS = ("examples", "terms", "retry")
SHIPPED_AIDS = tuple(aid for aid in AIDS if inspect.signature(ModelTranslator).parameters[aid].default)


def read_lines(path: Path, limit: int | None, start: int = 0) -> list[str]:
    """Lines ``start`` to ``start + limit`` (all after ``start`` without a limit) of a UTF-8 line file, without newlines."""
    lines = path.read_text(encoding="utf-8").splitlines()[start:]
    return lines[:limit] if limit else lines


def numbers_kept(sources: list[str], translations: list[str], language: str) -> int:
    """How many translations hold every number of their source, compared by value as the product's fact
    check compares them (``facts.FactIndex``: "3 bulan" is kept by "three months")."""
    return sum(extract_facts(s, language).numbers <= FactIndex.from_texts([(t, "en")]).numbers
               for s, t in zip(sources, translations))


def model_that_runs(model: str) -> str:
    """The translation model that runs when the setting says ``model``: itself, or offline its stand-in
    (``summarizer.runtime.models.effective_model``: Helsinki-NLP/opus-mt-id-en without a local copy is qwen-1.5b)."""
    settings = Settings.load(translation_model=model)
    return effective_model(model, "translation", settings.models_dir)


def translate_file(sources: list[str], model: str, language: str, output: Path, batch_size: int,
                   aids: tuple[str, ...] = SHIPPED_AIDS, retry_beams: int = RETRY_BEAMS) -> tuple[list[str], float, int]:
    """Translate ``sources``, resuming from lines already in ``output``; return lines, seconds spent and lines translated."""
    done = output.read_text(encoding="utf-8").splitlines() if output.exists() else []
    already = len(done)
    settings = Settings.load(translation_model=model)
    translator = ModelTranslator.from_generator(generator_for(settings, "translation"), batch_size=batch_size,
                                                retry_beams=retry_beams, **{aid: aid in aids for aid in AIDS})
    start = time.perf_counter()
    with output.open("a", encoding="utf-8") as out, tqdm(total=len(sources), initial=len(done), desc="translating") as bar:
        for first in range(len(done), len(sources), CHUNK):
            chunk = translator.translate(sources[first:first + CHUNK], language)
            out.writelines(line.replace("\n", " ") + "\n" for line in chunk)
            out.flush()
            done += chunk
            with output.with_suffix(".retries.jsonl").open("a", encoding="utf-8") as log_file:
                log_file.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in translator.retries)
            translator.retries.clear()
            bar.update(len(chunk))
    return done[: len(sources)], time.perf_counter() - start, len(sources) - already


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval translation", description=__doc__)
    parser.add_argument("--source", type=Path, required=True, help="source sentences, one per line")
    parser.add_argument("--reference", type=Path, required=True, help="reference translations, aligned lines")
    parser.add_argument("--model", required=True, help="translation model: hub id, alias or folder")
    parser.add_argument("--language", default="id", help="source language code (default: id)")
    parser.add_argument("--start", type=int, default=0, help="skip the first N lines (0-based line number to start at)")
    parser.add_argument("--limit", type=int, help="score only N lines (from --start)")
    parser.add_argument("--aids", nargs="*", choices=AIDS, default=list(SHIPPED_AIDS),
                        help=f"the aids of a chat model's translation to use (default: the shipped ones, "
                             f"{' '.join(SHIPPED_AIDS)}; none: zero-shot)")
    parser.add_argument("--retry-beams", type=int, default=RETRY_BEAMS,
                        help=f"beam width of the retry's second attempt (default: the shipped {RETRY_BEAMS})")
    parser.add_argument("--systems", type=Path, nargs="*", default=[], help="other systems' output files to score alongside")
    parser.add_argument("--paired-against", type=Path, metavar="HYP",
                        help="a baseline's output file (aligned lines, e.g. an earlier run's .hyp): the translator's "
                             "BLEU and chrF minus the baseline's, by paired bootstrap")
    parser.add_argument("--output-dir", type=Path, default=Path("runs/translation"))
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args(argv)

    sources, references = read_lines(args.source, args.limit, args.start), read_lines(args.reference, args.limit, args.start)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    variant = "+".join(aid for aid in AIDS if aid in args.aids) or "zero-shot"
    if "retry" in args.aids and args.retry_beams != RETRY_BEAMS:
        variant += f"-{args.retry_beams}beams"
    model = model_that_runs(args.model)  # every label names the model that ran (offline, a stand-in: said once)
    name = re.sub(r"[^\w.-]+", "_", model.strip("/")) + f"-{variant}-{args.start}-{args.start + len(sources)}"
    output = args.output_dir / f"{name}.hyp"
    hypotheses, seconds, translated = translate_file(sources, model, args.language, output, args.batch_size,
                                                     tuple(args.aids), args.retry_beams)
    rows = [(f"{model} ({variant})", hypotheses)]
    rows += [(path.name, read_lines(path, args.limit, args.start)) for path in args.systems]
    per_sentence = f"{seconds / translated:.2f} s/sentence" if translated else "all lines read back from the output file"
    print(f"\n{len(references)} sentences of {args.source.name} (lines {args.start}-{args.start + len(sources) - 1}); "
          f"this run translated {translated} in {seconds:.0f} s ({per_sentence}); outputs in {output}\n")
    print("| system | BLEU | chrF | numbers kept |\n|---|---|---|---|")
    first = None
    for system, lines in rows:
        bleu, chrf = translation_scores(lines, references)
        first = first or (bleu, chrf)
        print(f"| {system} | {bleu.score:.2f} | {chrf.score:.2f} | {numbers_kept(sources, lines, args.language)} of {len(sources)} |")
    print(f"\n{first[0].format()}\n{first[1].format()}")
    if args.paired_against:
        baseline = read_lines(args.paired_against, args.limit, args.start)
        print(f"\nPaired bootstrap against {args.paired_against.name} (difference [95% interval], p: share of "
              f"resamples where {model} is not above it):")
        for difference in paired_translation_bootstrap(hypotheses, baseline, references):
            print(f"- {difference.format()}")
