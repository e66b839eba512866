"""Event groups (cross-document event coreference) and quote groups, story by story.

Event mentions are compared only inside their story: same PLOVER type, compatible day,
negation and source country, and a shared trigger stem or the same source and day
(``crosswire.corpus.coref``). Quotes of a story go to ``group_quotes``. Each event record gets
``group`` plus ``group_articles`` and ``group_sources`` (articles reporting it, and independent
sources after collapsing copies).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from crosswire.corpus.coref import EventMention, coreference_clusters
from crosswire.corpus.quote_groups import group_quotes
from crosswire.model import Quote, content_id

QUOTE_FIELDS = ("id", "article", "text", "start", "end", "kind", "speaker", "speaker_name", "speaker_text", "cue")


def event_mention(record: Mapping[str, Any], story: str) -> EventMention:
    """The coreference view of an event record (records stored before ``context_words`` and
    ``sentence_index`` existed compare on trigger, type, day, actors and negation alone)."""
    source = record.get("source") or {}
    actors = frozenset(x for x in (source.get("country"),) if x)
    day = record.get("date") if record.get("date_precision") == "day" else None
    lemma = (record.get("trigger") or record.get("type") or "").lower()
    index = record.get("sentence_index")
    return EventMention(record["id"], record["article"], story, lemma, record.get("type"), day, actors,
                        bool(record.get("negated")), frozenset(record.get("context_words") or ()),
                        index if isinstance(index, int) else None)


def event_groups(records: Iterable[Mapping[str, Any]], story_of: Mapping[str, str]) -> dict[str, str]:
    """Event id -> group id for the events of some stories."""
    mentions = [event_mention(r, story_of[r["article"]]) for r in records if r["article"] in story_of]
    # Two differently worded reports of one act: same type, day and source (e.g. "refused" / "turned down").
    by_act: dict[tuple, list[str]] = defaultdict(list)
    for m in mentions:
        if m.type and m.day and m.actors and not m.negated:
            by_act[(m.block, m.type, m.day, m.actors)].append(m.id)
    clusters = coreference_clusters(mentions)
    parent = {m: key for key, ids in clusters.items() for m in ids}
    merged: dict[str, set[str]] = {key: set(ids) for key, ids in clusters.items()}
    for ids in by_act.values():
        roots = sorted({parent[i] for i in ids})
        for root in roots[1:]:
            merged[roots[0]] |= merged.pop(root)
            for i in merged[roots[0]]:
                parent[i] = roots[0]
    return {i: content_id("event-group", min(ids)) for ids in merged.values() for i in ids}


def independent_sources(articles: Iterable[str], copy_root: Mapping[str, str]) -> int:
    """Distinct articles after collapsing each copy into its original."""
    return len({copy_root.get(a, a) for a in articles})


def _differs(record: Mapping[str, Any], group: str, extras: Mapping[str, Any]) -> bool:
    """Whether a stored record's group or group counts differ from these."""
    return record.get("group") != group or any(record.get(k) != v for k, v in extras.items())


def update_groups(tables, stories: Iterable[str], copy_root: Mapping[str, str]) -> dict[str, list[str]]:
    """Group the events and quotes of ``stories``; returns story -> its event group ids (multi-article first)."""
    stories = sorted(set(stories))
    members = tables.articles_of_stories(stories)
    story_of = tables.stories_of(members)
    events = list(tables.events(members))
    groups = event_groups(events, story_of)
    articles_of: dict[str, set[str]] = defaultdict(set)
    for e in events:
        articles_of[groups[e["id"]]].add(e["article"])
    extras = {e["id"]: {"group_articles": len(articles_of[groups[e["id"]]]),
                        "group_sources": independent_sources(articles_of[groups[e["id"]]], copy_root)}
              for e in events}
    # Only records whose group fields change are rewritten (each dirties a page of the biggest
    # table in the store). Most of a batch's records are its new articles' and do change: at 50k
    # synthetic articles 1,030 of 17,906 were left as they were.
    changed = [e for e in events if _differs(e, groups[e["id"]], extras[e["id"]])]
    for e in changed:  # in place: a batch's records take tens of megabytes, and are not read again
        e.update(group=groups[e["id"]], **extras[e["id"]])
    tables.set_groups("events", changed)
    quotes_by_story: dict[str, list[Quote]] = defaultdict(list)
    stored: dict[str, dict[str, Any]] = {}
    for q in tables.quotes(members):
        quote = Quote(*(q.get(f) for f in QUOTE_FIELDS), speaker_key=q.get("speaker_key"))
        quotes_by_story[story_of[q["article"]]].append(quote)
        stored[q["id"]] = q
    quote_groups: dict[str, str] = {}
    for quotes in quotes_by_story.values():
        for qid, smallest in group_quotes(quotes).items():
            quote_groups[qid] = content_id("quote-group", smallest)
    regrouped = [stored[q] for q, g in sorted(quote_groups.items()) if stored[q].get("group") != g]
    for q in regrouped:
        q["group"] = quote_groups[q["id"]]
    tables.set_groups("quotes", regrouped)
    story_events: dict[str, list[str]] = defaultdict(list)
    for group, articles in sorted(articles_of.items(), key=lambda x: (-len(x[1]), x[0])):
        story_events[story_of[next(iter(articles))]].append(group)
    return story_events
