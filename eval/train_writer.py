"""``python -m eval train-writer``: a LoRA adapter that teaches the instruct model to write news briefings.

    python -m eval train-writer --data ../shared/data/multi-news-val250.jsonl --items 0-199 \\
        --model qwen-0.5b --out runs/writer-lora

Training pairs: for each cluster, the source sentences the abstractive writer is given (the product's own
loading, cleaning and selection, ``BriefingPipeline.writer_input``, and its prompt,
``AbstractiveWriter.event_prompt``) with the cluster's reference summary as the answer; the loss counts the
answer's tokens only. Documents not in English are left out of the input (translating them first would
cost hours on a CPU), and the count is recorded. Training, checkpoints and the signed adapter: ``eval.lora``.
"""
from __future__ import annotations

import argparse
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from summarizer.config import Settings
from summarizer.events.clustering import Event
from summarizer.runtime.generation import load_generator
from summarizer.runtime.models import resolve_model
from summarizer.pipeline import BriefingPipeline
from summarizer.runtime.provisioning import file_sha256
from summarizer.write.writer import AbstractiveWriter

from .datasets import item_articles, read_items
from .lora import LoraSettings, TrainingPair, chat_pair, train_adapter


@dataclass(frozen=True)
class WriterTrainingSettings(LoraSettings):
    """The LoRA settings and what shapes the writer's pairs."""

    max_input_tokens: int = 700  # the writer's input budget while training, and for the adapted writer
    max_target_tokens: int = 400  # Multi-News references average about 260 words; longer ones are cut at a sentence
    words: int = 200  # the briefing length the prompt asks for


def training_pairs(data: Path, positions: str, model: str, hp: WriterTrainingSettings,
                   settings: Settings) -> tuple[list[TrainingPair], dict]:
    """The training pairs of the clusters at ``positions``, and how many non-English documents were left out."""
    items = read_items(data, positions=positions)
    generator = load_generator(model, settings.models_dir, role="summarization", backend=settings.backend,
                               converted_dir=settings.converted_dir)
    writer = AbstractiveWriter(generator, hp.words, hp.max_input_tokens)
    pipeline = BriefingPipeline(Settings.load(models_dir=settings.models_dir, input_token_budget=hp.max_input_tokens,
                                              briefing_words=hp.words, translation_model="none", selector=settings.selector),
                                writer=writer, progress=False)
    references = {item.id: item.references[0] for item in items}
    pairs, left_out = [], 0
    for item_id, articles in item_articles(items).items():
        english = [a for a in articles if a.language == "en"]
        left_out += len(articles) - len(english)
        if not english:
            continue
        event = Event("event-1", [a.id for a in english])
        _, selection = pipeline.writer_input(event, {a.id: a for a in english})
        text, instruction = writer.event_prompt(selection.sentences)
        turns = [{"role": "system", "content": instruction}, {"role": "user", "content": text}]
        pairs.append(chat_pair(generator.tokenizer, item_id, turns, references[item_id], hp.max_target_tokens))
    return pairs, {"non_english_documents_left_out": left_out}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval train-writer", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="JSON Lines clusters with reference summaries")
    parser.add_argument("--items", default="0-199", help="positions of the training clusters, e.g. 0-199 (default)")
    parser.add_argument("--model", default="qwen-0.5b", help="the instruct model to adapt (alias, hub id or folder)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the pairs, checkpoint, log and adapter")
    parser.add_argument("--epochs", type=int, default=WriterTrainingSettings.epochs)
    parser.add_argument("--max-steps", type=int, help="stop after this many more steps (the run resumes later)")
    parser.add_argument("--seed", type=int, default=WriterTrainingSettings.seed)
    parser.add_argument("--selector", help="the sentence selector giving the writer its input (default: the setting's); "
                                           "for an evaluation on held-out clusters, one trained without them")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(levelname)s %(message)s")
    hp = WriterTrainingSettings(epochs=args.epochs, seed=args.seed)
    settings = Settings.load(selector=args.selector)
    meta = {"data": str(args.data), "data_sha256": file_sha256(args.data), "items": args.items, "model": args.model,
            "selector": settings.selector, "settings": asdict(hp)}
    train_adapter(args.out, meta, lambda: training_pairs(args.data, args.items, args.model, hp, settings),
                  resolve_model(args.model, settings.models_dir), args.model, hp, not args.quiet, args.max_steps)
