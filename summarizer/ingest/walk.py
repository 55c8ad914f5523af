"""The files to read under the paths a user gives: only regular files, never out of a given folder.

Everything a folder holds is either handed on as a file to read or rejected with the reason: hidden
entries (a name starting with "."), links to folders (a link to "." included), links out of the
folder, link loops, named pipes, devices and sockets, folders that cannot be listed, unsupported file
types, the run's own outputs (``skip``: its output folder, so a second run never reads the first
one's briefing as an article) and the output folders of other runs (they hold ``.briefing.lock``).
A path given by name is read when it is a regular file (a link to one included); a pipe or device is
never opened, so nothing blocks.
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..articles import Rejection
from ..output.outputs import OUTPUT_LOCK_NAME

HIDDEN = "hidden (its name starts with '.'); skipped: rename it to brief it"
FOLDER_LINK = "a link to a folder; not followed: give that folder itself to brief its files"
NOT_REGULAR = "not a regular file ({kind}); not read: save the article in a file"
LINK_LOOP = "a link loop (the link leads back to itself); not followed: fix or remove it"
OWN_OUTPUT = "this run's output (-o); not read as input: write the output outside the input folder to leave it out"
OTHER_OUTPUT = (f"the output folder of another run (it holds {OUTPUT_LOCK_NAME}); not read as input: move it out of "
                "the input folder to leave it out")


def walk_files(path: Path, supported: frozenset[str], skip: Iterable[Path] = ()) -> Iterator[Path | Rejection]:
    """Files to read at or under ``path`` in name order, and a rejection for everything else found.

    :param path: a file or a folder the user named.
    :param supported: the file name endings read (``.txt`` ...); other files are rejected.
    :param skip: files and folders never read when found under ``path`` (a run's own outputs); each found is
        rejected with the reason. ``path`` itself is read: the user named it.
    """
    if path.is_symlink() and _loops(path):
        yield Rejection(str(path), LINK_LOOP)
    elif path.is_symlink() and not path.exists():
        yield Rejection(str(path), "a broken link; fix or remove it")
    elif not path.exists():
        yield Rejection(str(path), "no such file or folder; check the path")
    elif path.is_dir():
        root = path.resolve()
        yield from _folder(path, root, root, supported, frozenset(Path(p).resolve() for p in skip))
    else:
        yield from _file(path, supported)


def _folder(folder: Path, real: Path, root: Path, supported: frozenset[str],
            skip: frozenset[Path]) -> Iterator[Path | Rejection]:
    """The files under ``folder``, whose path with links resolved is ``real`` (links to folders are never followed,
    so an entry's resolved path is ``real`` and its name)."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        yield Rejection(str(folder), f"cannot list the folder ({error.strerror}); check its permissions")
        return
    for entry in entries:
        path = Path(entry.path)
        if real / entry.name in skip:
            yield Rejection(str(path), OWN_OUTPUT)
        elif entry.name.startswith("."):
            yield Rejection(str(path), HIDDEN)
        elif entry.is_symlink():
            yield from _link(path, root, supported, skip)
        elif entry.is_dir(follow_symlinks=False) and (path / OUTPUT_LOCK_NAME).exists():
            yield Rejection(str(path), OTHER_OUTPUT)
        elif entry.is_dir(follow_symlinks=False):
            yield from _folder(path, real / entry.name, root, supported, skip)
        else:
            yield from _file(path, supported)


def _link(path: Path, root: Path, supported: frozenset[str], skip: frozenset[Path]) -> Iterator[Path | Rejection]:
    """A link inside a folder: followed only to a file inside the same given folder."""
    if _loops(path):
        yield Rejection(str(path), LINK_LOOP)
        return
    target = path.resolve()
    if target in skip:
        yield Rejection(str(path), OWN_OUTPUT)
    elif not target.is_relative_to(root):
        yield Rejection(str(path), f"a link to a place outside {root}; not followed: copy the file into the folder")
    elif target.is_dir():
        yield Rejection(str(path), FOLDER_LINK)
    elif not target.exists():
        yield Rejection(str(path), "a broken link; fix or remove it")
    else:
        yield from _file(path, supported)


def _file(path: Path, supported: frozenset[str]) -> Iterator[Path | Rejection]:
    if path.suffix.lower() not in supported:
        names = ", ".join(sorted(supported))
        yield Rejection(str(path), f"unsupported file type {path.suffix or '(none)'!r}; use one of {names}")
        return
    try:
        mode = path.stat().st_mode
    except OSError as error:
        yield Rejection(str(path), f"cannot read the file ({error.strerror}); check its permissions")
        return
    if stat.S_ISREG(mode):
        yield path
    else:
        yield Rejection(str(path), NOT_REGULAR.format(kind=_kind(mode)))


def _loops(link: Path) -> bool:
    """Whether following ``link`` never ends (``a -> a``, ``a -> b -> a``)."""
    try:
        link.stat()
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a folder" if stat.S_ISDIR(mode) else "not a file"
