"""The report's data: the store's contract records shaped into compact story views, as JSON
that is safe to embed in an HTML ``<script type="application/json">`` block."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from crosswire.report.drift import DriftFinder
from crosswire.report.views import article_meta, claim_articles, story_view
from crosswire.store.export import table_records
from crosswire.store.sqlite import Store

ALL_ARTICLES = "all-articles"
OUTSIDE_STORIES = "outside-stories"


def report_data(store: Store, *, drift: DriftFinder | None = None) -> dict[str, Any]:
    """Everything the report page shows, read from ``store`` (never recomputed)."""
    drift = drift or DriftFinder()
    articles = {a["id"]: a for a in table_records(store, "articles")}
    by_article: dict[str, dict[str, list[dict[str, Any]]]] = {"events": defaultdict(list), "quotes": defaultdict(list)}
    for table, index in by_article.items():
        for record in table_records(store, table):
            index[record["article"]].append(record)
    claims = list(table_records(store, "claims"))
    stories = _stories_with_fallback(list(table_records(store, "stories")), articles)
    claims_of: dict[str, list[int]] = defaultdict(list)
    for number, claim in enumerate(claims):
        for article in claim_articles(claim):
            claims_of[article].append(number)
    views = []
    for story in stories:
        ids = [a for a in story["articles"] if a in articles]
        members = {a: articles[a] for a in ids}
        claim_numbers = sorted({n for a in ids for n in claims_of.get(a, ())})
        view = story_view(story, members,
                          [e for a in ids for e in by_article["events"].get(a, ())],
                          [q for a in ids for q in by_article["quotes"].get(a, ())],
                          [claims[n] for n in claim_numbers], drift)
        views.append(view)
    views.sort(key=lambda v: (v["synthetic"], -v["counts"]["articles"], v["start"] or "9999", v["label"]))
    return {
        "meta": _meta(store, articles, views, claims),
        "stories": views,
        "articles": {a["id"]: _article_entry(a) for a in articles.values()},
    }


def _stories_with_fallback(stories: list[dict[str, Any]], articles: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The store's stories, each with its articles; articles in none get a section of their own."""
    members: dict[str, set[str]] = defaultdict(set)
    for article in articles.values():
        if article.get("story"):
            members[article["story"]].add(article["id"])
    result, covered = [], set()
    for story in stories:
        ids = set(story.get("articles") or []) | members.get(story.get("id"), set())
        covered |= ids
        result.append({**story, "articles": sorted(ids)})
    rest = sorted(set(articles) - covered)
    if rest:
        label = "All articles (no stories in the store yet)" if not stories else "Articles outside any story"
        result.append({"id": ALL_ARTICLES if not stories else OUTSIDE_STORIES, "label": label,
                       "articles": rest, "synthetic": True})
    return result


def _article_entry(article: Mapping[str, Any]) -> dict[str, Any]:
    entry = article_meta(article)
    entry["text"] = article.get("text") or ""
    entry["removed"] = [{"text": r.get("text", ""), "reason": r.get("reason", "")}
                        for r in article.get("removed") or [] if isinstance(r, Mapping)]
    return entry


def _meta(store: Store, articles: Mapping[str, Mapping[str, Any]], views: list[dict[str, Any]],
          claims: list[dict[str, Any]]) -> dict[str, Any]:
    run = store.db.execute("SELECT id, started_at, finished_at, analysed, skipped, status FROM runs "
                           "ORDER BY id DESC LIMIT 1").fetchone()
    dates = sorted(a["published"] for a in articles.values() if a.get("published"))
    return {
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "database": Path(store.path).name,
        "first": dates[0] if dates else None, "last": dates[-1] if dates else None,
        "counts": {
            "articles": len(articles), "stories": sum(1 for v in views if not v["synthetic"]),
            "sources": len({a.get("source") for a in articles.values() if a.get("source")}),
            "copies": sum(1 for a in articles.values() if a.get("duplicate_of")),
            "entities": store.count("entities"), "events": store.count("events"),
            "quotes": store.count("quotes"), "claims": len(claims),
            "conflicts": sum(1 for c in claims if c.get("status") == "conflict"),
        },
        "run": dict(run) if run else None,
    }


def embeddable_json(data: Any) -> str:
    """JSON that cannot end its ``<script>`` block early nor open a comment in it.

    >>> embeddable_json({"t": "</script><!--"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text
