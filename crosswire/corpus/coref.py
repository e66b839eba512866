"""Cross-document event coreference on mention features, shared by event groups and the ECB+ benchmark.

Mentions are only compared inside a block (a story, or a story thread plus a date); inside it,
two mentions corefer when their triggers share a stem (or a known synonym class) and nothing
they carry contradicts it: different event types, days or actors. Clusters are connected
components of those links, so the result does not depend on the order of the mentions.

>>> m = lambda i, doc, lemma: EventMention(i, doc, "s1", lemma)
>>> sorted(map(sorted, coreference_clusters([m("1", "a", "arrest"), m("2", "b", "arrested"), m("3", "b", "say")]).values()))
[['1', '2'], ['3']]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

STEM = 5
# Verbs that report or support other events: the same lemma in two articles rarely means one event.
LIGHT = frozenset("""say said tell told report announce state add note claim believe think know
be have do make take get go give come put set""".split())


@dataclass(frozen=True)
class EventMention:
    """One event mention: ``block`` bounds what it may corefer with (e.g. its story)."""

    id: str
    article: str
    block: str
    lemma: str
    type: str | None = None
    day: str | None = None  # ISO day when known at day precision
    actors: frozenset[str] = field(default_factory=frozenset)  # countries or entity keys of participants
    negated: bool = False


def trigger_class(lemma: str, synonyms: Mapping[str, str] | None = None) -> str:
    """The class a trigger lemma falls in: a synonym class, else its first letters."""
    lemma = lemma.lower()
    if synonyms and lemma in synonyms:
        return synonyms[lemma]
    return lemma[:STEM]  # "arrest" and "arrested" share "arres"


def _compatible(a: EventMention, b: EventMention) -> bool:
    if a.type and b.type and a.type != b.type:
        return False
    if a.day and b.day and a.day != b.day:
        return False
    if a.negated != b.negated:
        return False
    if a.actors and b.actors and not (a.actors & b.actors):
        return False
    return True


def coreference_clusters(mentions: Sequence[EventMention], synonyms: Mapping[str, str] | None = None,
                         light: Iterable[str] = LIGHT) -> dict[str, list[str]]:
    """Clusters of coreferent mentions, keyed by their smallest mention id."""
    light = frozenset(light)
    by_id = {m.id: m for m in mentions}
    parent = {m.id: m.id for m in mentions}
    # What each cluster has committed to: its known days and types. Links are transitive, so a
    # link is only made when the two whole clusters agree, not just the two mentions.
    days = {m.id: {m.day} - {None} for m in mentions}
    types = {m.id: {m.type} - {None} for m in mentions}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    buckets: dict[tuple[str, str], list[EventMention]] = defaultdict(list)
    for m in sorted(mentions, key=lambda m: m.id):
        buckets[(m.block, trigger_class(m.lemma, synonyms))].append(m)
    for key in sorted(buckets):
        members = buckets[key]
        is_light = key[1] in light or any(m.lemma.lower() in light for m in members)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if is_light and a.article != b.article:
                    continue
                if _compatible(a, b):
                    ra, rb = find(a.id), find(b.id)
                    if ra != rb and len(days[ra] | days[rb]) <= 1 and len(types[ra] | types[rb]) <= 1:
                        root, other = min(ra, rb), max(ra, rb)
                        parent[other] = root
                        days[root] |= days.pop(other)
                        types[root] |= types.pop(other)
    clusters: dict[str, list[str]] = defaultdict(list)
    for m in by_id.values():
        clusters[find(m.id)].append(m.id)
    return {min(ids): sorted(ids) for ids in clusters.values()}
