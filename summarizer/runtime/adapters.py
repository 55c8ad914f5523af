"""LoRA adapters as models: an adapter folder named as a model is merged into its base model once.

``python -m eval train-writer`` writes an adapter folder (``adapter_config.json``,
``adapter_model.safetensors``, ``signature.json``). Wherever a model can be named
(``--summarization-model``, ``SUMMARIZER_SUMMARIZATION_MODEL``) the adapter folder can be named
instead: its base model is found as any model is (the alias in its signature, e.g. ``qwen-0.5b``),
checked against the weights the adapter was trained on, and the merged model is saved once as an
ordinary model folder (bf16 safetensors) under ``<models dir>/merged/``. Every runtime then reads
it like any other model (CTranslate2 converts it once, as it does the base model).

Adapters shipped with the package live in ``bundled/NAME/`` and are named by ``NAME`` alone
(``qwen-1.5b-id-en``); ``python -m eval bundle-adapter`` puts a trained adapter there with its record.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from ..output.outputs import build_folder_once
from .provisioning import PROVENANCE_FILE, file_sha256

log = logging.getLogger(__name__)

ADAPTER_CONFIG = "adapter_config.json"
ADAPTER_SIGNATURE = "signature.json"
MERGED_FOLDER = "merged"
BUNDLED_FOLDER = Path(__file__).with_name("bundled")  # adapters shipped with the package, one folder each


class AdapterError(RuntimeError):
    """An adapter folder cannot be used; the message says why and what to do."""


def is_adapter(folder: Path) -> bool:
    """Whether ``folder`` holds a LoRA adapter rather than a whole model."""
    return (folder / ADAPTER_CONFIG).is_file() and not (folder / "config.json").is_file()


def adapter_signature(folder: Path) -> dict:
    """What made the adapter (``signature.json``): base model, data, steps, hyper-parameters."""
    path = folder / ADAPTER_SIGNATURE
    if not path.is_file():
        raise AdapterError(f"{folder} has no {ADAPTER_SIGNATURE}: an adapter is used only with the record of "
                           "its base model that `python -m eval train-writer` writes beside it")
    return json.loads(path.read_text(encoding="utf-8"))


def bundled_adapters() -> dict[str, Path]:
    """The adapters shipped with the package, by name (their folder's name)."""
    if not BUNDLED_FOLDER.is_dir():
        return {}
    return {folder.name: folder for folder in sorted(BUNDLED_FOLDER.iterdir()) if is_adapter(folder)}


def adapter_fits(adapter: Path, base_folder: Path) -> bool:
    """Whether ``base_folder`` holds the weights ``adapter`` was trained on.

    An installed offline model is recognised by its provenance record (the upstream file's SHA-256), which the
    adapter's signature keeps as ``base_provenance``; any other folder by the SHA-256 of each weight file.
    """
    signature = adapter_signature(adapter)
    provenance, record = signature.get("base_provenance"), base_folder / PROVENANCE_FILE
    if provenance and record.is_file():
        installed = json.loads(record.read_text(encoding="utf-8"))
        return all(installed.get(key) == value for key, value in provenance.items())
    expected = signature.get("base_weights_sha256") or {}
    return not expected or expected == {path.name: file_sha256(path) for path in sorted(base_folder.glob("*.safetensors"))}


def merged_model(adapter: Path, base_folder: Path, merged_dir: Path) -> Path:
    """The base model at ``base_folder`` with ``adapter`` merged in, saved once in ``merged_dir``.

    :raises AdapterError: when the base model's weights are not those the adapter was trained on.
    """

    signature = adapter_signature(adapter)
    weights_digest = file_sha256(adapter / "adapter_model.safetensors")[:12]
    folder = merged_dir / f"{base_folder.name}+{adapter.resolve().name}-{weights_digest}"
    if (folder / "config.json").is_file():
        return folder
    if not adapter_fits(adapter, base_folder):
        raise AdapterError(f"{adapter} was trained on other weights of {signature.get('base_model')} than those in "
                           f"{base_folder}; train it again on this base model (python -m eval train-writer)")
    log.info("merging the adapter %s into %s (once) in %s", adapter, base_folder.name, folder)

    def build(out: Path) -> None:
        _merge(adapter, base_folder, out)
        record = {**signature, "merged_from": str(adapter), "adapter_sha256": file_sha256(adapter / "adapter_model.safetensors")}
        (out / ADAPTER_SIGNATURE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")

    return build_folder_once(folder, build, "config.json")


def merged_identity(folder: Path) -> dict | None:
    """What pins a merged model: its base model's identity and its adapter's; None for any other folder."""
    path = folder / ADAPTER_SIGNATURE
    if not path.is_file():
        return None
    signature = json.loads(path.read_text(encoding="utf-8"))
    base = signature.get("base_provenance") or {"sha256": signature.get("base_weights_sha256")}
    return {"base_model": signature.get("base_model"), "base": base,
            "adapter": Path(signature.get("merged_from", "")).name, "adapter_sha256": signature.get("adapter_sha256")}


def _merge(adapter: Path, base_folder: Path, out: Path) -> None:
    """Merge with ``peft`` in fp32, save in bf16 (the base model's own precision) with its tokenizer."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    base = AutoModelForCausalLM.from_pretrained(base_folder, dtype=torch.float32, use_safetensors=True,
                                                local_files_only=True)
    merged = PeftModel.from_pretrained(base, adapter, is_trainable=False).merge_and_unload()
    merged.to(torch.bfloat16).save_pretrained(out, safe_serialization=True)
    AutoTokenizer.from_pretrained(base_folder, local_files_only=True).save_pretrained(out)
