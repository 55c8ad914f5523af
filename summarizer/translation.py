"""Route non-English articles through machine translation into English.

Articles are translated sentence by sentence, so ``Article.translation[i]`` is the English of
``Article.sentences[i]`` and the original stays beside it. Each translated sentence is checked
for numbers, names and months that did not come through (``summarizer.facts``); mismatches
are reported in ``Article.translation_warnings``, never hidden.
"""
from __future__ import annotations

import hashlib

import logging
from dataclasses import replace
from typing import Iterable, Protocol, Sequence

from tqdm.auto import tqdm

from .articles import UNKNOWN_LANGUAGE, Article
from .facts import missing_facts
from .generation import GenerationSettings, TextGenerator, out_of_memory

log = logging.getLogger(__name__)

TARGET_LANGUAGE = "en"
LANGUAGE_NAMES = {
    "id": "Indonesian", "ms": "Malay", "jv": "Javanese", "su": "Sundanese", "tl": "Tagalog", "vi": "Vietnamese",
    "th": "Thai", "zh-cn": "Chinese", "zh-tw": "Chinese", "ja": "Japanese", "ko": "Korean", "ru": "Russian",
    "fr": "French", "de": "German", "es": "Spanish", "pt": "Portuguese", "it": "Italian", "nl": "Dutch", "ar": "Arabic",
}
# The system prompt for instruct models. Small models mistranslate a few Indonesian words that
# news uses constantly ("miliar" is a billion, not a million; "Tiongkok" is China): name them.
CHAT_TRANSLATION_INSTRUCTION = (
    "You are a professional news translator. Translate the user's {language} text into fluent English. "
    "Keep every number, name, date and unit exactly. In Indonesian, 'miliar' means billion, 'juta' million, "
    "'triliun' trillion, 'Tiongkok' China and 'PBB' the UN. Reply with the English translation only."
)
# Marian and other translation models: room for the English to be longer than the source.
OUTPUT_TOKENS_PER_INPUT_TOKEN = 2.0
MIN_OUTPUT_TOKENS = 32
# Sentences translated between two updates of the progress bar (one generation batch).
PROGRESS_STEP = 8


class Translator(Protocol):
    """Translates sentences of one language into English."""

    def supports(self, language: str) -> bool: ...

    def translate(self, sentences: Sequence[str], language: str) -> list[str]: ...


class IdentityTranslator:
    """Translates nothing: non-English articles pass through with a warning."""

    def supports(self, language: str) -> bool:
        return False

    def translate(self, sentences: Sequence[str], language: str) -> list[str]:
        raise NotImplementedError("IdentityTranslator translates nothing")


class ModelTranslator:
    """Translation with a generator of either family.

    :param generator: a seq2seq translation model (Marian) or an instruct chat model.
    :param source_languages: languages it translates from; ``None`` means any (chat models).
    """

    def __init__(self, generator: TextGenerator, source_languages: frozenset[str] | None = None,
                 settings: GenerationSettings = GenerationSettings(batch_size=8)):
        self.generator = generator
        self.source_languages = source_languages
        self.settings = settings
        self._cache: dict[str, str] = {}  # hash of language and sentence -> English

    @classmethod
    def from_generator(cls, generator: TextGenerator, batch_size: int = 8) -> "ModelTranslator":
        """Build a translator, reading a Marian tokenizer's source language when it has one."""
        source = getattr(getattr(generator, "tokenizer", None), "source_lang", None)
        languages = frozenset({source}) if generator.family == "seq2seq" and source and source != "mul" else None
        return cls(generator, languages, GenerationSettings(batch_size=batch_size))

    def supports(self, language: str) -> bool:
        if language in (UNKNOWN_LANGUAGE, TARGET_LANGUAGE):
            return False
        return self.source_languages is None or language in self.source_languages

    def translate(self, sentences: Sequence[str], language: str) -> list[str]:
        """English for each sentence, in order; batches hold sentences of similar length.

        Translations are cached by language and a hash of the sentence: a sentence repeated
        (a republished copy, a standard sign-off) is translated once per process.
        """
        keys = [hashlib.sha1(f"{language}\n{s}".encode("utf-8")).hexdigest() for s in sentences]
        missing = list({key: s for key, s in zip(keys, sentences) if key not in self._cache}.items())
        if missing:
            order = sorted(missing, key=lambda pair: len(pair[1]))
            longest = max(self.generator.count_tokens(s) for _, s in order)
            settings = replace(self.settings, max_new_tokens=max(MIN_OUTPUT_TOKENS, int(longest * OUTPUT_TOKENS_PER_INPUT_TOKEN)))
            instruction = CHAT_TRANSLATION_INSTRUCTION.format(language=LANGUAGE_NAMES.get(language, language))
            outputs = self.generator.generate([s for _, s in order], instruction=instruction,
                                              settings=settings, task=f"translation_{language}_to_en")
            self._cache.update((key, text) for (key, _), text in zip(order, outputs))
        return [self._cache[key] for key in keys]


def translate_articles(articles: Iterable[Article], translator: Translator, progress: bool = True) -> list[Article]:
    """Translate every non-English article the translator supports, in place; return the articles.

    English articles, and articles translated before, are left as they are. Others the translator cannot handle, and articles
    of unknown language, pass through untranslated with a warning in ``translation_warnings``; so does an article
    whose translation fails, unless the machine ran out of memory: that error is raised.
    """
    articles = list(articles)
    to_translate = []
    for article in articles:
        if article.language == TARGET_LANGUAGE or article.translation is not None:
            continue  # English, or translated before
        if translator.supports(article.language):
            to_translate.append(article)
        else:
            reason = article.language_reason or f"no translator for language '{article.language}'"
            article.translation_warnings.append(f"not translated ({reason}); used as it is")
            log.warning("article %s not translated: %s", article.id, reason)
    total = sum(len(a.sentences) for a in to_translate)
    with tqdm(total=total, desc="translating", unit="sentence", disable=not progress) as bar:
        for article in to_translate:
            try:
                article.translation = _translate_in_steps(translator, article, bar)
            except Exception as error:  # noqa: BLE001 - one article's failure must not sink the batch
                if out_of_memory(error):
                    raise  # the machine's fault, not the article's: stop, and let a rerun translate it
                article.translation_warnings.append(
                    f"translation failed ({type(error).__name__}: {error}); used as it is")
                log.warning("article %s: translation failed: %s", article.id, error)
                continue
            article.translation_warnings.extend(_fact_mismatches(article))
    return articles


def _translate_in_steps(translator: Translator, article: Article, bar) -> list[str]:
    """Translate an article's sentences a few at a time, so the progress bar moves."""
    translated: list[str] = []
    for start in range(0, len(article.sentences), PROGRESS_STEP):
        step = article.sentences[start:start + PROGRESS_STEP]
        translated += translator.translate(step, article.language)
        bar.update(len(step))
    return translated


def _fact_mismatches(article: Article) -> list[str]:
    """Per sentence, the numbers, names and months that the translation lost or changed."""
    problems = []
    for number, (source, english) in enumerate(zip(article.sentences, article.translation or []), start=1):
        problems += [f"sentence {number}: {problem}" for problem in missing_facts(source, english, article.language)]
    return problems
