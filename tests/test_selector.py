"""The learned sentence selector: its JSON model, its features, the training command, and its place in the pipeline."""
import json

import numpy as np
import pytest

from summarizer.articles import Article
from summarizer.config import Settings
from summarizer.pipeline import BriefingPipeline
from summarizer.select.selection import SourceSentence, candidate_sentences
from summarizer.select import make_selector
from summarizer.select.learned import PACKAGED_MODEL, CentroidSelector, LearnedSelector, describe
from summarizer.select.features import FEATURES, sentence_features
from summarizer.select.model import SalienceModel

EVENT = [
    "Floodwaters forced two thousand families in the river town of Marlow to leave their homes on Monday.",
    "The mayor of Marlow said the river rose by three metres overnight after days of heavy rain.",
    "Rescue teams used boats to reach people trapped on rooftops in the lower districts.",
    "A local bakery had reopened last spring after a long renovation of its ovens.",
]
OTHER_REPORT = [
    "Two thousand families fled their homes in Marlow on Monday as floodwaters rose.",
    "Officials said the river had risen three metres overnight following heavy rain.",
    "Schools in the region will stay closed until the water recedes, the council said.",
]


def _candidates():
    articles = [Article(id=name, text=" ".join(s), language="en", sentences=s)
                for name, s in (("a", EVENT), ("b", OTHER_REPORT))]
    return candidate_sentences(articles)


def _one_hot_model(feature: str, weight: float = 1.0) -> SalienceModel:
    weights = [weight if name == feature else 0.0 for name in FEATURES]
    return SalienceModel("linear", {"mean": [0.0] * len(FEATURES), "scale": [1.0] * len(FEATURES),
                                    "weights": weights, "intercept": 0.0}, FEATURES, {"diversity": 0.2})


def test_features_are_relative_to_the_event(embedder):
    candidates = _candidates()
    rows = sentence_features(candidates, embedder.encode([c.text for c in candidates]))
    column = {name: rows[:, i] for i, name in enumerate(FEATURES)}
    assert rows.shape == (len(candidates), len(FEATURES)) and np.isfinite(rows).all()
    assert column["is_doc_first"].tolist() == [1, 0, 0, 0, 1, 0, 0]
    # the flood facts are told by both articles; the bakery sentence by one only
    bakery = [c.text for c in candidates].index(EVENT[3])
    assert column["support_mean"][0] > column["support_mean"][bakery]
    assert column["centroid_percentile"][bakery] == column["centroid_percentile"].min()
    assert column["number_density"][0] == 0 and column["attribution"][1] == 1


def test_model_saved_as_json_loads_and_ranks(tmp_path, embedder):
    path = tmp_path / "selector.json"
    _one_hot_model("centroid_similarity").save(path)
    selector = LearnedSelector.load(path)
    assert json.loads(path.read_text())["format"] == "summarizer-selector"
    candidates = _candidates()
    vectors = embedder.encode([c.text for c in candidates])
    scores = selector.scores(candidates, vectors)
    assert np.argmin(scores) == [c.text for c in candidates].index(EVENT[3])  # the off-topic bakery
    selection = selector.select(candidates, vectors, budget=40)
    texts = [s.text for s in selection.sentences]
    assert 0 < selection.tokens <= 40 and EVENT[3] not in texts
    order = [(s.article_id, s.index) for s in selection.sentences]
    articles = list(dict.fromkeys(a for a, _ in order))
    assert order == [(a, i) for a in articles for i in sorted(i for b, i in order if b == a)]  # reading order
    assert describe(selector.signature()).startswith("learned " + str(path))


def test_trees_score_like_their_leaves():
    stump = {"left": [1, -1, -1], "right": [2, -1, -1], "feature": [FEATURES.index("words_log"), -2, -2],
             "threshold": [2.0, -2.0, -2.0], "value": [0.0, -1.0, 3.0]}
    model = SalienceModel("trees", {"base": 0.5, "learning_rate": 0.1, "trees": [stump, stump]}, FEATURES)
    rows = np.zeros((2, len(FEATURES)))
    rows[1, FEATURES.index("words_log")] = 3.0
    assert model.score(rows).tolist() == pytest.approx([0.5 - 0.2, 0.5 + 0.6])


def test_bad_model_files_are_refused_with_the_fix(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(ValueError, match="broken.json.*train-selector"):
        make_selector(str(broken))
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "something-else"}))
    with pytest.raises(ValueError, match="other.json"):
        make_selector(str(other))
    with pytest.raises(ValueError, match="learned, centroid"):
        make_selector("bestest")


def test_packaged_model_carries_its_signature():
    data = json.loads(PACKAGED_MODEL.read_text())
    signature = data["signature"]
    assert signature["data"]["file"] == "multi-news-val250.jsonl" and signature["data"]["items"]
    assert signature["features"] == list(FEATURES) and signature["libraries"]["scikit-learn"]
    assert signature["cross_validation"]["systems"]["learned"]["rouge1"]
    selector = make_selector("learned")
    assert isinstance(selector, LearnedSelector) and selector.signature()["digest"].startswith("sha256:")
    assert "cross_validation" not in selector.signature()  # figures about the model, not what decides its output


