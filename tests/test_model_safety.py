"""Models load from checked local folders, from safetensors only, and never run a model's own code."""
from __future__ import annotations

import json
import shutil

import pytest
import torch
from transformers import MarianMTModel

from summarizer.runtime import models
from summarizer.runtime.ctranslate import converted_model
from summarizer.runtime.generation import _load_generator, load_generator
from summarizer.runtime.models import ModelNotFoundError, load_sentence_embedder, resolve_model

# A model that ships its own code: loading it with trust_remote_code would import these files.
REMOTE_CODE = "from pathlib import Path\nPath(__file__).with_name('ran').touch()\n"


@pytest.fixture(scope="module")
def pickled_marian(tiny_models, tmp_path_factory):
    """The tiny Marian model with pickled weights (pytorch_model.bin) only."""
    folder = tmp_path_factory.mktemp("pickled") / "marian"
    shutil.copytree(tiny_models["marian"], folder, ignore=shutil.ignore_patterns("*.safetensors"))
    torch.save(MarianMTModel.from_pretrained(tiny_models["marian"]).state_dict(), folder / "pytorch_model.bin")
    assert (folder / "pytorch_model.bin").is_file() and not list(folder.glob("*.safetensors"))
    return folder


def test_a_path_that_is_not_a_model_folder_says_what_is_expected(tmp_path):
    (tmp_path / "weights.safetensors").write_bytes(b"")
    (tmp_path / "empty").mkdir()
    (tmp_path / "config-only").mkdir()
    (tmp_path / "config-only" / "config.json").write_text("{}")
    expected = {
        "nowhere": "model folder {} does not exist; fix the path, or give a hub id",
        "weights.safetensors": "{} is a file, not a model folder: give the folder that holds its config.json",
        "empty": "model folder {} (from '{}') has no config.json: give a Hugging Face model folder",
        "config-only": "model folder {} (from '{}') has no weights: weights load from *.safetensors only",
    }
    for name, message in expected.items():
        path = tmp_path / name
        with pytest.raises(ModelNotFoundError) as raised:
            resolve_model(str(path))
        assert str(raised.value).startswith(message.format(path, path)), name


def test_pickled_weights_are_refused_before_loading(pickled_marian, tmp_path):
    with pytest.raises(ModelNotFoundError, match=r"has only pickled weights \(pytorch_model.bin\): weights load from "
                                                 r"\*.safetensors only, since a pickle can run code when loaded"):
        resolve_model(str(pickled_marian))
    (tmp_path / "opus-mt-id-en").symlink_to(pickled_marian)  # a copy in the models folder is checked too
    with pytest.raises(ModelNotFoundError, match="has only pickled weights"):
        resolve_model("Helsinki-NLP/opus-mt-id-en", tmp_path)


def test_pickled_weights_never_load_even_past_the_folder_check(pickled_marian, tmp_path, monkeypatch):
    with pytest.raises(OSError, match="safetensors"):
        _load_generator(str(pickled_marian), True, "cpu", "transformers", None)
    with pytest.raises(OSError, match="safetensors"):
        converted_model(str(pickled_marian), tmp_path)
    monkeypatch.setattr(models, "_check_model_folder", lambda folder, name: None)
    with pytest.raises(ModelNotFoundError, match="safetensors"):
        load_sentence_embedder(str(pickled_marian))


def test_a_model_with_its_own_code_is_refused_and_the_code_never_runs(tmp_path):
    folder = tmp_path / "custom"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "custom", "auto_map": {
        "AutoConfig": "configuration_custom.CustomConfig", "AutoModel": "modeling_custom.CustomModel",
        "AutoModelForCausalLM": "modeling_custom.CustomModel"}}))
    (folder / "configuration_custom.py").write_text(REMOTE_CODE)
    (folder / "modeling_custom.py").write_text(REMOTE_CODE)
    (folder / "model.safetensors").write_bytes(b"")
    with pytest.raises(ModelNotFoundError, match="trust_remote_code"):
        load_generator(str(folder), role="summarization", backend="transformers")
    with pytest.raises(ModelNotFoundError, match="trust_remote_code"):
        load_sentence_embedder(str(folder))
    assert not (folder / "ran").exists()
