"""Text generation behind one interface, for the two model families we use.

* ``Seq2SeqGenerator``: encoder-decoder models (Marian, BART, T5/mT5, PEGASUS).
* ``ChatGenerator``: instruct causal LMs with a chat template (e.g. Qwen2.5-Instruct).

``load_generator`` picks the family from the model's config (``is_encoder_decoder``), never
from its name. Inputs longer than the model accepts raise ``InputTooLongError``: callers select
or chunk text to fit (``count_tokens``), nothing is cut silently.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence

import torch
from transformers import LogitsProcessor, LogitsProcessorList

from .models import ModelNotFoundError, not_found_message, resolve_model

log = logging.getLogger(__name__)

# Longest prompt we feed a chat model on a CPU; Qwen2.5 accepts 32k (model card), but
# attention cost and memory grow with it, so the summariser selects sentences to fit this.
DEFAULT_CHAT_MAX_INPUT_TOKENS = 4096


class InputTooLongError(ValueError):
    """An input has more tokens than the model accepts."""


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


class TextGenerator(Protocol):
    """What every generator offers; ``instruction`` is the task for chat models."""

    name: str
    family: str

    def generate(self, texts: Sequence[str], instruction: str | None = None,
                 settings: GenerationSettings = GenerationSettings(), task: str | None = None) -> list[str]: ...

    def count_tokens(self, text: str) -> int: ...


class GeneratedTokensRepetitionControl(LogitsProcessor):
    """Blocks repeated n-grams and penalises repeated tokens among generated tokens only.

    :param prompt_length: number of leading positions in ``input_ids`` that are prompt.
    """

    def __init__(self, prompt_length: int, no_repeat_ngram_size: int = 0, repetition_penalty: float = 1.0):
        self.prompt_length = prompt_length
        self.ngram_size = no_repeat_ngram_size
        self.penalty = repetition_penalty

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        generated = input_ids[:, self.prompt_length:]
        if generated.shape[1] == 0:
            return scores
        if self.penalty != 1.0:
            seen = torch.gather(scores, 1, generated)
            seen = torch.where(seen < 0, seen * self.penalty, seen / self.penalty)
            scores = scores.scatter(1, generated, seen)
        if self.ngram_size and generated.shape[1] >= self.ngram_size:
            for row, tokens in enumerate(generated.tolist()):
                for token in self._banned_next_tokens(tokens):
                    scores[row, token] = -float("inf")
        return scores

    def _banned_next_tokens(self, tokens: list[int]) -> set[int]:
        n = self.ngram_size
        prefix = tuple(tokens[len(tokens) - n + 1:])
        return {tokens[i + n - 1] for i in range(len(tokens) - n + 1) if tuple(tokens[i:i + n - 1]) == prefix}


class _HuggingFaceGenerator:
    """Shared batching and decoding for both families; subclasses build the model inputs."""

    family = "base"

    def __init__(self, model, tokenizer, name: str, max_input_tokens: int):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.name = name
        self.max_input_tokens = max_input_tokens

    def count_tokens(self, text: str) -> int:
        """Number of tokens ``text`` takes as model input."""
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def generate(self, texts: Sequence[str], instruction: str | None = None,
                 settings: GenerationSettings = GenerationSettings(), task: str | None = None) -> list[str]:
        """Generate one output per text, in batches of ``settings.batch_size``."""
        prompts = [self._prompt(text, instruction, task) for text in texts]
        outputs: list[str] = []
        for start in range(0, len(prompts), settings.batch_size):
            outputs.extend(self._generate_batch(prompts[start:start + settings.batch_size], settings))
        return outputs

    def _generate_batch(self, prompts: list[str], settings: GenerationSettings) -> list[str]:
        encoded = self.tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=self._add_special_tokens)
        lengths = encoded["attention_mask"].sum(dim=1).tolist()
        too_long = [(i, n) for i, n in enumerate(lengths) if n > self.max_input_tokens]
        if too_long:
            i, n = too_long[0]
            raise InputTooLongError(
                f"{self.name}: input of {n} tokens exceeds the model's limit of {self.max_input_tokens} "
                f"(input starts: {prompts[i][:80]!r}); select or split the text first"
            )
        encoded = encoded.to(self.model.device)
        prompt_length = self._prompt_length(encoded)
        control = GeneratedTokensRepetitionControl(prompt_length, settings.no_repeat_ngram_size, settings.repetition_penalty)
        options = dict(max_new_tokens=settings.max_new_tokens, do_sample=False,
                       no_repeat_ngram_size=0, repetition_penalty=1.0,
                       logits_processor=LogitsProcessorList([control]))
        if settings.num_beams is not None:
            options["num_beams"] = settings.num_beams
        with torch.inference_mode():
            output_ids = self.model.generate(**encoded, **options)
        return [text.strip() for text in self.tokenizer.batch_decode(output_ids[:, prompt_length:], skip_special_tokens=True)]


class Seq2SeqGenerator(_HuggingFaceGenerator):
    """Encoder-decoder models; ``instruction`` is ignored, ``task`` selects a T5-style prefix."""

    family = "seq2seq"
    _add_special_tokens = True

    def _prompt(self, text: str, instruction: str | None, task: str | None) -> str:
        task_params = (getattr(self.model.config, "task_specific_params", None) or {}).get(task or "", {})
        return task_params.get("prefix", "") + text

    def _prompt_length(self, encoded) -> int:
        return 0  # the decoder starts from its start token alone


class ChatGenerator(_HuggingFaceGenerator):
    """Instruct causal LMs: the instruction is the system message, the text the user message."""

    family = "chat"
    _add_special_tokens = False  # the chat template already holds the special tokens

    def __init__(self, model, tokenizer, name: str, max_input_tokens: int):
        if not tokenizer.chat_template:
            raise ModelNotFoundError(f"{name} is a causal LM without a chat template: give an instruct model")
        tokenizer.padding_side = "left"
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        super().__init__(model, tokenizer, name, max_input_tokens)

    def _prompt(self, text: str, instruction: str | None, task: str | None) -> str:
        messages = ([{"role": "system", "content": instruction}] if instruction else []) + [{"role": "user", "content": text}]
        return self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)

    def _prompt_length(self, encoded) -> int:
        return encoded["input_ids"].shape[1]  # left-padded, so every row's prompt ends here


def load_generator(name: str, models_dir: tuple[Path, ...] | Path | None = None, device: str = "cpu",
                   role: str = "summarization") -> TextGenerator:
    """Load a generator once per process (one copy per model folder, whatever its role).

    The family comes from the model's config, not its name.

    :param name: hub id, alias or local folder (see ``summarizer.models.resolve_model``).
    :param role: what the model is for (``translation``, ``summarization``), used in errors.
    :raises ModelNotFoundError: naming the model, where we looked and how to fix it.
    """
    location = resolve_model(name, models_dir)
    try:
        return _load_generator(location.path, location.is_local, device)
    except ModelNotFoundError:
        raise
    except Exception as error:  # noqa: BLE001 - any load failure becomes one clear error
        raise ModelNotFoundError(not_found_message(location, role, error)) from error


@functools.lru_cache(maxsize=4)
def _load_generator(path: str, is_local: bool, device: str) -> TextGenerator:
    from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

    common = dict(trust_remote_code=False, local_files_only=is_local)
    config = AutoConfig.from_pretrained(path, **common)
    tokenizer = AutoTokenizer.from_pretrained(path, **common)
    model_class = AutoModelForSeq2SeqLM if config.is_encoder_decoder else AutoModelForCausalLM
    model = model_class.from_pretrained(path, dtype=torch.float32, **common).to(device)
    name = Path(path).name if is_local else path
    if config.is_encoder_decoder:
        return Seq2SeqGenerator(model, tokenizer, name, _encoder_limit(config, tokenizer))
    return ChatGenerator(model, tokenizer, name, DEFAULT_CHAT_MAX_INPUT_TOKENS)


def _encoder_limit(config, tokenizer) -> int:
    """The longest input an encoder takes: the tokenizer's limit, capped by position embeddings."""
    limits = [n for n in (tokenizer.model_max_length, getattr(config, "max_position_embeddings", None)) if n and n < 1_000_000]
    return min(limits) if limits else 512
