"""The store: idempotent re-runs, consistent after SIGKILL, clear errors, exports."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from crosswire.config import load_config
from crosswire.errors import StoreError
from crosswire.run import analyze
from crosswire.store.export import export_jsonl, export_parquet
from crosswire.store.sqlite import Store
from tests.helpers import exported_files, write_jsonl_corpus

# Store behaviour does not depend on the parser: the light stages keep these tests fast.
LIGHT = {"pipeline": {"stages": ["clean", "language"], "batch_size": 8}}


def _counts(db) -> dict[str, int]:
    with Store(db) as store:
        return {t: store.count(t) for t in ("articles", "mentions", "entities")}


def test_same_input_twice_adds_nothing(tmp_path):
    corpus = write_jsonl_corpus(tmp_path / "feed.jsonl", 20)
    db = tmp_path / "c.db"
    first = analyze([str(corpus)], db=db, config=load_config(overrides=LIGHT))
    counts = _counts(db)
    second = analyze([str(corpus)], db=db, config=load_config(overrides=LIGHT))
    assert (first.analysed, second.analysed, second.already_stored) == (20, 0, 20)
    assert _counts(db) == counts and counts["articles"] == 20


def test_a_database_in_a_folder_that_does_not_exist_yet_is_created_there(tmp_path):
    corpus = write_jsonl_corpus(tmp_path / "feed.jsonl", 3)
    db = tmp_path / "runs" / "monday" / "c.db"
    assert analyze([str(corpus)], db=db, config=load_config(overrides=LIGHT)).analysed == 3
    assert _counts(db)["articles"] == 3


def test_migrations_are_recorded_and_reopening_is_a_no_op(tmp_path):
    db = tmp_path / "c.db"
    with Store(db) as store:
        version = store.schema_version
    with Store(db) as store:
        assert store.schema_version == version >= 1
        rows = store.db.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0]
    assert rows == version


def test_a_transaction_inside_another_is_a_savepoint(tmp_path):
    with Store(tmp_path / "t.db") as store:
        store.db.execute("CREATE TABLE t (x INTEGER)")
        with store.transaction() as db:
            db.execute("INSERT INTO t VALUES (1)")
            with pytest.raises(ZeroDivisionError):
                with store.transaction() as inner:
                    inner.execute("INSERT INTO t VALUES (2)")
                    1 / 0
            with store.transaction() as inner:  # undone only when the outer one fails
                inner.execute("INSERT INTO t VALUES (3)")
            assert store.db.in_transaction
        assert [r[0] for r in store.db.execute("SELECT x FROM t ORDER BY x")] == [1, 3]
        with pytest.raises(RuntimeError):
            with store.transaction() as db:
                db.execute("INSERT INTO t VALUES (4)")
                with store.transaction() as inner:
                    inner.execute("INSERT INTO t VALUES (5)")
                raise RuntimeError("the outer one fails")
        assert [r[0] for r in store.db.execute("SELECT x FROM t ORDER BY x")] == [1, 3]
        with store.transaction() as db:  # usable again after both
            db.execute("INSERT INTO t VALUES (6)")
        assert store.db.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 3




def test_transactions_inside_one_without_savepoints_are_part_of_it(tmp_path):
    """No savepoint is opened inside (it would journal every page it changes), and an error in
    an inner transaction still undoes the whole outer one."""
    with Store(tmp_path / "t.db") as store:
        store.db.execute("CREATE TABLE t (x INTEGER)")
        statements = []
        store.db.set_trace_callback(statements.append)
        with store.transaction(savepoints=False):
            with store.transaction() as inner:
                inner.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(ZeroDivisionError):
            with store.transaction(savepoints=False):
                with store.transaction() as inner:
                    inner.execute("INSERT INTO t VALUES (2)")
                with store.transaction() as inner:
                    inner.execute("INSERT INTO t VALUES (3)")
                    1 / 0
        store.db.set_trace_callback(None)
        assert not [s for s in statements if "SAVEPOINT" in s.upper()]
        assert [r[0] for r in store.db.execute("SELECT x FROM t")] == [1]
        with store.transaction():  # the next transaction has savepoints inside again
            with store.transaction() as inner:
                inner.execute("INSERT INTO t VALUES (4)")
        assert store.db.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 2



def test_not_a_database_and_missing_database_errors(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        Store(junk)
    with pytest.raises(StoreError, match="no database at"):
        Store(tmp_path / "missing.db", readonly=True)


def test_read_only_database_gives_clear_error_and_keeps_data(tmp_path):
    corpus = write_jsonl_corpus(tmp_path / "feed.jsonl", 5)
    db = tmp_path / "c.db"
    analyze([str(corpus)], db=db, config=load_config(overrides=LIGHT))
    with Store(db, readonly=True) as store:
        with pytest.raises(StoreError, match="read-only"):
            with store.transaction() as conn:
                conn.execute("DELETE FROM articles")
        assert store.count("articles") == 5


def test_full_text_search_and_bad_query(tmp_path):
    corpus = write_jsonl_corpus(tmp_path / "feed.jsonl", 10)
    db = tmp_path / "c.db"
    analyze([str(corpus)], db=db, config=load_config(overrides=LIGHT))
    with Store(db) as store:
        hits = store.search('"round 7"')
        ids_by_ref = {r["ref"]: r["id"] for r in store.article_records()}
        assert [h["id"] for h in hits] == [ids_by_ref["art-7"]]
        assert "[round]" in hits[0]["snippet"].lower()
        with pytest.raises(StoreError, match="FTS5"):
            store.search('"unbalanced')


def test_jsonl_and_parquet_exports_agree(tmp_path):
    import pyarrow.parquet as pq

    corpus = write_jsonl_corpus(tmp_path / "feed.jsonl", 6)
    db = tmp_path / "c.db"
    analyze([str(corpus)], db=db, config=load_config(overrides=LIGHT))
    with Store(db) as store:
        jsonl = export_jsonl(store, tmp_path / "j")
        parquet = export_parquet(store, tmp_path / "p")
    assert jsonl == parquet and jsonl["articles"] == 6
    table = pq.read_table(tmp_path / "p" / "articles.parquet")
    lines = [json.loads(line) for line in (tmp_path / "j" / "articles.jsonl").open()]
    assert table.column("id").to_pylist() == [r["id"] for r in lines]
    assert [json.loads(v) for v in table.column("removed").to_pylist()] == [r["removed"] for r in lines]


def _analyze_command(corpus, db, config_file):
    return [sys.executable, "-m", "crosswire", "analyze", str(corpus), "--db", str(db), "--config", str(config_file)]


def test_sigkill_mid_run_leaves_consistent_store_and_rerun_completes(tmp_path):
    corpus = write_jsonl_corpus(tmp_path / "feed.jsonl", 600)
    config_file = tmp_path / "light.toml"
    config_file.write_text('[pipeline]\nstages = ["clean", "language"]\nbatch_size = 5\n', encoding="utf-8")
    reference_db, killed_db = tmp_path / "ref.db", tmp_path / "killed.db"
    subprocess.run(_analyze_command(corpus, reference_db, config_file), check=True, capture_output=True)

    process = subprocess.Popen(_analyze_command(corpus, killed_db, config_file),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        if killed_db.exists():
            try:
                with sqlite3.connect(killed_db, timeout=1) as conn:
                    stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
        if stored >= 50:
            break
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 0 < stored < 600, "the run must be killed mid-way for this test to mean anything"

    with sqlite3.connect(killed_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        # Whole batches or nothing: no article without its record.
        assert conn.execute("SELECT COUNT(*) FROM articles WHERE record IS NULL OR text = ''").fetchone()[0] == 0
    assert partial % 5 == 0 or partial == 600

    subprocess.run(_analyze_command(corpus, killed_db, config_file), check=True, capture_output=True)
    assert exported_files(killed_db, tmp_path / "out-killed") == exported_files(reference_db, tmp_path / "out-ref")


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path):
    from crosswire.store.lock import writer_lock

    corpus = write_jsonl_corpus(tmp_path / "feed.jsonl", 3)
    db = tmp_path / "c.db"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from crosswire.store.lock import writer_lock\n"
        f"with writer_lock({str(db)!r}):\n    print('held', flush=True); time.sleep(30)")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError, match=rf"being written by another crosswire process \(pid {holder.pid}\)"):
            analyze([str(corpus)], db=db, config=load_config(overrides=LIGHT))
    finally:
        holder.kill()
        holder.wait()
    with writer_lock(db):  # released when its holder died
        pass
    assert analyze([str(corpus)], db=db, config=load_config(overrides=LIGHT)).analysed == 3


def test_disk_full_rolls_back_the_batch_with_a_clear_message(tmp_path):
    from crosswire.pipeline import Pipeline
    from crosswire.ingest.readers import Limits
    from crosswire.ingest.sources import read_inputs

    corpus = write_jsonl_corpus(tmp_path / "feed.jsonl", 40)
    db = tmp_path / "c.db"
    pipeline = Pipeline.from_config(load_config(overrides=LIGHT))
    analyses = pipeline.analyze_batch(list(read_inputs([str(corpus)], Limits())))
    with Store(db) as store:
        store.write_batch(analyses[:5])
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk full"
        with pytest.raises(StoreError, match=r"disk full while writing .* \(nothing was half-written\)"):
            store.write_batch(analyses[5:])
        assert store.count("articles") == 5
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_readers_see_consistent_data_while_analyze_writes(tmp_path):
    corpus = write_jsonl_corpus(tmp_path / "feed.jsonl", 400)
    config_file = tmp_path / "light.toml"
    config_file.write_text('[pipeline]\nstages = ["clean", "language"]\nbatch_size = 10\n', encoding="utf-8")
    db = tmp_path / "c.db"
    writer = subprocess.Popen(_analyze_command(corpus, db, config_file), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    seen = []
    try:
        while writer.poll() is None:
            if db.exists():
                try:
                    with Store(db, readonly=True) as reader, reader.snapshot():  # what export does
                        count = reader.count("articles")
                        records = list(reader.article_records())
                except StoreError as error:  # only before the first migration has committed
                    assert "no articles table" in str(error) or "cannot open" in str(error)
                    continue
                assert len(records) == count and all(r["text"] for r in records)
                seen.append(count)
            time.sleep(0.02)
    finally:
        _, errors = writer.communicate(timeout=120)
    assert writer.returncode == 0, errors
    assert seen == sorted(seen) and len(set(seen)) > 2, "the reader should watch the store grow batch by batch"
    with Store(db, readonly=True) as reader:
        assert reader.count("articles") == 400
