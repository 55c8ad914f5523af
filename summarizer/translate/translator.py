"""Route non-English articles through machine translation into English.

Articles are translated sentence by sentence, so ``Article.translation[i]`` is the English of
``Article.sentences[i]`` and the original stays beside it. Each translated sentence is checked
for numbers, names and months that did not come through (``summarizer.facts``) and, for Indonesian, for
closed-class words (days, number words, fractions, percent, ordinals) and content words the lexicon finds no
translation of (``summarizer.translate.meaning``). Mismatches are reported in ``Article.translation_warnings``, never
hidden, and ``Article.translation_status`` marks each translated sentence checked or uncertain.
"""
from __future__ import annotations

import calendar
import hashlib
import json
import logging
import re
from dataclasses import replace
from typing import Iterable, Protocol, Sequence

from tqdm.auto import tqdm

from ..articles import ENGLISH, UNKNOWN_LANGUAGE, Article
from ..facts import extract_facts, missing_facts
from ..languages import language_name, profile, profiles
from ..runtime.generation import GenerationSettings, TextGenerator, out_of_memory
from ..ingest.language import detect_language
from ..signatures import prompt_digest
from .meaning import meaning_problems
from .prompt import CHAT_TRANSLATION_INSTRUCTION, sentence_turns, shared_turns, terms_in

log = logging.getLogger(__name__)

TARGET_LANGUAGE = ENGLISH
# Marian and other translation models: room for the English to be longer than the source.
OUTPUT_TOKENS_PER_INPUT_TOKEN = 2.0
MIN_OUTPUT_TOKENS = 32
# A translation whose length (characters) is outside this share of its source's is retried: on FLORES-200 dev,
# English references are 0.54-1.43 times their Indonesian source's length.
LENGTH_RATIO = (0.5, 1.7)
# Beams for a second attempt at a sentence that lost a fact (the first is greedy). On FLORES dev 500-996, 2 beams kept
# the numbers of 493 sentences of 497 (4 beams: 492; greedy: 491) with the same BLEU and chrF, in less time.
RETRY_BEAMS = 2
# Problems that make a sentence worth a second attempt (see _worth_retrying): lost or changed numbers, number
# words, fractions, percent, ordinals, months and days, and a length far off.
RETRY_PROBLEMS = ("number ", "month ", "length ", "day ", "fraction ", "percent ", "ordinal ")
# Translated sentences' status (``Article.translation_status``).
CHECKED, UNCERTAIN = "checked", "uncertain"
# A number written with a space after its group commas ("2, 250"), as the model sometimes splits one.
_SPLIT_DIGIT_GROUPS = re.compile(r"(?<![\d,.])(\d{1,3})((?:, \d{3})+)(?![\d])")
# Sentences translated between two updates of the progress bar (one generation batch).
PROGRESS_STEP = 8


class Translator(Protocol):
    """Translates sentences of one language into English."""

    def supports(self, language: str) -> bool: ...

    def translate(self, sentences: Sequence[str], language: str) -> list[str]: ...

    def signature(self) -> dict: ...


class IdentityTranslator:
    """Translates nothing: non-English articles pass through with a warning."""

    def supports(self, language: str) -> bool:
        return False

    def signature(self) -> dict:
        return {"name": "none"}

    def translate(self, sentences: Sequence[str], language: str) -> list[str]:
        raise NotImplementedError("IdentityTranslator translates nothing")


