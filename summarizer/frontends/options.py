"""The command-line options that set ``Settings``, defined once for ``summarizer`` and ``python -m eval``.

    parser = argparse.ArgumentParser(parents=[settings_options()])
    settings = settings_from_args(parser.parse_args())
"""
from __future__ import annotations

import argparse

from ..check import CHECKERS
from ..config import DEFAULT_BACKEND, Settings
from ..events import CLUSTERERS
from ..runtime import RUNTIMES
from ..select import SELECTORS
from ..translate import TRANSLATORS
from ..write import WRITERS


def settings_options() -> argparse.ArgumentParser:
    """A parent parser with one flag per commonly changed setting (``--writer``, ``--translation-model``, ...)."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("models and stages (a model: hub id, alias such as qwen-1.5b, or local folder)")
    group.add_argument("--config", help="TOML settings file (also $SUMMARIZER_CONFIG)")
    group.add_argument("--translation-model", help="default Helsinki-NLP/opus-mt-id-en; "
                       f"{TRANSLATORS.help()} ($SUMMARIZER_TRANSLATION_MODEL)")
    group.add_argument("--summarization-model", help="default facebook/bart-large-cnn ($SUMMARIZER_SUMMARIZATION_MODEL)")
    group.add_argument("--embedding-model", help="default sentence-transformers/all-MiniLM-L6-v2 ($SUMMARIZER_EMBEDDING_MODEL)")
    group.add_argument("--models-dir", help="folders of local model copies named after hub ids, a path list ($SUMMARIZER_MODELS_DIR)")
    group.add_argument("--device", help="torch device, default cpu ($SUMMARIZER_DEVICE)")
    group.add_argument("--backend", choices=RUNTIMES.names(), help=f"generation runtime: {RUNTIMES.help()} "
                       f"(default {DEFAULT_BACKEND}; $SUMMARIZER_BACKEND)")
    group.add_argument("--words", type=int, help="length of each event briefing in words (default 150)")
    group.add_argument("--clusterer", help=f"event clusterer: {CLUSTERERS.help()} ($SUMMARIZER_CLUSTERER)")
    group.add_argument("--selector", help=f"sentence selector: {SELECTORS.help()} ($SUMMARIZER_SELECTOR)")
    group.add_argument("--writer", help=f"briefing writer (default auto): {WRITERS.help()} ($SUMMARIZER_WRITER)")
    group.add_argument("--checker", help=f"briefing check: {CHECKERS.help()} ($SUMMARIZER_CHECKER)")
    return parent


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The settings the flags of ``settings_options`` (and ``--extractive``, where a command has it) ask for.

    :raises ValueError: ``--extractive`` with another ``--writer``; a setting out of range (naming its source).
    """
    writer = args.writer
    if getattr(args, "extractive", False):
        if writer not in (None, "extractive"):
            raise ValueError(f"--extractive is --writer extractive; it cannot go with --writer {writer}")
        writer = "extractive"
    return Settings.load(args.config, translation_model=args.translation_model, briefing_words=args.words,
                         summarization_model=args.summarization_model, embedding_model=args.embedding_model,
                         models_dir=args.models_dir, device=args.device, backend=args.backend,
                         selector=args.selector, writer=writer, clusterer=args.clusterer, checker=args.checker)
