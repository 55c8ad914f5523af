"""The Indonesian seed translated by the real Qwen 1.5B model keeps its numbers and names."""
import pytest

from summarizer.generation import load_generator
from summarizer.loading import load_articles
from summarizer.translation import ModelTranslator, translate_articles

pytestmark = pytest.mark.slow


def test_indonesian_seed_translation_keeps_numbers_and_names(seeds_dir, qwen_1_5b):
    (article,) = load_articles([next(seeds_dir.glob("000_*.txt"))]).articles
    assert article.language == "id"
    translator = ModelTranslator.from_generator(load_generator(qwen_1_5b, role="translation"))
    translate_articles([article], translator, progress=False)
    english = article.english_text
    print("\n".join(article.translation), "\nwarnings:", article.translation_warnings)
    for fact in ("22", "50 billion", "Gazprom", "CNPC", "Rosatom", "Power of Siberia 2"):
        assert fact in english, f"{fact!r} missing from the translation"
    assert len(article.translation) == len(article.sentences)
    assert not any("number" in warning for warning in article.translation_warnings)
