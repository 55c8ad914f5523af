"""Text generation behind one interface, for the two model families we use.

* ``Seq2SeqGenerator``: encoder-decoder models (Marian, BART, T5/mT5, PEGASUS).
* ``ChatGenerator``: instruct causal LMs with a chat template (e.g. Qwen2.5-Instruct).

``load_generator`` picks the family from the model's config (``is_encoder_decoder``), never
from its name, and the runtime by the ``backend`` name in ``summarizer.runtime.RUNTIMES``: CTranslate2 int8
(``summarizer.runtime.ctranslate``), torch through transformers (``summarizer.runtime.torch_runner``) or llama.cpp on
the 4-bit GGUF files (``summarizer.runtime.llamacpp``); all sit behind one ``TokenRunner`` interface. Inputs longer than the model accepts raise
``InputTooLongError``: callers select or chunk text to fit (``count_tokens``), nothing is cut silently.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence

import torch

from ..config import DEFAULT_BACKEND, DEFAULT_CONVERTED_DIR, Settings
from . import FALLBACK, RUNTIMES, TITLES, ModelFiles
from .decoding import DEFAULT_CHAT_MAX_INPUT_TOKENS, GenerationSettings
from .torch_runner import TokenRunner
from .models import (ModelLocation, ModelNotFoundError, effective_model, not_found_message,
                     require_reachable, resolve_model, weights_identity)

log = logging.getLogger(__name__)

class InputTooLongError(ValueError):
    """An input has more tokens than the model accepts."""


def out_of_memory(error: BaseException) -> bool:
    """Whether ``error`` says the machine ran out of memory: Python's, torch's (CPU or GPU) or CTranslate2's."""
    if isinstance(error, (MemoryError, torch.OutOfMemoryError)):
        return True
    return isinstance(error, RuntimeError) and any(
        words in str(error) for words in ("can't allocate memory", "out of memory", "bad_alloc"))


class TextGenerator(Protocol):
    """What every generator offers; ``instruction`` is the task for chat models."""

    name: str
    family: str
    weights: dict  # what pins the weights: upstream revision and file hash (``summarizer.runtime.models.weights_identity``)

    def generate(self, texts: Sequence[str], instruction: str | None = None,
                 settings: GenerationSettings = GenerationSettings(), task: str | None = None) -> list[str]: ...

    def count_tokens(self, text: str) -> int: ...


class _Generator:
    """Prompts, batching and decoding shared by both families; a ``TokenRunner`` does the generating."""

    family = "base"
    _add_special_tokens = True

    def __init__(self, runner: TokenRunner, tokenizer, name: str, max_input_tokens: int, backend: str,
                 weights: dict | None = None):
        self.runner = runner
        self.tokenizer = tokenizer
        self.name = name
        self.max_input_tokens = max_input_tokens
        self.backend = backend
        self.weights = weights or {}  # what pins the weights (``summarizer.runtime.models.weights_identity``)

    def count_tokens(self, text: str) -> int:
        """Number of tokens ``text`` takes as model input."""
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def generate(self, texts: Sequence[str], instruction: str | None = None,
                 settings: GenerationSettings = GenerationSettings(), task: str | None = None) -> list[str]:
        """Generate one output per text, in batches of ``settings.batch_size``.

        :raises InputTooLongError: when a prompt has more tokens than the model accepts.
        """
        prompts = [self._prompt(text, instruction, task) for text in texts]
        encoded = [self.tokenizer(p, add_special_tokens=self._add_special_tokens)["input_ids"] for p in prompts]
        return self._run(prompts, encoded, settings)

    def _run(self, prompts: list[str], encoded: list[list[int]], settings: GenerationSettings,
             shared_length: int = 0) -> list[str]:
        for prompt, ids in zip(prompts, encoded):
            if len(ids) > self.max_input_tokens:
                raise InputTooLongError(
                    f"{self.name}: input of {len(ids)} tokens exceeds the model's limit of {self.max_input_tokens} "
                    f"(input starts: {prompt[:80]!r}); select or split the text first")
        outputs: list[str] = []
        for start in range(0, len(encoded), settings.batch_size):
            generated = self.runner.run(encoded[start:start + settings.batch_size], settings, shared_length)
            outputs.extend(text.strip() for text in self.tokenizer.batch_decode(generated, skip_special_tokens=True))
        return outputs


class Seq2SeqGenerator(_Generator):
    """Encoder-decoder models; ``instruction`` is ignored, ``task`` selects a T5-style prefix."""

    family = "seq2seq"

    def __init__(self, runner: TokenRunner, tokenizer, name: str, max_input_tokens: int, backend: str,
                 task_prefixes: dict[str, str] | None = None, weights: dict | None = None):
        super().__init__(runner, tokenizer, name, max_input_tokens, backend, weights)
        self.task_prefixes = task_prefixes or {}

    def _prompt(self, text: str, instruction: str | None, task: str | None) -> str:
        return self.task_prefixes.get(task or "", "") + text


