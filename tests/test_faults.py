"""Faults: a model that fails to load or runs out of memory mid-batch stops with a clear error, keeping finished work."""
from __future__ import annotations

import shutil

import pytest

from summarizer.articles import Article
from summarizer.frontends.cli import EXAMPLES_DIR, main
from summarizer.runtime.generation import load_generator, out_of_memory
from summarizer.runtime.models import ModelNotFoundError
from summarizer.translate.translator import translate_articles
from summarizer.write.writer import ExtractiveWriter


class _FailingTranslator:
    """Translates from Indonesian, raising ``error`` instead."""

    def __init__(self, error: Exception):
        self.error = error

    def supports(self, language: str) -> bool:
        return language == "id"

    def translate(self, sentences, language):
        raise self.error


def _indonesian() -> Article:
    return Article(id="id-1", text="Pelabuhan dibuka.", language="id", sentences=["Pelabuhan dibuka."])


@pytest.mark.parametrize("error", [MemoryError(), RuntimeError("DefaultCPUAllocator: can't allocate memory")])
def test_out_of_memory_stops_translation(error):
    assert out_of_memory(error)
    with pytest.raises(type(error)):
        translate_articles([_indonesian()], _FailingTranslator(error), progress=False)


def test_other_translation_failures_leave_the_article_untranslated_with_a_warning():
    error = RuntimeError("CUDA error: device-side assert triggered")
    assert not out_of_memory(error)
    [article] = translate_articles([_indonesian()], _FailingTranslator(error), progress=False)
    assert article.translation is None
    assert article.translation_warnings == ["translation failed (RuntimeError: CUDA error: device-side assert "
                                            "triggered); used as it is"]


def test_generator_that_fails_to_load_names_the_model_and_the_fix(tiny_models, tmp_path):
    broken = tmp_path / "broken-marian"
    shutil.copytree(tiny_models["marian"], broken)
    (broken / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(ModelNotFoundError) as raised:
        load_generator(str(broken), role="translation", backend="transformers")
    message = str(raised.value)
    assert message.startswith(f"cannot load the translation model '{broken}'")
    assert "fix: " in message and "$SUMMARIZER_TRANSLATION_MODEL" in message


def _batch_args(paths, out, embedder, translation_model="none") -> list[str]:
    return ["batch", *map(str, paths), "-o", str(out), "--extractive", "-q", "--backend", "transformers",
            "--translation-model", str(translation_model), "--embedding-model", str(embedder)]


def test_out_of_memory_mid_batch_keeps_finished_briefings_and_resumes(seeds_dir, shared_dir, tmp_path, monkeypatch,
                                                                      capsys):
    args = _batch_args([EXAMPLES_DIR, *sorted(seeds_dir.glob("00[1-4]_*.txt"))], tmp_path,
                       shared_dir / "models" / "all-MiniLM-L6-v2")
    write_event, calls = ExtractiveWriter.write_event, []

    def runs_out_of_memory_on_the_third_event(writer, sources):
        calls.append(1)
        if len(calls) == 3:
            raise MemoryError()
        return write_event(writer, sources)

    monkeypatch.setattr(ExtractiveWriter, "write_event", runs_out_of_memory_on_the_third_event)
    assert main(args) == 2
    error = capsys.readouterr().err
    assert "error: the batch stopped: MemoryError\n  the finished work is kept in " in error
    assert f"the finished work is kept in {tmp_path / 'work'} (" in error and ", 2 briefings); free memory" in error
    assert error.rstrip().endswith("then run the same command again to resume")
    assert len((tmp_path / "work" / "briefings.jsonl").read_text(encoding="utf-8").splitlines()) == 2

    monkeypatch.setattr(ExtractiveWriter, "write_event", write_event)
    assert main(args) == 0
    assert "2 brief record(s) reused" in capsys.readouterr().out


def test_translation_model_failing_to_load_mid_batch_keeps_loaded_articles(seeds_dir, shared_dir, tiny_models,
                                                                           tmp_path, capsys):
    model = tmp_path / "marian"
    model.mkdir()
    shutil.copy(tiny_models["marian"] / "config.json", model)
    (model / "model.safetensors").write_bytes(b"truncated download")
    args = _batch_args(sorted(seeds_dir.glob("00[01]_*.txt")), tmp_path / "out", shared_dir / "models" / "all-MiniLM-L6-v2",
                       translation_model=model)
    assert main(args) == 2
    error = capsys.readouterr().err
    assert f"error: the batch stopped: ModelNotFoundError: cannot load the translation model '{model}'" in error
    assert "(2 articles, 0 translations, 0 briefings); fix the cause, then run the same command again" in error

    shutil.rmtree(model)
    shutil.copytree(tiny_models["marian"], model)  # the download finished
    assert main(args) == 0
    assert "2 load record(s) reused" in capsys.readouterr().out
