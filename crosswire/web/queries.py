"""Read-only, paginated, filtered queries over the store for the web app and its JSON API.

Every value from a request reaches SQL as a bound parameter; only fixed clauses written here
are joined into the statements.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from crosswire.errors import StoreError
from crosswire.names import name_key
from crosswire.report.views import article_meta, claim_articles
from crosswire.store.export import table_records
from crosswire.store.resolved import entity_with_profile, with_entity_ids
from crosswire.store.sqlite import EntityTables, Store

SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"  # FTS5 snippet markers; the templates turn them into <mark>
CONFLICT_ARTICLES = ("SELECT x.value FROM claims c, json_each(c.record, '$.values') v, "
                     "json_each(v.value, '$.articles') x WHERE json_extract(c.record, '$.status') = 'conflict'")


@dataclass(frozen=True)
class Page:
    """One page of results and the total that matched."""

    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


@dataclass(frozen=True)
class Filters:
    """What a list can be narrowed by; empty values are ignored."""

    q: str | None = None
    source: str | None = None
    story: str | None = None
    actor: str | None = None
    event_type: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    article: str | None = None
    speaker: str | None = None
    conflicts: bool = False
    language: str | None = None


class Where:
    """Accumulates SQL conditions and their parameters."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[Any] = []

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return f" WHERE {' AND '.join(self.clauses)}" if self.clauses else ""


def _run(db: sqlite3.Connection, sql: str, params: list[Any]) -> list[sqlite3.Row]:
    try:
        return db.execute(sql, params).fetchall()
    except sqlite3.OperationalError as error:
        if "articles_fts MATCH" in sql:  # the only user-written SQL text is an FTS5 query
            raise StoreError(f"search query is not valid FTS5 syntax ({error}); quote phrases with double quotes, "
                             'e.g. "peace talks"') from None
        raise


def fts_query(text: str) -> str:
    """A user's search words as an FTS5 query: plain words are quoted (so '-' or ':' are not operators),
    and FTS5 syntax is kept when the user wrote operators or quotes.

    >>> fts_query('harbour talks'), fts_query('"peace talks" OR truce'), fts_query("Brandt's e-mail")
    ('"harbour" "talks"', '"peace talks" OR truce', '"Brandt\\'s" "e-mail"')
    """
    if '"' in text or any(op in text.split() for op in ("AND", "OR", "NOT", "NEAR")) or text.rstrip().endswith("*"):
        return text
    return " ".join('"' + word.replace('"', "") + '"' for word in text.split())


def articles(store: Store, filters: Filters, limit: int, offset: int) -> Page:
    """Article summaries matching ``filters``: by search rank when searching, else newest first."""
    where = Where()
    source = "FROM articles a"
    columns = ("a.id, a.ref, a.source, a.title, a.published, a.published_from, a.language, a.story, "
               "a.duplicate_of, a.quality, length(a.text) AS chars")
    order = "a.published DESC, a.rowid DESC"  # both in the published index: no sort
    if filters.q and filters.q.strip():
        source = "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        where.add("articles_fts MATCH ?", fts_query(filters.q.strip()))
        columns += f", snippet(articles_fts, 1, '{SNIPPET_OPEN}', '{SNIPPET_CLOSE}', ' … ', 16) AS snippet"
        order = "articles_fts.rank"
    for clause, value in (("a.source = ?", filters.source), ("a.story = ?", filters.story),
                          ("a.language = ?", filters.language), ("a.published >= ?", filters.since),
                          ("a.published < date(?, '+1 day')", filters.until),
                          ("a.id IN (SELECT article FROM events WHERE type = ?)",
                           filters.event_type.upper() if filters.event_type else None)):
        if value:
            where.add(clause, value)
    if filters.actor and name_key(filters.actor):
        where.add("a.id IN (SELECT article FROM mentions WHERE key = ?)", name_key(filters.actor))
    if filters.conflicts:
        where.add(f"a.id IN ({CONFLICT_ARTICLES})")
    total = _run(store.db, f"SELECT COUNT(*) {source}{where.sql()}", where.params)[0][0]
    rows = _run(store.db, f"SELECT {columns} {source}{where.sql()} ORDER BY {order} LIMIT ? OFFSET ?",
                [*where.params, limit, offset])
    items = []
    for row in rows:
        record = dict(row)
        record["quality"] = json.loads(record["quality"])
        item = {**article_meta(record), "ref": record["ref"], "chars": record["chars"], "quality": record["quality"]}
        if "snippet" in record:
            item["snippet"] = record["snippet"]
        items.append(item)
    return Page(total, limit, offset, items)


