"""Writers turn an event's selected sentences into a briefing, a headline and merged text.

``AbstractiveWriter`` asks a generator (BART/T5 or an instruct model) to write; the
``ExtractiveWriter`` only picks sentences, so it needs no generative model; the ``FusionWriter``
(``summarizer.write.fusion``) keeps the selection and fuses only what sources repeat. Each writer says how
much selected material it wants (``input_budget``) and what shapes its output (``signature``);
``summarizer.write`` names them (``WRITERS``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Protocol, Sequence

from ..config import DEFAULT_BRIEFING_WORDS, DEFAULT_INPUT_TOKENS
from ..ingest.sentences import split_sentences
from ..runtime.generation import GenerationSettings, TextGenerator
from ..select.selection import Selection, count_words
from ..signatures import prompt_digest
from .headlines import SIGNATURE as HEADLINE_SIGNATURE, headline_without_model

# Generated tokens allowed per requested word (English averages about 1.3 tokens a word).
TOKENS_PER_WORD = 1.7
HEADLINE_WORDS = 12
# Generated-token n-grams that may not repeat: stops the loops of greedy decoding on long
# inputs while a name of up to five tokens can still appear twice.
NO_REPEAT_NGRAM = 6

EVENT_INSTRUCTION = (
    "You are a news editor. The user gives you sentences from several articles about one news event. "
    "Write a factual briefing of about {words} words in plain English prose: what happened, who was involved, "
    "when and where, and the key numbers. Use only facts stated in the sentences; copy names, numbers and dates "
    "exactly. Plain prose in one paragraph: no title, no headings, no Markdown, no lists, no commentary."
)
EVENT_REMINDER = "\n\nNow write the briefing: one paragraph of plain prose, about {words} words, no Markdown."
HEADLINE_INSTRUCTION = (
    "Write one news headline of at most {words} words for the user's briefing. Use only facts in it. "
    "Reply with the headline only, no quotes."
)
OVERVIEW_INSTRUCTION = (
    "The user gives you the headlines and leads of several news events. Write an overview of two or three "
    "sentences that says what the events are and how they relate. Use only facts stated there."
)
OVERVIEW_WORDS = 60
_MARKDOWN_LABEL = re.compile(r"\*\*[^*\n]{1,40}?:\*\*|^\s*#+[^\n]*$", re.MULTILINE)  # "**Key Dates:**", "## Title"
_MARKDOWN_HEADING = re.compile(r"\*\*[^*\n]{1,60}\*\*(?=\s*(?:\*\*|\n|$))")  # a bold line of its own
_LIST_MARKER = re.compile(r"\n+(?:\s*(?:[-*•]|\d+[.)])\s+)?|(?<=[.!?:])\s*[-*•]\s+|(?<=[.!?:])\s+\d+[.)]\s+|^\s*(?:[-*•]|\d+[.)])\s+")
# A generated sentence with at least this share of its word trigrams in the sentences before it repeats them
# (the adapted 0.5B writer wrote "The Oscars were a big deal ..." three times over on a held-out cluster).
REPEAT_SHARE = 0.5
# Generated pieces shorter than this without a full stop are labels or bare dates, not sentences.
MIN_FRAGMENT_WORDS = 6
_SENTENCE_END = ('.', '!', '?', '."', '.”', ".'", '.’', '?"', '?”', '!"', '!”', ".)")


# Tokens kept free in the model's context beside the selected sentences (instruction, chat template).
PROMPT_RESERVE_TOKENS = 64


class BriefingWriter(Protocol):
    """Writes an event briefing, a headline and an overview of several events.

    ``input_budget`` is how much selected material the writer reads (a budget and the counter it is in);
    ``uses_model`` says whether it needs the summarisation model; ``signature`` what shapes its output.
    """

    name: str
    uses_model: bool

    def input_budget(self) -> tuple[int, Callable[[str], int]]: ...

    def write_event(self, selection: Selection) -> list[str]: ...

    def write_headline(self, briefing: str, titles: Sequence[str]) -> str: ...

    def write_overview(self, briefings: Sequence[tuple[str, str]]) -> list[str]: ...

    def signature(self) -> dict: ...


@dataclass
class AbstractiveWriter:
    """A generative model writes every text; chat models get instructions, seq2seq models plain input.

    :param input_tokens: most model tokens of selected sentences it reads (capped by the model's context).
    """

    generator: TextGenerator
    words: int = DEFAULT_BRIEFING_WORDS
    input_tokens: int = DEFAULT_INPUT_TOKENS
    name = "abstractive"
    uses_model = True

    def input_budget(self) -> tuple[int, Callable[[str], int]]:
        limit = getattr(self.generator, "max_input_tokens", self.input_tokens + PROMPT_RESERVE_TOKENS)
        return min(self.input_tokens, limit - PROMPT_RESERVE_TOKENS), self.generator.count_tokens

    def write_event(self, selection: Selection) -> list[str]:
        if not selection.sentences:
            return []
        text, instruction = self.event_prompt(selection.sentences)
        return complete_sentences(self._generate(text, instruction, self.words))

    def signature(self) -> dict:
        return {"name": self.name, "model": self.generator.name, "backend": getattr(self.generator, "backend", None),
                "words": self.words, "input_tokens": self.input_tokens, "decoding": self._decoding(self.words).__dict__,
                "prompts": prompt_digest(EVENT_INSTRUCTION, EVENT_REMINDER, HEADLINE_INSTRUCTION, OVERVIEW_INSTRUCTION),
                "headlines": HEADLINE_SIGNATURE}

    def event_prompt(self, sources: Sequence) -> tuple[str, str]:
        """The input and instruction the model gets for an event (also what an adapter is trained on)."""
        if self._is_chat:  # small chat models follow a reminder after the material better than the system prompt
            text = "Sentences:\n" + "\n".join(f"- {s.text}" for s in sources) + EVENT_REMINDER.format(words=self.words)
        else:
            text = " ".join(s.text for s in sources)
        return text, EVENT_INSTRUCTION.format(words=self.words)

    def write_headline(self, briefing: str, titles: Sequence[str]) -> str:
        """An article's title; else the model's headline (a chat model's); else ``headline_without_model``."""
        if titles or not self._is_chat:  # a summarisation model writes summaries, not headlines
            return headline_without_model(briefing, titles)
        generated = self._generate(briefing, HEADLINE_INSTRUCTION.format(words=HEADLINE_WORDS), HEADLINE_WORDS * 2)
        first = split_sentences(generated.replace("\n", " "), "en")[:1]
        headline = first[0].strip(" \"'*#").rstrip(".") if first else ""
        if not headline or len(headline.split()) > HEADLINE_WORDS + 4 or headline.endswith(("…", "...")):
            return headline_without_model(briefing, titles)  # the model wrote a summary, not a headline
        return headline

    def write_overview(self, briefings: Sequence[tuple[str, str]]) -> list[str]:
        """Two or three sentences over the events, from each event's headline and lead sentence."""
        if not briefings:
            return []
        leads = [(headline, (split_sentences(body, "en") or [""])[0]) for headline, body in briefings]
        text = "\n".join(f"- {headline}. {lead}" for headline, lead in leads)
        generated = self._generate(text, OVERVIEW_INSTRUCTION if self._is_chat else None, OVERVIEW_WORDS)
        return complete_sentences(re.sub(r"(?:^|\n)\s*(?:[-*]|Event \d+:)\s*", " ", generated))

    @property
    def _is_chat(self) -> bool:
        return self.generator.family == "chat"

    def _generate(self, text: str, instruction: str | None, words: int) -> str:
        return self.generator.generate([text], instruction=instruction, settings=self._decoding(words),
                                       task="summarization")[0]

    @staticmethod
    def _decoding(words: int) -> GenerationSettings:
        return GenerationSettings(max_new_tokens=int(words * TOKENS_PER_WORD) + 8, num_beams=1,
                                  no_repeat_ngram_size=NO_REPEAT_NGRAM, batch_size=1)


class ModelWrittenTitles:
    """For writers that keep source sentences (fusion, compressive): the headline and the overview are
    written by their ``generator`` as ``AbstractiveWriter`` writes them."""

    generator: TextGenerator
    words: int

    def write_headline(self, briefing: str, titles: Sequence[str]) -> str:
        return self.titles_writer.write_headline(briefing, titles)

    def write_overview(self, briefings: Sequence[tuple[str, str]]) -> list[str]:
        return self.titles_writer.write_overview(briefings)

    @property
    def titles_writer(self) -> AbstractiveWriter:
        return AbstractiveWriter(self.generator, self.words)


@dataclass
class ExtractiveWriter:
    """Writes nothing new: the briefing is the selection, made within the briefing's words (see
    ``summarizer.select``). Headlines are article titles; without a title, the ``generator`` writes the
    headline and the overview when one is given (one short generation each), else the headline is a whole
    short sentence or a leading clause of the briefing (``headlines.headline_without_model``), never cut."""

    words: int = DEFAULT_BRIEFING_WORDS
    generator: TextGenerator | None = None
    name = "extractive"

    @property
    def uses_model(self) -> bool:
        return self.generator is not None

    def input_budget(self) -> tuple[int, Callable[[str], int]]:
        return self.words, count_words

    def write_event(self, selection: Selection) -> list[str]:
        return [s.text for s in selection.sentences]

    def signature(self) -> dict:
        titles = ({"titles_model": self.generator.name, "titles_backend": getattr(self.generator, "backend", None),
                   "prompts": prompt_digest(HEADLINE_INSTRUCTION, OVERVIEW_INSTRUCTION)} if self.generator else {})
        return {"name": self.name, "words": self.words, "headlines": HEADLINE_SIGNATURE, **titles}

    def write_headline(self, briefing: str, titles: Sequence[str]) -> str:
        if self.generator is not None:
            return AbstractiveWriter(self.generator, self.words).write_headline(briefing, titles)
        return headline_without_model(briefing, titles)

    def write_overview(self, briefings: Sequence[tuple[str, str]]) -> list[str]:
        """The model's overview when there is a model; else one sentence naming each event by its headline."""
        if not briefings:
            return []
        if self.generator is not None:
            return AbstractiveWriter(self.generator, self.words).write_overview(briefings)
        headlines = [headline.strip().rstrip(".") or "an event with nothing to brief" for headline, _ in briefings]
        if len(headlines) == 1:
            return [f"This briefing covers one event: {headlines[0]}."]
        listed = "; ".join(headlines[:-1]) + f"; and {headlines[-1]}"
        return [f"This briefing covers {_count_word(len(headlines))} events: {listed}."]


def _count_word(number: int) -> str:
    words = "zero one two three four five six seven eight nine ten eleven twelve".split()
    return words[number] if number < len(words) else f"{number:,}"


def plain_prose(text: str) -> str:
    """Generated text as prose: Markdown headings, "**Label:**" prefixes and list markers go; list
    items become sentences, and short fragments without a full stop (a bare date, a label) go."""
    text = _MARKDOWN_HEADING.sub("\n", _MARKDOWN_LABEL.sub("\n", text))
    pieces = []
    for piece in _LIST_MARKER.split(text):
        piece = re.sub(r"\s+", " ", piece.replace("**", "").replace("__", "")).strip()
        if piece and not piece.endswith(_SENTENCE_END):
            if len(piece.split()) < MIN_FRAGMENT_WORDS:
                continue
            piece += "."
        pieces.append(piece)
    return " ".join(p for p in pieces if p)


def complete_sentences(text: str) -> list[str]:
    """The sentences of generated ``text`` as plain prose, without a last one cut off by the length limit
    and without sentences that repeat those before them."""
    sentences = split_sentences(plain_prose(text), "en")
    cut_off = not text.rstrip().rstrip("*_").endswith(_SENTENCE_END)
    if cut_off and len(sentences) > 1:
        sentences.pop()
    return without_repeats(sentences)


def without_repeats(sentences: Sequence[str]) -> list[str]:
    """``sentences`` less those whose word trigrams are mostly (``REPEAT_SHARE``) in the sentences kept before
    them: greedy decoding of a small model loops, saying one thing again in nearly the same words."""
    kept, seen = [], set()
    for sentence in sentences:
        words = re.findall(r"\w+", sentence.lower())
        trigrams = {tuple(words[i:i + 3]) for i in range(max(len(words) - 2, 1))}
        if trigrams and len(trigrams & seen) >= REPEAT_SHARE * len(trigrams):
            continue
        kept.append(sentence)
        seen |= trigrams
    return kept
