"""The Indonesian seed translated by the real Qwen 1.5B model keeps its numbers and names."""
import pytest

pytestmark = pytest.mark.slow


def test_indonesian_seed_translation_keeps_numbers_and_names(translated_seed_articles):
    article = next(a for a in translated_seed_articles if a.id.startswith("000_"))
    assert article.language == "id"
    english = article.english_text
    print("\n".join(article.translation), "\nwarnings:", article.translation_warnings)
    for fact in ("22", "50 billion", "Gazprom", "CNPC", "Rosatom", "Power of Siberia 2"):
        assert fact in english, f"{fact!r} missing from the translation"
    assert len(article.translation) == len(article.sentences)
    assert not any("number" in warning for warning in article.translation_warnings)
    assert all(a.translation is None for a in translated_seed_articles if a.language == "en")
