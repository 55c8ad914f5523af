"""``python -m eval train-translator``: a LoRA adapter that teaches the instruct model to translate into English.

    python -m eval train-translator --data ../shared/data/parallel-id-en --pairs 6000 --model qwen-1.5b \\
        --out ~/.cache/briefing-training/translator-parallel
    F=../shared/data/flores200-dev-id-en
    python -m eval train-translator --source $F/ind_Latn.dev --reference $F/eng_Latn.dev --lines 500-996 \\
        --model qwen-1.5b --out runs/translator-lora

Training pairs: each source sentence in the prompt the product's translator sends (``translation_prompt``: the
instruction, and the terms of the sentence in a system note, as shipped) with its reference English as the
answer; the loss counts the answers only. From a folder of aligned files (``--data``), the pairs are filtered
first (``eval.parallel_data``: length ratio, numbers that disagree, broken, split or misspelled English words,
duplicates), a seeded ``--pairs`` of them drawn, and several short pairs packed into one chat of at most
``--pack-tokens`` tokens. From two line files (``--source``/``--reference``), ``--lines`` are positions in them,
both ends included (FLORES dev 500-996: lines 0-499 are the ones ``python -m eval translation`` scores), one pair
a chat. The adapter is used by naming its folder as the translation model
(``--translation-model OUT/adapter``). Training, checkpoints and the signed adapter: ``eval.lora``.
"""
from __future__ import annotations

import argparse
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from summarizer.config import Settings
from summarizer.runtime.models import resolve_model
from summarizer.runtime.provisioning import file_sha256
from summarizer.languages import language_name
from summarizer.translate.prompt import sentence_turns, shared_turns, terms_in

from .datasets import item_range
from .lora import LoraSettings, TrainingPair, chat_pair, cpu_trains_bf16, packed_chat_pairs, train_adapter
from .parallel_data import filter_pairs, folder_digest, read_pairs, sample_pairs

# Tokens in one packed chat: the length the training speed was measured at (LoRA r=16, the 1.5B model).
PACK_TOKENS = 256
# Pairs drawn from the filtered folder by default: about two hours of training on a CPU with bf16.
DEFAULT_PAIRS = 6000


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
    shared = shared_turns(language_name(hp.language), ())
    pairs = [chat_pair(tokenizer, f"line-{n}", shared + sentence_turns(sources[n], terms_in(sources[n], hp.language)),
                       references[n]) for n in item_range(lines, len(sources))]
    return pairs, {}


def folder_pairs(folder: Path, count: int | None, pack_tokens: int, tokenizer,
                 hp: TranslatorTrainingSettings) -> tuple[list[TrainingPair], dict]:
    """The filtered folder's pairs, a seeded ``count`` of them, in the translator's prompt, packed into chats."""
    pairs, dropped = filter_pairs(read_pairs(folder, hp.language), hp.language)
    chosen = sample_pairs(pairs, count, hp.seed)
    shared = shared_turns(language_name(hp.language), ())
    exchanges = [(pair.origin, sentence_turns(pair.source, terms_in(pair.source, hp.language)), pair.english)
                 for pair in chosen]
    packed = packed_chat_pairs(tokenizer, shared, exchanges, pack_tokens)
    by_file: dict[str, int] = {}
    for pair in chosen:
        name = pair.origin.split(":")[0]
        by_file[name] = by_file.get(name, 0) + 1
    facts = {"filter": {"kept": len(pairs), "dropped": dict(dropped)}, "sentence_pairs": len(chosen),
             "sentence_pairs_by_file": by_file, "packed_chats": len(packed)}
    return packed, facts


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval train-translator", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="folder of aligned NAME.id / NAME.en line files "
                                                  "(e.g. ../shared/data/parallel-id-en): filtered, sampled, packed")
    parser.add_argument("--pairs", type=int, default=DEFAULT_PAIRS,
                        help=f"with --data: how many filtered pairs to train on (default {DEFAULT_PAIRS})")
    parser.add_argument("--pack-tokens", type=int, default=PACK_TOKENS,
                        help=f"with --data: tokens in one packed chat (default {PACK_TOKENS})")
    parser.add_argument("--source", type=Path, help="source-language line file (e.g. FLORES ind_Latn.dev)")
    parser.add_argument("--reference", type=Path, help="English line file aligned with --source")
    parser.add_argument("--lines", default="500-996", help="positions of the training lines, both ends included "
                                                           "(default 500-996: FLORES dev lines not scored)")
    parser.add_argument("--model", default="qwen-1.5b", help="the instruct model to adapt (alias, hub id or folder)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the pairs, checkpoint, log and adapter")
    parser.add_argument("--epochs", type=int, default=TranslatorTrainingSettings.epochs)
    parser.add_argument("--max-steps", type=int, help="stop after this many more steps (the run resumes later)")
    parser.add_argument("--seed", type=int, default=TranslatorTrainingSettings.seed)
    parser.add_argument("--weights", choices=("auto", "float32", "bfloat16"), default="auto",
                        help="the base model's dtype while training (auto: bfloat16 where the CPU has bf16 arithmetic)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(levelname)s %(message)s")
    if bool(args.data) == bool(args.source or args.reference) or (args.source is None) != (args.reference is None):
        parser.error("give either --data FOLDER or both --source and --reference")
    weights = args.weights if args.weights != "auto" else "bfloat16" if cpu_trains_bf16() else "float32"
    hp = TranslatorTrainingSettings(epochs=args.epochs, seed=args.seed, weights=weights)
    location = resolve_model(args.model, Settings.load().models_dir)
    if args.data:
        meta = {"data": str(args.data), "data_sha256": folder_digest(args.data, hp.language), "pairs_asked": args.pairs,
                "pack_tokens": args.pack_tokens}
    else:
        meta = {"data": str(args.source), "data_sha256": file_sha256(args.source), "reference": str(args.reference),
                "reference_sha256": file_sha256(args.reference), "items": args.lines}
    meta.update({"model": args.model, "task": "translation", "settings": asdict(hp)})

    def make_pairs() -> tuple[list[TrainingPair], dict]:
        from transformers import AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(location.path)
        if args.data:
            return folder_pairs(args.data, args.pairs, args.pack_tokens, tokenizer, hp)
        return translation_pairs(args.source, args.reference, args.lines, tokenizer, hp)

    train_adapter(args.out, meta, make_pairs, location, args.model, hp, not args.quiet, args.max_steps)
