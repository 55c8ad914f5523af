"""LoRA training shared by ``train-writer`` and ``train-translator``: the trainer, its checkpoints, the signed adapter.

LoRA (Hu et al., 2021, arXiv:2106.09685) through ``peft`` on every linear layer. The base weights are bf16 where
the CPU computes bf16 natively (AVX-512 BF16 or AMX: ``cpu_trains_bf16``), fp32 elsewhere; the adapter itself
trains in fp32. Gradient checkpointing is on only for long sequences (the writer's clusters), where
activations would not fit; short packed translation pairs train faster without it. The run is
checkpointed into ``OUT/checkpoint/`` (adapter and optimizer state as safetensors, progress as JSON, written
under a temporary name and renamed) every ``CHECKPOINT_SECONDS`` and at its end: kill it any way and run the same
command again to go on from the last checkpoint. Each step is logged to ``OUT/train-log.jsonl`` (loss, tokens,
seconds, tokens/s). The finished adapter is ``OUT/adapter/`` (``adapter_model.safetensors``,
``adapter_config.json``) with ``signature.json``: the base model and its weights' hash, the data, the
hyper-parameters, steps, time and library versions. Nothing is pickled.
"""
from __future__ import annotations

import json
import logging
import math
import re
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from summarizer.output.outputs import give_usual_modes
from summarizer.runtime.models import ModelLocation
from summarizer.runtime.provisioning import file_sha256

from .report import project_version

log = logging.getLogger(__name__)

LOG_FILE = "train-log.jsonl"
PAIRS_FILE = "pairs.jsonl"
CHECKPOINT = "checkpoint"
ADAPTER = "adapter"
# Seconds between checkpoints: an adapter and its optimizer state are a few hundred MB for the 1.5B model.
CHECKPOINT_SECONDS = 300
# Sequences longer than this (tokens) train with gradient checkpointing.
CHECKPOINTED_ACTIVATIONS_ABOVE = 1024


@dataclass(frozen=True)
class LoraSettings:
    """What shapes an adapter; recorded in its signature.

    Rank 16 on every linear layer with alpha 32 follows the QLoRA paper's setting for small models
    (Dettmers et al., 2023); the learning rate 2e-4 is the one peft's examples use for LoRA.
    """

    rank: int = 16
    alpha: int = 32
    dropout: float = 0.05
    learning_rate: float = 2e-4
    epochs: int = 2
    accumulation: int = 4  # examples per optimizer step
    warmup_steps: int = 5
    seed: int = 0
    weights: str = "float32"  # the base model's dtype: "float32" or "bfloat16" (cpu_trains_bf16)


@dataclass
class TrainingPair:
    """One training sequence as token ids: segments of (context, answer); the loss counts the answers only.

    A plain example is one segment, its prompt and its answer; a packed one holds several exchanges of one chat.
    """

    item_id: str
    segments: list[tuple[list[int], list[int]]]

    def input_ids(self) -> list[int]:
        return [token for context, answer in self.segments for token in context + answer]

    def labels(self) -> list[int]:
        return [token for context, answer in self.segments for token in [-100] * len(context) + answer]


