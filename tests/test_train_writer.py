"""`python -m eval train-writer`: pairs from the product's own selection and prompt; LoRA steps that resume."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.datasets import item_range, read_items
from eval.lora import ADAPTER, CHECKPOINT, LOG_FILE, PAIRS_FILE
from eval.train_writer import main


@pytest.fixture
def clusters(tmp_path, seed_texts) -> Path:
    """Three small clusters of English seed articles, each with a reference summary."""
    english = [seed_texts[key] for key in ("001", "002", "003", "004")]
    rows = [{"id": f"c{n}", "documents": english[n:n + 2], "summary": f"Putin visited China, report {n}. He met Xi Jinping."}
            for n in range(3)]
    path = tmp_path / "clusters.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_items_are_positions_both_ends_included(clusters):
    assert item_range("0-199", 250) == range(0, 200) and item_range("7", 250) == range(7, 8)
    assert item_range(None, 3) == range(3)
    with pytest.raises(ValueError, match="--items 'first': give a range"):
        item_range("first", 250)
    with pytest.raises(ValueError, match="the data has items 0-2"):
        item_range("1-3", 3)
    assert [item.id for item in read_items(clusters, positions="1-2")] == ["c1", "c2"]


def test_training_checkpoints_resumes_and_writes_a_signed_safetensors_adapter(clusters, tiny_models, shared_dir,
                                                                               tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SUMMARIZER_EMBEDDING_MODEL", str(shared_dir / "models" / "all-MiniLM-L6-v2"))
    monkeypatch.setenv("SUMMARIZER_BACKEND", "transformers")
    out, straight = tmp_path / "lora", tmp_path / "straight"

    def command(folder: Path) -> list[str]:
        return ["--data", str(clusters), "--items", "0-2", "--model", str(tiny_models["chat"]), "--out", str(folder), "-q"]

    main(command(out) + ["--max-steps", "1"])
    assert "stopped at step 1 of 2" in capsys.readouterr().out
    pairs = [json.loads(line) for line in (out / PAIRS_FILE).read_text().splitlines()]
    assert [p["item_id"] for p in pairs] == ["c0", "c1", "c2"] and all(prompt and target for p in pairs for prompt, target in p["segments"])
    assert json.loads((out / CHECKPOINT / "state.json").read_text())["step"] == 1

    main(command(out))  # the same command goes on from the checkpoint
    assert "adapter written to" in capsys.readouterr().out
    steps = [json.loads(line) for line in (out / LOG_FILE).read_text().splitlines()]
    assert [s["step"] for s in steps] == [1, 2] and all(s["tokens_per_s"] > 0 for s in steps)
    adapter = out / ADAPTER
    assert (adapter / "adapter_model.safetensors").is_file() and (adapter / "adapter_config.json").is_file()
    signature = json.loads((adapter / "signature.json").read_text())
    assert signature["steps"] == 2 and signature["items"] == "0-2" and len(signature["data_sha256"]) == 64
    assert signature["settings"]["rank"] == 16 and signature["trainable_parameters"] > 0
    assert not [p for p in out.rglob("*") if p.suffix in (".bin", ".pt", ".pkl", ".pth")]  # nothing pickled

    from safetensors.torch import load_file

    main(command(straight))  # the same training, never interrupted
    resumed, uninterrupted = (load_file(folder / ADAPTER / "adapter_model.safetensors") for folder in (out, straight))
    assert resumed.keys() == uninterrupted.keys()
    assert all((resumed[name] == uninterrupted[name]).all() for name in resumed)


def test_an_adapter_named_as_the_model_is_merged_once_and_writes(clusters, tiny_models, shared_dir, tmp_path,
                                                                       monkeypatch, capsys):
    import torch
    from peft import PeftModel
    from safetensors.torch import load_file
    from transformers import AutoModelForCausalLM

    from summarizer.runtime.models import resolve_model

    monkeypatch.setenv("SUMMARIZER_EMBEDDING_MODEL", str(shared_dir / "models" / "all-MiniLM-L6-v2"))
    monkeypatch.setenv("SUMMARIZER_BACKEND", "transformers")
    out, models_dir = tmp_path / "lora", tmp_path / "models"
    main(["--data", str(clusters), "--items", "0-2", "--model", str(tiny_models["chat"]), "--out", str(out), "-q"])
    adapter = out / ADAPTER

    location = resolve_model(str(adapter), models_dir)
    merged = Path(location.path)
    assert location.is_local and merged.parent == models_dir / "merged" and (merged / "config.json").is_file()
    assert json.loads((merged / "signature.json").read_text())["merged_from"] == str(adapter)
    stamp = (merged / "model.safetensors").stat().st_mtime_ns
    assert resolve_model(str(adapter), models_dir).path == str(merged)  # merged once, then reused
    assert (merged / "model.safetensors").stat().st_mtime_ns == stamp
    from summarizer.runtime.generation import load_generator

    generator = load_generator(str(adapter), models_dir, backend="transformers")  # the writer's model, by the adapter
    assert generator.name == merged.name
    assert isinstance(generator.generate(["Putin visited China."], instruction="Summarise.")[0], str)

    # The merged model computes what the base model with the adapter computes (bf16 storage aside).
    base = AutoModelForCausalLM.from_pretrained(tiny_models["chat"], dtype=torch.float32)
    with_adapter = PeftModel.from_pretrained(base, adapter).eval()
    plain = AutoModelForCausalLM.from_pretrained(merged, dtype=torch.float32).eval()
    ids = torch.tensor([[5, 17, 42, 99, 7]])
    with torch.no_grad():
        assert torch.allclose(with_adapter(ids).logits, plain(ids).logits, atol=0.05)
    assert any(value.abs().sum() > 0 for name, value in load_file(adapter / "adapter_model.safetensors").items()
               if "lora_B" in name)  # trained: the merge changed the weights

    # Trained on other weights: refused, saying what to do.
    signature = json.loads((adapter / "signature.json").read_text())
    signature["base_weights_sha256"] = {"model.safetensors": "0" * 64}
    (adapter / "signature.json").write_text(json.dumps(signature))
    from summarizer.runtime.models import ModelNotFoundError

    with pytest.raises(ModelNotFoundError, match="trained on other weights"):
        resolve_model(str(adapter), tmp_path / "other-models")
