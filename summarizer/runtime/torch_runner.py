"""The torch runtime: a transformers model's ``generate``, with repeats blocked among generated tokens only.

``TokenRunner`` is what every runtime offers (this one, CTranslate2 in ``ctranslate``, llama.cpp in ``llamacpp``).
"""
from __future__ import annotations

from typing import Protocol

import torch
from transformers import LogitsProcessor, LogitsProcessorList

from .decoding import GenerationSettings, banned_next_tokens


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
                for token in banned_next_tokens(tokens, self.ngram_size):
                    scores[row, token] = -float("inf")
        return scores


class TokenRunner(Protocol):
    """A backend that continues batches of prompt token ids; returns the generated ids only.

    ``shared_length``: the first that many ids are the same in every prompt (and across calls), so a
    runtime may compute their state once; a runner is free to ignore it.
    """

    def run(self, prompts: list[list[int]], settings: GenerationSettings, shared_length: int = 0) -> list[list[int]]: ...


class TransformersRunner:
    """Runs a transformers model's ``generate`` (torch), repeats blocked among generated tokens only.

    :param decoder_only: prompts are left-padded and continued (causal LM), not encoded (seq2seq).
    """

    def __init__(self, model, tokenizer, decoder_only: bool):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.decoder_only = decoder_only

    def run(self, prompts: list[list[int]], settings: GenerationSettings, shared_length: int = 0) -> list[list[int]]:
        side = "left" if self.decoder_only else "right"
        encoded = self.tokenizer.pad({"input_ids": prompts}, padding_side=side, return_tensors="pt").to(self.model.device)
        prompt_length = encoded["input_ids"].shape[1] if self.decoder_only else 0  # seq2seq decoders start empty
        control = GeneratedTokensRepetitionControl(prompt_length, settings.no_repeat_ngram_size, settings.repetition_penalty)
        options = dict(max_new_tokens=settings.max_new_tokens, do_sample=False, no_repeat_ngram_size=0,
                       repetition_penalty=1.0, logits_processor=LogitsProcessorList([control]))
        if settings.num_beams is not None:
            options["num_beams"] = settings.num_beams
        with torch.inference_mode():
            output_ids = self.model.generate(**encoded, **options)
        return output_ids[:, prompt_length:].tolist()
