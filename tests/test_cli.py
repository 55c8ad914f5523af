"""The ``summarizer`` command: brief, inspect and translate, run in-process on real files."""
import json

from summarizer.frontends.cli import EXAMPLES_DIR, main


def test_brief_with_no_path_briefs_the_examples(tmp_path, tiny_models, shared_dir, capsys):
    out = tmp_path / "out"
    code = main(["brief", "-o", str(out), "--extractive", "-q",
                 "--translation-model", str(tiny_models["marian"]),
                 "--embedding-model", str(shared_dir / "models" / "all-MiniLM-L6-v2")])
    assert code == 0
    result = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    sources = {a["source"] for a in result["articles"]}
    assert all(str(EXAMPLES_DIR) in source for source in sources)
    assert {a["language"] for a in result["articles"]} == {"en", "id"}
    assert len(result["events"]) >= 2 and result["merged"]["text"]
    markdown = (out / "briefing.md").read_text(encoding="utf-8")
    assert "## Merged briefing" in markdown and result["events"][0]["headline"] in markdown
    assert "wrote" in capsys.readouterr().out


def test_brief_reports_rejected_inputs_and_still_briefs(tmp_path, seeds_dir, shared_dir):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "unterminated\n', encoding="utf-8")
    out = tmp_path / "out"
    code = main(["brief", str(next(seeds_dir.glob("001_*"))), str(bad), "-o", str(out), "--extractive", "-q",
                 "--embedding-model", str(shared_dir / "models" / "all-MiniLM-L6-v2")])
    result = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    assert code == 0 and len(result["articles"]) == 1
    assert result["rejected"][0]["source"].endswith("bad.jsonl:1")


def test_missing_model_is_a_clear_error_not_a_traceback(tmp_path, seeds_dir, capsys):
    code = main(["brief", str(seeds_dir), "-o", str(tmp_path), "-q", "--translation-model", "none",
                 "--embedding-model", str(tmp_path / "nope")])
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def test_inspect_prints_languages(seeds_dir, capsys):
    assert main(["inspect", str(seeds_dir), "-q"]) == 0
    table = capsys.readouterr().out
    assert "| 000_43bda5b6da565750 | id |" in table and "2024-05-18" in table
