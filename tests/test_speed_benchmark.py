"""The speed benchmark runs each configuration in its own process and reports their figures."""
import json
import os
import subprocess
import sys
from pathlib import Path

from eval.speed import CountingGenerator

REPO = Path(__file__).resolve().parents[1]


class _Echo:
    name, family = "echo", "chat"

    def generate(self, texts, instruction=None, settings=None, task=None):
        return [text.upper() for text in texts]

    def count_tokens(self, text):
        return len(text.split())


def test_counting_generator_counts_generated_tokens_and_delegates():
    counting = CountingGenerator(_Echo())
    assert counting.generate(["two words", "three more words"]) == ["TWO WORDS", "THREE MORE WORDS"]
    assert counting.generated_tokens == 5 and counting.family == "chat"


def test_benchmark_prints_each_configuration_and_the_speed_up(tiny_models, shared_dir, tmp_path):
    data = tmp_path / "clusters.jsonl"
    document = "The council approved a budget of 12 million dollars on Monday after a long debate among members."
    data.write_text(json.dumps({"id": "c1", "documents": [document, document.replace("Monday", "Tuesday")],
                                "summary": "A budget passed."}) + "\n", encoding="utf-8")
    env = {**os.environ, "SUMMARIZER_EMBEDDING_MODEL": str(shared_dir / "models" / "all-MiniLM-L6-v2"),
           "SUMMARIZER_CONVERTED_DIR": str(tmp_path / "converted")}
    figures = tmp_path / "speed.json"
    command = [sys.executable, "-m", "eval", "speed", "--data", str(data), "--clusters", "1", "--words", "20",
               "--summarization-model", str(tiny_models["t5"]), "--json", str(figures)]
    done = subprocess.run(command + ["--configs", "naive", "ctranslate2"], cwd=REPO, env=env, capture_output=True,
                          text=True, check=True)
    rows = json.loads(figures.read_text())
    assert [(r["config"], r["workload"]) for r in rows] == [("naive", "clusters"), ("ctranslate2", "clusters")]
    assert all(r["documents"] == 2 and r["writing_tokens"] > 0 and r["peak_rss_mb"] > 100 for r in rows)
    assert "| clusters | ctranslate2 | 2 |" in done.stdout and "x |" in done.stdout
    assert all(list(r["summaries"]) == ["c1"] for r in rows)
    assert "Quality on the 1 clusters" in done.stdout and "| ctranslate2 |" in done.stdout.split("Quality")[1]
    # llama.cpp cannot run an encoder-decoder model: the benchmark says so instead of timing another runtime
    refused = subprocess.run(command + ["--configs", "llamacpp"], cwd=REPO, env=env, capture_output=True, text=True)
    assert refused.returncode != 0 and "not llamacpp" in refused.stderr
