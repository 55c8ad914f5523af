"""The llama.cpp runtime on the fetched 4-bit Qwen 0.5B: prompt lookup keeps greedy output identical, the
prompt cache never changes an output, beam search finishes, and a model it cannot run falls back."""
from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path

import pytest

from summarizer.runtime.decoding import banned_next_tokens, prompt_lookup_draft
from summarizer.runtime.generation import GenerationSettings, load_generator
from summarizer.runtime.llamacpp import MAX_BEAMS

SOURCE = ("Officials in Jakarta said on Tuesday that 1,250 families were moved from the riverbanks of the "
          "Ciliwung after the river rose 2.4 metres overnight. The governor, Pramono Anung, said shelters in "
          "East Jakarta would stay open until Friday.")
INSTRUCTION = "Summarise the news text in two sentences, keeping its names and numbers."


def test_prompt_lookup_drafts_what_followed_the_latest_ngram_earlier():
    tokens = [1, 2, 3, 4, 5, 9, 2, 3]
    assert prompt_lookup_draft(tokens, 2) == [4, 5]  # "2 3" was followed by "4 5"
    assert prompt_lookup_draft([7, 8, 9], 3) == []  # nothing repeats
    assert prompt_lookup_draft([5, 1, 6, 1], 4) == [6, 1]  # unigram match, cut at the end of the text
    assert prompt_lookup_draft(tokens, 0) == []


def test_banned_next_tokens_complete_a_repeated_ngram_only():
    assert banned_next_tokens([1, 2, 3, 1, 2], 3) == {3}
    assert banned_next_tokens([1, 2, 3], 3) == set()
    assert banned_next_tokens([1, 2, 1, 2], 0) == set()


@pytest.fixture(scope="module")
def llamacpp_generator(qwen_0_5b):
    if importlib.util.find_spec("llama_cpp") is None:
        message = 'llama-cpp-python is not installed; build it with: pip install -e ".[llamacpp]"'
        if os.environ.get("CI"):
            pytest.fail(f"CI must test the llama.cpp runtime: {message}")
        pytest.skip(message)
    generator = load_generator(qwen_0_5b, backend="llamacpp")
    assert generator.backend == "llamacpp"
    return generator


def _greedy(generator, draft_tokens: int, settings: GenerationSettings, texts=(SOURCE,)) -> list[str]:
    generator.runner.draft_tokens = draft_tokens
    return generator.generate(list(texts), instruction=INSTRUCTION, settings=settings, task="summarization")


def test_prompt_lookup_leaves_greedy_output_unchanged_with_fewer_passes(llamacpp_generator):
    runner = llamacpp_generator.runner
    settings = GenerationSettings(max_new_tokens=80, num_beams=1, no_repeat_ngram_size=6, batch_size=1)
    start = runner.passes
    plain = _greedy(llamacpp_generator, 0, settings)
    middle = runner.passes
    drafted = _greedy(llamacpp_generator, 8, settings)
    assert drafted == plain and "1,250" in plain[0]
    assert runner.passes - middle < middle - start  # drafted tokens were kept: fewer passes of the model


def test_a_cached_prompt_start_never_changes_an_output(llamacpp_generator):
    settings = GenerationSettings(max_new_tokens=40, num_beams=1, batch_size=2)
    other = "Heavy rain closed three schools in Bandung on Monday, the city said."
    together = _greedy(llamacpp_generator, 8, settings, texts=(SOURCE, other))
    llamacpp_generator.runner.cached = []
    llamacpp_generator.runner._forget_from(0)
    alone = _greedy(llamacpp_generator, 8, settings, texts=(other,))
    assert together[1] == alone[0] and together[0] != together[1]


def test_beam_search_finishes_and_one_beam_is_greedy(llamacpp_generator):
    greedy = GenerationSettings(max_new_tokens=40, num_beams=1, batch_size=1)
    beams = GenerationSettings(max_new_tokens=40, num_beams=4, batch_size=1)
    text = "Terjemahkan ke bahasa Inggris: Presiden Putin tiba di Beijing pada hari Selasa."
    searched = llamacpp_generator.generate([text], settings=beams)[0]
    assert "Putin" in searched and "Beijing" in searched
    assert _greedy(llamacpp_generator, 8, greedy) == _greedy(llamacpp_generator, 0, greedy)
    llamacpp_generator.generate([text], settings=beams)
    runner = llamacpp_generator.runner
    positions = [runner._llama.llama_memory_seq_pos_max(runner.context.memory, s) for s in range(MAX_BEAMS)]
    assert positions == [len(runner.cached) - 1] + [-1] * (MAX_BEAMS - 1)  # the beams' state gone, the prompt's kept


def test_a_model_without_a_gguf_file_falls_back_with_a_warning(tiny_models, caplog):
    with caplog.at_level(logging.WARNING, logger="summarizer.runtime.generation"):
        generator = load_generator(str(tiny_models["chat"]), backend="llamacpp", converted_dir=Path(
            tiny_models["chat"]).parent / "converted")
    assert generator.backend != "llamacpp" and "llama.cpp cannot run" in caplog.text
    assert isinstance(generator.generate(["Hello"], instruction="Reply.",
                                         settings=GenerationSettings(max_new_tokens=4))[0], str)

