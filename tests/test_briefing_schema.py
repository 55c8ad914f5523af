"""``BriefingResult.to_dict()`` matches the documented JSON Schema, and the schema rejects
what it should."""
from __future__ import annotations

import copy
import json
from importlib import resources

import pytest
from jsonschema import Draft202012Validator

from briefing_samples import sample_result
from summarizer.output.briefing import SCHEMA_VERSION, BriefingResult


@pytest.fixture(scope="module")
def schema() -> dict:
    text = resources.files("summarizer.output").joinpath("briefing.schema.json").read_text("utf-8")
    return json.loads(text)


@pytest.fixture(scope="module")
def validator(schema: dict) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture()
def data() -> dict:
    return sample_result().to_dict()


def _errors(validator: Draft202012Validator, data: dict) -> list[str]:
    return [error.message for error in validator.iter_errors(data)]


def test_sample_result_validates(validator, data):
    assert _errors(validator, data) == []


def test_derived_texts_are_included(data):
    assert data["events"][0]["summary_text"] == (
        "Sindara opened the Arunika container terminal on 3 June. "
        "It can handle 1.4 million containers a year with 14 cranes."
    )
    assert data["merged"]["text"].startswith("Two coastal stories lead the briefing.\n\n")


def test_an_empty_run_validates(validator):
    from summarizer.output.briefing import MergedBriefing

    empty = BriefingResult("extractive", {}, [], [], [], MergedBriefing([], []), {}, {"code": "0.5.0", "models": {}})
    assert _errors(validator, empty.to_dict()) == []


def test_schema_version_matches_the_code(schema):
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def test_every_property_is_described(schema):
    def walk(node, where):
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                described = "description" in sub or "$ref" in sub
                assert described, f"{where}.{name} has no description"
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    walk(schema, "schema")


def test_every_dataclass_field_is_in_the_schema(schema):
    from dataclasses import fields

    from summarizer.output.briefing import ArticleInfo, BriefingSentence, EventBriefing, Support

    defs = schema["$defs"]
    expected = {
        "article": ArticleInfo,
        "sentence": BriefingSentence,
        "event": EventBriefing,
        "support": Support,
    }
    for name, cls in expected.items():
        names = {f.name for f in fields(cls)}
        assert names <= set(defs[name]["properties"]), name
    assert {f.name for f in fields(BriefingResult)} == set(schema["required"])


@pytest.mark.parametrize(
    "path, key",
    [
        ((), "mode"),
        ((), "schema_version"),
        (("articles", 0), "translated"),
        (("events", 0), "summary_text"),
        (("events", 0, "sentences", 0, "sources", 0), "original"),
        (("merged",), "text"),
        (("merged", "paragraphs", 0), "date"),
        (("rejected", 0), "reason"),
    ],
)
def test_a_missing_required_key_fails(validator, data, path, key):
    broken = copy.deepcopy(data)
    node = broken
    for step in path:
        node = node[step]
    del node[key]
    assert any(f"'{key}' is a required property" in message for message in _errors(validator, broken))


@pytest.mark.parametrize(
    "path, value",
    [
        (("mode",), "a writer"),  # a writer name is one word
        (("articles", 0, "language_confidence"), "high"),
        (("articles", 0, "translated"), "yes"),
        (("articles", 1, "published"), "4 June 2025"),
        (("events", 0, "sentences", 0, "sources", 0, "sentence_index"), -1),
        (("events", 0, "sentences", 0, "sources", 0, "sentence_index"), 1.5),
        (("events", 0, "sentences", 0, "sources", 0, "score"), 1.2),
        (("events", 0, "duplicates", "port-en"), "port-en-copy"),
        (("timings", "load"), "fast"),
        (("models", "translation"), None),
        (("schema_version",), "0.9"),
    ],
)
def test_a_wrong_value_fails(validator, data, path, value):
    broken = copy.deepcopy(data)
    node = broken
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    assert _errors(validator, broken)


def test_an_unknown_key_fails(validator, data):
    broken = copy.deepcopy(data)
    broken["events"][0]["sentences"][0]["confidence"] = 0.5
    assert any("confidence" in message for message in _errors(validator, broken))


def test_json_round_trip(validator, data):
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text) == data
    assert _errors(validator, json.loads(text)) == []
