"""First corpus-level entity grouping: mentions with the same normalised name are one entity.

Full resolution (transliteration variants, short forms within a story) refines this later;
it only has to change how keys map to entities (the ``entity_keys`` table).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import groupby
from typing import Any

from crosswire.model import content_id
from crosswire.store.sqlite import EntityTables, Store


def entity_id(key: str) -> str:
    """Deterministic entity id of a name key."""
    return content_id("entity", key)


def refresh_entities(store: Store, keys: Iterable[str] | None = None, *,
                     aliases: Mapping[str, str] | None = None) -> int:
    """Rebuild the entities of ``keys`` (all when None) from the stored mentions; returns the count.

    ``aliases`` maps a key to the canonical key of the same entity (spelling variants and short
    forms found by ``crosswire.corpus.resolve``): their mentions make one entity, and every key
    of it maps to that entity in ``entity_keys``. Pass all keys of a merged entity together.
    """
    tables = EntityTables(store)
    aliases = aliases or {}
    keys = sorted(tables.all_keys() if keys is None else set(keys))
    by_canonical: dict[str, list[Any]] = {}
    for key, rows in groupby(tables.mentions_for_keys(keys), key=lambda row: row["key"]):
        by_canonical.setdefault(aliases.get(key, key), []).extend(rows)
    entities, key_map = [], {}
    for canonical in sorted(by_canonical):
        rows = by_canonical[canonical]
        entity = entity_from_mentions(canonical, rows)
        entities.append(entity)
        for row in rows:
            key_map[row["key"]] = entity["id"]
    tables.replace(keys, entities, key_map)
    return len(entities)


def entity_from_mentions(key: str, rows: list[Any]) -> dict[str, Any]:
    """An entity record (without mentions) from the mention rows of one key."""
    surfaces = Counter(row["text"] for row in rows)
    labels = Counter(row["label"] for row in rows)
    # The most frequent surface form names the entity; ties go to the longer, then alphabetical.
    name = sorted(surfaces, key=lambda s: (-surfaces[s], -len(s), s))[0]
    return {
        "id": entity_id(key),
        "name": name,
        "type": sorted(labels, key=lambda label: (-labels[label], label))[0],
        "aliases": sorted(s for s in surfaces if s != name),
        "country": None,
        "sector": None,
        "roles": [],
        "articles": len({row["article"] for row in rows}),
    }
