"""Reads and writes of the corpus stages (crosswire.corpus): one class, plain rows in and out.

Everything a stage needs is fetched by article id in chunks, so no stage holds the corpus in
memory; writes happen in ``store.transaction()``s.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from crosswire.errors import StoreError
from crosswire.store.sqlite import Store

CHUNK = 500


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    values = sorted(set(values))
    for offset in range(0, len(values), CHUNK):
        yield values[offset:offset + CHUNK]


class CorpusTables:
    """The corpus stages' view of a store."""

    def __init__(self, store: Store):
        self.store = store
        self.db: sqlite3.Connection = store.db
        # Posting queries found over their limit. Postings only gain rows (nothing deletes from
        # story_terms, and a batch that fails ends its run), so such a query stays over it: later
        # batches skip it instead of reading its first ``limit + 1`` rows again, some 200,000
        # rows per 1,000 articles once a store holds 50k and common terms have passed their limits.
        self._saturated: set[tuple] = set()

    def _select(self, sql: str, column: str, ids: Iterable[str], tail: str = "",
                params: tuple = ()) -> Iterator[sqlite3.Row]:
        """``sql WHERE column IN (ids) tail``, ids a chunk at a time; ``params`` bind ``tail``."""
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            yield from self.db.execute(f"{sql} WHERE {column} IN ({marks}) {tail}", (*chunk, *params))

    # -- articles ---------------------------------------------------------------------------

    def all_article_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY id")]

    def articles(self, ids: Iterable[str]) -> Iterator[dict[str, Any]]:
        """id, source, title, published, published_range, language, text, removed chars, story,
        duplicate_of and quality of each article."""
        sql = ("SELECT id, source, title, published, language, text, story, duplicate_of, quality, "
               "json_extract(record, '$.published_range') AS prange, "
               "(SELECT COALESCE(SUM(length(json_extract(r.value, '$.text'))), 0) "
               " FROM json_each(json_extract(record, '$.removed')) r) AS removed_chars FROM articles")
        for row in self._select(sql, "id", ids, "ORDER BY id"):
            yield {**dict(row), "published_range": json.loads(row["prange"]) if row["prange"] else None,
                   "quality": json.loads(row["quality"])}

    def article_meta(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Small per-article facts (no text): source, published, story, duplicate_of."""
        sql = "SELECT id, source, title, published, story, duplicate_of FROM articles"
        return {r["id"]: dict(r) for r in self._select(sql, "id", ids)}

    def published_of(self, ids: Iterable[str]) -> dict[str, str | None]:
        """Article -> its publication date (read from the row's start, not its text)."""
        return {r[0]: r[1] for r in self._select("SELECT id, published FROM articles", "id", ids)}

    def originals_of(self, ids: Iterable[str]) -> dict[str, str]:
        """Article -> the article it copies, for those of ``ids`` that are copies (index only:
        ``articles_corpus_fields``)."""
        sql = "SELECT id, duplicate_of FROM articles INDEXED BY articles_corpus_fields"
        return {r[0]: r[1] for r in self._select(sql, "id", ids) if r[1] is not None}

    def stories_of(self, ids: Iterable[str]) -> dict[str, str | None]:
        """Article -> its story (index only: ``articles_corpus_fields``)."""
        sql = "SELECT id, story FROM articles INDEXED BY articles_corpus_fields"
        return {r[0]: r[1] for r in self._select(sql, "id", ids)}

    def articles_of_stories(self, stories: Iterable[str]) -> list[str]:
        return [r[0] for r in self._select("SELECT id FROM articles", "story", stories, "ORDER BY id")]

    def set_article_fields(self, rows: Sequence[tuple[str, str | None, str | None, dict[str, Any]]]) -> None:
        """(article, story, duplicate_of, quality) for each article, in one transaction."""
        with self.store.transaction() as db:
            db.executemany("UPDATE articles SET story = ?, duplicate_of = ?, quality = ? WHERE id = ?",
                           [(story, dup, _dumps(quality), article) for article, story, dup, quality in rows])

    def set_stories_of(self, assignment: dict[str, str]) -> None:
        with self.store.transaction() as db:
            db.executemany("UPDATE articles SET story = ? WHERE id = ?",
                           [(story, article) for article, story in sorted(assignment.items())])

    # -- per-article records ----------------------------------------------------------------

    def mentions(self, ids: Iterable[str]) -> Iterator[sqlite3.Row]:
        yield from self._select("SELECT article, start, end, text, label, key FROM mentions", "article", ids,
                                "ORDER BY article, start")

    def day_values(self, ids: Iterable[str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """The days each article's time expressions resolve to, as two maps: every day
        ("YYYY-MM-DD", or "XXXX-MM-DD" when the year is unknown), and the "MM-DD" of the latter."""
        days: dict[str, list[str]] = {}
        yearless: dict[str, list[str]] = {}
        sql = "SELECT article, json_extract(record, '$.value') AS value FROM times"
        for row in self._select(sql, "article", ids):
            value = row["value"] or ""
            if len(value) == 10 and value[4] == "-" and value[7] == "-":
                days.setdefault(row["article"], []).append(value)
                if value.startswith("XXXX-"):
                    yearless.setdefault(row["article"], []).append(value[5:])
        return days, yearless

    def add_key_counts(self, rows: Sequence[tuple[str, str, int, int]]) -> None:
        """(key, surname skeleton, new PERSON mentions, new mentions), added to the running counts."""
        with self.store.transaction() as db:
            db.executemany("INSERT INTO key_counts VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
                           "person = person + excluded.person, total = total + excluded.total", rows)

    def clear_corpus_indexes(self) -> None:
        """Forget running counts before the corpus stages are re-run over every article."""
        with self.store.transaction() as db:
            db.execute("DELETE FROM key_counts")
            db.execute("DELETE FROM key_forms")
            db.execute("DELETE FROM key_articles")

    def person_keys_by_surname(self, surnames: Iterable[str]) -> dict[str, int]:
        """PERSON mention count of every key with one of these surname skeletons that NER
        labels PERSON in at least a third of its mentions (small NER models often label a
        name GPE or ORG; a country or an organisation is almost never labelled PERSON)."""
        return {r[0]: r[1] for r in self._select("SELECT key, person, total FROM key_counts", "surname", surnames)
                if 3 * r[1] >= r[2] and r[1] > 0}

    def person_mentions(self, ids: Iterable[str]) -> Iterator[sqlite3.Row]:
        """PERSON mention rows (article, key) of some articles."""
        for row in self._select("SELECT article, key, label FROM mentions", "article", ids):
            if row["label"] == "PERSON":
                yield row

    def replace_story_keys(self, stories: Iterable[str], rows: Sequence[tuple[str, str, str]]) -> None:
        """Forget the name keys of ``stories`` and store (story, surname skeleton, key) rows."""
        with self.store.transaction() as db:
            for chunk in _chunks(stories):
                db.execute(f"DELETE FROM story_keys WHERE story IN ({','.join('?' * len(chunk))})", chunk)
            db.executemany("INSERT OR IGNORE INTO story_keys VALUES (?, ?, ?)", rows)

    def story_partners(self, keys: Sequence[str], surname: str) -> set[str]:
        """Keys with this surname skeleton that share a story with any of ``keys``."""
        marks = ",".join("?" * len(keys))
        return {r[0] for r in self.db.execute(
            f"SELECT DISTINCT p.key FROM story_keys s JOIN story_keys p ON p.story = s.story AND p.surname = ? "
            f"WHERE s.key IN ({marks})", (surname, *keys))}

    def keys_of_articles(self, ids: Iterable[str]) -> set[str]:
        return {r[0] for r in self._select("SELECT DISTINCT key FROM mentions", "article", ids)}

    def entity_of_keys(self, keys: Iterable[str]) -> dict[str, str]:
        return {r[0]: r[1] for r in self._select("SELECT key, entity FROM entity_keys", "key", keys)}

    def keys_of_entities(self, entities: Iterable[str]) -> list[str]:
        return [r[0] for r in self._select("SELECT key FROM entity_keys", "entity", entities)]

    def entity_names(self, entities: Iterable[str]) -> dict[str, str]:
        return {r[0]: r[1] for r in self._select("SELECT id, name FROM entities", "id", entities)}

    def events(self, ids: Iterable[str]) -> Iterator[dict[str, Any]]:
        for row in self._select("SELECT record FROM events", "article", ids, "ORDER BY id"):
            yield json.loads(row["record"])

    def quotes(self, ids: Iterable[str]) -> Iterator[dict[str, Any]]:
        for row in self._select("SELECT record FROM quotes", "article", ids, "ORDER BY id"):
            yield json.loads(row["record"])

    def set_groups(self, table: str, records: Iterable[dict[str, Any]]) -> None:
        """Store events or quotes records whose ``group`` (or group counts) the caller changed.

        The records are the ones the caller read and updated in place: reading each again by id
        here cost a lookup in an index that outgrows the cache as the store grows.
        """
        if table not in {"events", "quotes"}:
            raise StoreError(f"set_groups: table must be events or quotes, not {table!r}")
        with self.store.transaction() as db:
            db.executemany(f"UPDATE {table} SET grp = ?, record = ? WHERE id = ?",
                           ((r["group"], _dumps(r), r["id"]) for r in records))

    # -- copies -----------------------------------------------------------------------------

    def write_buckets(self, rows: Sequence[tuple[str, str]]) -> None:
        """(bucket, article) rows of the MinHash LSH index."""
        with self.store.transaction() as db:
            db.executemany("INSERT OR IGNORE INTO lsh_buckets VALUES (?, ?)", rows)

    def bucket_neighbours(self, article: str, buckets: Iterable[str], limit: int) -> Counter[str]:
        """How many of ``buckets`` (those of ``article``) each other article is in (at most
        ``limit`` articles read per bucket)."""
        found: Counter[str] = Counter()
        for bucket in sorted(set(buckets)):
            found.update(r[0] for r in self.db.execute(
                "SELECT article FROM lsh_buckets WHERE bucket = ? LIMIT ?", (bucket, limit)))
        found.pop(article, None)
        return found

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        return {r[0]: r[1] for r in self._select("SELECT id, text FROM articles", "id", ids)}

    def write_copies(self, rows: Sequence[tuple[str, str, str, dict[str, Any]]]) -> None:
        """(copy, original, kind, record) pairs."""
        with self.store.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO copies VALUES (?, ?, ?, ?)",
                           [(c, o, k, _dumps(r)) for c, o, k, r in rows])

    def copies_involving(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        found = {}
        for column in ("copy", "original"):
            for row in self._select("SELECT copy, original, kind, record FROM copies", column, ids):
                found[(row["copy"], row["original"])] = {**dict(row), "record": json.loads(row["record"])}
        return [found[k] for k in sorted(found)]

    # -- stories ----------------------------------------------------------------------------

    def write_features(self, rows: Sequence[tuple[str, str | None, dict[str, Any], list[str], Sequence[str],
                                                Sequence[str]]]) -> None:
        """(article, date, record, block terms, year-less days, index dates) rows; the block
        terms are indexed under each index date (``StoryFeatures.index_dates``: the date, else
        "~MM-DD" for each day of a year named, else '')."""
        with self.store.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO story_features (article, date, record, yearless) VALUES (?, ?, ?, ?)",
                           [(a, d, _dumps(r), json.dumps(list(y)) if y else None) for a, d, r, _, y, _ in rows])
            db.executemany("INSERT OR IGNORE INTO story_terms VALUES (?, ?, ?)",
                           [(term, date, a) for a, _, _, block, _, dates in rows for date in dates for term in block])

    def features(self, ids: Iterable[str]) -> dict[str, tuple[str | None, dict[str, Any], tuple[str, ...]]]:
        """article -> (date, stored feature record, year-less days)."""
        sql = "SELECT article, date, record, yearless FROM story_features"
        return {r["article"]: (r["date"], json.loads(r["record"]), tuple(json.loads(r["yearless"] or "[]")))
                for r in self._select(sql, "article", ids)}

    def term_neighbours(self, terms: Sequence[str], window: tuple[str, str] | None, max_posting: int,
                        max_undated: int, memo: dict | None = None,
                        seasons: tuple[str, ...] | None = None) -> tuple[Counter[str], Counter[str]]:
        """How many of ``terms`` each article indexed under them shares: (articles with a date in
        ``window``, or any date when ``window`` is None; articles without a date, indexed under
        one of ``seasons`` ('' or "~MM-DD"), or under any when ``seasons`` is None). A term is
        skipped on a side where more than ``max_posting`` (dated) or ``max_undated`` (undated)
        articles carry it. ``memo`` keeps postings between calls while the index does not
        change: the articles of one batch share their common terms, windows and seasons."""
        memo = {} if memo is None else memo
        dated: Counter[str] = Counter()
        undated: Counter[str] = Counter()
        for term in terms:
            if (term, window) not in memo:
                memo[term, window] = self._dated_postings(term, window, max_posting)
            if (term, "undated", seasons) not in memo:
                memo[term, "undated", seasons] = self._undated_postings(term, seasons, max_undated)
            dated.update(memo[term, window])
            undated.update(memo[term, "undated", seasons])
        return dated, undated

    def _undated_postings(self, term: str, seasons: tuple[str, ...] | None, max_undated: int) -> list[str]:
        # Undated postings have date '' or "~MM-DD" ('~' sorts after every digit); an article
        # naming several days of a season is indexed under each, hence DISTINCT.
        if seasons is None:
            return self._postings("SELECT DISTINCT article FROM story_terms WHERE term = ? "
                                  "AND (date = '' OR date > '~') LIMIT ?", (term,), max_undated)
        marks = ",".join("?" * len(seasons))
        return self._postings(f"SELECT DISTINCT article FROM story_terms WHERE term = ? AND date IN ({marks}) LIMIT ?",
                              (term, *seasons), max_undated)

    def _dated_postings(self, term: str, window: tuple[str, str] | None, max_posting: int) -> list[str]:
        # Range scans of the primary key (term, date, article): dated postings sort between the
        # undated ones ('' and "~MM-DD").
        if window is None:
            return self._postings("SELECT article FROM story_terms WHERE term = ? AND date > '' AND date < '~' LIMIT ?",
                                  (term,), max_posting)
        return self._postings("SELECT article FROM story_terms WHERE term = ? AND date BETWEEN ? AND ? LIMIT ?",
                              (term, *window), max_posting)

    def _postings(self, sql: str, params: tuple, limit: int) -> list[str]:
        """The articles of one posting query, or none when there are more than ``limit``."""
        query = (sql, params, limit)
        if query in self._saturated:
            return []
        rows = self.db.execute(sql, (*params, limit + 1)).fetchall()
        if len(rows) > limit:
            self._saturated.add(query)
            return []
        return [r[0] for r in rows]

    def write_edges(self, rows: Sequence[tuple[str, str, float]]) -> None:
        with self.store.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO story_edges VALUES (?, ?, ?)", rows)

    def strong_neighbours(self, seeds: Iterable[str], strong: Callable[[float, bool], bool]) -> set[str]:
        """``seeds`` and every article linked to one of them by a stored edge that is ``strong``
        (called with the edge's score and whether exactly one of its two articles is undated)."""
        seeds = set(seeds)
        found = set(seeds)
        sql = ("SELECT e.a, e.b, e.score, (fa.date IS NULL) != (fb.date IS NULL) AS mixed FROM story_edges e "
               "JOIN story_features fa ON fa.article = e.a JOIN story_features fb ON fb.article = e.b")
        for column in ("e.a", "e.b"):
            for row in self._select(sql, column, seeds):
                if strong(row["score"], bool(row["mixed"])):
                    found.update((row["a"], row["b"]))
        return found

    def undated(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` whose story features have no date."""
        return {r["article"] for r in self._select("SELECT article, date FROM story_features", "article", ids)
                if r["date"] is None}

    def edges_among(self, nodes: set[str]) -> dict[tuple[str, str], float]:
        """Every stored link between two of ``nodes``."""
        # Filtered in SQL: about half the links of these articles lead outside them. ("+b": a
        # test, not a second lookup key, which made SQLite probe every (a, b) pair.)
        rows = self._select("SELECT a, b, score FROM story_edges", "a", nodes,
                            "AND +b IN (SELECT value FROM json_each(?))", (json.dumps(sorted(nodes)),))
        return {(a, b): score for a, b, score in rows}

    def replace_stories(self, old: Iterable[str], records: Sequence[dict[str, Any]]) -> None:
        with self.store.transaction() as db:
            db.executemany("DELETE FROM stories WHERE id = ?", [(s,) for s in sorted(set(old))])
            db.executemany("INSERT OR REPLACE INTO stories VALUES (?, ?)",
                           [(r["id"], _dumps(r)) for r in records])

    def story_records(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        return [json.loads(r[0]) for r in self._select("SELECT record FROM stories", "id", ids, "ORDER BY id")]

    def all_story_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM stories ORDER BY id")]

    def write_threads(self, rows: Sequence[tuple[str, str]]) -> None:
        with self.store.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO story_links VALUES (?, ?)", rows)

    def threads(self, stories: Iterable[str]) -> dict[str, str]:
        return {r[0]: r[1] for r in self._select("SELECT story, thread FROM story_links", "story", stories)}

    def replace_profiles(self, old: Iterable[str], rows: Sequence[tuple[str, dict[str, float], list[str]]]) -> None:
        """Drop the profiles of ``old`` stories, then store (story, profile, indexed terms) rows."""
        with self.store.transaction() as db:
            for chunk in _chunks(old):
                marks = ",".join("?" * len(chunk))
                db.execute(f"DELETE FROM story_profiles WHERE story IN ({marks})", chunk)
                db.execute(f"DELETE FROM story_profile_terms WHERE story IN ({marks})", chunk)
                db.execute(f"DELETE FROM story_links WHERE story IN ({marks})", chunk)
            db.executemany("INSERT OR REPLACE INTO story_profiles VALUES (?, ?)",
                           [(story, _dumps(profile)) for story, profile, _ in rows])
            db.executemany("INSERT OR IGNORE INTO story_profile_terms VALUES (?, ?)",
                           [(term, story) for story, _, terms in rows for term in terms])

    def profile_neighbours(self, terms: Sequence[str], max_posting: int) -> Counter[str]:
        """How many of ``terms`` each story profile indexed under them shares (terms of more
        than ``max_posting`` stories skipped)."""
        found: Counter[str] = Counter()
        for term in terms:
            rows = self.db.execute("SELECT story FROM story_profile_terms WHERE term = ? LIMIT ?",
                                   (term, max_posting + 1)).fetchall()
            if len(rows) <= max_posting:
                found.update(r[0] for r in rows)
        return found

    def profiles(self, stories: Iterable[str]) -> dict[str, dict[str, float]]:
        return {r[0]: json.loads(r[1]) for r in self._select("SELECT story, record FROM story_profiles", "story", stories)}

    # -- claims -----------------------------------------------------------------------------

    def write_evidence(self, articles: Iterable[str], rows: Sequence[tuple[str, str, str, str, int, int, str]]) -> None:
        """Replace what ``articles`` assert by (article, kind, key, value, start, end, text) rows (a
        re-run whose rules changed a span must not leave the old row beside the new one)."""
        with self.store.transaction() as db:
            for chunk in _chunks(articles):
                db.execute(f"DELETE FROM claim_evidence WHERE article IN ({','.join('?' * len(chunk))})", chunk)
            db.executemany("INSERT OR REPLACE INTO claim_evidence VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def evidence_of_articles(self, kind: str, ids: Iterable[str]) -> list[sqlite3.Row]:
        return [r for r in self._select("SELECT * FROM claim_evidence", "article", ids) if r["kind"] == kind]

    def claims_citing(self, ids: Iterable[str]) -> set[tuple[str, str]]:
        """(claim, scope) of the stored claims that cite one of these articles."""
        return {(r[0], r[1]) for r in self._select("SELECT DISTINCT claim, scope FROM claim_articles", "article", ids)}

    def evidence_of_keys(self, kind: str, keys: Iterable[str]) -> list[sqlite3.Row]:
        rows = []
        for chunk in _chunks(keys):
            marks = ",".join("?" * len(chunk))
            rows += self.db.execute(f"SELECT * FROM claim_evidence WHERE kind = ? AND key IN ({marks}) "
                                    "ORDER BY article, start", [kind, *chunk]).fetchall()
        return rows

    def title_evidence_of_entities(self, entities: Iterable[str]) -> dict[str, list[sqlite3.Row]]:
        """Entity -> the title evidence rows of all of its name keys."""
        entity_of = {r[0]: r[1] for r in self._select("SELECT key, entity FROM entity_keys", "entity", entities)}
        found: dict[str, list[sqlite3.Row]] = {}
        for row in self.evidence_of_keys("title", entity_of):
            found.setdefault(entity_of[row["key"]], []).append(row)
        return found

    def pending_roles(self, limit: int) -> list[str]:
        """Up to ``limit`` people whose title claim a batch changed and no run has rebuilt yet."""
        return [r[0] for r in self.db.execute("SELECT entity FROM pending_roles ORDER BY entity LIMIT ?", (limit,))]

    def replace_claims(self, scopes: Iterable[str], records: Sequence[dict[str, Any]],
                       pending_roles: Iterable[str] = ()) -> None:
        """Replace the claims whose ``scope`` (a story or entity id) is in ``scopes``, and mark
        ``pending_roles`` (entities) for ``settle_role_claims``, in one transaction."""
        with self.store.transaction() as db:
            self._replace_claims(db, scopes, records)
            db.executemany("INSERT OR IGNORE INTO pending_roles VALUES (?)", [(e,) for e in sorted(pending_roles)])

    def settle_role_claims(self, entities: Sequence[str], records: Sequence[dict[str, Any]]) -> None:
        """Replace the title claims of these pending ``entities`` by ``records``, unmark them, and
        set the conflict share in the quality of every article whose claims changed."""
        with self.store.transaction() as db:
            changed = self._replace_claims(db, entities, records)
            db.executemany("DELETE FROM pending_roles WHERE entity = ?", [(e,) for e in entities])
            shares = self.conflict_shares(changed)
            rows = []
            for article, text in self._select("SELECT id, quality FROM articles", "id", changed):
                quality = json.loads(text)
                if quality.get("conflict_share") != shares.get(article):
                    rows.append((_dumps({**quality, "conflict_share": shares.get(article)}), article))
            db.executemany("UPDATE articles SET quality = ? WHERE id = ?", rows)

    def _replace_claims(self, db: sqlite3.Connection, scopes: Iterable[str],
                        records: Sequence[dict[str, Any]]) -> set[str]:
        """Replace the claims of ``scopes`` inside a transaction; returns the articles whose
        ``claim_articles`` rows changed (added, removed, or a claim's status changed).

        Only rows that change are written: most claims a batch rebuilds come out as they were,
        and rewriting their rows made each batch cost more than the last.
        """
        rows = {(r["id"], a): (r["scope"], int(r["status"] == "conflict"))
                for r in records for a in {a for v in r["values"] for a in v["articles"]}}
        texts = {r["id"]: _dumps(r) for r in records}
        old_rows = {}
        for chunk in _chunks(scopes):
            marks = ",".join("?" * len(chunk))
            for claim, scope, article, conflict in db.execute(
                    f"SELECT claim, scope, article, conflict FROM claim_articles WHERE scope IN ({marks})", chunk):
                old_rows[(claim, article)] = (scope, conflict)
        old_texts = {}
        for chunk in _chunks({claim for claim, _ in old_rows} | set(texts)):
            marks = ",".join("?" * len(chunk))
            old_texts.update(db.execute(f"SELECT id, record FROM claims WHERE id IN ({marks})", chunk))
        gone = sorted(set(old_rows) - set(rows))
        changed = sorted(row for row in rows.items() if old_rows.get(row[0]) != row[1])
        db.executemany("DELETE FROM claims WHERE id = ?",
                       [(c,) for c in sorted({claim for claim, _ in old_rows} - set(texts))])
        db.executemany("DELETE FROM claim_articles WHERE claim = ? AND article = ?", gone)
        db.executemany("INSERT OR REPLACE INTO claims VALUES (?, ?)",
                       [(c, text) for c, text in sorted(texts.items()) if old_texts.get(c) != text])
        db.executemany("INSERT OR REPLACE INTO claim_articles VALUES (?, ?, ?, ?)",
                       [(c, scope, a, conflict) for (c, a), (scope, conflict) in changed])
        return {a for _, a in gone} | {a for (_, a), _ in changed}

    def conflict_shares(self, ids: Iterable[str]) -> dict[str, float]:
        """Article -> share of the claims it takes part in that are in conflict."""
        sql = "SELECT article, SUM(conflict), COUNT(*) FROM claim_articles"
        shares = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for article, conflicts, total in self.db.execute(f"{sql} WHERE article IN ({marks}) GROUP BY article",
                                                             chunk):
                shares[article] = round(conflicts / total, 4)
        return shares
