"""Settings are checked on load: each error names the setting, where it came from and the values allowed."""
import pytest

from summarizer.frontends.cli import main
from summarizer.config import Settings


def _toml(tmp_path, text):
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, message", [
    ('briefing_words = "lots"', "setting briefing_words = 'lots' (in {path}) is not a whole number from 10 to 1000"),
    ("briefing_words = 0", "briefing_words = 0 (in {path}) is out of range"),
    ("input_token_budget = 0", "input_token_budget = 0 (in {path}) is out of range; use a whole number from 64"),
    ("event_threshold = 2.5", "event_threshold = 2.5 (in {path}) is out of range; use a number from 0 to 1"),
    ("translation_batch_size = true", "translation_batch_size = True (in {path}) is not a whole number"),
    ('backend = "onnx"', "backend = 'onnx' (in {path}) is not allowed; use one of ctranslate2, transformers"),
    ("embedding_model = 3", "embedding_model = 3 (in {path}) must be a non-empty text"),
])
def test_bad_toml_values_name_the_setting_and_what_is_allowed(tmp_path, text, message):
    path = _toml(tmp_path, text)
    with pytest.raises(ValueError, match=message.format(path=path).replace("(", r"\(").replace(")", r"\)")):
        Settings.load(path)


def test_bad_environment_value_is_refused(monkeypatch):
    monkeypatch.setenv("SUMMARIZER_BACKEND", "bogus")
    with pytest.raises(ValueError, match=r"backend = 'bogus' \(from \$SUMMARIZER_BACKEND\) is not allowed"):
        Settings.load()


def test_good_values_are_typed(tmp_path):
    settings = Settings.load(_toml(tmp_path, 'briefing_words = "120"\nevent_threshold = 0.4'))
    assert (settings.briefing_words, settings.event_threshold) == (120, 0.4)


def test_words_zero_on_the_command_line_is_a_clear_error(tmp_path, capsys):
    assert main(["brief", str(tmp_path), "-o", str(tmp_path / "out"), "--extractive", "-q", "--words", "0"]) == 2
    assert "briefing_words = 0 (given) is out of range" in capsys.readouterr().err