class ModelTranslator:
    """Translation with a generator of either family.

    Instruct (chat) models get the terms each sentence holds in their prompt (and, when asked, example pairs,
    the language profile's ``prompt_examples``); a sentence whose English loses a number or month of the source, or is
    much shorter or longer, is translated again with beam search and the lost items named, and the candidate
    with fewer problems is kept. Seq2seq models (Marian) get the sentence alone.

    :param generator: a seq2seq translation model (Marian) or an instruct chat model.
    :param source_languages: languages it translates from; ``None`` means any (chat models).
    :param examples, terms, retry: the chat model's aids. Examples are off by default: on FLORES-200 dev 0-499
        they added 0.06 BLEU and 0.26 chrF to the terms and the retry, at twice the time a sentence (docs/evaluation.md,
        Translation quality). The retry translates again only the sentences that lost something (FLORES dev
        0-499: 13 of 500; seed 000: "Power of Siberia 2" written without its "2").
    :param retry_beams: the beam width of the second attempt.
    """

    def __init__(self, generator: TextGenerator, source_languages: frozenset[str] | None = None,
                 settings: GenerationSettings = GenerationSettings(batch_size=8),
                 examples: bool = False, terms: bool = True, retry: bool = True, retry_beams: int = RETRY_BEAMS):
        self.generator = generator
        self.source_languages = source_languages
        self.settings = settings
        self.examples, self.terms, self.retry, self.retry_beams = examples, terms, retry, retry_beams
        # Each sentence translated a second time: {"source", "first", "second", "kept", "problems" of the one kept}.
        self.retries: list[dict] = []
        self._cache: dict[str, str] = {}  # hash of language and sentence -> English

    @classmethod
    def from_generator(cls, generator: TextGenerator, batch_size: int = 8, **aids) -> "ModelTranslator":
        """Build a translator, reading a Marian tokenizer's source language when it has one."""
        source = getattr(getattr(generator, "tokenizer", None), "source_lang", None)
        languages = frozenset({source}) if generator.family == "seq2seq" and source and source != "mul" else None
        return cls(generator, languages, GenerationSettings(batch_size=batch_size), **aids)

    def signature(self) -> dict:
        return translator_signature(self.generator.name, getattr(self.generator, "backend", None),
                                    self.settings.batch_size, self.examples, self.terms, self.retry, self.retry_beams)

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
            texts = [s for _, s in order]
            if self.generator.family == "chat":
                outputs = self._translate_chat(texts, language, settings)
            else:
                outputs = self.generator.generate(texts, settings=settings, task=f"translation_{language}_to_en")
            self._cache.update((key, text) for (key, _), text in zip(order, outputs))
        return [self._cache[key] for key in keys]

    def _translate_chat(self, sentences: list[str], language: str, settings: GenerationSettings) -> list[str]:
        """Translate with examples and terms in the prompt; retry the sentences that lost something."""
        examples = profile(language).prompt_examples if self.examples and profile(language) else ()
        shared = shared_turns(language_name(language), examples)
        terms = [terms_in(s, language) if self.terms else [] for s in sentences]
        english = self.generator.generate_chat(shared, [sentence_turns(s, t) for s, t in zip(sentences, terms)], settings)
        english = [rejoin_digit_groups(s, e, language) for s, e in zip(sentences, english)]
        if not self.retry:
            return english
        problems = [translation_problems(s, e, language) for s, e in zip(sentences, english)]
        again = [i for i, found in enumerate(problems) if _worth_retrying(found)]
        if again:
            turns = [sentence_turns(sentences[i], terms[i], _to_keep(problems[i])) for i in again]
            retried = self.generator.generate_chat(shared, turns, replace(settings, num_beams=self.retry_beams))
            retried = [rejoin_digit_groups(sentences[i], e, language) for i, e in zip(again, retried)]
            for i, candidate in zip(again, retried):
                record = dict(source=sentences[i], first=english[i], second=candidate, kept="first", problems=problems[i])
                second_problems = translation_problems(sentences[i], candidate, language)
                if _badness(second_problems) < _badness(problems[i]):
                    english[i] = candidate
                    record.update(kept="second", problems=second_problems)
                self.retries.append(record)
        return english


def translator_signature(model: str, backend: str | None, batch_size: int, examples: bool = False, terms: bool = True,
                         retry: bool = True, retry_beams: int = RETRY_BEAMS) -> dict:
    """What shapes a model translator's output: the model, its runtime, the batch, the aids (used by chat models)
    and a hash of the prompt's parts. Needs no loaded model, so a driver can sign what its workers run."""
    return {"name": "model", "model": model, "backend": backend, "batch_size": batch_size, "examples": examples,
            "terms": terms, "retry": retry, "retry_beams": retry_beams, "length_ratio": LENGTH_RATIO,
            "prompts": prompt_digest(CHAT_TRANSLATION_INSTRUCTION, *(json.dumps(
                [language.code, language.prompt_examples, language.terms], ensure_ascii=False, sort_keys=True)
                for language in profiles()))}


def sentence_problems(source: str, english: str, language: str) -> list[str]:
    """What an English sentence lost of its source (numbers, months, names), what it changed of the closed
    classes and the words the lexicon finds untranslated (``meaning``): the reasons a translation is uncertain."""
    return missing_facts(source, english, language) + meaning_problems(source, english, language)


def translation_problems(source: str, english: str, language: str) -> list[str]:
    """``sentence_problems``, and a length far from the source's: what the retry looks at."""
    problems = sentence_problems(source, english, language)
    ratio = len(english) / max(len(source), 1)
    if not LENGTH_RATIO[0] <= ratio <= LENGTH_RATIO[1]:
        problems.append(f"length {len(english)} characters for {len(source)} in the source")
    return problems


def rejoin_digit_groups(source: str, english: str, language: str) -> str:
    """``english`` with a source number the model split at its digit groups written whole again: Qwen writes
    "2.250 poin" as "2, 250 points" (FLORES dev 0-499: 4 of 500 sentences). Only a split whose digits, joined,
    are a number of ``source`` is joined, so a list ("2, 250 and 300") stays as it is."""
    numbers = extract_facts(source, language).numbers

    def join(match: re.Match) -> str:
        whole = match.group(1) + match.group(2).replace(" ", "")
        return whole if float(whole.replace(",", "")) in numbers else match.group(0)

    return _SPLIT_DIGIT_GROUPS.sub(join, english)