def cpu_trains_bf16() -> bool:
    """Whether this CPU has bf16 arithmetic (AVX-512 BF16 or AMX), where bf16 weights train about twice as fast."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return False
    return bool(re.search(r"\b(avx512_bf16|amx_bf16)\b", flags))


def chat_pair(tokenizer, item_id: str, turns: list[dict], answer: str, limit: int | None = None) -> TrainingPair:
    """A training pair from the chat turns the product sends and the answer it should give."""
    prompt = tokenizer.apply_chat_template(turns, add_generation_prompt=True, tokenize=False)
    return TrainingPair(item_id, [(tokenizer(prompt, add_special_tokens=False)["input_ids"],
                                   target_ids(tokenizer, answer.strip(), limit))])


def packed_chat_pairs(tokenizer, shared: list[dict], exchanges: Sequence[tuple[str, list[dict], str]],
                      max_tokens: int) -> list[TrainingPair]:
    """Exchanges packed into chats of at most ``max_tokens`` tokens: ``shared`` turns once, then each exchange's
    turns and its answer, as the product would have sent them one after another.

    ``exchanges`` are ``(item_id, turns, answer)``; a packed pair's id joins its exchanges' ids with "+". The
    first exchange of a chat is the product's exact prompt; the later ones see the earlier ones as examples.
    An exchange longer than ``max_tokens`` alone is a chat of its own.
    """
    def tokens(text: str) -> list[int]:
        return tokenizer(text, add_special_tokens=False)["input_ids"]

    packed: list[TrainingPair] = []
    ids: list[str] = []  # the exchanges of the chat being filled
    history: list[dict] = []
    written = ""  # the chat's text up to the end of its last answer
    for item_id, turns, answer in exchanges:
        answer = answer.strip()
        for new_chat in (not ids, True):
            if new_chat:
                ids, history, written = [], list(shared), ""
            asked = tokenizer.apply_chat_template(history + turns, add_generation_prompt=True, tokenize=False)
            if not asked.startswith(written):
                raise ValueError("the chat template does not render a chat as the sum of its turns: pack nothing")
            segment = (tokens(asked[len(written):]), target_ids(tokenizer, answer, None))
            if new_chat or len(packed[-1].input_ids()) + len(segment[0]) + len(segment[1]) <= max_tokens:
                break
        if ids:
            packed[-1].segments.append(segment)
            packed[-1].item_id += "+" + item_id
        else:
            packed.append(TrainingPair(item_id, [segment]))
        ids.append(item_id)
        history += turns + [{"role": "assistant", "content": answer}]
        written = asked + answer + "<|im_end|>"
    return packed


def target_ids(tokenizer, answer: str, limit: int | None) -> list[int]:
    """The answer's tokens and the end of turn; an answer over ``limit`` tokens is cut after its last whole sentence."""
    ids = tokenizer(answer, add_special_tokens=False)["input_ids"]
    if limit and len(ids) > limit:
        cut = tokenizer.decode(ids[:limit])
        end = max(cut.rfind(". "), cut.rfind('." '))
        ids = tokenizer(cut[:end + 1] if end > 0 else cut, add_special_tokens=False)["input_ids"]
    return ids + tokenizer("<|im_end|>", add_special_tokens=False)["input_ids"]


