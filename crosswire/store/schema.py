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
]
