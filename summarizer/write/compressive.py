"""The compressive writer: extract, then shorten. The model shortens each selected sentence (drops
attributions, asides and filler); the shortened sentences are then taken in the selector's order while
they fit the briefing's words, so the words shortening frees go to the next sentences.

A shortening that is not shorter than its sentence, keeps fewer than ``MIN_COMPRESSED_WORDS`` words, or
states a number, month or name its sentence does not, gives way to the sentence itself (so the word
count the budget was filled with holds after the pipeline's fact check). Headline and overview are the
model's, as the abstractive writer writes them. Measured below extraction with the zero-shot offline
models (docs/evaluation.md, Writers); kept selectable to measure with other models.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..config import DEFAULT_BRIEFING_WORDS
from ..facts import missing_facts
from ..runtime.generation import GenerationSettings, TextGenerator
from ..select.selection import Selection, count_words, fill_words
from ..signatures import prompt_digest
from .writer import NO_REPEAT_NGRAM, ModelWrittenTitles

# Words of selected sentences read per word of the briefing: shortened sentences leave room for more.
COMPRESSION_POOL = 1.6
COMPRESSED_MAX_TOKENS = 80
MIN_COMPRESSED_WORDS = 4
COMPRESS_INSTRUCTION = (
    "Shorten the user's news sentence for a news briefing: keep its main fact, drop attributions (\"he said\", "
    "\"according to\"), asides and filler. Keep names, numbers and dates exactly as written. Reply with the one "
    "shortened sentence only.")


@dataclass
class CompressiveWriter(ModelWrittenTitles):
    """Shortens each selected sentence, then fills the briefing's words by the selector's order."""

    generator: TextGenerator
    words: int = DEFAULT_BRIEFING_WORDS
    name = "compressive"
    uses_model = True

    def input_budget(self) -> tuple[int, Callable[[str], int]]:
        return round(self.words * COMPRESSION_POOL), count_words

    def write_event(self, selection: Selection) -> list[str]:
        ranked = selection.by_rank
        if not ranked:
            return []
        shortened = self.generator.generate([s.text for s in ranked], instruction=COMPRESS_INSTRUCTION,
                                            settings=self._decoding(), task="summarization")
        text_of = {id(s): _shorter_or_same(s.text, short) for s, short in zip(ranked, shortened)}
        texts = [text_of[id(s)] for s in selection.sentences]  # reading order
        position = {id(s): index for index, s in enumerate(selection.sentences)}
        return [texts[i] for i in fill_words(texts, [position[id(s)] for s in ranked], self.words)]

    def signature(self) -> dict:
        return {"name": self.name, "model": self.generator.name, "backend": getattr(self.generator, "backend", None),
                "words": self.words, "pool": COMPRESSION_POOL, "decoding": self._decoding().__dict__,
                "prompts": prompt_digest(COMPRESS_INSTRUCTION, self.titles_writer.signature()["prompts"])}

    @staticmethod
    def _decoding() -> GenerationSettings:
        return GenerationSettings(max_new_tokens=COMPRESSED_MAX_TOKENS, num_beams=1,
                                  no_repeat_ngram_size=NO_REPEAT_NGRAM, batch_size=16)


def _shorter_or_same(sentence: str, shortened: str) -> str:
    """The model's first line if it is a shorter sentence of enough words adding no fact, else ``sentence``."""
    short = shortened.strip().split("\n")[0].strip()
    fits = MIN_COMPRESSED_WORDS <= count_words(short) < count_words(sentence)
    return short if fits and not missing_facts(short, sentence) else sentence
