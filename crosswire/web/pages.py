"""The app's HTML pages: overview, stories, articles (search and filters), events, quotes, claims,
run status and the API index. Templates escape everything; the story page reuses the report's
script, fed one story's view as JSON."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from crosswire.report.data import embeddable_json
from crosswire.report.dates import human_date, human_range
from crosswire.report.drift import DriftFinder
from crosswire.report.views import QUAD_CLASSES, article_meta, quad_class, story_view
from crosswire.store.sqlite import Store
from crosswire.web import queries
from crosswire.web.api import borrowed_store

router = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(borrowed_store)]
Text = Annotated[str | None, Query(max_length=500)]
PageNo = Annotated[int, Query(ge=1, le=100_000)]
PER_PAGE = 50
PER_SEARCH_PAGE = 20  # ranking and snippets cost per result; a search shows fewer per page


def render(request: Request, name: str, **context: Any) -> HTMLResponse:
    """A page from the app's templates (autoescaped)."""
    template = request.app.state.templates.get_template(name)
    return HTMLResponse(template.render(db=request.app.state.db_name, path=request.url.path,
                                        human_date=human_date, human_range=human_range, **context))


def pager(request: Request, page: queries.Page, number: int) -> dict[str, Any]:
    """Links to the previous and next pages, keeping the other query parameters."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "page" and v != ""]

    def link(n: int) -> str:
        return request.url.path + "?" + urlencode(kept + [("page", str(n))])

    pages = max(1, -(-page.total // page.limit))
    return {"number": number, "pages": pages, "total": page.total,
            "first": page.offset + 1 if page.items else 0, "last": page.offset + len(page.items),
            "prev": link(number - 1) if number > 1 else None, "next": link(number + 1) if number < pages else None}


def snippet_parts(snippet: str | None) -> list[tuple[str, bool]]:
    """An FTS snippet as (text, is_match) pieces, so the template can mark matches safely.

    >>> snippet_parts("the \\x02harbour\\x03 talks")
    [('the ', False), ('harbour', True), (' talks', False)]
    """
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate((snippet or "").split(queries.SNIPPET_OPEN)):
        if i == 0:
            parts.append((chunk, False))
            continue
        match, _, rest = chunk.partition(queries.SNIPPET_CLOSE)
        parts.extend([(match, True), (rest, False)])
    return [p for p in parts if p[0]]


@router.get("/", response_class=HTMLResponse)
async def overview(request: Request, store: StoreDep):
    latest = queries.stories(store, queries.Filters(), 10, 0)
    conflicts = queries.claims(store, queries.Filters(conflicts=True), 10, 0)
    return render(request, "overview.html", counts=queries.counts(store), runs=queries.runs(store, 1),
                  stories=latest, conflicts=conflicts, sources=queries.sources(store, 15))


@router.get("/stories", response_class=HTMLResponse)
async def story_list(request: Request, store: StoreDep, q: Text = None, page: PageNo = 1):
    found = queries.stories(store, queries.Filters(q=q), PER_PAGE, (page - 1) * PER_PAGE)
    return render(request, "stories.html", stories=found, q=q or "", pager=pager(request, found, page))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story_page(request: Request, store: StoreDep, story_id: str):
    story = queries.one(store, "stories", story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id!r}")
    records = dict(queries.story_records(store, story))
    articles = {a["id"]: a for a in records["articles"]}
    view = story_view({**story, "articles": list(articles)}, articles, records["events"], records["quotes"],
                      records["claims"], DriftFinder())
    data = {"stories": [view], "articles": {a: article_meta(r) for a, r in articles.items()}}
    return render(request, "story.html", view=view, data_json=embeddable_json(data))


@router.get("/articles", response_class=HTMLResponse)
async def article_list(request: Request, store: StoreDep, q: Text = None, source: Text = None, story: Text = None,
                 actor: Text = None, event_type: Text = None, since: Text = None, until: Text = None,
                 conflicts: bool = False, page: PageNo = 1):
    filters = queries.Filters(q=q, source=source, story=story, actor=actor, event_type=event_type,
                              since=since, until=until, conflicts=conflicts)
    size = PER_SEARCH_PAGE if q and q.strip() else PER_PAGE
    found = queries.articles(store, filters, size, (page - 1) * size)
    for item in found.items:
        item["snippet_parts"] = snippet_parts(item.get("snippet"))
    facets = request.app.state.facets
    return render(request, "articles.html", articles=found, filters=filters, pager=pager(request, found, page),
                  event_types=facets.value(store, "event_types", queries.event_types),
                  sources=facets.value(store, "sources", queries.sources))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article_page(request: Request, store: StoreDep, article_id: str,
                 start: Annotated[int | None, Query(ge=0, le=1 << 40)] = None, end: Annotated[int | None, Query(ge=0, le=1 << 40)] = None):
    record = queries.article(store, article_id)
    if record is None:
        raise HTTPException(404, f"no article {article_id!r}")
    text = record["text"]
    highlight = start is not None and end is not None and start < end <= len(text)
    parts = [text[:start], text[start:end], text[end:]] if highlight else [text]
    events = queries.article_records(store, "events", article_id)
    for event in events:
        event["quad"] = quad_class(event.get("type"))
    return render(request, "article.html", article=record, meta=article_meta(record), parts=parts,
                  highlight=highlight, quotes=queries.article_records(store, "quotes", article_id), events=events,
                  times=queries.article_records(store, "times", article_id))


@router.get("/events", response_class=HTMLResponse)
async def event_list(request: Request, store: StoreDep, event_type: Text = None, actor: Text = None, status: Text = None,
               since: Text = None, until: Text = None, story: Text = None, source: Text = None,
               conflicts: bool = False, page: PageNo = 1):
    filters = queries.Filters(event_type=event_type, actor=actor, status=status, since=since, until=until,
                              story=story, source=source, conflicts=conflicts)
    found = queries.events(store, filters, PER_PAGE, (page - 1) * PER_PAGE)
    for event in found.items:
        event["quad"] = quad_class(event.get("type"))
    return render(request, "events.html", events=found, filters=filters, pager=pager(request, found, page),
                  event_types=sorted(set(request.app.state.facets.value(store, "event_types", queries.event_types))
                                     | set(QUAD_CLASSES)))


@router.get("/quotes", response_class=HTMLResponse)
async def quote_list(request: Request, store: StoreDep, speaker: Text = None, story: Text = None, source: Text = None,
               q: Text = None, page: PageNo = 1):
    filters = queries.Filters(speaker=speaker, story=story, source=source, q=q)
    found = queries.quotes(store, filters, PER_PAGE, (page - 1) * PER_PAGE)
    return render(request, "quotes.html", quotes=found, filters=filters, pager=pager(request, found, page))


@router.get("/claims", response_class=HTMLResponse)
async def claim_list(request: Request, store: StoreDep, conflicts: bool = False, story: Text = None, q: Text = None,
               page: PageNo = 1):
    filters = queries.Filters(conflicts=conflicts, story=story, q=q)
    found = queries.claims(store, filters, PER_PAGE, (page - 1) * PER_PAGE)
    return render(request, "claims.html", claims=found, filters=filters, pager=pager(request, found, page))


@router.get("/status", response_class=HTMLResponse)
async def status_page(request: Request, store: StoreDep):
    runs = queries.runs(store, 20)
    return render(request, "status.html", runs=runs, counts=queries.counts(store),
                  schema_version=store.schema_version, running=any(r["status"] == "running" for r in runs))


@router.get("/api", response_class=HTMLResponse)
async def api_index(request: Request):
    schema = request.app.openapi()
    endpoints = [(path, op.get("summary") or "", [p["name"] for p in op.get("parameters", [])])
                 for path, item in schema["paths"].items() for method, op in item.items() if method == "get"]
    return render(request, "api.html", endpoints=endpoints)
