"""One writer per database: ``analyze`` and ``watch`` hold an advisory lock on ``<db>.lock``.

SQLite would serialise two writers by itself, but two runs interleaving their batches and
corpus stages make neither's summary true; a second writer is told so at once instead.
Readers (export, report, the web app) never take the lock.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crosswire.errors import StoreError


@contextmanager
def writer_lock(db: str | Path) -> Iterator[None]:
    """Hold the writer lock of ``db`` for the duration; StoreError if another process holds it."""
    if str(db) == ":memory:":
        yield
        return
    path = Path(f"{db}.lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # --db out/run1/store.db: make out/run1/
        handle = path.open("a+")
    except OSError as error:
        raise StoreError(f"cannot create lock file {path}: {error.strerror or error}; "
                         "is the folder writable?") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise StoreError(f"database {db} is being written by another crosswire process (pid {holder}); "
                             "wait for it to finish, or pass another --db") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
