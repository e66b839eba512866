"""Per-article records joined to the corpus's entities when they are read.

The per-article stages name people and places by their text; which entity a name belongs to is
only known after the corpus stages, and may change when later articles merge two spellings. So
entity ids are looked up when a record is read, never stored with it:

* an event actor's ``entity`` is the entity of its name key;
* an entity's ``roles`` are the titles the articles give it (``claim_evidence``), and its
  ``country`` and ``sector`` the ones its event actors were resolved to most often.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from crosswire.names import name_key
from crosswire.store.sqlite import Store

ACTOR_FIELDS = ("source", "target")  # one actor each
ACTOR_LISTS = ("sources", "targets")  # the further actors of an event with several
SECTOR_TYPES = frozenset({"PERSON", "ORG"})  # a place or a nationality has a country, not a sector


class EntityIndex:
    """Name -> entity id through ``entity_keys``, each name key looked up once."""

    def __init__(self, store: Store):
        self.store = store
        self._of_key: dict[str, str | None] = {}

    def entity_of(self, name: str | None) -> str | None:
        return self.entity_of_key(name_key(name)) if name else None

    def entity_of_key(self, key: str | None) -> str | None:
        if not key:
            return None
        if key not in self._of_key:
            row = self.store.db.execute("SELECT entity FROM entity_keys WHERE key = ?", (key,)).fetchone()
            self._of_key[key] = row[0] if row else None
        return self._of_key[key]


def event_actors(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every actor record of an event (source, target, and the further ones)."""
    for field in ACTOR_FIELDS:
        if isinstance(record.get(field), dict):
            yield record[field]
    for field in ACTOR_LISTS:
        for actor in record.get(field) or ():
            if isinstance(actor, dict):
                yield actor


def events_with_entities(index: EntityIndex, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Event records whose actors carry the entity id of their name (an id already in the record,
    from a producer that knew it, is kept)."""
    for record in records:
        for actor in event_actors(record):
            actor["entity"] = actor.get("entity") or index.entity_of(actor.get("name"))
        yield record


def with_entity_ids(store: Store, table: str, records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records of any table with the entity ids a reader expects: event actors' ``entity`` and
    quotes' ``speaker`` (other tables unchanged). For readers that select records themselves."""
    index = EntityIndex(store)
    if table == "events":
        return list(events_with_entities(index, records))
    if table == "quotes":
        return [{**q, "speaker": q.get("speaker") or index.entity_of_key(q.get("speaker_key"))} for q in records]
    return list(records)


def actor_profiles(index: EntityIndex, events: Iterable[dict[str, Any]]) -> dict[str, tuple[Counter, Counter]]:
    """Entity id -> (countries, sectors) its event actors were resolved to."""
    profiles: dict[str, tuple[Counter, Counter]] = defaultdict(lambda: (Counter(), Counter()))
    for record in events:
        for actor in event_actors(record):
            entity = actor.get("entity") or index.entity_of(actor.get("name"))
            if entity:
                countries, sectors = profiles[entity]
                countries.update([actor["country"]] if actor.get("country") else [])
                sectors.update([actor["sector"]] if actor.get("sector") else [])
    return profiles


def _most_common(counts: Counter) -> str | None:
    """The most frequent value, ties to the alphabetically first; None when there is none."""
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


def entities_with_profiles(store: Store, records: Iterable[dict[str, Any]],
                           article_ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
    """Entity records with ``roles``, ``country`` and ``sector`` filled from the articles (those of
    ``article_ids`` when given)."""
    index = EntityIndex(store)
    profiles = actor_profiles(index, store.table_records("events", article_ids))
    wanted = set(article_ids) if article_ids is not None else None
    titles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for entity, title, article in store.db.execute(
            "SELECT k.entity, e.value, e.article FROM claim_evidence e JOIN entity_keys k ON k.key = e.key "
            "WHERE e.kind = 'title'"):
        if wanted is None or article in wanted:
            titles[entity][title].add(article)
    for record in records:
        record["roles"] = _role_records(titles.get(record["id"], {}))
        countries, sectors = profiles.get(record["id"], (Counter(), Counter()))
        record["country"] = record.get("country") or _most_common(countries)
        if record.get("type") in SECTOR_TYPES:
            record["sector"] = record.get("sector") or _most_common(sectors)
        yield record


PROFILE_SAMPLE = 1000  # articles whose events give one entity's country and sector on a web page


def entity_with_profile(store: Store, record: dict[str, Any], keys: Sequence[str],
                        articles: Iterable[str]) -> dict[str, Any]:
    """One entity record (``keys`` its name keys, ``articles`` those mentioning it) with ``roles``,
    ``country`` and ``sector`` filled as ``entities_with_profiles`` fills them, the last two from
    the events of at most ``PROFILE_SAMPLE`` of its articles (the first by id): a page showing a
    name in 50,000 articles must not parse all their events."""
    index = EntityIndex(store)
    sample = sorted(set(articles))[:PROFILE_SAMPLE]
    countries, sectors = actor_profiles(index, store.table_records("events", sample)).get(
        record["id"], (Counter(), Counter()))
    record = {**record, "roles": _roles(store, keys, None),
              "country": record.get("country") or _most_common(countries)}
    if record.get("type") in SECTOR_TYPES:
        record["sector"] = record.get("sector") or _most_common(sectors)
    return record


def _roles(store: Store, keys: Sequence[str], wanted: set[str] | None) -> list[dict[str, Any]]:
    """``{title, org, articles}`` for each title the articles give these keys (one entity's few
    name keys), most reported first."""
    articles: dict[str, set[str]] = defaultdict(set)
    for offset in range(0, len(keys), 500):
        chunk = list(keys[offset:offset + 500])
        for title, article in store.db.execute(
                f"SELECT value, article FROM claim_evidence WHERE kind = 'title' AND key IN ({','.join('?' * len(chunk))})",
                chunk):
            if wanted is None or article in wanted:
                articles[title].add(article)
    return _role_records(articles)


def _role_records(articles: dict[str, set[str]]) -> list[dict[str, Any]]:
    """Role records from title -> articles; ``org`` stays null (titles rarely name it apart)."""
    return [{"title": title, "org": None, "articles": sorted(found)}
            for title, found in sorted(articles.items(), key=lambda x: (-len(x[1]), x[0]))]