def _record_rows(store: Store, table: str, where: Where, order: str, limit: int, offset: int,
                 joined: str = "") -> Page:
    total = _run(store.db, f"SELECT COUNT(*) FROM {table} t{joined}{where.sql()}", where.params)[0][0]
    rows = _run(store.db, f"SELECT t.record FROM {table} t{joined}{where.sql()} ORDER BY {order} LIMIT ? OFFSET ?",
                [*where.params, limit, offset])
    return Page(total, limit, offset, with_entity_ids(store, table, [json.loads(r[0]) for r in rows]))


def events(store: Store, filters: Filters, limit: int, offset: int) -> Page:
    """Event records matching ``filters``, latest event date first."""
    where = Where()
    joined = ""
    if filters.event_type:
        where.add("t.type = ?", filters.event_type.upper())
    if filters.article:
        where.add("t.article = ?", filters.article)
    if filters.since:
        where.add("t.date >= ?", filters.since)
    if filters.until:
        where.add("t.date <= ?", filters.until + "\uffff")
    if filters.status:
        where.add("json_extract(t.record, '$.status') = ?", filters.status)
    if filters.actor:
        pattern = f"%{filters.actor.strip()}%"
        where.add("(json_extract(t.record, '$.source.name') LIKE ? OR json_extract(t.record, '$.target.name') LIKE ?)",
                  pattern, pattern)
    if filters.story or filters.source:
        joined = " JOIN articles a ON a.id = t.article"
        if filters.story:
            where.add("a.story = ?", filters.story)
        if filters.source:
            where.add("a.source = ?", filters.source)
    if filters.conflicts:
        where.add(f"t.article IN ({CONFLICT_ARTICLES})")
    return _record_rows(store, "events", where, "t.date IS NULL, t.date DESC, t.id", limit, offset, joined)


def quotes(store: Store, filters: Filters, limit: int, offset: int) -> Page:
    """Quote records matching ``filters`` (speaker matches any part of the speaker's name)."""
    where = Where()
    joined = ""
    if filters.article:
        where.add("t.article = ?", filters.article)
    if filters.speaker:
        where.add("json_extract(t.record, '$.speaker_name') LIKE ?", f"%{filters.speaker.strip()}%")
    if filters.q:
        where.add("json_extract(t.record, '$.text') LIKE ?", f"%{filters.q.strip()}%")
    if filters.story or filters.source:
        joined = " JOIN articles a ON a.id = t.article"
        if filters.story:
            where.add("a.story = ?", filters.story)
        if filters.source:
            where.add("a.source = ?", filters.source)
    return _record_rows(store, "quotes", where, "t.grp, t.article, t.id", limit, offset, joined)


def claims(store: Store, filters: Filters, limit: int, offset: int) -> Page:
    """Claim records, conflicts first; ``story`` keeps claims citing that story's articles."""
    where = Where()
    if filters.conflicts:
        where.add("json_extract(t.record, '$.status') = 'conflict'")
    if filters.q:
        where.add("json_extract(t.record, '$.subject_name') LIKE ?", f"%{filters.q.strip()}%")
    if filters.story:
        where.add("t.id IN (SELECT c.id FROM claims c, json_each(c.record, '$.values') v, "
                  "json_each(v.value, '$.articles') x JOIN articles a ON a.id = x.value WHERE a.story = ?)",
                  filters.story)
    order = "json_extract(t.record, '$.status') != 'conflict', json_extract(t.record, '$.subject_name'), t.id"
    return _record_rows(store, "claims", where, order, limit, offset)


def times(store: Store, filters: Filters, limit: int, offset: int) -> Page:
    """Time-expression records, by article and position."""
    where = Where()
    if filters.article:
        where.add("t.article = ?", filters.article)
    return _record_rows(store, "times", where, "t.article, t.start", limit, offset)


