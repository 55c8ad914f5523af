"""``python -m eval COMMAND``: evaluation entry points (each command has --help)."""
import sys

COMMANDS = {
    "run": "summarise a test set with systems and score them",
    "compare": "score every cached system on the items they share",
    "translation": "translate a line file and score it beside other systems (BLEU, chrF)",
    "clustering": "pool Multi-News clusters and score event clustering",
    "speed": "benchmark the pipeline against a naive run of the same models (seconds, tokens/s, peak RSS)",
    "load": "many clients brief on the web demo at once (completed, rejected as busy, peak RSS)",
    "train-selector": "train the learned sentence selector; cross-validate it by cluster beside the baselines",
    "train-writer": "train a LoRA adapter of the instruct model on reference summaries (resumes)",
    "train-translator": "train a LoRA adapter of the instruct model on translation pairs (resumes)",
    "bundle-adapter": "ship a trained adapter with the package (bf16, with its record and its base model's provenance)",
    "build-lexicon": "learn the Indonesian-English lexicon of the translation guard with eflomal (pip install -e .[train])",
    "translation-guard": "inject errors into FLORES dev 500-996 references; the share the guard flags, per kind",
    "briefings": "brief article folders with each writer: headlines, repeated facts, merged briefings",
    "long-article": "one long article briefed in extractive mode: seconds per stage against its size",
}

if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
    print("usage: python -m eval COMMAND [options]\n\n" + "\n".join(f"  {name:<12} {text}" for name, text in COMMANDS.items()),
          file=sys.stderr)
    raise SystemExit(2)
command = sys.argv[1]
if command in ("run", "compare"):
    from eval.run import main

    main(sys.argv[2:], command)
else:
    __import__(f"eval.{command.replace('-', '_')}", fromlist=["main"]).main(sys.argv[2:])
