"""Append-only JSON Lines files that survive interruptions: the checkpoints of long runs.

Each record is written as one line and flushed at once, so a run killed at any moment (kill -9
included) loses at most the record it was writing. A last line cut short that way is dropped
when the file is read again, and the work it held is redone. ``work_folder_lock`` keeps a second
run out of a work folder in use, so two runs never append the same records twice.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

LOCK_NAME = "lock"  # in a work folder: holds the id of the process working in it


class WorkFolderBusy(ValueError):
    """Another process is working in the work folder; the message names it."""


@contextmanager
def work_folder_lock(folder: Path, lock_name: str = LOCK_NAME, what: str = "the work folder"):
    """Hold an exclusive lock on ``folder`` (made when missing) while the block runs.

    The lock is the operating system's (``flock``) on a file holding this process id: it is released
    when the process ends, even by ``kill -9``, so a stale file never blocks a later run.

    :param lock_name: the lock file's name in ``folder``.
    :param what: what ``folder`` is, for the message (``"the output folder"``).
    :raises WorkFolderBusy: naming the process that holds the lock.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    handle = (folder / lock_name).open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise WorkFolderBusy(f"{what} {folder} is in use by process {holder} (another run writing there); wait "
                             "for it to finish, or stop it, then run again") from None
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()


class JsonLines:
    """One append-only JSON Lines checkpoint file.

    :param path: the file (its folder is created when missing).
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def read(self) -> list[dict]:
        """Every complete record; a broken line (an interrupted write) is logged and removed from the file."""
        if not self.path.exists():
            return []
        records, kept = [], []
        lines = self.path.read_text(encoding="utf-8").splitlines(keepends=True)
        for number, line in enumerate(lines, start=1):
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                log.warning("%s:%d: unreadable record (cut short by an interruption?); its work is redone",
                            self.path, number)
                continue
            records.append(record)
            kept.append(line if line.endswith("\n") else line + "\n")
        if len(kept) != len(lines):
            self.path.write_text("".join(kept), encoding="utf-8")  # never append after a broken line
        return records

    def append(self, record: dict) -> None:
        """Write one record as a line and flush it to the operating system at once."""
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            handle.flush()