def _worth_retrying(problems: list[str]) -> list[str]:
    """The problems a second attempt is made for: a lost or changed number, month, day, fraction, percent or
    ordinal, a length far off. Untranslated words (``meaning.lexicon_problems``) are reported, not retried. A lost name is
    reported, not retried: Indonesian capitalises titles and names of events that are translated ("Pemimpin
    Skuadron" is Squadron Leader, "Musim Semi" Spring), and told to keep them, the model left them in
    Indonesian (FLORES dev lines 0-15: 4 of 6 retries for a name)."""
    return [p for p in problems if p.startswith(RETRY_PROBLEMS)]


def _badness(problems: list[str]) -> tuple[int, int]:
    """How bad a candidate is: its problems worth a retry first, then all of them."""
    return len(_worth_retrying(problems)), len(problems)


def _to_keep(problems: list[str]) -> list[str]:
    """The lost items of ``problems``, as the prompt names them ("the number 50 billion", "the day Rabu
    (Wednesday)")."""
    kept = []
    for problem in _worth_retrying(problems):
        if problem.endswith(" missing"):
            fact = problem.removesuffix(" missing")
            if fact.startswith("month "):
                fact = "the month " + calendar.month_name[int(fact.split()[1])]
            kept.append("the " + fact if not fact.startswith("the ") else fact)
    return kept


def translate_articles(articles: Iterable[Article], translator: Translator, progress: bool = True) -> list[Article]:
    """Translate every non-English article the translator supports, in place; return the articles.

    Routed by sentence: in an article to translate, a sentence detected as English (a quote, or an English
    article taken for Indonesian for its names) is kept as it is; ``Article.sentence_languages`` records the
    language each sentence was taken for. An article none of whose sentences needed translating keeps
    ``translation`` None, with a warning saying so.
    English articles, and articles translated before, are left as they are. Others the translator cannot handle, and articles
    of unknown language, pass through untranslated with a warning in ``translation_warnings``; so does an article
    whose translation fails, unless the machine ran out of memory: that error is raised.
    """
    articles = list(articles)
    to_translate = []
    for article in articles:
        if article.language == TARGET_LANGUAGE or article.translation is not None or article.sentence_languages:
            continue  # English, translated before, or routed before with nothing to translate
        if translator.supports(article.language):
            to_translate.append(article)
        else:
            reason = article.language_reason or f"no translator for language '{article.language}'"
            article.translation_warnings.append(f"not translated ({reason}); used as it is")
            log.warning("article %s not translated: %s", article.id, reason)
    total = sum(len(a.sentences) for a in to_translate)
    with tqdm(total=total, desc="translating", unit="sentence", disable=not progress) as bar:
        for article in to_translate:
            routes = route_sentences(article)
            if article.sentences and article.language not in routes:
                article.sentence_languages = routes
                article.translation_warnings.append("not translated: every sentence was detected as English")
                bar.update(len(article.sentences))
                continue
            try:
                article.translation = _translate_in_steps(translator, article, routes, bar)
                article.sentence_languages = routes
            except Exception as error:  # noqa: BLE001 - one article's failure must not sink the batch
                if out_of_memory(error):
                    raise  # the machine's fault, not the article's: stop, and let a rerun translate it
                article.translation_warnings.append(
                    f"translation failed ({type(error).__name__}: {error}); used as it is")
                log.warning("article %s: translation failed: %s", article.id, error)
                continue
            article.translation_status = translation_status(article)
            article.translation_warnings.extend(
                f"sentence {number}: {problem}" for number, status in enumerate(article.translation_status, start=1)
                if status for problem in status["reasons"])
    return articles


def route_sentences(article: Article) -> list[str]:
    """The language each sentence of a non-English article is taken for: English when detected as English
    (``summarizer.ingest.language``, confidently and with enough letters), else the article's language."""
    return [TARGET_LANGUAGE if detect_language(sentence).language == TARGET_LANGUAGE else article.language
            for sentence in article.sentences]


def _translate_in_steps(translator: Translator, article: Article, routes: list[str], bar) -> list[str]:
    """Translate the article's sentences routed to translation a few at a time, so the progress bar moves;
    the others are kept as they are."""
    english = list(article.sentences)
    routed = [i for i, language in enumerate(routes) if language != TARGET_LANGUAGE]
    for start in range(0, len(routed), PROGRESS_STEP):
        step = routed[start:start + PROGRESS_STEP]
        for i, text in zip(step, translator.translate([article.sentences[i] for i in step], article.language)):
            english[i] = text
        bar.update(len(step))
    bar.update(len(article.sentences) - len(routed))
    return english


def translation_status(article: Article) -> list[dict | None]:
    """Per sentence of a translated article: ``{"status": "checked" | "uncertain", "reasons": [...]}`` for a
    translated sentence (uncertain when the check found a problem: a lost number, name or month, a changed
    closed-class word, untranslated content words), None for a sentence kept as it is (routed as English)."""
    routes = article.sentence_languages or [article.language] * len(article.sentences)
    statuses = []
    for source, english, language in zip(article.sentences, article.translation or [], routes):
        if language == TARGET_LANGUAGE:
            statuses.append(None)
            continue
        reasons = sentence_problems(source, english, language)
        statuses.append({"status": UNCERTAIN if reasons else CHECKED, "reasons": reasons})
    return statuses
