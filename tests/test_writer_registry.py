"""Writers chosen by name: a writer registered once runs from the command line and the evaluation
harness with no other change; an unknown name fails before any work; a prompt change changes the cache key."""
from __future__ import annotations

import json

import pytest

from eval.cache import OutputCache
from eval.run import main as eval_main
from eval.systems import make_system
from summarizer.write import writer as writer_module
from summarizer.frontends.cli import main
from summarizer.config import Settings
from summarizer.pipeline import BriefingPipeline
from summarizer.select.selection import count_words
from summarizer.write import MEASURED_WITH_INSTRUCT_MODEL, WRITERS, WriterMeasure, choose_default_writer, register_writer


class ShortestFirstWriter:
    """A writer made up for the test: the selected sentences, shortest first, within the briefing's words."""

    name = "shortest-first"
    uses_model = False

    def __init__(self, words: int):
        self.words = words

    def input_budget(self):
        return self.words * 2, count_words

    def write_event(self, selection):
        chosen, used = [], 0
        for sentence in sorted(selection.sentences, key=lambda s: count_words(s.text)):
            if used + count_words(sentence.text) <= self.words:
                chosen.append(sentence.text)
                used += count_words(sentence.text)
        return chosen

    def write_headline(self, briefing, titles):
        return titles[0] if titles else briefing[:40]

    def write_overview(self, briefings):
        return [f"{len(briefings)} event(s)."]

    def signature(self):
        return {"name": self.name, "words": self.words}


@pytest.fixture()
def shortest_first():
    register_writer("shortest-first", lambda settings, pipeline: ShortestFirstWriter(settings.briefing_words),
                    uses_model=False)
    yield
    WRITERS.remove("shortest-first")


def test_a_registered_writer_runs_from_the_command_line(shortest_first, seeds_dir, shared_dir, tmp_path):
    out = tmp_path / "out"
    code = main(["brief", str(seeds_dir / next(p.name for p in seeds_dir.glob("002_*"))), "-o", str(out), "-q",
                 "--writer", "shortest-first", "--words", "40", "--translation-model", "none",
                 "--embedding-model", str(shared_dir / "models" / "all-MiniLM-L6-v2")])
    result = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    assert code == 0 and result["mode"] == "shortest-first" and result["models"]["writer"] == "shortest-first"
    lengths = [len(s["text"].split()) for s in result["events"][0]["sentences"]]
    assert lengths == sorted(lengths) and sum(lengths) <= 40
    assert "summarization" not in result["models"]  # it said it uses no model


def test_a_registered_writer_runs_in_the_evaluation_harness(shortest_first, shared_dir, tmp_path, monkeypatch):
    data = tmp_path / "items.jsonl"
    document = ("The council approved a budget of 12 million dollars on Monday. It pays for two parks. "
                "The mayor said the parks open next spring. Opponents said the plan costs too much.")
    data.write_text(json.dumps({"id": "one", "documents": [document], "summary": "A budget passed."}) + "\n")
    monkeypatch.setenv("SUMMARIZER_EMBEDDING_MODEL", str(shared_dir / "models" / "all-MiniLM-L6-v2"))
    eval_main(["--data", str(data), "--out", str(tmp_path / "run"), "--systems", "shortest-first", "extractive",
               "--words", "20", "-q"])
    summary = json.loads((tmp_path / "run" / "summary.json").read_text(encoding="utf-8"))
    assert {"shortest-first", "extractive"} <= set(json.dumps(summary).split('"'))


def test_an_unknown_writer_fails_before_any_work(seeds_dir, tmp_path, capsys):
    code = main(["brief", str(seeds_dir), "-o", str(tmp_path / "out"), "-q", "--writer", "poet"])
    assert code == 2 and "unknown writer 'poet'; choose one of abstractive, extractive, fusion" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_extractive_flag_is_writer_extractive_and_conflicts_with_another(seeds_dir, tmp_path, capsys):
    code = main(["brief", str(seeds_dir), "-o", str(tmp_path / "out"), "-q", "--extractive", "--writer", "fusion"])
    assert code == 2 and "--extractive is --writer extractive" in capsys.readouterr().err


def test_changing_a_prompt_changes_the_cache_key(tiny_models, shared_dir, tmp_path, monkeypatch):
    settings = Settings.load(summarization_model=str(tiny_models["chat"]), backend="transformers",
                             translation_model="none", embedding_model=str(shared_dir / "models" / "all-MiniLM-L6-v2"))
    before = OutputCache(tmp_path, "abstractive", make_system("abstractive", settings).options()).key
    monkeypatch.setattr(writer_module, "EVENT_INSTRUCTION", writer_module.EVENT_INSTRUCTION + " Be brief.")
    after = OutputCache(tmp_path, "abstractive", make_system("abstractive", settings).options()).key
    assert before != after
    assert OutputCache(tmp_path, "abstractive", make_system("abstractive", settings).options()).key == after


