"""View models of one story, built from contract records: what the report and the web app draw.

Pure functions over lists of records (no store access), so the static report and the web app
show the same thing. Nothing here re-analyses text: it groups, orders and labels what the
store already holds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from crosswire.report.dates import date_span, human_range
from crosswire.report.drift import DriftFinder, merged_ranges

# PLOVER quad classes (the PLOVER codebook's 2x2 of verbal/material and cooperation/conflict;
# REQUEST and ACCUSE are the later names of DEMAND and DISAPPROVE).
QUAD_CLASSES: dict[str, str] = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), "verbal-cooperation"),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT", "INVESTIGATE"), "material-cooperation"),
    **dict.fromkeys(("REQUEST", "DEMAND", "ACCUSE", "DISAPPROVE", "REJECT", "THREATEN", "SANCTION"),
                    "verbal-conflict"),
    **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT", "CRIME"), "material-conflict"),
}
MAX_TIMELINE_ROWS = 80
MAX_NETWORK_NODES = 40
AXIS_MARGIN_DAYS = 45  # dated events this far outside the story's dates still go on its axis

Evidence = list[Any]  # [article id, start or None, end or None]


def quad_class(event_type: str | None) -> str:
    """PLOVER quad class of an event type, or 'other'.

    >>> quad_class("ACCUSE"), quad_class("AID"), quad_class("NONSENSE")
    ('verbal-conflict', 'material-cooperation', 'other')
    """
    return QUAD_CLASSES.get((event_type or "").upper(), "other")


def copy_label(article: Mapping[str, Any]) -> str:
    """How an article relates to others: 'original', 'copy', 'suspected rewrite' (or what quality says)."""
    quality = article.get("quality") or {}
    declared = quality.get("copy_type") or quality.get("copy") or article.get("copy_type")
    if isinstance(declared, str) and declared:
        return declared
    if article.get("duplicate_of"):
        return "copy"
    if quality.get("rewrite_suspect"):
        return "suspected rewrite"
    return "original"


def quality_flags(article: Mapping[str, Any]) -> list[str]:
    """The quality signals of an article as short strings."""
    flags = []
    for signal in (article.get("quality") or {}).get("signals") or []:
        if isinstance(signal, str):
            flags.append(signal)
        elif isinstance(signal, Mapping):
            name = signal.get("name") or signal.get("signal") or signal.get("type") or "signal"
            detail = signal.get("detail") or signal.get("value")
            flags.append(f"{name}: {detail}" if detail not in (None, "") else str(name))
        else:
            flags.append(str(signal))
    return flags


def article_meta(article: Mapping[str, Any]) -> dict[str, Any]:
    """What a view shows about an article besides its text."""
    return {
        "id": article["id"], "title": article.get("title") or article.get("ref") or article["id"],
        "source": article.get("source"), "published": article.get("published"),
        "published_from": article.get("published_from"), "language": article.get("language"),
        "story": article.get("story"), "duplicate_of": article.get("duplicate_of"),
        "copy_type": copy_label(article), "flags": quality_flags(article), "url": article.get("url"),
    }


def _majority(values: Iterable[Any]) -> Any:
    """The most common non-empty value (ties: the first seen), or None."""
    counts = Counter(v for v in values if v not in (None, ""))
    return counts.most_common(1)[0][0] if counts else None


def _actor(event: Mapping[str, Any], role: str) -> dict[str, Any] | None:
    actor = event.get(role)
    if not isinstance(actor, Mapping) or not actor.get("name"):
        return None
    return {"id": actor.get("entity") or f"name:{actor['name']}", "name": actor["name"],
            "country": actor.get("country"), "sector": actor.get("sector")}


def event_groups(events: Iterable[Mapping[str, Any]], published: Mapping[str, str | None]) -> list[dict[str, Any]]:
    """One row per event group (the same real-world event across articles), earliest first.

    Each row takes the majority type, status, date and actors of its mentions and lists every
    mention as evidence; ``published`` maps article ids to their dates (to order evidence).
    """
    members: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for event in events:
        members[event.get("group") or event["id"]].append(event)
    rows = []
    for group, mentions in members.items():
        mentions.sort(key=lambda e: (published.get(e["article"]) or "9999", e["article"], e.get("start") or 0))
        kind = _majority(e.get("type") for e in mentions) or "EVENT"
        date = _majority(e.get("date") for e in mentions)
        precision = _majority(e.get("date_precision") for e in mentions if e.get("date") == date)
        sources = [a for a in (_actor(e, "source") for e in mentions) if a]
        targets = [a for a in (_actor(e, "target") for e in mentions) if a]
        source = _majority(a["id"] for a in sources)
        target = _majority(a["id"] for a in targets)
        location = _majority((e.get("location") or {}).get("name") for e in mentions)
        rows.append({
            "group": group, "type": kind, "quad": quad_class(kind),
            "status": _majority(e.get("status") for e in mentions) or "reported",
            "negated": sum(bool(e.get("negated")) for e in mentions) * 2 > len(mentions),
            "mode": _majority(e.get("mode") for e in mentions),
            "date": date, "precision": precision, "span": date_span(date),
            "source": next((a for a in sources if a["id"] == source), None),
            "target": next((a for a in targets if a["id"] == target), None),
            "location": location,
            "sentence": mentions[0].get("sentence") or "",
            "articles": len({e["article"] for e in mentions}),
            "evidence": [[e["article"], e.get("start"), e.get("end")] for e in mentions],
        })
    rows.sort(key=lambda r: ((r["span"] or ("9999-99-99",))[0], r["type"], r["group"]))
    return rows


def timeline(groups: Sequence[dict[str, Any]], start: str | None, end: str | None) -> dict[str, Any]:
    """The axis of a story's timeline and where each event group goes on it.

    Groups dated far outside the story (background history, far-off plans) are set aside as
    ``before``/``after`` instead of stretching the axis; undated ones are listed apart.
    """
    dated = [g for g in groups if g["span"]]
    axis_from, axis_to = (start or "")[:10] or None, (end or "")[:10] or None
    if not axis_from or not axis_to:
        days = sorted(d for g in dated for d in g["span"])
        axis_from, axis_to = (days[0], days[-1]) if days else (None, None)
    placed: dict[str, list[dict[str, Any]]] = {"axis": [], "before": [], "after": [], "undated": []}
    if axis_from:
        low, high = _shift(axis_from, -AXIS_MARGIN_DAYS), _shift(axis_to, AXIS_MARGIN_DAYS)
        for group in groups:
            span = group["span"]
            if not span:
                placed["undated"].append(group)
            elif span[1] < low:
                placed["before"].append(group)
            elif span[0] > high:
                placed["after"].append(group)
            else:
                placed["axis"].append(group)
                axis_from, axis_to = min(axis_from, max(span[0], low)), max(axis_to, min(span[1], high))
    else:
        placed["undated"] = list(groups)
    shown = placed["axis"][:MAX_TIMELINE_ROWS]
    return {"from": axis_from, "to": axis_to, "rows": shown, "hidden": len(placed["axis"]) - len(shown),
            "before": placed["before"], "after": placed["after"], "undated": placed["undated"]}


def _shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def network(groups: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Actors as nodes, and one edge per (source, target, quad class) with its events as evidence."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for group in groups:
        source, target = group["source"], group["target"]
        if not source or not target or source["id"] == target["id"]:
            continue
        for actor in (source, target):
            node = nodes.setdefault(actor["id"], {**actor, "events": 0})
            node["events"] += 1
        key = (source["id"], target["id"], group["quad"])
        edge = edges.setdefault(key, {"source": key[0], "target": key[1], "quad": key[2], "types": {},
                                      "count": 0, "negated": 0, "evidence": []})
        edge["types"][group["type"]] = edge["types"].get(group["type"], 0) + 1
        edge["count"] += 1
        edge["negated"] += bool(group["negated"])
        edge["evidence"].extend(group["evidence"])
    kept = sorted(nodes.values(), key=lambda n: (-n["events"], n["name"]))[:MAX_NETWORK_NODES]
    keep = {n["id"] for n in kept}
    shown = [e for e in edges.values() if e["source"] in keep and e["target"] in keep]
    return {"nodes": kept, "edges": sorted(shown, key=lambda e: (-e["count"], e["source"], e["target"])),
            "hidden_nodes": len(nodes) - len(kept)}


def statements(quotes: Iterable[Mapping[str, Any]], articles: Mapping[str, Mapping[str, Any]],
               drift: DriftFinder) -> list[dict[str, Any]]:
    """Statements by speaker: each speaker's quote groups, every wording with its drift marks.

    The reference wording of a group is the one published first; the others carry the ranges
    where their words differ from it, and the reference the ranges some other wording changed.
    """
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for quote in quotes:
        groups[quote.get("group") or quote["id"]].append(quote)
    speakers: dict[str, dict[str, Any]] = {}
    for group, members in groups.items():
        members.sort(key=lambda q: ((articles.get(q["article"]) or {}).get("published") or "9999", q["article"],
                                    q.get("start") or 0))
        reference = members[0]
        wordings, reference_marks = [], set()
        for quote in members:
            entry = {"quote": quote["id"], "article": quote["article"], "text": quote.get("text") or "",
                     "start": quote.get("start"), "end": quote.get("end"), "kind": quote.get("kind"),
                     "cue": quote.get("cue"), "speaker_text": quote.get("speaker_text"), "marks": [],
                     "similarity": None}
            if quote is not reference:
                found = drift.drift(reference.get("text") or "", entry["text"])
                entry["marks"] = [list(r) for r in found.b_marks]
                entry["similarity"] = found.similarity
                reference_marks.update(found.a_marks)
            wordings.append(entry)
        wordings[0]["marks"] = [list(r) for r in merged_ranges(wordings[0]["text"], sorted(reference_marks))]
        speaker_id = _majority(q.get("speaker") for q in members)
        name = _majority(q.get("speaker_name") for q in members) or "Unattributed"
        key = speaker_id or f"name:{name}"
        speaker = speakers.setdefault(key, {"speaker": key, "name": name, "groups": []})
        speaker["groups"].append({"group": group, "wordings": wordings,
                                  "articles": len({w["article"] for w in wordings})})
    result = sorted(speakers.values(), key=lambda s: (-sum(len(g["wordings"]) for g in s["groups"]), s["name"]))
    for speaker in result:
        speaker["groups"].sort(key=lambda g: (-len(g["wordings"]), g["group"]))
    return result


def claim_view(claim: Mapping[str, Any]) -> dict[str, Any]:
    """A claim with each value's evidence as [article, start, end] (null offsets: the whole article)."""
    values = []
    for value in claim.get("values") or []:
        evidence: list[Evidence] = []
        for item in value.get("evidence") or []:
            if isinstance(item, Mapping) and item.get("article"):
                evidence.append([item["article"], item.get("start"), item.get("end")])
            elif isinstance(item, (list, tuple)) and item:
                evidence.append([item[0], *(list(item[1:3]) + [None, None])[:2]])
        cited = {e[0] for e in evidence}
        evidence.extend([a, None, None] for a in value.get("articles") or [] if a not in cited)
        values.append({"value": value.get("value"), "articles": list(value.get("articles") or []),
                       "evidence": evidence})
    return {"id": claim.get("id"), "subject": claim.get("subject"),
            "subject_name": claim.get("subject_name") or claim.get("subject") or "",
            "attribute": claim.get("attribute") or "", "status": claim.get("status") or "agree",
            "independent_sources": claim.get("independent_sources"), "values": values}