def test_default_pipeline_selects_with_the_learned_model_and_centroid_stays_selectable(seeds_dir, embedder, monkeypatch):
    from summarizer.ingest.loading import load_articles

    loaded = load_articles(sorted(seeds_dir.glob("00[1-4]_*.txt")))
    learned = BriefingPipeline(Settings(), extractive=True, embedder=embedder, progress=False)
    result = learned.run(loaded)
    assert isinstance(learned.selector, LearnedSelector)
    assert result.models["selector"].startswith("learned selector-v2.json (sha256:")
    assert all(len(e.summary_text.split()) <= Settings().briefing_words for e in result.events)
    monkeypatch.setenv("SUMMARIZER_SELECTOR", "centroid")
    old = BriefingPipeline(Settings.load(), extractive=True, embedder=embedder, progress=False)
    assert isinstance(old.selector, CentroidSelector) and old.run(loaded).models["selector"] == "centroid"


def test_cli_takes_a_selector_flag():
    from summarizer.frontends.cli import _parser
    from summarizer.frontends.options import settings_from_args

    args = _parser().parse_args(["brief", "--extractive", "--selector", "centroid", "x.txt"])
    assert settings_from_args(args).selector == "centroid"


def _invented_dataset(path):
    """Six small invented clusters: two reports of one event each, and a reference built from their lead facts."""
    places = ["Marlow", "Dunmore", "Kestrel Bay", "Arden", "Halvik", "Port Ellis"]
    items = []
    for number, place in enumerate(places):
        facts = [f"Floodwaters forced {number + 2} hundred families in {place} to leave their homes on Monday.",
                 f"The mayor of {place} said the river rose by {number + 1} metres after heavy rain.",
                 f"Rescue teams in {place} used boats to reach people trapped on their rooftops."]
        filler = [f"A bakery in {place} had reopened last spring after renovating its old ovens.",
                  f"The town of {place} is known for its annual music festival in the summer months.",
                  f"Visitors to {place} often walk along the old harbour wall in the evening light."]
        documents = [" ".join(facts + filler), " ".join(reversed(filler)) + " " + " ".join(facts)]
        items.append({"id": f"inv-{number}", "documents": documents, "summary": " ".join(facts[:2])})
    path.write_text("".join(json.dumps(item) + "\n" for item in items))


def test_training_command_writes_a_signed_model(tmp_path, shared_dir, monkeypatch, capsys):
    from eval.train_selector import main

    monkeypatch.setenv("SUMMARIZER_EMBEDDING_MODEL", str(shared_dir / "models" / "all-MiniLM-L6-v2"))
    data, out = tmp_path / "invented.jsonl", tmp_path / "model.json"
    _invented_dataset(data)
    arguments = ["--data", str(data), "--out", str(out), "--items", "0-4", "--folds", "2", "--words", "40",
                 "--no-baselines", "--cache-dir", str(tmp_path / "cache"), "--report-dir", str(tmp_path / "cv")]
    main(arguments)
    printed = capsys.readouterr().out
    assert "| fold |" in printed and "pooled" in printed
    model = json.loads(out.read_text())
    assert model["signature"]["data"] == {"file": "invented.jsonl", "sha256": model["signature"]["data"]["sha256"],
                                          "items": "0-4", "clusters": 5, "sentences": 60}
    assert model["signature"]["seed"] == 0 and model["signature"]["cross_validation"]["clusters"] == 5
    main(arguments)  # cached features, same seed: the same model (only the time it took may differ)
    again = json.loads(out.read_text())
    for made in (model, again):
        made["signature"].pop("training_seconds")
    assert again == model
    selector = LearnedSelector.load(out)
    candidates = [SourceSentence("a", 0, "The town of Arden is known for its annual music festival in the summer."),
                  SourceSentence("a", 1, "Floodwaters forced families in Arden to leave their homes on Monday.")]
    assert selector.select(candidates, np.eye(2, 8), budget=100).candidates == 2


def test_features_of_a_long_article_never_hold_the_whole_similarity_matrix(monkeypatch):
    """A 20 MB article has 142,000 candidate sentences: the n x n matrix would take 76 GiB. Blocks of rows
    give the same features in a fraction of its memory."""
    import tracemalloc

    from summarizer.select import features

    rng = np.random.default_rng(0)
    n = 12_000
    vectors = rng.normal(size=(n, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    candidates = [SourceSentence(f"doc-{i % 3}", i // 3, f"Sentence {i} names Jakarta and 5 ports.") for i in range(n)]
    tracemalloc.start()
    blocked = features.sentence_features(candidates, vectors)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 0.35 * n * n * 4  # the whole float32 matrix: 576 MB
    monkeypatch.setattr(features, "BLOCK_ROWS", 7)  # other blocks, the same features
    small_blocks = features.sentence_features(candidates, vectors)
    assert np.allclose(blocked, small_blocks, atol=1e-6)
    degree = features.FEATURES.index("degree")
    assert (blocked[:, degree] == small_blocks[:, degree]).all() and blocked[:, degree].max() > 0


def test_degree_of_a_very_long_article_is_estimated_from_a_sample_close_to_the_exact_one(monkeypatch):
    """Above DEGREE_SAMPLE candidates the degree is counted against a seeded sample (linear time); it stays
    within a few points of the exact share, and the same input gives the same features."""
    from summarizer.select import features

    rng = np.random.default_rng(1)
    topics = rng.normal(size=(6, 16))
    vectors = topics[rng.integers(0, 6, size=3_000)] + rng.normal(scale=0.9, size=(3_000, 16))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    exact = features._degree(vectors)
    monkeypatch.setattr(features, "DEGREE_SAMPLE", 1_000)
    estimated = features._degree(vectors)
    assert 0.05 < exact.mean() < 0.6  # a feature that varies, not all 0 or 1
    assert np.abs(estimated - exact).max() < 0.06 and abs(estimated.mean() - exact.mean()) < 0.01
    assert (features._degree(vectors) == estimated).all()