def test_eval_run_names_writers_as_systems_not_with_the_writer_flag(tmp_path):
    with pytest.raises(SystemExit, match="name it in --systems"):
        eval_main(["--data", str(tmp_path / "none.jsonl"), "--systems", "lead-3", "--writer", "fusion"])


def test_other_weights_in_the_same_folder_change_the_signature_and_cache_key(tiny_models, shared_dir, tmp_path):
    import shutil

    from safetensors.torch import load_file, save_file

    from summarizer.pipeline import BriefingPipeline

    folder = tmp_path / "writer-model"
    shutil.copytree(tiny_models["chat"], folder)
    settings = Settings.load(summarization_model=str(folder), backend="transformers", translation_model="none",
                             embedding_model=str(shared_dir / "models" / "all-MiniLM-L6-v2"), writer="abstractive")
    before = BriefingPipeline(settings, progress=False).signature()
    key = OutputCache(tmp_path, "abstractive", make_system("abstractive", settings).options()).key
    assert before["models"]["summarization"]["name"] == str(folder)
    assert len(before["models"]["summarization"]["sha256"]["model.safetensors"]) == 64
    assert before["models"]["embedding"]["sha256"]["model.safetensors"] == (
        "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db")  # ../shared's all-MiniLM-L6-v2

    tensors = load_file(folder / "model.safetensors")
    name = next(iter(tensors))
    tensors[name] = tensors[name] + 1
    save_file(tensors, folder / "model.safetensors", metadata={"format": "pt"})
    after = BriefingPipeline(settings, progress=False).signature()
    assert after["models"]["summarization"]["sha256"] != before["models"]["summarization"]["sha256"]
    assert OutputCache(tmp_path, "abstractive", make_system("abstractive", settings).options()).key != key


def test_a_fetched_model_is_pinned_by_its_provenance_record(tmp_path):
    from summarizer.runtime.models import weights_identity
    from summarizer.runtime.provisioning import PROVENANCE_FILE

    record = {"upstream": "Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF@abc123", "sha256": "f" * 64}
    (tmp_path / PROVENANCE_FILE).write_text(json.dumps(record))
    assert weights_identity(str(tmp_path), True) == record
    assert weights_identity("Qwen/Qwen2.5-0.5B-Instruct", False) == {"hub_id": "Qwen/Qwen2.5-0.5B-Instruct", "revision": None}


def test_the_default_writer_extracts_with_an_instruct_model_and_writes_with_a_summarisation_model(tiny_models, embedder):
    from dataclasses import replace

    settings = Settings(translation_model="none", backend="transformers")
    assert settings.writer == "auto"
    chat = BriefingPipeline(replace(settings, summarization_model=str(tiny_models["chat"])), embedder=embedder,
                            progress=False)
    seq2seq = BriefingPipeline(replace(settings, summarization_model=str(tiny_models["marian"])), embedder=embedder,
                               progress=False)
    assert (chat.writer.name, seq2seq.writer.name) == ("extractive", "abstractive")
    assert chat.writer.generator is not None  # the instruct model writes the headlines (where no title) and overview
    assert chat.uses_model and seq2seq.uses_model
    assert chat.mode == "extractive" and seq2seq.mode == "abstractive"  # the briefing says which writer it was
    assert BriefingPipeline(replace(settings, writer="extractive"), embedder=embedder).writer.generator is None


def _measure(name, r1_high=0.0, r2_high=0.0, repeats=0.0, cut=0, seconds=1.0):
    return WriterMeasure(name, (min(r1_high, 0.0) - 0.5, r1_high - 0.5, r1_high), (min(r2_high, 0.0) - 0.5,
                         r2_high - 0.5, r2_high), repeats, cut, seconds)


def test_the_default_writer_is_the_one_a_reader_is_best_served_by():
    best = _measure("best", repeats=0.3, seconds=2.0)
    assert choose_default_writer([best, _measure("close", r1_high=0.2, r2_high=0.1, repeats=0.1, seconds=9.0)]) == "close"
    # below the best's interval on R-2: never chosen, whatever it repeats
    assert choose_default_writer([best, _measure("worse", r1_high=0.2, r2_high=-0.1, repeats=0.0)]) == "best"
    # a writer that cuts a headline is never chosen
    assert choose_default_writer([best, _measure("cutting", r1_high=0.3, r2_high=0.3, repeats=0.0, cut=2)]) == "best"
    # a tie on repeats goes to the faster
    assert choose_default_writer([best, _measure("fast", r1_high=0.1, r2_high=0.1, repeats=0.3, seconds=0.5)]) == "fast"
    with pytest.raises(ValueError, match="no measured writer"):
        choose_default_writer([_measure("cutting", cut=1)])


def test_auto_resolves_to_the_rules_choice_on_the_measured_table():
    assert choose_default_writer(MEASURED_WITH_INSTRUCT_MODEL) == "extractive"
    assert {m.name for m in MEASURED_WITH_INSTRUCT_MODEL} <= set(WRITERS.names())  # every measured writer stays selectable
