"""Read-only views of the corpus records for the CLI (``crosswire stories``, ``claims``, ``sources``).

Plain dicts, read from the store; nothing is recomputed.

>>> from crosswire.store.sqlite import Store
>>> story_rows(Store(":memory:"))
[]
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from crosswire.store.sqlite import Store


def story_rows(store: Store) -> list[dict[str, Any]]:
    """One row per story, newest first: id, label, start, end, articles (count), sources
    (distinct outlets), unattributed (articles with no known outlet), events (group count), thread,
    article ids."""
    outlets: dict[str, set[str]] = defaultdict(set)
    unattributed: Counter[str] = Counter()
    for story, source in store.db.execute("SELECT story, source FROM articles WHERE story IS NOT NULL"):
        if source:
            outlets[story].add(source)
        else:
            unattributed[story] += 1
    rows = []
    for record in store.corpus_records("stories"):
        rows.append({"id": record["id"], "label": record["label"], "start": record.get("start"),
                     "end": record.get("end"), "articles": len(record["articles"]),
                     "sources": len(outlets.get(record["id"], ())), "unattributed": unattributed[record["id"]],
                     "events": len(record.get("events") or []),
                     "thread": record.get("thread"), "article_ids": list(record["articles"])})
    return sorted(rows, key=lambda r: (r["end"] or "", r["articles"], r["id"]), reverse=True)


def claim_rows(store: Store, conflicts_only: bool = False) -> list[dict[str, Any]]:
    """One row per claim (conflicts first): id, subject, attribute, status, independent sources,
    and its values as ``{value, articles, evidence}``."""
    rows = []
    for record in store.corpus_records("claims"):
        if conflicts_only and record["status"] != "conflict":
            continue
        rows.append({"id": record["id"], "subject": record["subject"], "subject_name": record["subject_name"],
                     "attribute": record["attribute"], "status": record["status"],
                     "independent_sources": record["independent_sources"], "values": record["values"]})
    return sorted(rows, key=lambda r: (r["status"] != "conflict", r["subject_name"], r["attribute"], r["id"]))


def source_rows(store: Store) -> list[dict[str, Any]]:
    """One row per outlet (null outlets as ``None``): articles, copies (articles that are a copy
    of another), rewrite suspects, mean boilerplate ratio, and the share of its articles' claims
    that are in conflict."""
    stats: dict[str | None, dict[str, Any]] = defaultdict(lambda: {"articles": 0, "copies": 0, "rewrite_suspects": 0,
                                                                   "boilerplate": 0.0, "claims": 0, "conflicts": 0})
    for source, duplicate_of, quality in store.db.execute("SELECT source, duplicate_of, quality FROM articles"):
        quality = json.loads(quality)
        row = stats[source]
        row["articles"] += 1
        row["copies"] += duplicate_of is not None
        row["rewrite_suspects"] += bool(quality.get("rewrite_suspect"))
        row["boilerplate"] += quality.get("boilerplate_ratio") or 0.0
    for source, claims, conflicts in store.db.execute(
            "SELECT a.source, COUNT(*), SUM(c.conflict) FROM claim_articles c JOIN articles a ON a.id = c.article "
            "GROUP BY a.source"):
        stats[source]["claims"] += claims
        stats[source]["conflicts"] += conflicts or 0
    rows = []
    for source, row in stats.items():
        rows.append({"source": source, "articles": row["articles"], "copies": row["copies"],
                     "rewrite_suspects": row["rewrite_suspects"],
                     "boilerplate_ratio": round(row["boilerplate"] / row["articles"], 4) if row["articles"] else 0.0,
                     "claims": row["claims"],
                     "conflict_share": round(row["conflicts"] / row["claims"], 4) if row["claims"] else None})
    return sorted(rows, key=lambda r: (-r["articles"], r["source"] or ""))
