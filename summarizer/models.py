"""Resolve a model name to weights, and load each model once per process.

A model is named by a Hugging Face hub id (the default a connected user gets), a short
alias, or a local folder. Local copies are found without any network: a folder path given
directly, or a folder inside the models directory named after the hub id
(``qwen2.5-coder-1.5b-instruct`` or ``Qwen--Qwen2.5-Coder-1.5B-Instruct``).

Weights load from safetensors only, and never with ``trust_remote_code``: a pickled checkpoint
(``pytorch_model.bin``) or a model's own Python code could run anything on the machine that loads it.
A local folder is checked before any file in it is read: it must hold config.json and *.safetensors.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .config import ENV_VARS

log = logging.getLogger(__name__)

# Short names for the instruct models that ../shared/models/fetch_llms.py assembles.
MODEL_ALIASES = {
    "qwen-0.5b": "Qwen/Qwen2.5-Coder-0.5B-Instruct",
    "qwen-1.5b": "Qwen/Qwen2.5-Coder-1.5B-Instruct",
}
FETCH_HINT = "python ../shared/models/fetch_llms.py qwen-0.5b qwen-1.5b"


SAFETENSORS = "*.safetensors"  # the only weights loaded


class ModelNotFoundError(RuntimeError):
    """A model could not be found or loaded; the message says where we looked and what to do."""


@dataclass(frozen=True)
class ModelLocation:
    """Where a model's files are: a local folder, or a hub id to download from."""

    name: str  # what the user asked for
    path: str  # local folder, or hub id
    is_local: bool
    searched: tuple[str, ...] = ()  # the local folders that were tried


def resolve_model(name: str, models_dir: Sequence[Path] | Path | None = None) -> ModelLocation:
    """Turn a model name (hub id, alias or folder) into a local folder or hub id.

    :param name: hub id (``facebook/bart-large-cnn``), alias (``qwen-1.5b``) or folder path.
    :param models_dir: folder(s) holding local copies named after hub ids, searched in order.
    :raises ModelNotFoundError: if ``name`` looks like a path but is not a model folder.
    """
    if not name or not name.strip():
        raise ModelNotFoundError("model name is empty: give a hub id or a local folder")
    name = name.strip()
    hub_id = MODEL_ALIASES.get(name.lower(), name)
    direct = Path(name).expanduser()
    if direct.is_dir():
        _check_model_folder(direct, name)
        return ModelLocation(name, str(direct.resolve()), True, (str(direct),))
    if direct.exists():
        raise ModelNotFoundError(f"{direct} is a file, not a model folder: give the folder that holds its config.json "
                                 f"and {SAFETENSORS}")
    if _looks_like_path(name):
        raise ModelNotFoundError(f"model folder {direct} does not exist; fix the path, or give a hub id")
    searched = []
    folders = [models_dir] if isinstance(models_dir, (str, Path)) else list(models_dir or [])
    for folder in folders:
        for candidate in _local_candidates(hub_id, Path(folder).expanduser()):
            searched.append(str(candidate))
            if (candidate / "config.json").is_file():
                _check_model_folder(candidate, name)
                return ModelLocation(name, str(candidate.resolve()), True, tuple(searched))
    return ModelLocation(name, hub_id, False, tuple(searched))


def not_found_message(location: ModelLocation, role: str, error: Exception) -> str:
    """An error message naming the model, where we looked, and how to fix it."""
    env_var = ENV_VARS.get(f"{role}_model", "SUMMARIZER_<ROLE>_MODEL")
    looked = ", ".join(location.searched) or "no local folder"
    return (
        f"cannot load the {role} model '{location.name}' ({type(error).__name__}: {error}).\n"
        f"  looked in: {looked}; then the Hugging Face hub as '{location.path}'.\n"
        f"  fix: on a connected machine the hub id downloads by itself; offline, point ${env_var} "
        f"(or the matching --{role.replace('_', '-')}-model flag) at a local folder, or put a copy in "
        f"$SUMMARIZER_MODELS_DIR named after the hub id. Instruct models: {FETCH_HINT}"
    )


def _check_model_folder(folder: Path, name: str) -> None:
    if not (folder / "config.json").is_file():
        raise ModelNotFoundError(
            f"model folder {folder} (from '{name}') has no config.json: give a Hugging Face model folder "
            f"(config.json, tokenizer files, {SAFETENSORS})"
        )
    if not any(folder.glob(SAFETENSORS)):
        pickled = sorted(path.name for path in folder.glob("*.bin"))
        found = f"only pickled weights ({', '.join(pickled)})" if pickled else "no weights"
        raise ModelNotFoundError(
            f"model folder {folder} (from '{name}') has {found}: weights load from {SAFETENSORS} only, since a "
            "pickle can run code when loaded; save the model with save_pretrained(folder) (safetensors is its "
            "default) or download its .safetensors files"
        )


def _looks_like_path(name: str) -> bool:
    return name.startswith(("/", ".", "~")) or name.count("/") > 1 or "\\" in name


def _local_candidates(hub_id: str, models_dir: Path) -> list[Path]:
    base = hub_id.split("/")[-1]
    names = dict.fromkeys([base.lower(), base, hub_id.replace("/", "--")])  # ordered, without repeats
    return [models_dir / name for name in names]


@functools.lru_cache(maxsize=8)
def load_sentence_embedder(name: str, models_dir: tuple[Path, ...] | Path | None = None, device: str = "cpu"):
    """Load a sentence-transformers model once per process (cached by name and place)."""
    from sentence_transformers import SentenceTransformer

    location = resolve_model(name, models_dir)
    try:
        return SentenceTransformer(location.path, device=device, trust_remote_code=False,
                                   local_files_only=location.is_local, model_kwargs={"use_safetensors": True})
    except Exception as error:  # noqa: BLE001 - any load failure becomes one clear error
        raise ModelNotFoundError(not_found_message(location, "embedding", error)) from error
