"""``python -m eval bundle-adapter``: ship a trained adapter with the package, in bf16, with its record.

    python -m eval bundle-adapter ~/.cache/briefing-training/translator-parallel-v1/adapter --name qwen-1.5b-id-en

writes ``summarizer/runtime/bundled/NAME/``: ``adapter_model.safetensors`` (the LoRA weights in bf16, half the
size the trainer writes), ``adapter_config.json``, and ``signature.json``: the training record (data files and
their hashes, filter, pairs, steps, seed, base weights) with the base model's provenance added, so the merge
recognises the base that ``summarizer models fetch`` installs on any machine
(``summarizer.runtime.adapters.adapter_fits``). Users then name the adapter by ``NAME``.
"""
from __future__ import annotations

import argparse
import json
from datetime import datetime, timezone
from pathlib import Path

from summarizer.config import Settings
from summarizer.output.outputs import give_usual_modes
from summarizer.runtime.adapters import ADAPTER_CONFIG, ADAPTER_SIGNATURE, BUNDLED_FOLDER, adapter_signature
from summarizer.runtime.models import MODEL_ALIASES, resolve_model
from summarizer.runtime.provisioning import PROVENANCE_FILE, file_sha256

WEIGHTS = "adapter_model.safetensors"


def bundle(adapter: Path, name: str, into: Path = BUNDLED_FOLDER, models_dir=None) -> Path:
    """Copy ``adapter`` into ``into/name`` in bf16 with its signature and the base model's provenance."""
    import torch
    from safetensors.torch import load_file, save_file

    signature = adapter_signature(adapter)
    base = resolve_model(signature["base_model"], models_dir if models_dir is not None else Settings.load().models_dir)
    provenance = Path(base.path) / PROVENANCE_FILE
    if not base.is_local or not provenance.is_file():
        raise SystemExit(f"the base model {signature['base_model']!r} is not installed by `summarizer models fetch` "
                         f"(no {provenance}): an adapter is bundled only for a base every user can install")
    installed = json.loads(provenance.read_text(encoding="utf-8"))
    target = into / name
    target.mkdir(parents=True, exist_ok=True)
    weights = {key: value.to(torch.bfloat16) if value.is_floating_point() else value
               for key, value in load_file(adapter / WEIGHTS).items()}
    save_file(weights, target / WEIGHTS, metadata={"format": "pt"})
    config = json.loads((adapter / ADAPTER_CONFIG).read_text(encoding="utf-8"))
    config["base_model_name_or_path"] = MODEL_ALIASES.get(signature["base_model"], signature["base_model"])
    (target / ADAPTER_CONFIG).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    record = {**{key: value for key, value in signature.items() if key != "base_path"},
              "base_provenance": {"upstream": installed.get("upstream"), "sha256": installed.get("sha256")},
              "bundled": {"name": name, "from": str(adapter), "trained_sha256": file_sha256(adapter / WEIGHTS),
                          "dtype": "bfloat16", "date": datetime.now(timezone.utc).strftime("%Y-%m-%d")}}
    (target / ADAPTER_SIGNATURE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    give_usual_modes(target)
    return target


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval bundle-adapter", description=__doc__.split("\n\n")[0])
    parser.add_argument("adapter", type=Path, help="the trained adapter folder (OUT/adapter of train-translator)")
    parser.add_argument("--name", required=True, help="the name users give it (e.g. qwen-1.5b-id-en)")
    parser.add_argument("--into", type=Path, default=BUNDLED_FOLDER, help="where bundled adapters live (default: the package's)")
    args = parser.parse_args(argv)
    target = bundle(args.adapter, args.name, args.into)
    size = (target / WEIGHTS).stat().st_size
    print(f"{args.name}: {target} ({size / 1e6:.1f} MB)")
