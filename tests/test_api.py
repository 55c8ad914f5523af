"""The Python API (``from summarizer import brief``): the README's example, run as written."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from summarizer.signatures import signature_digest

REPO = Path(__file__).resolve().parents[1]


def _readme_example() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### From Python", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)


def test_the_readme_example_runs_and_briefs(shared_dir, monkeypatch, capsys):
    monkeypatch.chdir(REPO)  # the example names the bundled articles relative to the repository
    monkeypatch.setenv("SUMMARIZER_EMBEDDING_MODEL", str(shared_dir / "models" / "all-MiniLM-L6-v2"))
    namespace: dict = {}
    exec(compile(_readme_example(), "README.md", "exec"), namespace)  # noqa: S102 - the project's own README
    result = namespace["result"]
    sources = {a.source for a in result.articles}
    assert "text 1" in sources and any("examples" in source for source in sources)
    assert result.mode == "extractive" and len(result.events) >= 3
    assert "Jakarta" in json.dumps(result.to_dict()) and namespace["markdown"].startswith("# ")
    assert json.loads(namespace["json_text"])["schema_version"] == result.schema_version
    signature = json.loads(namespace["json_text"])["signature"]  # every stage signed, the digest in the Markdown
    assert {"translator", "embedder", "clusterer", "selector", "writer", "checker", "code"} <= set(signature)
    assert signature["writer"]["name"] == "extractive" and signature["translator"] == {"name": "none"}  # translation_model="none"
    assert f"signature `{signature_digest(signature)}`" in namespace["markdown"]
    assert f"{len(result.events)} events; 0 inputs rejected" in capsys.readouterr().out


def test_brief_rejects_a_bad_setting_by_name():
    from summarizer import brief

    with pytest.raises(ValueError, match="unknown setting"):
        brief("Some article text that is long enough to be read as one.", colour="blue")