class LoraTrainer:
    """Trains a LoRA adapter on ``pairs``, checkpointing after every optimizer step; resumes from ``out``."""

    def __init__(self, model_path: str, pairs: Sequence[TrainingPair], out: Path, hp: LoraSettings):
        import torch
        from peft import LoraConfig, get_peft_model
        from transformers import AutoModelForCausalLM

        self.torch = torch
        self.pairs, self.out, self.hp = list(pairs), out, hp
        torch.manual_seed(hp.seed)
        base = AutoModelForCausalLM.from_pretrained(model_path, dtype=getattr(torch, hp.weights), use_safetensors=True)
        base.config.use_cache = False
        if max(len(pair.input_ids()) for pair in self.pairs) > CHECKPOINTED_ACTIVATIONS_ABOVE:
            base.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
            base.enable_input_require_grads()
        config = LoraConfig(r=hp.rank, lora_alpha=hp.alpha, lora_dropout=hp.dropout, target_modules="all-linear",
                            task_type="CAUSAL_LM")
        self.model = get_peft_model(base, config)
        self.parameters = [p for p in self.model.parameters() if p.requires_grad]
        self.optimizer = torch.optim.AdamW(self.parameters, lr=hp.learning_rate, weight_decay=0.0)
        self.order = [int(i) for epoch in range(hp.epochs)
                      for i in np.random.default_rng(hp.seed + epoch).permutation(len(self.pairs))]
        self.total_steps = math.ceil(len(self.order) / hp.accumulation)
        self.state = {"step": 0, "seconds": 0.0, "tokens": 0}
        self._resume()

    @property
    def trainable_parameters(self) -> int:
        return sum(p.numel() for p in self.parameters)

    def train(self, progress: bool = True, max_steps: int | None = None) -> dict:
        """Train to the end (or ``max_steps`` more steps); return the progress state."""
        from tqdm.auto import tqdm

        last = self.total_steps if max_steps is None else min(self.total_steps, self.state["step"] + max_steps)
        self.model.train()
        saved_at = time.monotonic()
        with tqdm(total=self.total_steps, initial=self.state["step"], desc="training", unit="step", disable=not progress) as bar:
            while self.state["step"] < last:
                record = self._step(self.state["step"])
                with (self.out / LOG_FILE).open("a", encoding="utf-8") as handle:
                    handle.write(json.dumps(record) + "\n")
                if self.state["step"] == last or time.monotonic() - saved_at >= CHECKPOINT_SECONDS:
                    self._checkpoint()
                    saved_at = time.monotonic()
                bar.set_postfix(loss=f"{record['loss']:.3f}", tok_s=f"{record['tokens_per_s']:.0f}")
                bar.update(1)
        return dict(self.state)

    def _step(self, step: int) -> dict:
        torch, hp = self.torch, self.hp
        torch.manual_seed(hp.seed * 1_000_003 + step)  # dropout repeats on resume
        start = time.perf_counter()
        batch = [self.pairs[i] for i in self.order[step * hp.accumulation:(step + 1) * hp.accumulation]]
        tokens, total_loss = 0, 0.0
        for pair in batch:
            ids, labels = torch.tensor([pair.input_ids()]), torch.tensor([pair.labels()])
            loss = self.model(input_ids=ids, labels=labels).loss / len(batch)
            loss.backward()
            total_loss += float(loss.detach())
            tokens += ids.shape[1]
        torch.nn.utils.clip_grad_norm_(self.parameters, 1.0)
        rate = self._learning_rate(step)
        for group in self.optimizer.param_groups:
            group["lr"] = rate
        self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        seconds = time.perf_counter() - start
        self.state["step"], self.state["seconds"], self.state["tokens"] = (
            step + 1, round(self.state["seconds"] + seconds, 2), self.state["tokens"] + tokens)
        return {"step": step + 1, "of": self.total_steps, "epoch": step * hp.accumulation // len(self.pairs) + 1,
                "loss": round(total_loss, 4), "lr": rate, "tokens": tokens, "seconds": round(seconds, 2),
                "tokens_per_s": round(tokens / seconds, 1), "items": [p.item_id for p in batch]}

    def _learning_rate(self, step: int) -> float:
        """Linear warm-up, then linear decay to zero at the last step."""
        hp = self.hp
        if step < hp.warmup_steps:
            return hp.learning_rate * (step + 1) / hp.warmup_steps
        return hp.learning_rate * max(0.0, (self.total_steps - step) / max(1, self.total_steps - hp.warmup_steps))

    def _checkpoint(self) -> None:
        from peft import get_peft_model_state_dict
        from safetensors.torch import save_file

        partial = self.out / f"{CHECKPOINT}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        save_file({k: v.contiguous() for k, v in get_peft_model_state_dict(self.model).items()}, partial / "adapter.safetensors")
        optimizer = self.optimizer.state_dict()
        tensors = {f"{index}.{name}": value.contiguous() for index, values in optimizer["state"].items()
                   for name, value in values.items()}
        save_file(tensors, partial / "optimizer.safetensors")
        (partial / "state.json").write_text(json.dumps({**self.state, "param_groups": optimizer["param_groups"],
                                                         "settings": asdict(self.hp)}, indent=1), encoding="utf-8")
        give_usual_modes(partial)
        final = self.out / CHECKPOINT
        shutil.rmtree(final, ignore_errors=True)
        partial.rename(final)

    def _resume(self) -> None:
        from peft import set_peft_model_state_dict
        from safetensors.torch import load_file

        folder = self.out / CHECKPOINT
        if not (folder / "state.json").is_file():
            return
        saved = json.loads((folder / "state.json").read_text(encoding="utf-8"))
        if saved["settings"] != asdict(self.hp):
            raise ValueError(f"{folder} was made with other settings ({saved['settings']}); give another --out, or "
                             "delete it to start over")
        set_peft_model_state_dict(self.model, load_file(folder / "adapter.safetensors"))
        state: dict = {}
        for key, value in load_file(folder / "optimizer.safetensors").items():
            index, name = key.split(".", 1)
            state.setdefault(int(index), {})[name] = value
        self.optimizer.load_state_dict({"state": state, "param_groups": saved["param_groups"]})
        self.state = {key: saved[key] for key in ("step", "seconds", "tokens")}
        log.info("resuming at step %d of %d", self.state["step"], self.total_steps)

    def save_adapter(self, signature: dict) -> Path:
        """The trained adapter in ``OUT/adapter`` (safetensors) with its signature."""
        folder = self.out / ADAPTER
        self.model.save_pretrained(folder, safe_serialization=True)
        (folder / "signature.json").write_text(json.dumps(signature, indent=2) + "\n", encoding="utf-8")
        give_usual_modes(folder)
        return folder


