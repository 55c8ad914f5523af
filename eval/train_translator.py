"""``python -m eval train-translator``: a LoRA adapter that teaches the instruct model to translate into English.

    F=../shared/data/flores200-dev-id-en
    python -m eval train-translator --source $F/ind_Latn.dev --reference $F/eng_Latn.dev --lines 500-996 \\
        --model qwen-1.5b --out runs/translator-lora

Training pairs: each source line in the prompt the product's translator sends (``translation_prompt``: the
instruction, and the terms of the sentence in a system note, as shipped) with its reference English as the
answer; the loss counts the answer only. ``--lines`` are positions in the line files, both ends included
(FLORES dev 500-996: lines 0-499 are the ones ``python -m eval translation`` scores). The adapter is used by
naming its folder as the translation model (``--translation-model runs/translator-lora/adapter``). Training,
checkpoints and the signed adapter: ``eval.lora``.
"""
from __future__ import annotations

import argparse
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from summarizer.config import Settings
from summarizer.models import resolve_model
from summarizer.provisioning import file_sha256
from summarizer.translation import LANGUAGE_NAMES
from summarizer.translation_prompt import sentence_turns, shared_turns, terms_in

from .datasets import item_range
from .lora import LoraSettings, TrainingPair, chat_pair, train_adapter


@dataclass(frozen=True)
class TranslatorTrainingSettings(LoraSettings):
    """The LoRA settings for sentence pairs: one epoch (the pairs are few), eight pairs a step."""

    epochs: int = 1
    accumulation: int = 8
    language: str = "id"


def translation_pairs(source: Path, reference: Path, lines: str, tokenizer,
                      hp: TranslatorTrainingSettings) -> tuple[list[TrainingPair], dict]:
    """The pairs of the lines at ``lines``: the translator's prompt for the source line, the reference as the answer."""
    sources, references = (path.read_text(encoding="utf-8").splitlines() for path in (source, reference))
    if len(sources) != len(references):
        raise ValueError(f"{source} has {len(sources)} lines and {reference} {len(references)}: give aligned line files")
    shared = shared_turns(LANGUAGE_NAMES.get(hp.language, hp.language), ())
    pairs = [chat_pair(tokenizer, f"line-{n}", shared + sentence_turns(sources[n], terms_in(sources[n], hp.language)),
                       references[n]) for n in item_range(lines, len(sources))]
    return pairs, {}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval train-translator", description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, required=True, help="source-language line file (e.g. FLORES ind_Latn.dev)")
    parser.add_argument("--reference", type=Path, required=True, help="English line file aligned with --source")
    parser.add_argument("--lines", default="500-996", help="positions of the training lines, both ends included "
                                                           "(default 500-996: FLORES dev lines not scored)")
    parser.add_argument("--model", default="qwen-1.5b", help="the instruct model to adapt (alias, hub id or folder)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the pairs, checkpoint, log and adapter")
    parser.add_argument("--epochs", type=int, default=TranslatorTrainingSettings.epochs)
    parser.add_argument("--max-steps", type=int, help="stop after this many more steps (the run resumes later)")
    parser.add_argument("--seed", type=int, default=TranslatorTrainingSettings.seed)
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(levelname)s %(message)s")
    hp = TranslatorTrainingSettings(epochs=args.epochs, seed=args.seed)
    location = resolve_model(args.model, Settings.load().models_dir)
    meta = {"data": str(args.source), "data_sha256": file_sha256(args.source), "reference": str(args.reference),
            "reference_sha256": file_sha256(args.reference), "items": args.lines, "model": args.model,
            "task": "translation", "settings": asdict(hp)}

    def make_pairs() -> tuple[list[TrainingPair], dict]:
        from transformers import AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(location.path)
        return translation_pairs(args.source, args.reference, args.lines, tokenizer, hp)

    train_adapter(args.out, meta, make_pairs, location, args.model, hp, not args.quiet, args.max_steps)
