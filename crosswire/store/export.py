"""Write the output-contract tables (DESIGN.md) from the store as JSON Lines or Parquet."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from crosswire.errors import StoreError
from crosswire.store.resolved import EntityIndex, entities_with_profiles, events_with_entities
from crosswire.store.sqlite import EntityTables, Store

TABLES = ("articles", "entities", "times", "quotes", "events", "stories", "claims")


def table_records(store: Store, table: str, article_ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
    """The contract records of one table, restricted to ``article_ids`` when given."""
    if table == "articles":
        return store.article_records(article_ids)
    if table == "entities":
        return entities_with_profiles(store, EntityTables(store).records(article_ids), article_ids)
    if table == "events":
        return events_with_entities(EntityIndex(store), store.table_records(table, article_ids))
    if table in ("times", "quotes"):
        return store.table_records(table, article_ids)
    if table in ("stories", "claims"):
        return store.corpus_records(table)
    raise StoreError(f"unknown table {table!r}; known: {', '.join(TABLES)}")


def export_jsonl(store: Store, out: Path, article_ids: Sequence[str] | None = None) -> dict[str, int]:
    """Write ``<table>.jsonl`` for every contract table; returns records written per table.

    Each file is written to a temporary name and renamed, so a reader never sees half a file,
    and all files come from one snapshot of the store, even while another run writes to it.
    """
    out = _prepare(out)
    counts = {}
    with store.snapshot():
        for table in TABLES:
            target = out / f"{table}.jsonl"
            partial = target.with_suffix(".jsonl.partial")
            count = 0
            with partial.open("w", encoding="utf-8") as handle:
                for record in table_records(store, table, article_ids):
                    handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
                    count += 1
            os.replace(partial, target)
            counts[table] = count
    return counts


def export_parquet(store: Store, out: Path, article_ids: Sequence[str] | None = None) -> dict[str, int]:
    """Write ``<table>.parquet`` for every contract table (nested fields as Arrow structs/lists)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = _prepare(out)
    counts = {}
    for table in TABLES:
        records = list(table_records(store, table, article_ids))
        # Columns whose values are objects of varying shape are kept as JSON text.
        rows = [{k: _parquet_value(v) for k, v in r.items()} for r in records]
        arrow = pa.Table.from_pylist(rows) if rows else pa.table({"id": pa.array([], pa.string())})
        target = out / f"{table}.parquet"
        partial = target.with_suffix(".parquet.partial")
        pq.write_table(arrow, partial)
        os.replace(partial, target)
        counts[table] = len(records)
    return counts


def _parquet_value(value: Any) -> Any:
    """Scalars stay; dicts and lists become JSON text so one table never has conflicting types."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _prepare(out: Path) -> Path:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create output folder {out}: {error.strerror or error}") from None
    return out
