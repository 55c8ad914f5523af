"""Both generator families run the real ``generate`` path on tiny random-weight models."""
import pytest
import torch

from summarizer.runtime.generation import (ChatGenerator, GenerationSettings, InputTooLongError, Seq2SeqGenerator,
                                           load_generator)
from summarizer.runtime.torch_runner import GeneratedTokensRepetitionControl

INDONESIAN = ["Presiden Rusia Vladimir Putin melakukan kunjungan ke Beijing.", "Kesepakatan itu bernilai 50 miliar."]


@pytest.mark.parametrize("kind, family", [("marian", Seq2SeqGenerator), ("bart", Seq2SeqGenerator),
                                          ("t5", Seq2SeqGenerator), ("chat", ChatGenerator)])
def test_family_comes_from_config_and_generate_returns_one_text_per_input(tiny_models, kind, family):
    generator = load_generator(str(tiny_models[kind]))
    assert isinstance(generator, family)
    outputs = generator.generate(INDONESIAN, instruction="Translate to English.",
                                 settings=GenerationSettings(max_new_tokens=6, batch_size=1))
    assert len(outputs) == 2 and all(isinstance(text, str) and text for text in outputs)


def test_model_is_loaded_once_per_process_whatever_its_role(tiny_models):
    first = load_generator(str(tiny_models["chat"]), role="translation")
    assert load_generator(str(tiny_models["chat"]), role="summarization") is first


def test_batched_generation_matches_one_at_a_time(tiny_models):
    generator = load_generator(str(tiny_models["chat"]))
    settings = GenerationSettings(max_new_tokens=5, num_beams=1)
    batched = generator.generate(INDONESIAN, settings=settings)
    single = [generator.generate([text], settings=settings)[0] for text in INDONESIAN]
    assert batched == single


def test_t5_task_prefix_is_applied(tiny_models):
    generator = load_generator(str(tiny_models["t5"]))
    assert generator._prompt("text", None, "summarization") == "summarize: text"
    assert generator._prompt("text", None, None) == "text"


def test_too_long_input_raises_instead_of_cutting(tiny_models):
    generator = load_generator(str(tiny_models["marian"]))  # 128 positions
    with pytest.raises(InputTooLongError, match="exceeds the model's limit of 128"):
        generator.generate(["kata " * 400])


def test_repetition_control_ignores_the_prompt():
    """A prompt token repeated in the output is not penalised; a generated repeat is."""
    prompt = [5, 6, 7, 8]
    control = GeneratedTokensRepetitionControl(prompt_length=4, no_repeat_ngram_size=2, repetition_penalty=2.0)
    scores = torch.ones(1, 10)
    out = control(torch.tensor([prompt + [1, 2, 1]]), scores.clone())
    assert out[0, 5].item() == 1.0 and out[0, 6].item() == 1.0  # prompt tokens untouched
    assert out[0, 1].item() == 0.5  # generated token penalised
    assert out[0, 2].item() == float("-inf")  # "1 2" already generated: "2" after "1" blocked


def test_repetition_control_with_nothing_generated_leaves_scores():
    control = GeneratedTokensRepetitionControl(prompt_length=3, no_repeat_ngram_size=2, repetition_penalty=1.5)
    scores = torch.randn(2, 10)
    assert torch.equal(control(torch.tensor([[1, 2, 3], [4, 5, 6]]), scores.clone()), scores)
