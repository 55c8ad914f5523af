"""The files to read under the paths a user gives: only regular files, never out of a given folder.

Everything a folder holds is either handed on as a file to read or rejected with the reason: hidden
entries (a name starting with "."), links to folders (a link to "." included), links out of the
folder, named pipes, devices and sockets, folders that cannot be listed, and unsupported file types.
A path given by name is read when it is a regular file (a link to one included); a pipe or device is
never opened, so nothing blocks.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from summarizer.articles import Rejection

HIDDEN = "hidden (its name starts with '.'); skipped: rename it to brief it"
FOLDER_LINK = "a link to a folder; not followed: give that folder itself to brief its files"
NOT_REGULAR = "not a regular file ({kind}); not read: save the article in a file"


def walk_files(path: Path, supported: frozenset[str]) -> Iterator[Path | Rejection]:
    """Files to read at or under ``path`` in name order, and a rejection for everything else found.

    :param path: a file or a folder the user named.
    :param supported: the file name endings read (``.txt`` ...); other files are rejected.
    """
    if path.is_symlink() and not path.exists():
        yield Rejection(str(path), "a broken link; fix or remove it")
    elif not path.exists():
        yield Rejection(str(path), "no such file or folder; check the path")
    elif path.is_dir():
        yield from _folder(path, path.resolve(), supported)
    else:
        yield from _file(path, supported)


def _folder(folder: Path, root: Path, supported: frozenset[str]) -> Iterator[Path | Rejection]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        yield Rejection(str(folder), f"cannot list the folder ({error.strerror}); check its permissions")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            yield Rejection(str(path), HIDDEN)
        elif entry.is_symlink():
            yield from _link(path, root, supported)
        elif entry.is_dir(follow_symlinks=False):
            yield from _folder(path, root, supported)
        else:
            yield from _file(path, supported)


def _link(path: Path, root: Path, supported: frozenset[str]) -> Iterator[Path | Rejection]:
    """A link inside a folder: followed only to a file inside the same given folder."""
    target = path.resolve()
    if not target.is_relative_to(root):
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


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a folder" if stat.S_ISDIR(mode) else "not a file"
