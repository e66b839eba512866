"""Numbered schema migrations. Each runs in its own transaction and is recorded in
``schema_migrations``; a migration is never edited once released — add a new one."""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "articles, per-article records, entities, full-text search", """
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    ref TEXT NOT NULL,
    source TEXT,
    title TEXT,
    published TEXT,
    published_from TEXT NOT NULL,
    language TEXT,
    text TEXT NOT NULL,
    story TEXT,
    duplicate_of TEXT,
    quality TEXT NOT NULL DEFAULT '{"rewrite_suspect": false, "signals": []}',
    record TEXT NOT NULL,          -- the articles.jsonl record less the corpus fields, as JSON
    added_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_source ON articles(source);

CREATE TABLE mentions (
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (article, start, end)
) WITHOUT ROWID;
CREATE INDEX mentions_key ON mentions(key);

CREATE TABLE times (
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (article, start, end)
) WITHOUT ROWID;

CREATE TABLE quotes (
    id TEXT PRIMARY KEY,
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    speaker_key TEXT,
    grp TEXT,
    record TEXT NOT NULL
);
CREATE INDEX quotes_article ON quotes(article);
CREATE INDEX quotes_speaker ON quotes(speaker_key);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    date TEXT,
    grp TEXT,
    record TEXT NOT NULL
);
CREATE INDEX events_article ON events(article);
CREATE INDEX events_type ON events(type);

-- Corpus-level records, rebuilt by the corpus stages.
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE entity_keys (
    key TEXT PRIMARY KEY,
    entity TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX entity_keys_entity ON entity_keys(entity);
CREATE TABLE stories (id TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE claims (id TEXT PRIMARY KEY, record TEXT NOT NULL);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    analysed INTEGER NOT NULL DEFAULT 0,
    already_stored INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'running'
);
CREATE TABLE skipped (
    run INTEGER NOT NULL REFERENCES runs(id),
    ref TEXT NOT NULL,
    reason TEXT NOT NULL
);

CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
"""),
    (2, "corpus-stage indexes: copy buckets, story features and edges, copies, threads, claim evidence", """
-- Stories, groups and quality look articles up by story and by original.
CREATE INDEX articles_story ON articles(story);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
CREATE INDEX events_grp ON events(grp);
CREATE INDEX quotes_grp ON quotes(grp);

-- MinHash LSH band keys of each article (crosswire.corpus.dedup): candidates are rows sharing a bucket.
CREATE TABLE lsh_buckets (
    bucket TEXT NOT NULL,
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (bucket, article)
) WITHOUT ROWID;
CREATE INDEX lsh_buckets_article ON lsh_buckets(article);

-- Pairs judged copies of each other; ``original`` is the earlier or more idiomatic article.
CREATE TABLE copies (
    copy TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    original TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (copy, original)
) WITHOUT ROWID;
CREATE INDEX copies_original ON copies(original);

-- Story features of each article (date, weighted terms, own rewrite signals) and the blocking
-- index over its strongest terms, keyed by date ('' when unknown) so candidates come from a window.
CREATE TABLE story_features (
    article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    date TEXT,
    record TEXT NOT NULL
);
CREATE TABLE story_terms (
    term TEXT NOT NULL,
    date TEXT NOT NULL,
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (term, date, article)
) WITHOUT ROWID;
CREATE INDEX story_terms_article ON story_terms(article);

-- Article pairs similar enough to be in one story (a < b); stories are clustered from these.
CREATE TABLE story_edges (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX story_edges_b ON story_edges(b);

-- Stories of one conflict or dispute, linked into a thread; each story's entity profile and the
-- index over its strongest entity terms find the stories it may share a thread with.
CREATE TABLE story_links (
    story TEXT PRIMARY KEY,
    thread TEXT NOT NULL
);
CREATE INDEX story_links_thread ON story_links(thread);
CREATE TABLE story_profiles (
    story TEXT PRIMARY KEY,
    record TEXT NOT NULL
);
CREATE TABLE story_profile_terms (
    term TEXT NOT NULL,
    story TEXT NOT NULL,
    PRIMARY KEY (term, story)
) WITHOUT ROWID;
CREATE INDEX story_profile_terms_story ON story_profile_terms(story);

-- Mention counts of every name key (all labels, and PERSON) with the skeleton of its last word:
-- entity resolution blocks on it and only treats mostly-PERSON keys as people.
CREATE TABLE key_counts (
    key TEXT PRIMARY KEY,
    surname TEXT NOT NULL,
    person INTEGER NOT NULL,
    total INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX key_counts_surname ON key_counts(surname);

-- What each article asserts, found once when it arrives (crosswire.corpus.claims): titles before
-- or after a person key, and counts of people; claims are assembled from these rows.
CREATE TABLE claim_evidence (
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,          -- 'title' (key = person name key) or 'count' (key = attribute)
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article, kind, key, start, end)
) WITHOUT ROWID;
CREATE INDEX claim_evidence_key ON claim_evidence(kind, key);

-- Which scope (story or entity) wrote each claim, and the articles in it (with the claim's status).
CREATE TABLE claim_articles (
    claim TEXT NOT NULL,
    scope TEXT NOT NULL,
    article TEXT NOT NULL,
    conflict INTEGER NOT NULL,
    PRIMARY KEY (claim, article)
) WITHOUT ROWID;
CREATE INDEX claim_articles_scope ON claim_articles(scope);
CREATE INDEX claim_articles_article ON claim_articles(article);
"""),
    (3, "running surface-form and article counts of every name key", """
-- An entity is built from these counts (crosswire.corpus.entities), not from its mentions, so
-- refreshing a name mentioned in every tenth article costs the same at 1k and at 1M articles.
CREATE TABLE key_forms (
    key TEXT NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (key, text, label)
) WITHOUT ROWID;
CREATE TABLE key_articles (
    key TEXT PRIMARY KEY,
    articles INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO key_forms SELECT key, text, label, COUNT(*) FROM mentions GROUP BY key, text, label;
INSERT INTO key_articles SELECT key, COUNT(DISTINCT article) FROM mentions GROUP BY key;
"""),
    (4, "the name keys of each story, by surname", """
-- A short form ("Miller") joins the one full name with its surname in the stories where it occurs
-- (crosswire.corpus.resolve): which names share a story is one indexed lookup here, rewritten
-- for the stories a batch writes, instead of the stories of every name with that surname.
CREATE TABLE story_keys (
    story TEXT NOT NULL,
    surname TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (story, surname, key)
) WITHOUT ROWID;
CREATE INDEX story_keys_key ON story_keys(key);
-- A store whose corpus stages ran before this table existed: the stories it already has.
INSERT OR IGNORE INTO story_keys
    SELECT DISTINCT a.story, c.surname, m.key FROM mentions m
    JOIN articles a ON a.id = m.article JOIN key_counts c ON c.key = m.key
    WHERE a.story IS NOT NULL;
"""),
    (5, "an article's story and original, readable without its row", """
-- The corpus stages look up the story and the original of thousands of articles per batch (a
-- person's title claim: every article naming them). In the row these columns come after the
-- text, in an overflow page, so each lookup read two or three pages of a multi-gigabyte table;
-- this index answers it alone.
CREATE INDEX articles_corpus_fields ON articles(id, story, duplicate_of);
"""),
    (6, "people whose title claim waits to be rebuilt", """
-- Batches mark the people they give a title (crosswire.corpus.claims.settle_role_claims); a run
-- rebuilds each marked person's claim once, after its last batch, and unmarks them.
CREATE TABLE pending_roles (entity TEXT PRIMARY KEY) WITHOUT ROWID;
"""),
    (7, "drop the by-article indexes of the blocking tables", """
-- Nothing reads LSH buckets or story terms by article (a new article's own buckets are in hand
-- when its neighbours are looked up), and articles are never deleted; each index cost a random
-- B-tree insert per row, some 40,000 per 1,000 articles, in pages that no longer fit in the
-- cache once a store holds tens of thousands of articles.
DROP INDEX IF EXISTS lsh_buckets_article;
DROP INDEX IF EXISTS story_terms_article;
"""),
    (8, "the days of the year an undated article names", """
-- Year-less days ("MM-DD", a JSON list) of an article without a date: a wire dateline such as
-- "KESTREL BAY, 14 May -" puts it near 14 May of some year (crosswire.corpus.stories). NULL for
-- dated articles, for undated ones naming no such day, and for rows written before this column.
ALTER TABLE story_features ADD COLUMN yearless TEXT;
"""),
    (9, "index undated articles' story terms under the days of the year they name", """
-- An undated article naming days of a year is found only by articles near those days
-- (crosswire.corpus.stories.season_dates): its block terms move from date '' to "~MM-DD", one
-- row per valid day (SQLite keeps '2000-02-30' as written unless a modifier normalises it).
INSERT OR IGNORE INTO story_terms (term, date, article)
    SELECT t.term, '~' || d.value, t.article
    FROM story_terms t JOIN story_features f ON f.article = t.article, json_each(f.yearless) d
    WHERE t.date = '' AND f.date IS NULL AND f.yearless IS NOT NULL
      AND date('2000-' || d.value, '+0 days') = '2000-' || d.value;
DELETE FROM story_terms WHERE date = '' AND article IN (SELECT article FROM story_terms WHERE date > '~');
"""),
]
