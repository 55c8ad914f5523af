"""The CTranslate2 backend: converted once, same interface, prompt not counted by repeat blocking."""
import logging

import pytest

from summarizer.runtime.generation import GenerationSettings, load_generator

INDONESIAN = ["Presiden Rusia Vladimir Putin melakukan kunjungan ke Beijing.", "Kesepakatan itu bernilai 50 miliar."]
SHORT = GenerationSettings(max_new_tokens=6, num_beams=1, batch_size=2)


@pytest.mark.parametrize("kind", ["marian", "t5"])
def test_seq2seq_models_run_converted_to_int8(tiny_models, tmp_path, kind):
    generator = load_generator(str(tiny_models[kind]), backend="ctranslate2", converted_dir=tmp_path)
    assert generator.backend == "ctranslate2" and generator.family == "seq2seq"
    outputs = generator.generate(INDONESIAN, settings=SHORT)
    assert len(outputs) == 2 and all(outputs)
    [converted] = tmp_path.iterdir()
    assert (converted / "model.bin").is_file() and converted.name.startswith(f"{kind}-int8-")


def test_conversion_is_made_once_and_reused(tiny_models, tmp_path):
    from summarizer.runtime.ctranslate import converted_model

    first = converted_model(str(tiny_models["marian"]), tmp_path)
    stamp = (first / "model.bin").stat().st_mtime_ns
    assert converted_model(str(tiny_models["marian"]), tmp_path) == first
    assert (first / "model.bin").stat().st_mtime_ns == stamp


def test_interrupted_conversion_leaves_no_model_folder(tiny_models, tmp_path, monkeypatch):
    from ctranslate2.converters import TransformersConverter

    from summarizer.runtime.ctranslate import converted_model

    def broken(self, output_dir, **options):
        (__import__("pathlib").Path(output_dir) / "model.bin").write_bytes(b"half")
        raise KeyboardInterrupt

    monkeypatch.setattr(TransformersConverter, "convert", broken)
    with pytest.raises(KeyboardInterrupt):
        converted_model(str(tiny_models["t5"]), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_model_ctranslate2_cannot_convert_falls_back_to_transformers(tiny_models, tmp_path, caplog):
    # CTranslate2's BART converter reads config fields that transformers 5 no longer has.
    with caplog.at_level(logging.WARNING):
        generator = load_generator(str(tiny_models["bart"]), backend="ctranslate2", converted_dir=tmp_path)
    assert generator.backend == "transformers"
    assert "CTranslate2 cannot run this model" in caplog.text and "using transformers" in caplog.text
    assert generator.generate(INDONESIAN[:1], settings=SHORT)[0]


def test_unknown_backend_is_a_clear_error(tiny_models):
    with pytest.raises(ValueError, match="unknown backend 'onnx'; choose one of ctranslate2, transformers"):
        load_generator(str(tiny_models["t5"]), backend="onnx")


@pytest.mark.slow
def test_qwen_on_ctranslate2_copies_names_and_numbers_from_the_prompt(qwen_0_5b, tmp_path):
    """Bigram blocking counts generated tokens only: a name and a number stated twice in the prompt still copy."""
    generator = load_generator(qwen_0_5b, backend="ctranslate2")
    assert generator.backend == "ctranslate2"
    text = ("Anthony Scaramucci said the Power of Siberia 2 pipeline will carry 50 billion cubic meters of gas "
            "a year, Scaramucci said.")
    settings = GenerationSettings(max_new_tokens=60, num_beams=1, no_repeat_ngram_size=2, batch_size=1)
    [output] = generator.generate([text], instruction="Repeat the user's sentence exactly.", settings=settings)
    assert "Anthony Scaramucci" in output and "Power of Siberia 2" in output and "50 billion" in output
