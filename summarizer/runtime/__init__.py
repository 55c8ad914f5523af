"""Runtime: where the models are (``models``, ``provisioning``, ``adapters``) and what runs them.

A runtime turns batches of prompt token ids into generated ids (``TokenRunner``, ``summarizer.runtime.torch_runner``);
``generation`` puts the two model families' prompts and decoding on top. Runtimes are found by name in ``RUNTIMES``
(the ``backend`` setting, ``--backend``); a factory gets the settings (unused by the shipped ones) and the
``ModelFiles`` being loaded. A runtime that cannot run a model hands it to the one ``FALLBACK`` names.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from ..registry import Registry
from .ctranslate import load_runner as load_ctranslate2_runner
from .decoding import DEFAULT_CHAT_MAX_INPUT_TOKENS, generation_defaults
from .llamacpp import load_runner as load_llamacpp_runner
from .torch_runner import TokenRunner, TransformersRunner

__all__ = ["FALLBACK", "RUNTIMES", "TITLES", "ModelFiles", "TokenRunner"]

# llama.cpp's context: the longest chat prompt and room for its answer.
LLAMACPP_CONTEXT_TOKENS = DEFAULT_CHAT_MAX_INPUT_TOKENS + 1024


@dataclass(frozen=True)
class ModelFiles:
    """What a runtime is built from: the model's folder (or hub id), its config and tokenizer, where it runs."""

    path: str
    is_local: bool
    config: Any
    tokenizer: Any
    device: str
    converted_dir: Path


def transformers_runner(settings, model: ModelFiles) -> TransformersRunner:
    """The model in torch, fp32."""
    from transformers import AutoModelForCausalLM, AutoModelForSeq2SeqLM

    model_class = AutoModelForSeq2SeqLM if model.config.is_encoder_decoder else AutoModelForCausalLM
    weights = model_class.from_pretrained(model.path, dtype=torch.float32, use_safetensors=True, trust_remote_code=False,
                                          local_files_only=model.is_local).to(model.device)
    return TransformersRunner(weights, model.tokenizer, decoder_only=not model.config.is_encoder_decoder)


RUNTIMES: Registry[TokenRunner] = Registry("backend", "backend, --backend")
RUNTIMES.register("ctranslate2", lambda settings, model: load_ctranslate2_runner(
    model.path, model.config, model.tokenizer, model.converted_dir, model.device),
    description="CTranslate2, int8 (default; converted once per model)")
RUNTIMES.register("transformers", transformers_runner, description="torch, fp32")
RUNTIMES.register("llamacpp", lambda settings, model: load_llamacpp_runner(
    model.path, generation_defaults(model.path)[1], LLAMACPP_CONTEXT_TOKENS, torch.get_num_threads()),
    description="llama.cpp on the fetched 4-bit GGUF files")
# Where a model goes when a runtime cannot run it (the torch runtime runs every model).
FALLBACK = {"llamacpp": "ctranslate2", "ctranslate2": "transformers"}
# The runtimes' own names, for messages.
TITLES = {"ctranslate2": "CTranslate2", "transformers": "transformers", "llamacpp": "llama.cpp"}
