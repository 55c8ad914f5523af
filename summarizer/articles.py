"""The article record that every stage reads and extends."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

UNKNOWN_LANGUAGE = "unknown"
ENGLISH = "en"  # the language briefings are written in


@dataclass
class Article:
    """One news article, in its original language, with what the pipeline learns about it.

    ``sentences`` holds the cleaned body split into sentences in the original language;
    ``translation`` (when the article was translated) holds one English sentence per
    original sentence, so the original always stays beside its translation.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    source: str | None = None  # where it came from: a file path, "path:line" for JSONL
    language: str = UNKNOWN_LANGUAGE
    language_confidence: float = 0.0
    language_reason: str | None = None  # why the language is unknown, when it is
    sentences: list[str] = field(default_factory=list)
    translation: list[str] | None = None
    # The language each sentence was taken for when the article was routed to translation ("en": kept as
    # it is); None when it was not (English articles, languages with no translator).
    sentence_languages: list[str] | None = None
    translation_warnings: list[str] = field(default_factory=list)
    # Per sentence, when translated: {"status": "checked" | "uncertain", "reasons": [...]} for a translated
    # sentence, None for one kept as it is (``translation.translation_status``).
    translation_status: list[dict | None] | None = None

    @property
    def needs_translation(self) -> bool:
        """Whether the article is in a known language other than English and not translated yet."""
        return self.language not in (ENGLISH, UNKNOWN_LANGUAGE) and self.translation is None

    @property
    def english_sentences(self) -> list[str]:
        """The sentences to work with in English: the translation when there is one."""
        return self.translation if self.translation is not None else self.sentences

    @property
    def english_text(self) -> str:
        """The English sentences joined into one text."""
        return " ".join(self.english_sentences)

    def to_dict(self) -> dict:
        """A JSON-ready dict with stable keys."""
        return asdict(self)


@dataclass
class Rejection:
    """An input that could not become an article, with the reason and what to do about it."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class LoadResult:
    """Articles that loaded, and inputs that were rejected: nothing given is silently dropped."""

    articles: list[Article] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
