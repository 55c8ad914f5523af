"""Translate a source line file with the project's translator and score it beside other systems.

Outputs are written line by line to ``OUTPUT_DIR/<model>.hyp``, so an interrupted run resumes
where it stopped. Other systems' outputs (one file per system, aligned lines) are scored on
the same first ``--limit`` lines, so every row of the table compares like with like.
"""
from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from tqdm.auto import tqdm

from summarizer.config import Settings
from summarizer.generation import generator_for
from summarizer.translation import ModelTranslator

from .metrics import translation_scores

CHUNK = 16  # sentences translated between two writes to the output file


def read_lines(path: Path, limit: int | None) -> list[str]:
    """The first ``limit`` lines of a UTF-8 line file, without newlines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[:limit] if limit else lines


def translate_file(sources: list[str], model: str, language: str, output: Path, batch_size: int) -> tuple[list[str], float]:
    """Translate ``sources``, resuming from lines already in ``output``; return lines and seconds spent."""
    done = output.read_text(encoding="utf-8").splitlines() if output.exists() else []
    settings = Settings.load(translation_model=model)
    translator = ModelTranslator.from_generator(generator_for(settings, "translation"), batch_size=batch_size)
    start = time.perf_counter()
    with output.open("a", encoding="utf-8") as out, tqdm(total=len(sources), initial=len(done), desc="translating") as bar:
        for first in range(len(done), len(sources), CHUNK):
            chunk = translator.translate(sources[first:first + CHUNK], language)
            out.writelines(line.replace("\n", " ") + "\n" for line in chunk)
            out.flush()
            done += chunk
            bar.update(len(chunk))
    return done[: len(sources)], time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval translation", description=__doc__)
    parser.add_argument("--source", type=Path, required=True, help="source sentences, one per line")
    parser.add_argument("--reference", type=Path, required=True, help="reference translations, aligned lines")
    parser.add_argument("--model", required=True, help="translation model: hub id, alias or folder")
    parser.add_argument("--language", default="id", help="source language code (default: id)")
    parser.add_argument("--limit", type=int, help="score only the first N lines")
    parser.add_argument("--systems", type=Path, nargs="*", default=[], help="other systems' output files to score alongside")
    parser.add_argument("--output-dir", type=Path, default=Path("runs/translation"))
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args(argv)

    sources, references = read_lines(args.source, args.limit), read_lines(args.reference, args.limit)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    output = args.output_dir / (re.sub(r"[^\w.-]+", "_", args.model.strip("/")) + ".hyp")
    hypotheses, seconds = translate_file(sources, args.model, args.language, output, args.batch_size)
    rows = [(args.model, translation_scores(hypotheses, references))]
    rows += [(path.name, translation_scores(read_lines(path, args.limit), references)) for path in args.systems]
    print(f"\n{len(references)} sentences of {args.source.name}; this run's translation time {seconds:.0f} s "
          f"(outputs in {output})\n")
    print("| system | BLEU | chrF |\n|---|---|---|")
    for name, (bleu, chrf) in rows:
        print(f"| {name} | {bleu.score:.2f} | {chrf.score:.2f} |")
    print(f"\n{rows[0][1][0].format()}\n{rows[0][1][1].format()}")
