"""The llama.cpp backend: the 4-bit GGUF files that ``summarizer models fetch`` keeps, run behind ``TokenRunner``.

Decoding a small model on a CPU is bound by memory traffic: each generated token reads every weight once.
llama.cpp reads the Q4_K_M weights as they are (about half the bytes of int8), and prompt-lookup decoding
(``summarizer.runtime.decoding``) lets one pass of the model check several drafted tokens. Output stays the
model's own greedy choice: a drafted token is kept only where the model, shown the same text, picks it.
Beam search (the translator's retry) runs its beams as llama.cpp sequences sharing the prompt's state.

The state of the last prompt stays in the context, so a prompt that starts as the previous one did (the
shared instruction and examples) is computed only from where the two part.

``llama-cpp-python`` is compiled from source at set-up (README); where it is missing or the model has no
GGUF file, the generator falls back to another runtime with a warning.
"""
from __future__ import annotations

import ctypes
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .decoding import GenerationSettings, banned_next_tokens, prompt_lookup_draft
from .provisioning import gguf_file

# Drafted tokens checked per pass of the model (prompt lookup); 0 decodes one token a pass. Measured on this
# project's 2-core CPU (0.5B, after a 1,500-token prompt): a pass of 1, 2, 5 and 9 tokens took 53, 98, 238 and
# 439 ms, so a drafted token costs as much as its own pass and drafting only slowed writing (9.2 against 11.9
# tokens/s on 3 Multi-News clusters). Worth raising where a pass of several tokens costs little more than one.
DRAFT_TOKENS = 0
# Tokens evaluated in one llama.cpp batch (prompt reading); and the most beams a search may use.
BATCH_TOKENS = 512
MAX_BEAMS = 8
INSTALL_COMMAND = 'CMAKE_ARGS="-DLLAVA_BUILD=OFF" pip install -e ".[llamacpp]"'


@dataclass
class _Hypothesis:
    """A beam: its tokens, their summed log-probability, the llama.cpp sequence holding its state, next logits."""

    tokens: list[int]
    score: float
    sequence: int
    logits: np.ndarray = field(repr=False)


