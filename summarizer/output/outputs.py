"""Safe outputs: a destination checked before any work, files replaced atomically.

A file is written to a temporary file in its own folder, flushed to disk and renamed over the old
one, so a reader (or a full disk, or a kill) sees either the old file or the new one, never half of
one. What is written gets the mode any new file of the user gets (0666 less the umask), so others
can read it where the umask lets them. ``check_output_folder`` and ``check_output_file`` run before a command does any work, so a bad
``-o`` fails at once with what to do instead of after minutes of work.
"""
from __future__ import annotations

import errno
import os
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")
# In every output folder of `summarizer brief` and `batch`: names the process of the run writing there (its lock),
# and marks the folder as output, never read as input (``summarizer.ingest.walk``).
OUTPUT_LOCK_NAME = ".briefing.lock"
NAME_ATTEMPTS = 100  # random temporary names tried before giving up (48 random bits each: a clash is rare)


class OutputError(ValueError):
    """An output that cannot be written where it was asked for; the message says what to do."""


def check_output_folder(folder: Path) -> None:
    """Make ``folder`` when missing and check that files can be written into it.

    :raises OutputError: when it is a file, or it (or the folder it would be made in) is not writable.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"the output {folder} is a file, not a folder; give -o a folder (made when missing)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _probe(folder)
    except OSError as error:
        raise OutputError(f"cannot write into the output folder {folder} ({error.strerror or error}); "
                          "choose a writable folder with -o") from None


def check_output_file(path: Path) -> None:
    """Check that ``path`` can be written: not a folder, its folder writable (made when missing).

    :raises OutputError: saying what is wrong and what to do.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"the output {path} is a folder; give -o a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _probe(path.parent)
    except OSError as error:
        raise OutputError(f"cannot write {path} ({error.strerror or error}); choose a writable place with -o") from None


def write_atomically(files: dict[Path, str]) -> None:
    """Write each text to its path (UTF-8): all to temporary files first, then each renamed into place.

    When any write fails (a full disk, say) no file given is changed and the temporary files are removed.

    :raises OutputError: naming the file that could not be written and why.
    """
    temporary: dict[Path, Path] = {}
    current = None
    try:
        for current, text in files.items():
            temporary[current] = _written_beside(Path(current), text)
        for current, temp in temporary.items():
            os.replace(temp, current)
    except OSError as error:
        for temp in temporary.values():
            temp.unlink(missing_ok=True)
        hint = "free some disk space" if error.errno == errno.ENOSPC else "check the folder"
        raise OutputError(f"could not write {current} ({error.strerror or error}); the previous file is unchanged; "
                          f"{hint} and run again") from None


def _written_beside(path: Path, text: str) -> Path:
    """A temporary file in ``path``'s folder holding ``text``, flushed to disk, with the mode of any new file
    (0666 less the umask: ``mkstemp`` would make it private, 0600)."""
    stream, name = _new_beside(path, lambda candidate: open(candidate, "x", encoding="utf-8"))
    try:
        with stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        name.unlink(missing_ok=True)
        raise
    return name


def _new_beside(path: Path, create: Callable[[Path], T]) -> tuple[T, Path]:
    """What ``create`` makes under a new hidden name beside ``path`` (``.NAME.RANDOM.tmp``), and that name.

    :param create: makes a file or folder, failing with ``FileExistsError`` when the name is taken; the operating
        system gives what it makes the usual mode (0666 or 0777 less the umask).
    """
    for _ in range(NAME_ATTEMPTS):
        candidate = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            return create(candidate), candidate
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, f"no free temporary name beside {path.name}", str(path.parent))


def give_usual_modes(folder: Path) -> None:
    """Give every file under ``folder`` the mode of any new file of the user (0666 less the umask): libraries
    such as ``safetensors`` write their files private (0600)."""
    umask = os.umask(0)
    os.umask(umask)
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(0o666 & ~umask)


def _probe(folder: Path) -> None:
    """Create and remove a file in ``folder``: the one sure test of writing (``os.access`` is always true for root)."""
    handle, name = tempfile.mkstemp(dir=folder, prefix=".write-check.")
    os.close(handle)
    os.unlink(name)


def build_folder_once(folder: Path, build: Callable[[Path], None], done_marker: str) -> Path:
    """``folder``, made by ``build`` into a temporary folder beside it and renamed into place, unless it holds
    ``done_marker`` already; when another process finishes the same folder first, its folder is kept."""
    if (folder / done_marker).is_file():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    _, temporary = _new_beside(folder, os.mkdir)  # not mkdtemp: its folders are private (0700)
    try:
        build(temporary)
        give_usual_modes(temporary)
        try:
            temporary.rename(folder)
        except OSError:  # another process finished the same folder first
            if not (folder / done_marker).is_file():
                raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return folder
