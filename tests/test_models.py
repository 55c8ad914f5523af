"""Model names resolve to local folders or hub ids; failures say where we looked and what to do."""
import pytest

from summarizer.config import Settings
from summarizer.runtime.generation import load_generator
from summarizer.runtime.models import ModelNotFoundError, load_sentence_embedder, resolve_model


def test_local_folder_is_used_directly(tiny_models):
    location = resolve_model(str(tiny_models["marian"]))
    assert location.is_local and location.path == str(tiny_models["marian"].resolve())


def test_hub_id_resolves_to_a_copy_in_the_models_dir(tmp_path, tiny_models):
    (tmp_path / "qwen2.5-coder-0.5b-instruct").symlink_to(tiny_models["chat"])
    location = resolve_model("Qwen/Qwen2.5-Coder-0.5B-Instruct", tmp_path)
    assert location.is_local and location.path == str(tiny_models["chat"].resolve())
    assert resolve_model("qwen-0.5b", tmp_path).path == location.path  # alias


def test_models_dirs_are_searched_in_order(tmp_path, tiny_models):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    (second / "opus-mt-id-en").symlink_to(tiny_models["marian"])
    settings = Settings.load(models_dir=f"{first}:{second}")
    assert settings.models_dir == (first, second)
    location = resolve_model("Helsinki-NLP/opus-mt-id-en", settings.models_dir)
    assert location.is_local and location.searched[0] == str(first / "opus-mt-id-en")


def test_hub_id_without_local_copy_stays_a_hub_id(tmp_path):
    location = resolve_model("facebook/bart-large-cnn", tmp_path)
    assert not location.is_local and location.path == "facebook/bart-large-cnn"
    assert str(tmp_path / "bart-large-cnn") in location.searched


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        resolve_model(str(tmp_path / "nowhere"))


def test_folder_without_config_is_a_clear_error(tmp_path):
    with pytest.raises(ModelNotFoundError, match="no config.json"):
        resolve_model(str(tmp_path))


def test_unreachable_model_names_model_places_and_fix(tmp_path, monkeypatch):
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)  # read at import: fail fast
    with pytest.raises(ModelNotFoundError) as error:
        load_generator("no-such-org/no-such-model", tmp_path, role="translation")
    message = str(error.value)
    assert "no-such-org/no-such-model" in message and str(tmp_path / "no-such-model") in message
    assert "SUMMARIZER_TRANSLATION_MODEL" in message


def test_settings_precedence(tmp_path, monkeypatch):
    config = tmp_path / "summarizer.toml"
    config.write_text('translation_model = "from-file"\nembedding_model = "emb-from-file"\n')
    monkeypatch.setenv("SUMMARIZER_TRANSLATION_MODEL", "from-env")
    settings = Settings.load(config, summarization_model="from-flag", embedding_model=None)
    assert settings.translation_model == "from-env"
    assert settings.embedding_model == "emb-from-file"
    assert settings.summarization_model == "from-flag"


def test_settings_reject_unknown_keys(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text('translation_modle = "x"\n')
    with pytest.raises(ValueError, match="translation_modle"):
        Settings.load(config)


def test_embedding_model_loads_from_local_folder(shared_dir):
    embedder = load_sentence_embedder(str(shared_dir / "models" / "all-MiniLM-L6-v2"))
    vectors = embedder.encode(["Putin visited Beijing.", "Putin went to China."])
    assert vectors.shape == (2, 384)
