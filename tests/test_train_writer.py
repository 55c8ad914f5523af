"""`python -m eval train-writer`: pairs from the product's own selection and prompt; LoRA steps that resume."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.train_writer import ADAPTER, CHECKPOINT, LOG_FILE, PAIRS_FILE, main, parse_items


@pytest.fixture
def clusters(tmp_path, seed_texts) -> Path:
    """Three small clusters of English seed articles, each with a reference summary."""
    english = [seed_texts[key] for key in ("001", "002", "003", "004")]
    rows = [{"id": f"c{n}", "documents": english[n:n + 2], "summary": f"Putin visited China, report {n}. He met Xi Jinping."}
            for n in range(3)]
    path = tmp_path / "clusters.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_items_are_positions_both_ends_included():
    assert parse_items("0-199") == range(0, 200) and parse_items("7") == range(7, 8)
    with pytest.raises(ValueError, match="--items 'first': give a range"):
        parse_items("first")


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
    assert [p["item_id"] for p in pairs] == ["c0", "c1", "c2"] and all(p["prompt_ids"] and p["target_ids"] for p in pairs)
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
