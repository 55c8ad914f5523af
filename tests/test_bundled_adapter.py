"""Adapters shipped with the package: bundled in bf16 with their record, merged once with the fetched base, named by
their own name, standing in offline only on the base they were trained on, and recorded as base + adapter."""
from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from eval.bundle_adapter import bundle
from eval.train_translator import main as train_translator
from summarizer.config import DEFAULT_TRANSLATION_MODEL
from summarizer.runtime import adapters, models
from summarizer.runtime.models import (ModelNotFoundError, effective_model, merge_bundled_adapters, resolve_model,
                                       weights_identity)
from summarizer.runtime.provisioning import OFFLINE_MODELS, PROVENANCE_FILE, file_sha256

NAME = "qwen-1.5b-id-en"
SOURCES = ["Presiden Tiongkok tiba di Moskwa pada hari Senin.", "Harga beras naik 5 persen."]
ENGLISH = ["China's president arrived in Moscow on Monday.", "The price of rice rose 5 percent."]


def install_as_fetched(tiny_chat: Path, models_dir: Path) -> Path:
    """The tiny chat model laid out as `summarizer models fetch` installs qwen-1.5b, provenance record included."""
    entry = OFFLINE_MODELS["qwen-1.5b"]
    folder = models_dir / entry.folder
    shutil.copytree(tiny_chat, folder)
    (folder / PROVENANCE_FILE).write_text(json.dumps({"name": entry.name, "upstream": entry.upstream,
                                                      "sha256": entry.sha256}), encoding="utf-8")
    return folder


@pytest.fixture
def bundled(tiny_models, tmp_path, monkeypatch) -> tuple[Path, Path]:
    """A translation adapter trained on the fetched-looking base, bundled into a package folder of its own."""
    models_dir = tmp_path / "models"
    install_as_fetched(tiny_models["chat"], models_dir)
    monkeypatch.setenv("SUMMARIZER_MODELS_DIR", str(models_dir))
    monkeypatch.setattr(adapters, "BUNDLED_FOLDER", tmp_path / "bundled")
    monkeypatch.setattr(models, "hub_reachable", lambda: False)
    source, reference = tmp_path / "ind.dev", tmp_path / "eng.dev"
    source.write_text("\n".join(SOURCES) + "\n", encoding="utf-8")
    reference.write_text("\n".join(ENGLISH) + "\n", encoding="utf-8")
    out = tmp_path / "lora"
    train_translator(["--source", str(source), "--reference", str(reference), "--lines", "0-1", "--model", "qwen-1.5b",
                      "--out", str(out), "-q"])
    return bundle(out / "adapter", NAME, tmp_path / "bundled", [models_dir]), models_dir


def test_the_bundle_is_bf16_with_the_training_record_and_the_base_provenance(bundled, tmp_path):
    from safetensors.torch import load_file

    folder, _ = bundled
    trained = load_file(tmp_path / "lora" / "adapter" / "adapter_model.safetensors")
    shipped = load_file(folder / "adapter_model.safetensors")
    assert shipped.keys() == trained.keys() and {str(t.dtype) for t in shipped.values()} == {"torch.bfloat16"}
    assert all((shipped[k].float() - trained[k].float()).abs().max() <= trained[k].float().abs().max() / 64 for k in shipped)
    signature = json.loads((folder / "signature.json").read_text())
    entry = OFFLINE_MODELS["qwen-1.5b"]
    assert signature["base_provenance"] == {"upstream": entry.upstream, "sha256": entry.sha256}
    assert signature["base_model"] == "qwen-1.5b" and len(signature["reference_sha256"]) == 64 and signature["steps"] == 1
    assert "base_path" not in signature and signature["bundled"]["dtype"] == "bfloat16"
    assert json.loads((folder / "adapter_config.json").read_text())["base_model_name_or_path"] == entry.upstream.split("-GGUF")[0]
    umask = os.umask(0)
    os.umask(umask)
    assert {stat.S_IMODE(path.stat().st_mode) for path in folder.iterdir()} == {0o666 & ~umask}  # not 0600


def test_named_by_its_name_it_is_merged_once_and_recorded_as_base_and_adapter(bundled):
    folder, models_dir = bundled
    location = resolve_model(NAME, [models_dir])
    merged = Path(location.path)
    assert merged.parent == models_dir / "merged" and (merged / "config.json").is_file()
    assert resolve_model(NAME, [models_dir]).path == location.path  # once
    entry = OFFLINE_MODELS["qwen-1.5b"]
    assert weights_identity(location.path, True) == {
        "base_model": "qwen-1.5b", "base": {"upstream": entry.upstream, "sha256": entry.sha256},
        "adapter": NAME, "adapter_sha256": file_sha256(folder / "adapter_model.safetensors")}
    from summarizer.runtime.generation import load_generator

    generator = load_generator(NAME, [models_dir], backend="transformers", role="translation")
    assert isinstance(generator.generate(["Harga beras naik."], instruction="Translate into English.")[0], str)


def test_models_fetch_merges_the_adapters_of_the_models_it_fetched(bundled):
    folder, models_dir = bundled
    assert merge_bundled_adapters(["qwen-0.5b"], [models_dir]) == {}
    merged = merge_bundled_adapters(["qwen-1.5b"], [models_dir])
    assert list(merged) == [NAME] and (merged[NAME] / "config.json").is_file()


def test_offline_it_stands_in_only_on_the_base_it_was_trained_on(bundled, monkeypatch, tiny_models, tmp_path):
    _, models_dir = bundled
    assert models.OFFLINE_STAND_INS["translation"][0] == NAME  # the shipped default offline
    assert effective_model(DEFAULT_TRANSLATION_MODEL, "translation", [models_dir]) == NAME

    other = tmp_path / "other-models"
    base = install_as_fetched(tiny_models["chat"], other)
    record = json.loads((base / PROVENANCE_FILE).read_text())
    (base / PROVENANCE_FILE).write_text(json.dumps({**record, "sha256": "0" * 64}))  # another release of the base
    assert effective_model(DEFAULT_TRANSLATION_MODEL, "translation", [other]) == "qwen-1.5b"
    with pytest.raises(ModelNotFoundError, match="trained on other weights"):
        resolve_model(NAME, [other])


def test_a_base_that_is_not_installed_by_the_fetch_is_refused(tiny_models, tmp_path):
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    (adapter / "adapter_config.json").write_text("{}")
    (adapter / "signature.json").write_text(json.dumps({"base_model": str(tiny_models["chat"])}))
    with pytest.raises(SystemExit, match="is bundled only for a base every user can install"):
        bundle(adapter, NAME, tmp_path / "bundled", [tmp_path])
