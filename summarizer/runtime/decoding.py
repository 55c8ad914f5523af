"""Decoding rules shared by the runtimes: a model's own beam count and end-of-sequence ids, and, on plain
token lists, which next tokens would repeat an n-gram of the generated text and what prompt-lookup decoding
drafts next.

Prompt lookup (Saxena, 2023; transformers' ``prompt_lookup_num_tokens``): a briefing copies spans of its
source sentences and a translation copies names and numbers, so the tokens that followed the latest n-gram
where it last appeared earlier (in the prompt or the text so far) are a good guess of what comes next.
The model checks every drafted token in one pass; only the ones it would have chosen itself are kept, so
greedy output is unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

# Longest prompt we feed a chat model on a CPU; Qwen2.5 accepts 32k (model card), but
# attention cost and memory grow with it, so the summariser selects sentences to fit this.
DEFAULT_CHAT_MAX_INPUT_TOKENS = 4096
# The longest and shortest n-gram matched when drafting; longer matches are tried first.
DRAFT_MAX_NGRAM = 3
DRAFT_MIN_NGRAM = 1


@dataclass(frozen=True)
class GenerationSettings:
    """Decoding options shared by both families.

    ``no_repeat_ngram_size`` and ``repetition_penalty`` count generated tokens only: applied
    to a decoder-only prompt they would stop the model copying names and numbers from it.
    ``num_beams=None`` keeps the model's own default (Marian models ship ``num_beams=6``).
    """

    max_new_tokens: int = 256
    num_beams: int | None = None
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0
    batch_size: int = 8


def banned_next_tokens(generated: Sequence[int], ngram_size: int) -> set[int]:
    """The tokens that would complete an ``ngram_size``-gram already in ``generated`` (none when 0)."""
    n = ngram_size
    if not n or len(generated) < n - 1:
        return set()
    tokens = list(generated)
    prefix = tuple(tokens[len(tokens) - n + 1:])
    return {tokens[i + n - 1] for i in range(len(tokens) - n + 1) if tuple(tokens[i:i + n - 1]) == prefix}


def prompt_lookup_draft(tokens: Sequence[int], count: int, max_ngram: int = DRAFT_MAX_NGRAM,
                        min_ngram: int = DRAFT_MIN_NGRAM) -> list[int]:
    """Up to ``count`` tokens that followed the latest earlier occurrence of ``tokens``' last n-gram.

    The longest n-gram (``max_ngram`` down to ``min_ngram``) that occurred before wins; empty when none did.
    """
    if count <= 0:
        return []
    tokens = list(tokens)
    for n in range(min(max_ngram, len(tokens) - 1), min_ngram - 1, -1):
        tail = tokens[-n:]
        for start in range(len(tokens) - n - 1, -1, -1):
            if tokens[start:start + n] == tail:
                return tokens[start + n:start + n + count]
    return []


def generation_defaults(path: str) -> tuple[int, list[int]]:
    """The model's own beam count and end-of-sequence ids (``generation_config.json``), or 1 and none."""
    from transformers import GenerationConfig

    try:
        generation = GenerationConfig.from_pretrained(path)
    except OSError:
        return 1, []
    end = generation.eos_token_id
    return generation.num_beams or 1, [] if end is None else [end] if isinstance(end, int) else list(end)