def stories(store: Store, filters: Filters, limit: int, offset: int) -> Page:
    """Story records, latest first; ``q`` matches the label."""
    where = Where()
    if filters.q:
        where.add("json_extract(t.record, '$.label') LIKE ?", f"%{filters.q.strip()}%")
    order = "json_extract(t.record, '$.end') DESC, t.id"
    return _record_rows(store, "stories", where, order, limit, offset)


def entities(store: Store, filters: Filters, limit: int, offset: int) -> Page:
    """Entity records with their mentions; ``q`` matches the start of the name."""
    where = Where()
    if filters.q:
        where.add("t.name LIKE ?", f"{filters.q.strip()}%")
    page = _record_rows(store, "entities", where, "t.name, t.id", limit, offset)
    return Page(page.total, limit, offset, [with_mentions(store, e) for e in page.items])


def with_mentions(store: Store, entity: dict[str, Any]) -> dict[str, Any]:
    """An entity record with its ``mentions`` list (the contract's shape)."""
    keys = [r[0] for r in store.db.execute("SELECT key FROM entity_keys WHERE entity = ?", (entity["id"],))]
    mentions = [{"article": m["article"], "start": m["start"], "end": m["end"]}
                for m in EntityTables(store).mentions_for_keys(keys)]
    entity = entity_with_profile(store, entity, keys, (m["article"] for m in mentions))
    return {**entity, "mentions": sorted(mentions, key=lambda m: (m["article"], m["start"]))}


def one(store: Store, table: str, record_id: str) -> dict[str, Any] | None:
    """One record of ``stories``, ``claims``, ``events``, ``quotes`` or ``entities`` by id."""
    if table not in {"stories", "claims", "events", "quotes", "entities"}:
        raise StoreError(f"unknown table {table!r}")
    row = store.db.execute(f"SELECT record FROM {table} WHERE id = ?", (record_id,)).fetchone()
    if row is None:
        return None
    record = json.loads(row[0])
    return with_mentions(store, record) if table == "entities" else with_entity_ids(store, table, [record])[0]


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    """The full contract record of one article (exact id only)."""
    row = store.db.execute("SELECT id FROM articles WHERE id = ?", (article_id,)).fetchone()
    return next(store.article_records([row[0]]), None) if row else None


def article_records(store: Store, table: str, article_id: str) -> list[dict[str, Any]]:
    """The quotes, events or times of one article."""
    return list(table_records(store, table, [article_id]))


def runs(store: Store, limit: int = 20) -> list[dict[str, Any]]:
    """The latest runs, newest first, each with its skipped inputs (at most 50 shown)."""
    result = []
    for row in store.db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,)):
        run = dict(row)
        run["skipped_inputs"] = [dict(r) for r in store.db.execute(
            "SELECT ref, reason FROM skipped WHERE run = ? LIMIT 50", (run["id"],))]
        result.append(run)
    return result


def counts(store: Store) -> dict[str, int]:
    """Rows per contract table."""
    return {t: store.count(t) for t in ("articles", "entities", "times", "quotes", "events", "stories", "claims")}


def sources(store: Store, limit: int = 200) -> list[tuple[str, int]]:
    """Outlets by number of articles."""
    return [(r[0], r[1]) for r in store.db.execute(
        "SELECT source, COUNT(*) FROM articles WHERE source IS NOT NULL GROUP BY source ORDER BY 2 DESC, 1 LIMIT ?",
        (limit,))]


def event_types(store: Store) -> list[str]:
    """Event types present in the store."""
    return [r[0] for r in store.db.execute("SELECT DISTINCT type FROM events ORDER BY type")]


def story_records(store: Store, story: dict[str, Any]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """The article, event, quote and claim records a story view needs."""
    ids = sorted(set(story.get("articles") or []) |
                 {r[0] for r in store.db.execute("SELECT id FROM articles WHERE story = ?", (story["id"],))})
    yield "articles", list(store.article_records(ids))
    yield "events", list(table_records(store, "events", ids))
    yield "quotes", list(store.table_records("quotes", ids))
    wanted = set(ids)
    cited = []
    for row in store.db.execute("SELECT record FROM claims"):
        claim = json.loads(row[0])
        if claim_articles(claim) & wanted:
            cited.append(claim)
    yield "claims", cited
