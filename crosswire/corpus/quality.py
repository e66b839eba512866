"""Source quality per article (the ``quality`` field of ``articles.jsonl``) and per outlet.

Per article: boilerplate ratio (removed characters over removed plus kept), copy type and
original, rewrite suspicion with its signals (from its own text and from a spun copy's
substitutions), and the share of its claims that are in conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def article_quality(article: Mapping[str, Any], own: Mapping[str, Any] | None, copy: Mapping[str, Any] | None,
                    conflict_share: float | None) -> dict[str, Any]:
    """The ``quality`` object of one article."""
    signals = list((own or {}).get("signals", []))
    suspect = bool((own or {}).get("suspect"))
    if copy and copy["kind"] == "rewrite":
        suspect = True
        signals.append({"kind": "substitutions", "original": copy["original"],
                        "substitutions": copy["record"]["substitutions"]})
    removed, kept = article.get("removed_chars") or 0, len(article.get("text") or "")
    return {
        "rewrite_suspect": suspect,
        "signals": signals,
        "copy": {"kind": copy["kind"], "of": copy["original"]} if copy else None,
        "boilerplate_ratio": round(removed / (removed + kept), 4) if removed + kept else 0.0,
        "conflict_share": conflict_share,
    }


def copy_roots(copies: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Article -> the original at the root of its copy chain (exact/syndicated/rewrite/rewording)."""
    parent: dict[str, str] = {}
    for row in copies:
        parent.setdefault(row["copy"], row["original"])
    roots = {}
    for article in parent:
        seen, node = set(), article
        while node in parent and node not in seen:
            seen.add(node)
            node = parent[node]
        roots[article] = node
    return roots