def claim_articles(claim: Mapping[str, Any]) -> set[str]:
    """Every article a claim's values cite."""
    found = set()
    for value in claim.get("values") or []:
        found.update(value.get("articles") or [])
        for item in value.get("evidence") or []:
            if isinstance(item, Mapping) and item.get("article"):
                found.add(item["article"])
    return found


def ordered_claims(claims: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Claims as views, conflicts first, then by subject and attribute."""
    views = [claim_view(c) for c in claims]
    return sorted(views, key=lambda c: (c["status"] != "conflict", c["subject_name"].lower(), c["attribute"]))


def story_view(story: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]],
               events: Iterable[Mapping[str, Any]], quotes: Iterable[Mapping[str, Any]],
               claims: Iterable[Mapping[str, Any]], drift: DriftFinder) -> dict[str, Any]:
    """Everything one story section shows; ``articles`` maps id to record for the story's articles."""
    ids = [a for a in story.get("articles") or [] if a in articles]
    members = [articles[a] for a in ids]
    published = {a: articles[a].get("published") for a in ids}
    dates = sorted(d for d in published.values() if d)
    start = story.get("start") or (dates[0] if dates else None)
    end = story.get("end") or (dates[-1] if dates else None)
    groups = event_groups(events, published)
    said = statements(quotes, articles, drift)
    claim_list = ordered_claims(claims)
    sources = {m.get("source") for m in members if m.get("source")}
    copies = sum(1 for m in members if m.get("duplicate_of"))
    conflicts = sum(1 for c in claim_list if c["status"] == "conflict")
    counts = {"articles": len(members), "sources": len(sources), "copies": copies,
              "events": sum(len(g["evidence"]) for g in groups), "event_groups": len(groups),
              "quotes": sum(len(g["wordings"]) for s in said for g in s["groups"]),
              "quote_groups": sum(len(s["groups"]) for s in said), "speakers": len(said),
              "claims": len(claim_list), "conflicts": conflicts}
    return {
        "id": story.get("id"), "label": story.get("label") or "Untitled story", "start": start, "end": end,
        "dates": human_range(start, end), "summary": story_summary(counts, start, end), "counts": counts,
        "articles": sorted(ids, key=lambda a: (published.get(a) or "9999", a)),
        "timeline": timeline(groups, start, end), "network": network(groups),
        "statements": said, "claims": claim_list, "synthetic": bool(story.get("synthetic")),
    }


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def story_summary(counts: Mapping[str, int], start: str | None, end: str | None) -> str:
    """One plain-language paragraph of a story's counts.

    >>> story_summary({"articles": 5, "sources": 4, "copies": 1, "events": 12, "event_groups": 6,
    ...                "quotes": 3, "quote_groups": 1, "speakers": 1, "claims": 2, "conflicts": 1},
    ...               "2023-11-16", "2023-11-20")
    '5 articles from 4 outlets (1 a copy of another), 16 Nov 2023 – 20 Nov 2023. 12 event mentions in 6 groups; 3 quotes in 1 statement by 1 speaker; 2 claims, 1 in conflict.'
    """
    text = f"{_plural(counts['articles'], 'article')} from {_plural(counts['sources'], 'outlet')}"
    if counts["copies"]:
        text += f" ({counts['copies']} a copy of another)" if counts["copies"] == 1 else \
            f" ({counts['copies']} copies of others)"
    text += f", {human_range(start, end)}. "
    text += f"{_plural(counts['events'], 'event mention')} in {_plural(counts['event_groups'], 'group')}; "
    text += (f"{_plural(counts['quotes'], 'quote')} in {_plural(counts['quote_groups'], 'statement')} by "
             f"{_plural(counts['speakers'], 'speaker')}; ")
    text += f"{_plural(counts['claims'], 'claim')}, {counts['conflicts']} in conflict."
    return text
