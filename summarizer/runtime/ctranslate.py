"""The CTranslate2 backend: a model converted once (int8 weights) and run behind ``TokenRunner``.

CTranslate2 (OpenNMT) runs Marian, BART, T5 and Qwen2 models with int8 matrix products on a CPU,
several times faster than torch fp32 and with a quarter of the weight memory. Models are converted
with its own ``TransformersConverter`` into ``converted_dir/<folder>-int8-<hash of the source path>``,
first into a temporary folder that is renamed when complete, so an interrupted conversion never
leaves a broken model behind.

A prompt head shared by every prompt (instruction and example turns) is passed as CTranslate2's static
prompt, whose state is computed once and cached across calls. Decoder-only prompts are forwarded as a prefix (``include_prompt_in_result=False``), so
``no_repeat_ngram_size`` and ``repetition_penalty`` count generated tokens only, as the
transformers path does: the prompt's names and numbers can be copied.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import torch

from ..output.outputs import build_folder_once
from .decoding import GenerationSettings, generation_defaults

log = logging.getLogger(__name__)

# int8 weights with float32 activations on a CPU; int8 weights with float16 activations on a GPU.
COMPUTE_TYPES = {"cpu": "int8", "cuda": "int8_float16"}


class CTranslate2Runner:
    """Generates with a CTranslate2 ``Generator`` (decoder-only) or ``Translator`` (encoder-decoder)."""

    def __init__(self, model, tokenizer, decoder_only: bool, default_beams: int, end_ids: list[int]):
        self.model = model
        self.tokenizer = tokenizer
        self.decoder_only = decoder_only
        self.default_beams = default_beams
        self.end_ids = end_ids

    def run(self, prompts: list[list[int]], settings: GenerationSettings, shared_length: int = 0) -> list[list[int]]:
        tokens = [self.tokenizer.convert_ids_to_tokens(ids) for ids in prompts]
        options = dict(beam_size=settings.num_beams or self.default_beams, repetition_penalty=settings.repetition_penalty,
                       no_repeat_ngram_size=settings.no_repeat_ngram_size, end_token=self.end_ids or None)
        if self.decoder_only:
            if 0 < shared_length < min(len(t) for t in tokens):  # computed once, then cached by CTranslate2
                options["static_prompt"] = tokens[0][:shared_length]
                tokens = [t[shared_length:] for t in tokens]
            results = self.model.generate_batch(tokens, max_length=settings.max_new_tokens,
                                                include_prompt_in_result=False, **options)
            return [result.sequences_ids[0] for result in results]
        results = self.model.translate_batch(tokens, max_decoding_length=settings.max_new_tokens,
                                             max_input_length=0, **options)  # lengths are checked before
        return [self.tokenizer.convert_tokens_to_ids(result.hypotheses[0]) for result in results]


def load_runner(path: str, config, tokenizer, converted_dir: Path, device: str = "cpu") -> CTranslate2Runner:
    """A runner for the transformers model at ``path`` (converted on first use).

    :raises ImportError: when ctranslate2 is not installed; ``ValueError`` for models it cannot convert.
    """
    import ctranslate2

    folder = converted_model(path, converted_dir)
    kind = device.split(":")[0]
    options = dict(device=kind, compute_type=COMPUTE_TYPES.get(kind, "int8"))
    if kind == "cpu":
        options["intra_threads"] = torch.get_num_threads()
    model_class = ctranslate2.Translator if config.is_encoder_decoder else ctranslate2.Generator
    beams, end_ids = generation_defaults(path)
    return CTranslate2Runner(model_class(str(folder), **options), tokenizer, not config.is_encoder_decoder, beams, end_ids)


def converted_model(path: str, converted_dir: Path) -> Path:
    """The int8 CTranslate2 conversion of the model at ``path``, made once and kept in ``converted_dir``."""
    from ctranslate2.converters import TransformersConverter

    class SafetensorsConverter(TransformersConverter):
        """Loads the weights from safetensors only (see ``summarizer.runtime.models``)."""

        def load_model(self, model_class, model_name_or_path, **kwargs):
            return super().load_model(model_class, model_name_or_path, use_safetensors=True, **kwargs)

    digest = hashlib.sha1(str(Path(path).resolve() if Path(path).exists() else path).encode("utf-8")).hexdigest()[:8]
    folder = converted_dir / f"{Path(path).name}-int8-{digest}"
    if not (folder / "model.bin").is_file():
        log.info("converting %s to CTranslate2 int8 in %s (once)", path, folder)
    return build_folder_once(folder, lambda out: SafetensorsConverter(
        path, low_cpu_mem_usage=True, trust_remote_code=False).convert(str(out), quantization="int8", force=True),
        "model.bin")
