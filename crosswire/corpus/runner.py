"""Runs the corpus stages in order for the articles a run added.

copies (MinHash LSH + own-text rewrite signals) -> stories (incremental clustering, threads) ->
rewordings inside stories -> entity resolution -> event and quote groups -> claims -> quality.

>>> from crosswire.store.sqlite import Store
>>> run_corpus_stages(Store(":memory:"), [], full=False).articles
0
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from crosswire.corpus.claims import settle_role_claims, update_claims, update_evidence
from crosswire.corpus.dedup import rewording_pairs, update_copies
from crosswire.corpus.entities import record_key_forms
from crosswire.corpus.groups import update_groups
from crosswire.corpus.quality import article_quality, copy_roots
from crosswire.corpus.resolve import KeyShapes, resolve_entities, update_key_counts, update_story_keys
from crosswire.corpus.rewrite import collocation_lexicon
from crosswire.corpus.stories import update_stories
from crosswire.store.corpus_tables import CorpusTables
from crosswire.store.sqlite import Store


@dataclass
class CorpusSummary:
    """What the corpus stages did."""

    articles: int = 0
    copies: int = 0
    stories: int = 0
    entities: int = 0
    claims: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


CHUNK = 1000  # articles per pass: bounds memory and the work of one pass, whatever the run's size
# Bigger chunks write fewer pages per article once a store is large (a chunk's random inserts dirty
# most pages of the blocking indexes: 5,000 articles at 50k wrote 170k WAL frames in chunks of 5,000,
# 342k in chunks of 1,000), but 10,000 articles took no less time in chunks of 2,500-10,000 and the
# peak RSS went from 345 MB to 0.5-1.5 GB.


def run_corpus_stages(store: Store, new_article_ids: list[str], *, full: bool, chunk: int = CHUNK,
                      progress: Callable[[int, int, float], None] | None = None) -> CorpusSummary:
    """Update the cross-article records for ``new_article_ids`` (every article when ``full``).

    Articles are taken ``chunk`` at a time in the order given (the order a run stored them; every
    stored article by id when ``full``): adding them in chunks gives what adding
    them at once would (``tests/corpus/test_incremental.py``), while memory and the size of
    what one pass re-clusters stay those of a chunk. ``full`` first forgets the running counts
    and then passes over every stored article. After the last chunk, the title claims its
    chunks touched are rebuilt (``settle_role_claims``). ``progress(done, total, chunk_seconds)``
    is called after each chunk (the last one's seconds include that rebuild).
    """
    tables = CorpusTables(store)
    summary = CorpusSummary()
    new = tables.all_article_ids() if full else list(dict.fromkeys(new_article_ids))
    summary.articles = len(new)
    if full:
        tables.clear_corpus_indexes()
    shapes = KeyShapes()
    for offset in range(0, len(new), chunk):
        started = time.perf_counter()
        # One transaction per chunk: a chunk's records land together or not at all, and a page
        # that several stages change is written to the WAL once instead of once per stage.
        # The stages' own writes join it without savepoints (nothing here undoes only a part).
        with store.transaction(savepoints=False):
            _run_chunk(store, tables, new[offset:offset + chunk], summary, shapes)
            committing = time.perf_counter()
        summary.seconds["commit"] = summary.seconds.get("commit", 0.0) + time.perf_counter() - committing
        if offset + chunk >= len(new):
            _settle_claims(tables, summary)
        if progress:
            progress(min(offset + chunk, len(new)), len(new), time.perf_counter() - started)
    if not new:
        _settle_claims(tables, summary)  # what a run that stopped early left pending
    return summary


def _settle_claims(tables: CorpusTables, summary: CorpusSummary) -> None:
    """Rebuild the title claims the run's chunks marked (counted in the claims stage)."""
    started = time.perf_counter()
    summary.claims += settle_role_claims(tables)
    summary.seconds["claims"] = summary.seconds.get("claims", 0.0) + time.perf_counter() - started


def _run_chunk(store: Store, tables: CorpusTables, new: list[str], summary: CorpusSummary,
               shapes: KeyShapes) -> None:
    """The corpus stages for one chunk of articles already in the store."""
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        summary.seconds[stage] = summary.seconds.get(stage, 0.0) + now - clock
        clock = now

    own = update_copies(tables, new, collocation_lexicon())
    update_evidence(tables, new)
    update_key_counts(tables, new)
    lap("copies")
    written, removed, edges = update_stories(tables, new)
    summary.stories += len(written)
    lap("stories")
    stories = tables.story_records(written)
    story_of = {a: s["id"] for s in stories for a in s["articles"]}
    members = sorted(story_of)
    known = {(c["copy"], c["original"]) for c in tables.copies_involving(new)}
    # Rewordings: linked articles of one story that are not copies already.
    candidates = [(a, b) for a, b, _ in edges if story_of.get(a) is not None and story_of.get(a) == story_of.get(b)
                  and (a, b) not in known and (b, a) not in known]
    tables.write_copies(rewording_pairs(tables, candidates, own))
    copies = tables.copies_involving(members)
    roots = copy_roots(copies)
    summary.copies += len(copies)
    lap("rewordings")
    record_key_forms(store, new)
    update_story_keys(tables, written, removed, shapes)
    changed_entities: set[str] = set()
    summary.entities += resolve_entities(tables, new, shapes, changed_entities)
    lap("entities")
    story_events = update_groups(tables, written, roots)
    for story in stories:
        story["events"] = story_events.get(story["id"], [])
    tables.replace_stories([], stories)
    lap("groups")
    summary.claims += update_claims(tables, stories, new, changed_entities, roots)
    lap("claims")
    shares = tables.conflict_shares(members)
    first_copy = {}
    for c in copies:
        first_copy.setdefault(c["copy"], c)
    rows = []
    for article in tables.articles(members):
        own_signals = own.get(article["id"]) or _own_from(article["quality"])
        copy = first_copy.get(article["id"])
        quality = article_quality(article, own_signals, copy, shares.get(article["id"]))
        fields = (story_of[article["id"]], roots.get(article["id"]), quality)
        # An unchanged article is not rewritten: an update rewrites the whole row, text included.
        if fields != (article["story"], article["duplicate_of"], article["quality"]):
            rows.append((article["id"], *fields))
    tables.set_article_fields(rows)
    lap("quality")


def _own_from(quality: dict) -> dict:
    """Own-text rewrite signals kept in a stored quality object (articles not new in this run)."""
    signals = [s for s in quality.get("signals", []) if s.get("kind") == "unidiomatic"]
    return {"suspect": len({s["text"].lower() for s in signals}) >= 2, "signals": signals}
