"""WAL checkpoints on a second connection, in a thread, while a long series of commits runs.

SQLite checkpoints in the connection that commits: after a commit that leaves more than
``wal_autocheckpoint`` pages in the WAL, the committing thread copies them into the database
file and syncs it before the commit returns. The corpus stages commit one chunk of articles
at a time, and once a store holds tens of thousands of articles a chunk dirties some 70,000
pages (inserts at random keys into indexes that no longer fit in the cache), so every chunk
waited for a checkpoint that grew with the store. A passive checkpoint from another connection
copies the same pages while the next chunk is computed: it never blocks the writer, and the
writer starts the WAL over once a checkpoint has copied all of it. Durability is unchanged:
committed pages are in the WAL until a checkpoint has copied and synced them.

>>> from crosswire.store.sqlite import Store
>>> with BackgroundCheckpoints(Store(":memory:")) as checkpoints:
...     checkpoints.request()  # an in-memory store has no WAL: nothing to do
"""

from __future__ import annotations

import logging
import sqlite3
import threading

log = logging.getLogger(__name__)


class BackgroundCheckpoints:
    """While open, the store's own connection does not checkpoint; ``request()`` after a commit
    asks the thread for a passive checkpoint. Leaving waits for a last one and restores the
    connection's own checkpoints. If the thread's connection fails, the store falls back to
    checkpointing on commit (logged), so the WAL never grows without bound."""

    def __init__(self, store) -> None:
        self.store = store
        self.checkpoints = 0  # passive checkpoints the thread has run
        self._wanted = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._failed = False
        self._autocheckpoint = 0

    def __enter__(self) -> BackgroundCheckpoints:
        if self.store.readonly or self.store.path == ":memory:":
            return self
        self._autocheckpoint = self.store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        self.store.db.execute("PRAGMA wal_autocheckpoint = 0")
        self._thread = threading.Thread(target=self._run, name="crosswire-checkpoints", daemon=True)
        self._thread.start()
        return self

    def request(self) -> None:
        """Ask for a checkpoint of what has been committed so far."""
        if self._thread is None:
            return
        if self._failed:
            self._restore()
            return
        self._wanted.set()

    def __exit__(self, *exc: object) -> None:
        if self._thread is None:
            return
        self._stopping = True
        self._wanted.set()
        self._thread.join()
        self._restore()

    def _restore(self) -> None:
        self.store.db.execute(f"PRAGMA wal_autocheckpoint = {self._autocheckpoint}")

    def _run(self) -> None:
        try:
            connection = sqlite3.connect(self.store.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            self._fail(error)
            return
        try:
            while True:
                self._wanted.wait()
                self._wanted.clear()
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                self.checkpoints += 1
                if self._stopping:
                    return
        except sqlite3.Error as error:
            self._fail(error)
        finally:
            connection.close()

    def _fail(self, error: sqlite3.Error) -> None:
        log.warning("background checkpoints of %s stopped (%s); checkpointing on commit instead",
                    self.store.path, error)
        self._failed = True