class LlamaCppRunner:
    """Greedy decoding with prompt lookup, and beam search, on a llama.cpp model.

    :param gguf: the model file.
    :param end_ids: token ids that end a generation.
    :param context_tokens: the most tokens the context holds (prompt plus every beam's generated tokens).
    :param threads: CPU threads for reading prompts and for decoding.
    :param draft_tokens: tokens drafted per pass by prompt lookup (0: none; the output is the same either way).
    """

    def __init__(self, gguf: Path, end_ids: list[int], context_tokens: int, threads: int,
                 draft_tokens: int = DRAFT_TOKENS):
        try:
            import llama_cpp
            from llama_cpp._internals import LlamaBatch, LlamaContext, LlamaModel
        except ImportError as error:
            raise ImportError(f"llama-cpp-python is not installed ({error}); build it with "
                              f"`{INSTALL_COMMAND}` (README, set-up)") from error

        self._llama = llama_cpp
        logging.getLogger("llama-cpp-python").setLevel(logging.ERROR)  # llama.cpp's own log: errors only
        llama_cpp.llama_backend_init()
        model_params = llama_cpp.llama_model_default_params()
        # Extra weight buffers (AMX tiles, repacked blocks): llama.cpp built for this project's Xeon, which has
        # AMX, crashed on every batch of more than one token while they were on; a build without AMX keeps them.
        model_params.use_extra_bufts = b"AMX_INT8 = 1" not in llama_cpp.llama_print_system_info()
        self.model = LlamaModel(path_model=str(gguf), params=model_params, verbose=False)
        params = llama_cpp.llama_context_default_params()
        params.n_ctx = context_tokens
        params.n_batch = params.n_ubatch = BATCH_TOKENS
        params.n_seq_max = MAX_BEAMS
        params.kv_unified = True  # beams share the prompt's cells
        params.n_threads = params.n_threads_batch = threads
        self.context = LlamaContext(model=self.model, params=params, verbose=False)
        self.batch = LlamaBatch(n_tokens=BATCH_TOKENS, embd=0, n_seq_max=MAX_BEAMS, verbose=False)
        self.vocab_size = llama_cpp.llama_vocab_n_tokens(self.model.vocab)
        self.context_tokens = context_tokens
        self.end_ids = set(end_ids) or {llama_cpp.llama_vocab_eos(self.model.vocab)}
        self.draft_tokens = draft_tokens
        self.cached: list[int] = []  # the tokens whose state sequence 0 holds
        self.passes = 0  # passes of the model so far (a prompt's reading counts one per batch)
        self._lock = threading.Lock()  # one context: calls from several threads take turns

    def run(self, prompts: list[list[int]], settings: GenerationSettings, shared_length: int = 0) -> list[list[int]]:
        """The generated ids for each prompt, one prompt at a time (a shared head is reused from the cache)."""
        beams = settings.num_beams or 1
        if beams > MAX_BEAMS:
            raise ValueError(f"llama.cpp runner: {beams} beams asked, at most {MAX_BEAMS}")
        outputs = []
        with self._lock:
            for prompt in prompts:
                limit = min(settings.max_new_tokens, (self.context_tokens - len(prompt)) // beams)
                if limit < 1:
                    raise ValueError(f"llama.cpp runner: a prompt of {len(prompt)} tokens leaves no room in a "
                                     f"context of {self.context_tokens}")
                outputs.append(self._greedy(list(prompt), settings, limit) if beams == 1
                               else self._beam_search(list(prompt), settings, limit, beams))
        return outputs

    def _greedy(self, prompt: list[int], settings: GenerationSettings, limit: int) -> list[int]:
        logits = self._read_prompt(prompt)
        generated: list[int] = []
        while True:
            token = int(self._scores(logits, generated, settings).argmax())
            generated.append(token)
            if token in self.end_ids or len(generated) >= limit:
                return generated
            room = min(self.draft_tokens, limit - len(generated))
            draft = prompt_lookup_draft(prompt + generated, room) if room > 0 else []
            rows = self._evaluate([(token, len(self.cached), 0)] + [(t, len(self.cached) + 1 + i, 0)
                                                                     for i, t in enumerate(draft)], every=True)
            kept = 0
            for row, drafted in zip(rows, draft):  # row i: the model's next token after ``token`` + draft[:i]
                if int(self._scores(row, generated, settings).argmax()) != drafted:
                    break
                generated.append(drafted)
                kept += 1
                if drafted in self.end_ids:
                    break
            self.cached += [token] + draft[:kept]
            if kept < len(draft):  # the rejected drafts' state
                self._forget_from(len(self.cached))
            if generated[-1] in self.end_ids or len(generated) >= limit:
                return generated
            logits = rows[kept]

    def _beam_search(self, prompt: list[int], settings: GenerationSettings, limit: int, beams: int) -> list[int]:
        alive = [_Hypothesis([], 0.0, 0, self._read_prompt(prompt))]
        finished: list[tuple[float, list[int]]] = []
        for _ in range(limit):
            candidates = []
            for hypothesis in alive:
                scores = self._scores(hypothesis.logits, hypothesis.tokens, settings)
                log_probs = scores - np.logaddexp.reduce(scores[np.isfinite(scores)])
                for token in np.argpartition(-log_probs, beams)[:beams]:
                    candidates.append((hypothesis.score + float(log_probs[token]), hypothesis, int(token)))
            candidates.sort(key=lambda c: -c[0])
            chosen = []
            for score, parent, token in candidates:
                if token in self.end_ids:
                    finished.append((score / (len(parent.tokens) + 1), parent.tokens + [token]))
                else:
                    chosen.append((score, parent, token))
                if len(chosen) == beams:
                    break
            best_ended = candidates[0][2] in self.end_ids
            if best_ended or len(finished) >= beams or not chosen:
                break
            alive = self._extend(prompt, chosen)
        else:
            finished.extend((h.score / len(h.tokens), h.tokens) for h in alive)
        for sequence in range(MAX_BEAMS):  # back to the prompt alone, in sequence 0 (``_extend`` uses any)
            self._llama.llama_memory_seq_rm(self.context.memory, sequence, len(prompt) if sequence == 0 else -1, -1)
        self.cached = prompt
        return max(finished, key=lambda f: f[0])[1]

    def _extend(self, prompt: list[int], chosen: list[tuple[float, _Hypothesis, int]]) -> list[_Hypothesis]:
        """Each chosen (score, parent, token) as a new beam: the first child of a parent continues its
        sequence, the others get a copy of it in a sequence no chosen beam needs."""
        parent_sequences = {parent.sequence for _, parent, _ in chosen}
        free = [s for s in range(MAX_BEAMS) if s not in parent_sequences]
        taken: set[int] = set()
        sequences = []
        for _, parent, _ in chosen:
            if parent.sequence not in taken:
                sequences.append(parent.sequence)
            else:
                sequence = free.pop()
                self._llama.llama_memory_seq_rm(self.context.memory, sequence, -1, -1)
                self._llama.llama_memory_seq_cp(self.context.memory, parent.sequence, sequence, -1, -1)
                sequences.append(sequence)
            taken.add(parent.sequence)
        rows = self._evaluate([(token, len(prompt) + len(parent.tokens), sequence)
                               for (_, parent, token), sequence in zip(chosen, sequences)], every=True)
        return [_Hypothesis(parent.tokens + [token], score, sequence, row)
                for (score, parent, token), sequence, row in zip(chosen, sequences, rows)]

    def _read_prompt(self, prompt: list[int]) -> np.ndarray:
        """Evaluate ``prompt`` in sequence 0, reusing the state of its start shared with the last prompt;
        return the logits after its last token."""
        common = 0
        for cached, token in zip(self.cached, prompt[:-1]):
            if cached != token:
                break
            common += 1
        self._forget_from(common)
        rows = self._evaluate([(t, common + i, 0) for i, t in enumerate(prompt[common:])], every=False)
        self.cached = list(prompt)
        return rows[-1]

    def _forget_from(self, position: int) -> None:
        """Drop every sequence's state from ``position`` on."""
        self._llama.llama_memory_seq_rm(self.context.memory, -1, position, -1)

    def _evaluate(self, items: list[tuple[int, int, int]], every: bool) -> list[np.ndarray]:
        """Run (token, position, sequence) items through the model; the logits after each item (``every``)
        or after the last one only."""
        rows = []
        batch = self.batch.batch
        for start in range(0, len(items), BATCH_TOKENS):
            chunk = items[start:start + BATCH_TOKENS]
            batch.n_tokens = len(chunk)
            for i, (token, position, sequence) in enumerate(chunk):
                batch.token[i], batch.pos[i], batch.n_seq_id[i] = token, position, 1
                batch.seq_id[i][0] = sequence
                batch.logits[i] = every or start + i == len(items) - 1
            self.context.decode(self.batch)
            self.passes += 1
            for i in range(len(chunk)):
                if batch.logits[i]:
                    pointer = self.context.get_logits_ith(i)
                    rows.append(np.ctypeslib.as_array(ctypes.cast(pointer, ctypes.POINTER(ctypes.c_float)),
                                                      shape=(self.vocab_size,)).copy())
        return rows

    @staticmethod
    def _scores(logits: np.ndarray, generated: list[int], settings: GenerationSettings) -> np.ndarray:
        """``logits`` with repeats controlled among the generated tokens only (as the other runtimes do)."""
        if settings.repetition_penalty == 1.0 and not settings.no_repeat_ngram_size:
            return logits
        scores = logits.copy()
        if settings.repetition_penalty != 1.0 and generated:
            seen = np.unique(generated)
            scores[seen] = np.where(scores[seen] < 0, scores[seen] * settings.repetition_penalty,
                                    scores[seen] / settings.repetition_penalty)
        for token in banned_next_tokens(generated, settings.no_repeat_ngram_size):
            scores[token] = -np.inf
        return scores


def load_runner(path: str, end_ids: list[int], context_tokens: int, threads: int,
                draft_tokens: int = DRAFT_TOKENS) -> LlamaCppRunner:
    """A runner for the offline model installed at ``path``, read from the GGUF file it was made from.

    :raises ImportError: when llama-cpp-python is not installed; ``ValueError`` when the model has no GGUF file.
    """

    gguf = gguf_file(path)
    if gguf is None:
        raise ValueError(f"no GGUF file for {path}: llama.cpp runs the models `summarizer models fetch` installs")
    return LlamaCppRunner(gguf, end_ids, context_tokens, threads, draft_tokens)

