"""The embedded store: SQLite in WAL mode, the one place that writes.

Every batch of analysed articles is written in one transaction, so a process killed at any
moment leaves whole articles or none; ids are content hashes, so a re-run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from crosswire.errors import StoreError
from crosswire.model import ArticleAnalysis
from crosswire.store.schema import MIGRATIONS

CACHE_KB = 64 * 1024
# Pages of WAL between checkpoints (SQLite's default: 1,000 = 4 MB). Each checkpoint copies the
# WAL into the database and syncs both files, after any commit that leaves more than that in the
# WAL. The corpus stages write some 300 MB of WAL per 1,000 articles once a store holds 50k
# (140 MB at 10k) in about 40 commits, 7 MB each on average: with the default most commits
# checkpointed, and a page that several stages change was copied back each time.
WAL_CHECKPOINT_PAGES = 10_000
WAL_SIZE_LIMIT = 64 * 1024 * 1024  # bytes a checkpointed WAL file is truncated to
BUSY_TIMEOUT_MS = 30_000


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class Store:
    """A Crosswire database.

    >>> store = Store(":memory:")
    >>> store.count("articles")
    0
    """

    def __init__(self, path: str | Path, *, readonly: bool = False):
        self.path = str(path)
        self.readonly = readonly
        self._depth = 0  # open transactions: 1 the outermost, more its savepoints
        self._savepoints = True  # whether transactions inside the open one are savepoints
        try:
            if readonly:
                if not Path(self.path).exists():
                    raise StoreError(f"no database at {self.path}; run 'crosswire analyze' first or pass --db")
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.db.execute("PRAGMA foreign_keys = ON")
            # 64 MB of page cache (SQLite's default is 2 MB): the corpus stages look up and insert
            # into indexes spread over the whole file, and a bigger store would otherwise read
            # most pages from the OS again on every batch.
            self.db.execute(f"PRAGMA cache_size = -{CACHE_KB}")
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
                self.db.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
                self.db.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")
                self._migrate()
            else:
                self._check_is_store()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open database {self.path}: {error}; is it a Crosswire database "
                             "on a writable disk?") from None

    # -- schema ---------------------------------------------------------------------------

    def _migrate(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        applied = {row[0] for row in self.db.execute("SELECT version FROM schema_migrations")}
        for version, name, sql in MIGRATIONS:
            if version in applied:
                continue
            with self.transaction():
                for statement in _statements(sql):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, _now()))

    def _check_is_store(self) -> None:
        try:
            self.db.execute("SELECT 1 FROM articles LIMIT 1")
        except sqlite3.OperationalError:
            raise StoreError(f"{self.path} is not a Crosswire database (no articles table)") from None

    @property
    def schema_version(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]

    @contextmanager
    def transaction(self, *, savepoints: bool = True) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error; write errors become StoreError.

        Inside another transaction it is a savepoint: its writes commit with the outer one, and
        an error undoes them before it propagates. With ``savepoints=False`` the transactions
        opened inside this one are simply part of it: an error in one still undoes everything,
        as it propagates through this one, but nothing is kept to undo a part. The corpus stages
        run each chunk of articles that way (``crosswire.corpus.runner``): a savepoint copies the
        original of every page it changes to a temporary file, some 500 MB per chunk once a store
        holds 50k articles.
        """
        if self._depth:
            if not self._savepoints:
                yield self.db
                return
            with self._savepoint():
                yield self.db
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(_write_hint(self.path, error)) from None
        self._depth, self._savepoints = 1, savepoints
        try:
            yield self.db
            self.db.execute("COMMIT")
        except sqlite3.Error as error:
            self._rollback()
            raise StoreError(_write_hint(self.path, error)) from None
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth, self._savepoints = 0, True

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        name = f"nested_{self._depth}"
        self.db.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield
            self.db.execute(f"RELEASE {name}")
        except BaseException:
            if self.db.in_transaction:  # SQLite may have rolled the whole transaction back already
                self.db.execute(f"ROLLBACK TO {name}")
                self.db.execute(f"RELEASE {name}")
            raise
        finally:
            self._depth -= 1

    @contextmanager
    def snapshot(self) -> Iterator["Store"]:
        """Reads inside see one committed state of the store, whatever a writer commits meanwhile
        (a deferred read transaction; in WAL mode the writer is not blocked)."""
        self.db.execute("BEGIN")
        try:
            yield self
        finally:
            self.db.execute("COMMIT")

    def _rollback(self) -> None:
        """Roll back, unless SQLite already did (it does on SQLITE_FULL and some I/O errors)."""
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` already stored."""
        ids = list(ids)
        found: set[str] = set()
        for offset in range(0, len(ids), 500):
            chunk = ids[offset:offset + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return found

    def write_batch(self, analyses: Sequence[ArticleAnalysis]) -> int:
        """Store a batch of analyses in one transaction; returns how many were new."""
        added = 0
        with self.transaction() as db:
            for analysis in analyses:
                added += self._insert_analysis(db, analysis)
        return added

    def _insert_analysis(self, db: sqlite3.Connection, analysis: ArticleAnalysis) -> int:
        article = analysis.article
        record = article.to_record()
        cursor = db.execute(
            "INSERT OR IGNORE INTO articles (id, ref, source, title, published, published_from, language, "
            "text, record, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, article.ref, article.source, article.title, article.published,
             article.published_from, article.language, article.text, _dumps(record), _now()),
        )
        if cursor.rowcount == 0:
            return 0
        db.executemany("INSERT OR REPLACE INTO mentions VALUES (?, ?, ?, ?, ?, ?)",
                       [(m.article, m.start, m.end, m.text, m.label, m.key) for m in analysis.mentions])
        db.executemany("INSERT OR REPLACE INTO times VALUES (?, ?, ?, ?)",
                       [(t.article, t.start, t.end, _dumps(t.to_record())) for t in analysis.times])
        db.executemany("INSERT OR REPLACE INTO quotes VALUES (?, ?, ?, ?, ?)",
                       [(q.id, q.article, q.speaker_key, q.group, _dumps(q.to_record())) for q in analysis.quotes])
        db.executemany("INSERT OR REPLACE INTO events VALUES (?, ?, ?, ?, ?, ?)",
                       [(e.id, e.article, e.type, e.date, e.group, _dumps(e.to_record())) for e in analysis.events])
        return 1

    def mark_interrupted_runs(self) -> int:
        """Mark runs that never finished (killed) as interrupted; returns how many there were."""
        with self.transaction() as db:
            return db.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'").rowcount

    def start_run(self) -> int:
        with self.transaction() as db:
            return db.execute("INSERT INTO runs (started_at) VALUES (?)", (_now(),)).lastrowid

    def finish_run(self, run: int, *, analysed: int, already_stored: int,
                   skipped: Sequence[tuple[str, str]], status: str = "done") -> None:
        with self.transaction() as db:
            db.executemany("INSERT INTO skipped VALUES (?, ?, ?)", [(run, ref, reason) for ref, reason in skipped])
            db.execute("UPDATE runs SET finished_at = ?, analysed = ?, already_stored = ?, skipped = ?, "
                       "status = ? WHERE id = ?", (_now(), analysed, already_stored, len(skipped), status, run))

    # -- reading --------------------------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in {"articles", "mentions", "times", "quotes", "events", "entities", "stories", "claims"}:
            raise StoreError(f"unknown table {table!r}")
        return self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def article_records(self, ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
        """``articles.jsonl`` records (with the corpus fields), in a stable order."""
        sql = "SELECT record, story, duplicate_of, quality FROM articles"
        for row in self._rows_for_ids(sql, "id", ids, order="published, id"):
            record = json.loads(row["record"])
            record.update(story=row["story"], duplicate_of=row["duplicate_of"], quality=json.loads(row["quality"]))
            yield record

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article record by id, or by unique id prefix."""
        rows = self.db.execute("SELECT id FROM articles WHERE id LIKE ? LIMIT 2", (_id_prefix(article_id),)).fetchall()
        if len(rows) != 1:
            return None
        return next(self.article_records([rows[0][0]]))

    def count_id_prefix(self, prefix: str) -> int:
        """How many article ids start with ``prefix``."""
        return self.db.execute("SELECT count(*) FROM articles WHERE id LIKE ?", (_id_prefix(prefix),)).fetchone()[0]

    def list_articles(self, *, source: str | None = None, since: str | None = None, until: str | None = None,
                      language: str | None = None, limit: int = 50, offset: int = 0) -> list[sqlite3.Row]:
        """Article summaries, newest first, filtered."""
        clauses, params = [], []
        for clause, value in (("source = ?", source), ("published >= ?", since),
                              ("published <= ?", until), ("language = ?", language)):
            if value:
                clauses.append(clause)
                params.append(value)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return self.db.execute(
            f"SELECT id, source, title, published, published_from, language, ref, length(text) AS chars "
            f"FROM articles {where} ORDER BY published DESC, id LIMIT ? OFFSET ?", (*params, limit, offset),
        ).fetchall()

    def search(self, query: str, limit: int = 20) -> list[sqlite3.Row]:
        """Full-text search over titles and text (FTS5 syntax; plain words are ANDed)."""
        try:
            return self.db.execute(
                "SELECT a.id, a.source, a.title, a.published, "
                "snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snippet "
                "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", (query, limit),
            ).fetchall()
        except sqlite3.OperationalError as error:
            raise StoreError(f"search query {query!r} is not valid FTS5 syntax ({error}); quote phrases "
                             'with double quotes, e.g. \'"peace talks"\'') from None

    def list_events(self, *, actor: str | None = None, event_type: str | None = None, since: str | None = None,
                    until: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Event records, newest first. ``actor`` is a country code (``AZE``, ``IGO:EU``) or part of a name."""
        clauses, params = [], []
        if event_type:
            clauses.append("e.type = ?")
            params.append(event_type.upper())
        if since:
            clauses.append("COALESCE(e.date, a.published) >= ?")
            params.append(since)
        if until:
            clauses.append("COALESCE(e.date, a.published) <= ?")
            params.append(until)
        if actor:
            if actor.isupper() or actor.startswith("IGO:"):
                clauses.append("(json_extract(e.record, '$.source.country') = ? OR "
                               "json_extract(e.record, '$.target.country') = ?)")
                params += [actor, actor]
            else:
                clauses.append("(json_extract(e.record, '$.source.name') LIKE ? OR "
                               "json_extract(e.record, '$.target.name') LIKE ?)")
                params += [f"%{actor}%", f"%{actor}%"]
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.db.execute(
            f"SELECT e.record FROM events e JOIN articles a ON a.id = e.article {where} "
            f"ORDER BY COALESCE(e.date, a.published) DESC, e.article, e.id LIMIT ?", (*params, limit)).fetchall()
        return [json.loads(row[0]) for row in rows]

    def list_quotes(self, *, speaker: str | None = None, group: str | None = None,
                    limit: int = 50) -> list[dict[str, Any]]:
        """Quote records, newest article first; ``speaker`` matches part of the name or surface text."""
        clauses, params = [], []
        if speaker:
            clauses.append("(json_extract(q.record, '$.speaker_name') LIKE ? OR "
                           "json_extract(q.record, '$.speaker_text') LIKE ?)")
            params += [f"%{speaker}%", f"%{speaker}%"]
        if group:
            clauses.append("q.grp = ?")
            params.append(group)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.db.execute(
            f"{QUOTES_WITH_SPEAKER} JOIN articles a ON a.id = q.article {where} "
            f"ORDER BY a.published DESC, q.article, json_extract(q.record, '$.start') LIMIT ?",
            (*params, limit)).fetchall()
        return [_quote_record(row) for row in rows]

    def table_records(self, table: str, ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
        """Records of ``times``, ``quotes`` or ``events`` (of the given articles, or all)."""
        if table not in {"times", "quotes", "events"}:
            raise StoreError(f"unknown record table {table!r}")
        if table == "quotes":
            for row in self._rows_for_ids(QUOTES_WITH_SPEAKER, "q.article", ids, order="q.article, q.id"):
                yield _quote_record(row)
            return
        order = "article, start, end" if table == "times" else "article, id"
        for row in self._rows_for_ids(f"SELECT record FROM {table}", "article", ids, order=order):
            yield json.loads(row["record"])

    def corpus_records(self, table: str) -> Iterator[dict[str, Any]]:
        """Records of ``stories`` or ``claims``."""
        if table not in {"stories", "claims"}:
            raise StoreError(f"unknown corpus table {table!r}")
        for row in self.db.execute(f"SELECT record FROM {table} ORDER BY id"):
            yield json.loads(row["record"])

    def _rows_for_ids(self, sql: str, column: str, ids: Sequence[str] | None, *, order: str) -> Iterator[sqlite3.Row]:
        if ids is None:
            yield from self.db.execute(f"{sql} ORDER BY {order}")
            return
        ids = sorted(set(ids))
        for offset in range(0, len(ids), 500):
            chunk = ids[offset:offset + 500]
            marks = ",".join("?" * len(chunk))
            yield from self.db.execute(f"{sql} WHERE {column} IN ({marks}) ORDER BY {order}", chunk)


# A quote's speaker entity is known only once the corpus stages have resolved its name key, and
# may change as later articles merge names: it is looked up when the quote is read, not stored.
QUOTES_WITH_SPEAKER = ("SELECT q.record AS record, k.entity AS speaker_entity FROM quotes q "
                       "LEFT JOIN entity_keys k ON k.key = q.speaker_key")


def _quote_record(row: sqlite3.Row) -> dict[str, Any]:
    """A ``quotes.jsonl`` record with ``speaker`` set to its speaker's entity id (or null)."""
    record = json.loads(row["record"])
    record["speaker"] = row["speaker_entity"]
    return record


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (trigger bodies keep their inner semicolons)."""
    statements, buffer = [], []
    for line in script.strip().splitlines():
        buffer.append(line)
        candidate = "\n".join(buffer).strip()
        if candidate.endswith(";") and sqlite3.complete_statement(candidate):
            statements.append(candidate)
            buffer = []
    if "\n".join(buffer).strip():
        statements.append("\n".join(buffer).strip())
    return statements


def _write_hint(path: str, error: sqlite3.Error) -> str:
    """A message for a failed write that says what to do."""
    message = str(error)
    if "readonly" in message or "read-only" in message:
        return f"database {path} is read-only: {message}; check file permissions or pass --db to a writable path"
    if "full" in message:
        return f"disk full while writing {path}: {message}; free space and re-run (nothing was half-written)"
    if "locked" in message or "busy" in message:
        return (f"database {path} is locked by another writer ({message}); wait for the other "
                "'crosswire analyze' to finish, or use another --db")
    return f"cannot write {path}: {message}"


class EntityTables:
    """Reads and writes of the corpus-level entity tables (used by crosswire.corpus.entities)."""

    def __init__(self, store: Store):
        self.db = store.db
        self.store = store

    def mentions_for_keys(self, keys: Sequence[str]) -> Iterator[sqlite3.Row]:
        """Mention rows whose key is one of ``keys``, ordered by key."""
        yield from self.store._rows_for_ids("SELECT article, start, end, text, label, key FROM mentions",
                                            "key", keys, order="key, article, start")

    def keys_of_articles(self, article_ids: Sequence[str]) -> set[str]:
        return {row["key"] for row in self.store._rows_for_ids("SELECT DISTINCT key FROM mentions", "article",
                                                                article_ids, order="key")}

    def add_key_forms(self, article_ids: Sequence[str]) -> None:
        """Add the mentions of new articles to the running per-key form and article counts."""
        ids = sorted(set(article_ids))
        with self.store.transaction() as db:
            for offset in range(0, len(ids), 500):
                chunk = ids[offset:offset + 500]
                marks = ",".join("?" * len(chunk))
                db.execute(f"INSERT INTO key_forms SELECT key, text, label, COUNT(*) FROM mentions "
                           f"WHERE article IN ({marks}) GROUP BY key, text, label "
                           f"ON CONFLICT(key, text, label) DO UPDATE SET mentions = mentions + excluded.mentions",
                           chunk)
                db.execute(f"INSERT INTO key_articles SELECT key, COUNT(DISTINCT article) FROM mentions "
                           f"WHERE article IN ({marks}) GROUP BY key "
                           f"ON CONFLICT(key) DO UPDATE SET articles = articles + excluded.articles", chunk)

    def rebuild_key_forms(self) -> None:
        """Recount every key's forms and articles from all stored mentions."""
        with self.store.transaction() as db:
            db.execute("DELETE FROM key_forms")
            db.execute("DELETE FROM key_articles")
            db.execute("INSERT INTO key_forms SELECT key, text, label, COUNT(*) FROM mentions GROUP BY key, text, label")
            db.execute("INSERT INTO key_articles SELECT key, COUNT(DISTINCT article) FROM mentions GROUP BY key")

    def forms_for_keys(self, keys: Sequence[str]) -> dict[str, list[tuple[str, str, int]]]:
        """(surface text, label, mentions) of each of ``keys`` that has mentions."""
        forms: dict[str, list[tuple[str, str, int]]] = {}
        for row in self.store._rows_for_ids("SELECT key, text, label, mentions FROM key_forms", "key", keys,
                                            order="key, text, label"):
            forms.setdefault(row["key"], []).append((row["text"], row["label"], row["mentions"]))
        return forms

    def article_counts(self, key_groups: Sequence[Sequence[str]]) -> list[int]:
        """Articles mentioning any key of each group: the running count for one key, counted
        from the mentions for several (an article may name one person two ways)."""
        single = self.store._rows_for_ids("SELECT key, articles FROM key_articles", "key",
                                          [g[0] for g in key_groups if len(g) == 1], order="key")
        counts = {row["key"]: row["articles"] for row in single}
        result = []
        for group in key_groups:
            if len(group) == 1:
                result.append(counts.get(group[0], 0))
            else:
                marks = ",".join("?" * len(group))
                result.append(self.db.execute(f"SELECT COUNT(DISTINCT article) FROM mentions WHERE key IN ({marks})",
                                              list(group)).fetchone()[0])
        return result

    def all_keys(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT DISTINCT key FROM mentions")}

    def replace(self, keys: Sequence[str], entities: Sequence[dict[str, Any]], key_map: dict[str, str]) -> None:
        """Replace the entities of ``keys`` in one transaction."""
        with self.store.transaction() as db:
            for offset in range(0, len(keys), 500):
                chunk = list(keys[offset:offset + 500])
                marks = ",".join("?" * len(chunk))
                old = [r[0] for r in db.execute(f"SELECT DISTINCT entity FROM entity_keys WHERE key IN ({marks})", chunk)]
                db.execute(f"DELETE FROM entity_keys WHERE key IN ({marks})", chunk)
                db.executemany("DELETE FROM entities WHERE id = ?", [(e,) for e in old])
            db.executemany("INSERT OR REPLACE INTO entities VALUES (?, ?, ?, ?)",
                           [(e["id"], e["name"], e["type"], _dumps(e)) for e in entities])
            db.executemany("INSERT OR REPLACE INTO entity_keys VALUES (?, ?)", sorted(key_map.items()))

    def records(self, article_ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
        """``entities.jsonl`` records with their mentions (only those in ``article_ids`` when given)."""
        wanted = set(article_ids) if article_ids is not None else None
        for row in self.db.execute("SELECT id, record FROM entities ORDER BY name, id"):
            record = json.loads(row["record"])
            keys = [r[0] for r in self.db.execute("SELECT key FROM entity_keys WHERE entity = ?", (row["id"],))]
            mentions = [
                {"article": m["article"], "start": m["start"], "end": m["end"]}
                for m in self.mentions_for_keys(keys)
                if wanted is None or m["article"] in wanted
            ]
            if not mentions:
                continue
            record["mentions"] = sorted(mentions, key=lambda m: (m["article"], m["start"]))
            yield record

    def entity_for_key(self, key: str) -> str | None:
        row = self.db.execute("SELECT entity FROM entity_keys WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None


def _id_prefix(prefix: str) -> str:
    """A LIKE pattern for ids starting with ``prefix`` (its own wildcards dropped)."""
    return prefix.replace("%", "").replace("_", "") + "%"
