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
import json
import logging
import os
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence
from urllib.parse import urlparse

from .adapters import (MERGED_FOLDER, AdapterError, adapter_fits, adapter_signature, bundled_adapters, is_adapter,
                       merged_identity, merged_model)
from ..config import DEFAULT_MODELS, DEFAULT_MODELS_DIR, ENV_VARS
from .provisioning import FETCH_COMMAND, OFFLINE_MODELS, PROVENANCE_FILE, file_sha256, installed_folder

log = logging.getLogger(__name__)

# Short names for the instruct models that `summarizer models fetch` installs.
MODEL_ALIASES = {
    "qwen-0.5b": "Qwen/Qwen2.5-Coder-0.5B-Instruct",
    "qwen-1.5b": "Qwen/Qwen2.5-Coder-1.5B-Instruct",
}
FETCH_HINT = FETCH_COMMAND
# What stands in for a role's default hub model when it has no local copy and the hub cannot be reached:
# the first of these offline models that is installed. The 1.5B translates better than the 0.5B (FLORES dev,
# docs/evaluation.md); the 0.5B writes briefings 2-3x faster at the same ROUGE (docs/evaluation.md).
OFFLINE_STAND_INS = {
    # qwen-1.5b-id-en: the bundled adapter trained on parallel-id-en, beating qwen-1.5b on FLORES dev (docs/evaluation.md)
    "translation": ("qwen-1.5b-id-en", "qwen-1.5b", "qwen-0.5b"),
    "summarization": ("qwen-0.5b", "qwen-1.5b"),
    "embedding": ("all-minilm-l6-v2",),
}
ROLE_VERBS = {"translation": "translating", "summarization": "writing briefings", "embedding": "embedding sentences"}
HUB_CHECK_TIMEOUT_S = 3.0  # one look at the hub per process; a machine without it answers in well under this


SAFETENSORS = "*.safetensors"  # the only weights loaded
WEIGHT_SUFFIXES = (".safetensors", ".bin")  # files whose hash pins a folder's weights (CTranslate2: model.bin)


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
    bundled = bundled_adapters().get(name.lower())
    if bundled is not None:
        return _adapted_model(name, bundled, models_dir)
    direct = Path(name).expanduser()
    if direct.is_dir() and is_adapter(direct):
        return _adapted_model(name, direct, models_dir)
    if direct.is_dir():
        _check_model_folder(direct, name)
        return ModelLocation(name, str(direct.resolve()), True, (str(direct),))
    if direct.exists():
        raise ModelNotFoundError(f"{direct} is a file, not a model folder: give the folder that holds its config.json "
                                 f"and {SAFETENSORS}")
    if _looks_like_path(name):
        raise ModelNotFoundError(f"model folder {direct} does not exist; fix the path, or give a hub id")
    searched = []
    for folder in _folders(models_dir):
        for candidate in _local_candidates(hub_id, folder):
            searched.append(str(candidate))
            if (candidate / "config.json").is_file():
                _check_model_folder(candidate, name)
                return ModelLocation(name, str(candidate.resolve()), True, tuple(searched))
    return ModelLocation(name, hub_id, False, tuple(searched))


def _adapted_model(name: str, adapter: Path, models_dir: Sequence[Path] | Path | None) -> ModelLocation:
    """An adapter folder as a model: its base model (found like any model) with the adapter merged in, once."""
    base_name = adapter_signature(adapter).get("base_model", "")
    base = resolve_model(base_name, models_dir)
    if not base.is_local:
        raise ModelNotFoundError(f"the adapter {adapter} needs its base model {base_name!r} on this machine "
                                 f"(looked in {', '.join(base.searched) or 'no models folder'}); {FETCH_HINT}")
    merged_dir = (_folders(models_dir) or [DEFAULT_MODELS_DIR])[0] / MERGED_FOLDER
    try:
        folder = merged_model(adapter, Path(base.path), merged_dir)
    except AdapterError as error:
        raise ModelNotFoundError(str(error)) from error
    return ModelLocation(name, str(folder), True, (str(adapter),))


@functools.lru_cache(maxsize=1)
def hub_reachable() -> bool:
    """Whether the Hugging Face hub answers, found out once per process (``HF_HUB_OFFLINE=1``: never asked).

    Honours ``HF_ENDPOINT``; a connection is tried with a short timeout, so an offline machine answers at once.
    """
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on"):
        return False
    endpoint = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    address = (endpoint.hostname or "huggingface.co", endpoint.port or (80 if endpoint.scheme == "http" else 443))
    answered = threading.Event()

    def connect():
        try:
            socket.create_connection(address, timeout=HUB_CHECK_TIMEOUT_S).close()
            answered.set()
        except OSError:
            pass

    attempt = threading.Thread(target=connect, daemon=True)  # name lookup has no timeout of its own
    attempt.start()
    attempt.join(HUB_CHECK_TIMEOUT_S)
    if not answered.is_set():
        log.info("the model hub (%s) cannot be reached: using local models only", address[0])
    return answered.is_set()


def effective_model(name: str, role: str, models_dir: Sequence[Path] | Path | None = None) -> str:
    """The model to use for ``role`` when the setting says ``name``.

    A role's default hub model resolves, in order, to a local copy, the hub (when reachable), then the first
    installed offline stand-in (said once). Any other name is used as given.

    :raises ModelNotFoundError: the default cannot be had and no offline model is installed (names the command).
    """
    if name != DEFAULT_MODELS.get(role) or resolve_model(name, models_dir).is_local or hub_reachable():
        return name
    folders = _folders(models_dir)
    for alias in OFFLINE_STAND_INS.get(role, ()):
        folder = _installed_stand_in(alias, folders)
        if folder is not None:
            _say_once(f"offline: {ROLE_VERBS[role]} with {alias} ({name} has no local copy and the hub cannot be reached)")
            return alias if alias in MODEL_ALIASES or alias in bundled_adapters() else str(folder)
    looked = ", ".join(str(folder) for folder in folders) or "no models folder"
    raise ModelNotFoundError(
        f"no {role} model on this machine: {name} has no local copy (looked in {looked}), the model hub cannot be "
        f"reached, and no offline model is installed. Run: {FETCH_COMMAND}")


