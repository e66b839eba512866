"""watch: a new file in the folder is in the store within 5 s of being written."""

from __future__ import annotations

import sqlite3
import threading
import time

from crosswire.config import load_config
from crosswire.watch import watch
from tests.helpers import invented_article


def _stored_refs(db) -> set[str]:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return {row[0] for row in conn.execute("SELECT ref FROM articles")}
    except sqlite3.OperationalError:
        return set()


def test_new_file_is_stored_within_five_seconds(tmp_path):
    folder, db = tmp_path / "feed", tmp_path / "w.db"
    folder.mkdir()
    (folder / "first.txt").write_text(invented_article(1), encoding="utf-8")
    config = load_config(overrides={"pipeline": {"stages": ["clean", "language"]}})
    stop, runs = threading.Event(), []
    thread = threading.Thread(target=watch, kwargs=dict(folder=folder, db=db, config=config, interval=0.2,
                                                       stop=stop, on_run=runs.append), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30  # the first file waits for the model set-up
        while str(folder / "first.txt") not in _stored_refs(db) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert str(folder / "first.txt") in _stored_refs(db)

        new = folder / "second.txt"
        new.write_text(invented_article(2), encoding="utf-8")
        written = time.monotonic()
        while str(new) not in _stored_refs(db) and time.monotonic() - written < 5:
            time.sleep(0.05)
        assert str(new) in _stored_refs(db), "the new file did not reach the store within 5 s"
        time.sleep(0.6)  # unchanged files are not analysed again
        assert [r.analysed for r in runs] == [1, 1]
    finally:
        stop.set()
        thread.join(timeout=10)
