"""First corpus-level entity grouping: mentions with the same normalised name are one entity.

Full resolution (transliteration variants, short forms within a story) refines this later;
it only has to change how keys map to entities (the ``entity_keys`` table).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from crosswire.model import content_id
from crosswire.store.sqlite import EntityTables, Store


def entity_id(key: str) -> str:
    """Deterministic entity id of a name key."""
    return content_id("entity", key)


def refresh_entities(store: Store, keys: Iterable[str] | None = None, *,
                     aliases: Mapping[str, str] | None = None) -> int:
    """Rebuild the entities of ``keys`` (all when None) from the per-key counts; returns the count.

    ``aliases`` maps a key to the canonical key of the same entity (spelling variants and short
    forms found by ``crosswire.corpus.resolve``): their mentions make one entity, and every key
    of it maps to that entity in ``entity_keys``. Pass all keys of a merged entity together.
    The counts (``key_forms``) are kept up to date by ``record_key_forms`` as articles arrive;
    with ``keys=None`` they are recounted from every stored mention first.
    """
    tables = EntityTables(store)
    aliases = aliases or {}
    if keys is None:
        tables.rebuild_key_forms()
        keys = tables.all_keys()
    keys = sorted(set(keys))
    forms = tables.forms_for_keys(keys)
    members: dict[str, list[str]] = {}
    for key in keys:
        if key in forms:
            members.setdefault(aliases.get(key, key), []).append(key)
    canonicals = sorted(members)
    article_counts = tables.article_counts([members[c] for c in canonicals])
    entities, key_map = [], {}
    for canonical, articles in zip(canonicals, article_counts):
        entity = entity_from_forms(canonical, [form for key in members[canonical] for form in forms[key]], articles)
        entities.append(entity)
        key_map.update((key, entity["id"]) for key in members[canonical])
    tables.replace(keys, entities, key_map)
    return len(entities)


def record_key_forms(store: Store, article_ids: Sequence[str]) -> None:
    """Count the name forms of newly stored articles (what ``refresh_entities`` builds from)."""
    EntityTables(store).add_key_forms(article_ids)


def entity_from_forms(key: str, forms: Iterable[tuple[str, str, int]], articles: int) -> dict[str, Any]:
    """An entity record (without mentions) from (surface text, label, mentions) counts of its keys."""
    surfaces: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    for text, label, mentions in forms:
        surfaces[text] += mentions
        labels[label] += mentions
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
        "articles": articles,
    }
