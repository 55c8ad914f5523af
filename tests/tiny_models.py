"""Tiny random-weight models built from configs, to run the real generation code paths.

All of them share the real Marian tokenizer of Helsinki-NLP/opus-mt-id-en (from
../shared/models/opus-mt-id-en-tokenizer), so they take real Indonesian and English text.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import torch
from transformers import (AutoTokenizer, BartConfig, BartForConditionalGeneration, MarianConfig, MarianMTModel,
                          LlamaConfig, LlamaForCausalLM, T5Config, T5ForConditionalGeneration)

TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json", "special_tokens_map.json")
# A ChatML template like Qwen's, so the chat path runs with the Marian vocabulary.
CHAT_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
SMALL = dict(d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2, decoder_attention_heads=2,
             encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=128)


def build_tiny_models(tokenizer_dir: Path, out_dir: Path) -> dict[str, Path]:
    """Write tiny Marian, BART, T5 and Llama (chat) models into ``out_dir``; return their folders."""
    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir)
    vocab, pad, eos = len(tokenizer), tokenizer.pad_token_id, tokenizer.eos_token_id
    special = dict(pad_token_id=pad, eos_token_id=eos, bos_token_id=eos, decoder_start_token_id=pad)
    models = {
        "marian": MarianMTModel(MarianConfig(vocab_size=vocab, **SMALL, **special)),
        "bart": BartForConditionalGeneration(BartConfig(vocab_size=vocab, **SMALL, **special)),
        "t5": T5ForConditionalGeneration(T5Config(
            vocab_size=vocab, d_model=16, d_kv=8, d_ff=32, num_layers=1, num_decoder_layers=1, num_heads=2,
            pad_token_id=pad, eos_token_id=eos, decoder_start_token_id=pad,
            task_specific_params={"summarization": {"prefix": "summarize: "}})),
        "chat": LlamaForCausalLM(LlamaConfig(
            vocab_size=vocab, hidden_size=16, intermediate_size=32, num_hidden_layers=1, num_attention_heads=2,
            num_key_value_heads=1, max_position_embeddings=512, pad_token_id=pad, eos_token_id=eos, bos_token_id=eos)),
    }
    folders = {}
    for name, model in models.items():
        folder = out_dir / name
        model.save_pretrained(folder)
        if name == "chat":
            tokenizer.chat_template = CHAT_TEMPLATE
            tokenizer.save_pretrained(folder)
            tokenizer.chat_template = None
        else:
            for file in TOKENIZER_FILES:
                shutil.copy(tokenizer_dir / file, folder / file)
        folders[name] = folder
    return folders
