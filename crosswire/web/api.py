"""The read-only JSON API: every output-contract table, paginated and filtered, plus runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from crosswire.store.sqlite import Store
from crosswire.web import models, queries

router = APIRouter(prefix="/api", tags=["api"])

MAX_LIMIT = 500


async def borrowed_store(request: Request) -> AsyncIterator[Store]:
    """A read-only store connection for this request."""
    with request.app.state.pool.store() as store:
        yield store


StoreDep = Annotated[Store, Depends(borrowed_store)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="Items to skip.")]
Text = Annotated[str | None, Query(max_length=500)]


def _page(page: queries.Page) -> dict[str, Any]:
    return {"total": page.total, "limit": page.limit, "offset": page.offset, "items": page.items}


def _found(record: dict[str, Any] | None, what: str, record_id: str) -> dict[str, Any]:
    if record is None:
        raise HTTPException(404, f"no {what} with id {record_id!r}")
    return record


@router.get("/articles", response_model=models.Page[models.ArticleSummary], summary="List or search articles")
async def list_articles(store: StoreDep, q: Annotated[str | None, Query(max_length=500, description="Full-text search (FTS5).")] = None,
                  source: Text = None, story: Text = None, actor: Text = None,
                  event_type: Text = None, since: Text = None, until: Text = None, language: Text = None,
                  conflicts: bool = False, limit: Limit = 50, offset: Offset = 0):
    """Article summaries (no text): newest first, or by relevance when ``q`` is given. ``actor``
    keeps articles mentioning that name; ``event_type`` those with an event of that PLOVER type;
    ``conflicts`` those cited by a conflicting claim."""
    filters = queries.Filters(q=q, source=source, story=story, actor=actor, event_type=event_type, since=since,
                              until=until, language=language, conflicts=conflicts)
    return _page(queries.articles(store, filters, limit, offset))


@router.get("/search", response_model=models.Page[models.ArticleSummary], summary="Full-text search")
async def search(store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=500)],
           limit: Limit = 20, offset: Offset = 0):
    """Articles matching ``q`` (FTS5 over titles and text), best first, with a snippet whose
    matches are wrapped in U+0002 ... U+0003."""
    return _page(queries.articles(store, queries.Filters(q=q), limit, offset))


@router.get("/articles/{article_id}", response_model=models.Article, summary="One article")
async def get_article(store: StoreDep, article_id: str):
    """The ``articles.jsonl`` record, with its clean text and removed boilerplate."""
    return _found(queries.article(store, article_id), "article", article_id)


@router.get("/entities", response_model=models.Page[models.Entity], summary="List entities")
async def list_entities(store: StoreDep, q: Text = None, limit: Limit = 50, offset: Offset = 0):
    """Entities by name (``q`` matches the start of the name), each with its mentions."""
    return _page(queries.entities(store, queries.Filters(q=q), limit, offset))


@router.get("/entities/{entity_id}", response_model=models.Entity, summary="One entity")
async def get_entity(store: StoreDep, entity_id: str):
    return _found(queries.one(store, "entities", entity_id), "entity", entity_id)


@router.get("/times", response_model=models.Page[models.TimeExpr], summary="List time expressions")
async def list_times(store: StoreDep, article: Text = None, limit: Limit = 100, offset: Offset = 0):
    return _page(queries.times(store, queries.Filters(article=article), limit, offset))


@router.get("/quotes", response_model=models.Page[models.Quote], summary="List quotes")
async def list_quotes(store: StoreDep, article: Text = None, speaker: Text = None, story: Text = None,
                source: Text = None, q: Text = None, limit: Limit = 50, offset: Offset = 0):
    """Quotes; ``speaker`` and ``q`` match part of the speaker's name and of the quote."""
    filters = queries.Filters(article=article, speaker=speaker, story=story, source=source, q=q)
    return _page(queries.quotes(store, filters, limit, offset))


@router.get("/quotes/{quote_id}", response_model=models.Quote, summary="One quote")
async def get_quote(store: StoreDep, quote_id: str):
    return _found(queries.one(store, "quotes", quote_id), "quote", quote_id)


@router.get("/events", response_model=models.Page[models.Event], summary="List events")
async def list_events(store: StoreDep, event_type: Text = None, actor: Text = None, status: Text = None,
                since: Text = None, until: Text = None, story: Text = None, source: Text = None,
                article: Text = None, conflicts: bool = False, limit: Limit = 50, offset: Offset = 0):
    """Events, latest date first; ``actor`` matches part of the source's or target's name."""
    filters = queries.Filters(event_type=event_type, actor=actor, status=status, since=since, until=until,
                              story=story, source=source, article=article, conflicts=conflicts)
    return _page(queries.events(store, filters, limit, offset))


@router.get("/events/{event_id}", response_model=models.Event, summary="One event")
async def get_event(store: StoreDep, event_id: str):
    return _found(queries.one(store, "events", event_id), "event", event_id)


@router.get("/stories", response_model=models.Page[models.Story], summary="List stories")
async def list_stories(store: StoreDep, q: Text = None, limit: Limit = 50, offset: Offset = 0):
    return _page(queries.stories(store, queries.Filters(q=q), limit, offset))


@router.get("/stories/{story_id}", response_model=models.Story, summary="One story")
async def get_story(store: StoreDep, story_id: str):
    return _found(queries.one(store, "stories", story_id), "story", story_id)


@router.get("/claims", response_model=models.Page[models.Claim], summary="List claims")
async def list_claims(store: StoreDep, conflicts: bool = False, story: Text = None, q: Text = None,
                limit: Limit = 50, offset: Offset = 0):
    """Claims, conflicts first; ``story`` keeps those citing that story's articles."""
    return _page(queries.claims(store, queries.Filters(conflicts=conflicts, story=story, q=q), limit, offset))


@router.get("/claims/{claim_id}", response_model=models.Claim, summary="One claim")
async def get_claim(store: StoreDep, claim_id: str):
    return _found(queries.one(store, "claims", claim_id), "claim", claim_id)


@router.get("/status", response_model=models.Status, summary="Counts and latest runs")
async def status(store: StoreDep, limit: Annotated[int, Query(ge=1, le=200)] = 20):
    """Rows per table and the latest ``crosswire analyze`` runs (a running one has status ``running``)."""
    return {"counts": queries.counts(store), "schema_version": store.schema_version,
            "runs": queries.runs(store, limit)}