def _installed_stand_in(alias: str, folders: list[Path]) -> Path | None:
    """The installed folder of an offline model, or of a bundled adapter's base when the adapter fits it."""
    adapter = bundled_adapters().get(alias)
    if adapter is None:
        return installed_folder(OFFLINE_MODELS[alias], folders)
    base = installed_folder(OFFLINE_MODELS[adapter_signature(adapter)["base_model"]], folders)
    if base is not None and not adapter_fits(adapter, base):
        log.info("the bundled adapter %s was trained on other weights than %s: not used", alias, base)
        return None
    return base


def merge_bundled_adapters(base_names: Sequence[str], models_dir: Sequence[Path] | Path | None,
                           converted_dir: Path | None = None) -> dict[str, Path]:
    """Merge each bundled adapter whose base model is among ``base_names`` (and installed), once; convert it too.

    :param converted_dir: where the CTranslate2 conversion is kept; None skips it.
    :returns: the merged folder of each adapter, by name.
    """
    from .ctranslate import converted_model

    merged = {}
    for name, adapter in bundled_adapters().items():
        if adapter_signature(adapter).get("base_model") not in base_names:
            continue
        if _installed_stand_in(name, _folders(models_dir)) is None:
            log.warning("%s not merged: its base model is not installed as `%s` installs it", name, FETCH_COMMAND)
            continue
        merged[name] = Path(resolve_model(name, models_dir).path)
        if converted_dir is not None:
            converted_model(str(merged[name]), Path(converted_dir))
    return merged


def model_weights(name: str, role: str, models_dir: Sequence[Path] | Path | None = None) -> dict:
    """The model ``role`` uses when the setting says ``name``, and what pins its weights (``weights_identity``)."""
    used = effective_model(name, role, models_dir)
    location = resolve_model(used, models_dir)
    return {"name": used, **weights_identity(location.path, location.is_local)}


def weights_identity(path: str, is_local: bool) -> dict:
    """What pins a model's weights, without loading them.

    A folder that ``summarizer models fetch`` installed: its upstream revision and the SHA-256 of the file it
    was made from (its provenance record). A base model with an adapter merged in: both (``merged_identity``). Any other folder: the SHA-256 of each weight file (hashed once per
    process while the file keeps its size and time). A hub id: the revision in the local hub cache, or
    ``None`` before the first download.
    """

    if not is_local:
        from huggingface_hub import try_to_load_from_cache

        cached = try_to_load_from_cache(path, "config.json")
        return {"hub_id": path, "revision": Path(cached).parent.name if isinstance(cached, str) else None}
    folder = Path(path)
    merged = merged_identity(folder)
    if merged is not None:
        return merged
    provenance = folder / PROVENANCE_FILE
    if provenance.is_file():
        record = json.loads(provenance.read_text(encoding="utf-8"))
        return {"upstream": record.get("upstream"), "sha256": record.get("sha256")}
    weights = sorted(p for p in folder.iterdir() if p.suffix in WEIGHT_SUFFIXES)
    return {"sha256": {p.name: _file_digest(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in weights}}


@functools.lru_cache(maxsize=None)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:

    return file_sha256(Path(path))


@functools.lru_cache(maxsize=None)
def _say_once(message: str) -> None:
    log.warning(message)  # a warning: the model in use is not the documented default


def _folders(models_dir: Sequence[Path] | Path | None) -> list[Path]:
    folders = [models_dir] if isinstance(models_dir, (str, Path)) else list(models_dir or [])
    return [Path(folder).expanduser() for folder in folders]


def require_reachable(location: ModelLocation, role: str) -> None:
    """Fail at once, without the hub's retries, when ``location`` is a hub id and the hub cannot be reached."""
    if not location.is_local and not hub_reachable():
        raise ModelNotFoundError(not_found_message(location, role, ConnectionError("the model hub cannot be reached")))


def not_found_message(location: ModelLocation, role: str, error: Exception) -> str:
    """An error message naming the model, where we looked, and how to fix it."""
    env_var = ENV_VARS.get(f"{role}_model", "SUMMARIZER_<ROLE>_MODEL")
    looked = ", ".join(location.searched) or "no local folder"
    return (
        f"cannot load the {role} model '{location.name}' ({type(error).__name__}: {error}).\n"
        f"  looked in: {looked}; then the Hugging Face hub as '{location.path}'.\n"
        f"  fix: on a connected machine the hub id downloads by itself; offline, point ${env_var} "
        f"(or the matching --{role.replace('_', '-')}-model flag) at a local folder, or put a copy in "
        f"$SUMMARIZER_MODELS_DIR named after the hub id. The offline models (qwen-0.5b, qwen-1.5b, "
        f"all-MiniLM-L6-v2): {FETCH_HINT}"
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

    location = resolve_model(effective_model(name, "embedding", models_dir), models_dir)
    require_reachable(location, "embedding")
    try:
        return SentenceTransformer(location.path, device=device, trust_remote_code=False,
                                   local_files_only=location.is_local, model_kwargs={"use_safetensors": True})
    except Exception as error:  # noqa: BLE001 - any load failure becomes one clear error
        raise ModelNotFoundError(not_found_message(location, "embedding", error)) from error