class ChatGenerator(_Generator):
    """Instruct causal LMs: the instruction is the system message, the text the user message."""

    family = "chat"
    _add_special_tokens = False  # the chat template already holds the special tokens

    def __init__(self, runner: TokenRunner, tokenizer, name: str, max_input_tokens: int, backend: str,
                 weights: dict | None = None):
        if not tokenizer.chat_template:
            raise ModelNotFoundError(f"{name} is a causal LM without a chat template: give an instruct model")
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        super().__init__(runner, tokenizer, name, max_input_tokens, backend, weights)

    def _prompt(self, text: str, instruction: str | None, task: str | None) -> str:
        messages = ([{"role": "system", "content": instruction}] if instruction else []) + [{"role": "user", "content": text}]
        return self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)

    def generate_chat(self, shared: list[dict], turns: Sequence[list[dict]],
                      settings: GenerationSettings = GenerationSettings()) -> list[str]:
        """One reply per conversation ``shared + turns[i]`` (chat messages), in batches of ``settings.batch_size``.

        ``shared`` (instruction, example turns) is tokenized once and marked as shared with the runner,
        so a runtime that caches it (CTranslate2's static prompt) computes its state once.

        :raises InputTooLongError: when a conversation has more tokens than the model accepts.
        """
        head = self.tokenizer.apply_chat_template(shared, tokenize=False) if shared else ""
        prompts = [self.tokenizer.apply_chat_template(shared + list(t), add_generation_prompt=True, tokenize=False)
                   for t in turns]
        if not all(p.startswith(head) for p in prompts):  # a template that renders turns by their neighbours
            head = ""
        head_ids = self.tokenizer(head, add_special_tokens=False)["input_ids"] if head else []
        encoded = [head_ids + self.tokenizer(p[len(head):], add_special_tokens=False)["input_ids"] for p in prompts]
        return self._run(prompts, encoded, settings, len(head_ids))


def load_generator(name: str, models_dir: tuple[Path, ...] | Path | None = None, device: str = "cpu",
                   role: str = "summarization", backend: str = DEFAULT_BACKEND,
                   converted_dir: Path = DEFAULT_CONVERTED_DIR) -> TextGenerator:
    """Load a generator once per process (one copy per model folder and backend, whatever its role).

    The family comes from the model's config, not its name.

    :param name: hub id, alias or local folder (see ``summarizer.runtime.models.resolve_model``).
    :param role: what the model is for (``translation``, ``summarization``), used in errors.
    :param backend: ``transformers`` (torch fp32), ``ctranslate2`` (int8, converted once into
        ``converted_dir``; falls back to transformers with a warning when the model cannot be converted) or
        ``llamacpp`` (the fetched model's GGUF file; falls back to ctranslate2 with a warning when there is
        none or llama-cpp-python is not installed).
    :raises ModelNotFoundError: naming the model, where we looked and how to fix it.
    """
    RUNTIMES.entry(backend)  # an unknown runtime fails here, naming the ones there are
    location = _reachable_location(name, role, models_dir)
    try:
        return _load_generator(location.path, location.is_local, device, backend, converted_dir)
    except ModelNotFoundError:
        raise
    except Exception as error:  # noqa: BLE001 - any load failure becomes one clear error
        raise ModelNotFoundError(not_found_message(location, role, error)) from error


def is_seq2seq(settings: Settings, role: str) -> bool:
    """Whether the model ``settings`` name for ``role`` is an encoder-decoder (BART, PEGASUS, T5), read from its
    config alone (the weights are not loaded).

    :raises ModelNotFoundError: as ``load_generator`` does.
    """
    from transformers import AutoConfig

    location = _reachable_location(getattr(settings, f"{role}_model"), role, settings.models_dir)
    try:
        config = AutoConfig.from_pretrained(location.path, trust_remote_code=False, local_files_only=location.is_local)
    except Exception as error:  # noqa: BLE001 - any load failure becomes one clear error
        raise ModelNotFoundError(not_found_message(location, role, error)) from error
    return bool(config.is_encoder_decoder)


def _reachable_location(name: str, role: str, models_dir: tuple[Path, ...] | Path | None) -> ModelLocation:
    """Where the model ``name`` for ``role`` is (its offline stand-in when the default cannot be had), checked to
    be reachable."""
    location = resolve_model(effective_model(name, role, models_dir), models_dir)
    require_reachable(location, role)
    return location


def generator_for(settings: Settings, role: str) -> TextGenerator:
    """The generator ``settings`` name for ``role`` (``translation`` or ``summarization``), on their backend."""
    return load_generator(getattr(settings, f"{role}_model"), settings.models_dir, settings.device, role,
                          settings.backend, settings.converted_dir)


@functools.lru_cache(maxsize=4)
def _load_generator(path: str, is_local: bool, device: str, backend: str, converted_dir: Path) -> TextGenerator:
    from transformers import AutoConfig, AutoTokenizer

    common = dict(trust_remote_code=False, local_files_only=is_local)
    config = AutoConfig.from_pretrained(path, **common)
    tokenizer = AutoTokenizer.from_pretrained(path, **common)
    name = Path(path).name if is_local else path
    weights = weights_identity(path, is_local)
    runner = None
    while runner is None:
        try:
            runner = RUNTIMES.create(backend, None, ModelFiles(path, is_local, config, tokenizer, device, converted_dir))
        except Exception as error:  # noqa: BLE001 - the next runtime remains (the torch one runs every model)
            if backend not in FALLBACK:
                raise
            log.warning("%s: %s cannot run this model (%s: %s); using %s", name, TITLES.get(backend, backend),
                        type(error).__name__, error, FALLBACK[backend])
            backend = FALLBACK[backend]
    if config.is_encoder_decoder:
        task_params = getattr(config, "task_specific_params", None) or {}
        prefixes = {task: params.get("prefix", "") for task, params in task_params.items()}
        return Seq2SeqGenerator(runner, tokenizer, name, _encoder_limit(config, tokenizer), backend, prefixes, weights)
    return ChatGenerator(runner, tokenizer, name, DEFAULT_CHAT_MAX_INPUT_TOKENS, backend, weights)


def _encoder_limit(config, tokenizer) -> int:
    """The longest input an encoder takes: the tokenizer's limit, capped by position embeddings."""
    limits = [n for n in (tokenizer.model_max_length, getattr(config, "max_position_embeddings", None)) if n and n < 1_000_000]
    return min(limits) if limits else 512
