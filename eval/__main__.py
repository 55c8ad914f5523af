"""``python -m eval COMMAND``: evaluation entry points."""
import sys

COMMANDS = {"translation": "eval.translation", "clustering": "eval.clustering"}

if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
    print(f"usage: python -m eval {{{','.join(COMMANDS)}}} [options]  (each command has --help)", file=sys.stderr)
    raise SystemExit(2)
module = __import__(COMMANDS[sys.argv[1]], fromlist=["main"])
module.main(sys.argv[2:])