def train_adapter(out: Path, meta: dict, make_pairs: Callable[[], tuple[list[TrainingPair], dict]],
                  base: ModelLocation, base_name: str, hp: LoraSettings, progress: bool = True,
                  max_steps: int | None = None) -> Path | None:
    """Make (or reuse) the pairs, train on them with checkpoints, and save the signed adapter when done.

    ``meta`` says what the pairs are made from; pairs saved in ``out`` with the same ``meta`` are reused.
    ``make_pairs`` returns the pairs and facts about them for the signature. Returns the adapter folder, or
    ``None`` when ``max_steps`` stopped the run before its end.
    """
    out.mkdir(parents=True, exist_ok=True)
    pairs_path, meta_path = out / PAIRS_FILE, out / "pairs.json"
    made = json.loads(meta_path.read_text()) if pairs_path.is_file() and meta_path.is_file() else {}
    if made and all(made.get(key) == value for key, value in meta.items()):
        pairs, meta = [TrainingPair(**json.loads(line)) for line in pairs_path.read_text(encoding="utf-8").splitlines()], made
    else:
        pairs, facts = make_pairs()
        meta = {**meta, "pairs": len(pairs), **facts}
        pairs_path.write_text("".join(json.dumps(asdict(p)) + "\n" for p in pairs), encoding="utf-8")
        meta_path.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    tokens = [len(p.input_ids()) for p in pairs]
    print(f"{len(pairs)} training pairs: {sum(tokens):,} tokens (median {int(np.median(tokens))}, max {max(tokens)})")
    trainer = LoraTrainer(base.path, pairs, out, hp)
    print(f"LoRA rank {hp.rank} on every linear layer: {trainer.trainable_parameters:,} trainable parameters; "
          f"{trainer.total_steps} steps of {hp.accumulation} examples")
    state = trainer.train(progress=progress, max_steps=max_steps)
    if state["step"] < trainer.total_steps:
        print(f"stopped at step {state['step']} of {trainer.total_steps}; run the same command to go on")
        return None
    import peft
    import torch
    import transformers

    weights = sorted(Path(base.path).glob("*.safetensors")) if base.is_local else []
    signature = {"base_model": base_name, "base_path": base.path,
                 "base_weights_sha256": {w.name: file_sha256(w) for w in weights},
                 **meta, "steps": state["step"], "train_seconds": state["seconds"], "train_tokens": state["tokens"],
                 "tokens_per_s": round(state["tokens"] / max(state["seconds"], 1e-9), 1),
                 "trainable_parameters": trainer.trainable_parameters, "project": project_version(),
                 "versions": {"torch": torch.__version__, "transformers": transformers.__version__, "peft": peft.__version__}}
    folder = trainer.save_adapter(signature)
    print(f"adapter written to {folder} ({state['seconds'] / 60:.1f} min, {signature['tokens_per_s']} tokens/s)")
    return folder
