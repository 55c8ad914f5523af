"""Settings: which models to use and the knobs of each stage.

Precedence, highest first: explicit arguments (command-line flags), environment variables,
a TOML configuration file, the defaults below. Every model setting takes a Hugging Face hub
id, a short alias (``qwen-0.5b``), or a local folder.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .registry import Registry
from .runtime import RUNTIMES

# Hub defaults a connected user gets.
# Marian id->en from the OPUS-MT project (Tiedemann & Thottingal, EAMT 2020).
DEFAULT_TRANSLATION_MODEL = "Helsinki-NLP/opus-mt-id-en"
# BART large fine-tuned on CNN/DailyMail news summarisation (Lewis et al., ACL 2020).
DEFAULT_SUMMARIZATION_MODEL = "facebook/bart-large-cnn"
# Sentence embeddings, 384 dimensions (model card: sentence-transformers/all-MiniLM-L6-v2).
DEFAULT_EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_MODELS = {"translation": DEFAULT_TRANSLATION_MODEL, "summarization": DEFAULT_SUMMARIZATION_MODEL,
                  "embedding": DEFAULT_EMBEDDING_MODEL}
# Where `summarizer models fetch` installs the offline models: the first place local copies are looked up.
DEFAULT_MODELS_DIR = Path(os.environ.get("BRIEFING_MODELS_DIR", "~/.cache/briefing-models")).expanduser()

# Generation runtime: CTranslate2 int8 ran the 0.5B instruct model 3.8x faster than torch fp32 on
# this project's 2-core CPU with the same greedy output (benchmarks/); "transformers" keeps torch.
DEFAULT_BACKEND = "ctranslate2"
# Where CTranslate2 conversions of the models are kept (made once per model).
DEFAULT_CONVERTED_DIR = DEFAULT_MODELS_DIR / "ctranslate2"

# Briefing length in words. News briefings of 100-200 words are typical; Multi-News reference
# summaries average about 215 words (../shared/data/README.md).
DEFAULT_BRIEFING_WORDS = 150
# Most model tokens of selected source sentences the abstractive writer reads for one event.
DEFAULT_INPUT_TOKENS = 1536

# Environment variables, one per setting that users commonly change.
ENV_VARS = {
    "translation_model": "SUMMARIZER_TRANSLATION_MODEL",
    "summarization_model": "SUMMARIZER_SUMMARIZATION_MODEL",
    "embedding_model": "SUMMARIZER_EMBEDDING_MODEL",
    "models_dir": "SUMMARIZER_MODELS_DIR",
    "device": "SUMMARIZER_DEVICE",
    "backend": "SUMMARIZER_BACKEND",
    "converted_dir": "SUMMARIZER_CONVERTED_DIR",
    "selector": "SUMMARIZER_SELECTOR",
    "writer": "SUMMARIZER_WRITER",
    "clusterer": "SUMMARIZER_CLUSTERER",
    "checker": "SUMMARIZER_CHECKER",
}
CONFIG_ENV_VAR = "SUMMARIZER_CONFIG"


@dataclass(frozen=True)
class Settings:
    """Everything a run can be configured with; see the module docstring for precedence."""

    translation_model: str = DEFAULT_TRANSLATION_MODEL
    summarization_model: str = DEFAULT_SUMMARIZATION_MODEL
    embedding_model: str = DEFAULT_EMBEDDING_MODEL
    # Folders of local model copies named after hub ids, searched in order; in the environment
    # and on the command line a path list ("/models:/more/models").
    models_dir: tuple[Path, ...] = (DEFAULT_MODELS_DIR,)
    device: str = "cpu"
    # Runtime of the generative models: "ctranslate2" (int8), "transformers" (torch fp32) or "llamacpp" (4-bit).
    backend: str = DEFAULT_BACKEND
    # Where CTranslate2 conversions of the models are kept (made once per model).
    converted_dir: Path = DEFAULT_CONVERTED_DIR
    translation_batch_size: int = 8
    # Similarity threshold of event clustering; None keeps summarizer.events.clustering.DEFAULT_EVENT_THRESHOLD.
    event_threshold: float | None = None
    # Length of each event briefing, in words.
    briefing_words: int = DEFAULT_BRIEFING_WORDS
    # Most model tokens of source sentences given to the abstractive writer for one event.
    input_token_budget: int = DEFAULT_INPUT_TOKENS
    # Sentence selector (summarizer.select.learned): "learned" (the packaged model), "centroid"
    # (unsupervised), or the path of a model file made by `python -m eval train-selector`.
    selector: str = "learned"
    # Briefing writer (summarizer.write.WRITERS): "auto" (abstractive with a summarisation model such as BART,
    # extractive with an instruct model), "abstractive", "extractive" (no generative model), "fusion", or any
    # name registered with summarizer.register_writer.
    writer: str = "auto"
    # Event clusterer and briefing checker by name (summarizer.events.CLUSTERERS, summarizer.check.CHECKERS):
    # "events" (summarizer.events.clustering) and "facts" (summarizer.check.checker), or names registered there.
    clusterer: str = "events"
    checker: str = "facts"

    @classmethod
    def load(cls, config_file: str | Path | None = None, **overrides) -> "Settings":
        """Build settings from defaults, a TOML file, the environment and ``overrides``.

        ``config_file`` (or ``$SUMMARIZER_CONFIG``) is a TOML file whose top-level keys are
        the field names of this class. Overrides that are ``None`` are ignored.
        """
        values: dict = {}
        origins: dict[str, str] = {}
        config_file = config_file or os.environ.get(CONFIG_ENV_VAR)
        if config_file:
            values.update(_read_toml(Path(config_file)))
            origins.update(dict.fromkeys(values, f"in {config_file}"))
        for name, var in ENV_VARS.items():
            if os.environ.get(var):
                values[name], origins[name] = os.environ[var], f"from ${var}"
        given = {k: v for k, v in overrides.items() if v is not None}
        values.update(given)
        origins.update(dict.fromkeys(given, "given"))
        unknown = set(values) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"Settings: unknown setting(s) {sorted(unknown)}; known: {[f.name for f in fields(cls)]}")
        values = validated(values, origins)
        if "models_dir" in values:
            values["models_dir"] = parse_path_list(values["models_dir"])
        if "converted_dir" in values:
            values["converted_dir"] = Path(values["converted_dir"]).expanduser()
        return replace(cls(), **values)


def parse_path_list(value: str | Path | list | tuple) -> tuple[Path, ...]:
    """Folders from a path list string ("a:b"), a path, or a list of paths."""
    parts = value.split(os.pathsep) if isinstance(value, str) else [value] if isinstance(value, Path) else value
    return tuple(Path(part).expanduser() for part in parts if str(part))


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise FileNotFoundError(f"configuration file {path} does not exist; fix the path or unset ${CONFIG_ENV_VAR}") from None
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"configuration file {path} is not valid TOML: {error}") from None


# Checks of the settings' values on load, apart from their defaults above.
# Numbers: (type, smallest, largest). A briefing under 10 words says nothing; the input budget must
# hold at least a few sentences.
NUMBER_RANGES: dict[str, tuple[type, float, float]] = {
    "translation_batch_size": (int, 1, 512),
    "briefing_words": (int, 10, 1000),
    "input_token_budget": (int, 64, 32768),
    "event_threshold": (float, 0.0, 1.0),
}
CHOICES: dict[str, Registry] = {"backend": RUNTIMES}
TEXT_SETTINGS = ("translation_model", "summarization_model", "embedding_model", "device", "selector", "writer",
                 "clusterer", "checker")
PATH_SETTINGS = ("models_dir", "converted_dir")


def validated(values: dict, origins: dict[str, str] | None = None) -> dict:
    """``values`` (setting name -> value, as read from TOML, the environment or flags) checked and typed.

    Numbers given as text (``"8"`` from the environment) become numbers.

    :raises ValueError: naming the first bad setting, where it came from and the values allowed.
    """
    checked = dict(values)
    for name, value in values.items():
        where = f" ({origins[name]})" if origins and name in origins else ""
        if name in NUMBER_RANGES:
            checked[name] = _number(name, value, where)
        elif name in CHOICES and value not in CHOICES[name]:
            raise ValueError(f"setting {name} = {value!r}{where} is not allowed; use one of "
                             f"{', '.join(CHOICES[name].names())}")
        elif name in TEXT_SETTINGS and not (isinstance(value, str) and value.strip()):
            raise ValueError(f"setting {name} = {value!r}{where} must be a non-empty text (a model name or path"
                             f"{', or a torch device such as cpu or cuda' if name == 'device' else ''})")
        elif name in PATH_SETTINGS and not isinstance(value, str | Path | list | tuple):
            raise ValueError(f"setting {name} = {value!r}{where} must be a folder path (or a list of them)")
        elif name == "device" and (problem := device_problem(value.strip())):
            raise ValueError(f"setting device = {value!r}{where} cannot be used: {problem}; set the device "
                             f"(${ENV_VARS['device']}, --device, or device in the settings file) to cpu, or to cuda on "
                             "a machine with an NVIDIA GPU")
    return checked


def device_problem(device: str) -> str | None:
    """Why torch cannot run on ``device`` on this machine ("gpu9", "cuda" without a GPU), or None when it can."""
    if device == "cpu":
        return None
    import torch

    try:
        parsed = torch.device(device)
    except RuntimeError:
        return "it is not a torch device (cpu, cuda, cuda:1, mps ...)"
    if parsed.type == "cuda":
        count = torch.cuda.device_count() if torch.cuda.is_available() else 0
        if count == 0:
            return "this machine has no CUDA GPU that torch can use"
        if parsed.index is not None and parsed.index >= count:
            return f"this machine has {count} CUDA GPU(s), numbered from cuda:0"
    if parsed.type == "mps" and not torch.backends.mps.is_available():
        return "this machine has no Apple GPU (mps) that torch can use"
    return None


def _number(name: str, value, where: str):
    kind, low, high = NUMBER_RANGES[name]
    if name == "event_threshold" and value is None:
        return None
    allowed = f"{'a whole number' if kind is int else 'a number'} from {low:g} to {high:g}"
    try:
        if isinstance(value, bool) or (kind is int and isinstance(value, float)):
            raise ValueError
        number = kind(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise ValueError(f"setting {name} = {value!r}{where} is not {allowed}") from None
    if not low <= number <= high:
        raise ValueError(f"setting {name} = {value!r}{where} is out of range; use {allowed}")
    return number
