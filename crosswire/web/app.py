"""The local web app: the report's views over a store of any size, full-text search, filters,
pagination, a read-only JSON API with its OpenAPI schema, and a status page of analysis runs.

>>> app = create_app("crosswire.db")  # doctest: +SKIP
>>> # serve it: uvicorn.run(app, host="127.0.0.1", port=8000)

The database is opened read-only (a running ``crosswire analyze`` can keep writing to it).
Static assets are held in memory under fixed names, so no request path reaches the filesystem.
"""

from __future__ import annotations

import hmac
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from crosswire import __version__
from crosswire.errors import StoreError
from crosswire.report import asset, environment
from crosswire.store.sqlite import Store

POOL_SIZE = 8
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
TOKEN_COOKIE = "crosswire_token"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
ASSET_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


class StorePool:
    """Read-only connections to one database, one per concurrent request (sqlite3 connections
    must not be shared by threads mid-query)."""

    def __init__(self, path: str | Path, size: int = POOL_SIZE):
        self.path = str(path)
        self.size = size
        self._free: queue.LifoQueue[Store] = queue.LifoQueue()
        self._made = 0
        self._lock = threading.Lock()
        self._free.put(Store(self.path, readonly=True))  # fails now, not on the first request
        self._made = 1

    @contextmanager
    def store(self) -> Iterator[Store]:
        """Borrow a connection for the duration of a request."""
        try:
            store = self._free.get_nowait()
        except queue.Empty:
            with self._lock:
                make = self._made < self.size
                self._made += make
            store = Store(self.path, readonly=True) if make else self._free.get(timeout=30)
        try:
            yield store
        finally:
            self._free.put(store)

    def close(self) -> None:
        while True:
            try:
                self._free.get_nowait().close()
            except queue.Empty:
                return


class Facets:
    """Filter choices (outlets, event types) of one app, recomputed only when the database files
    change: listing them scans whole indexes, too slow to repeat on every page."""

    def __init__(self, path: str | Path):
        self.files = [Path(str(path)), Path(str(path) + "-wal")]
        self.version: tuple[int, ...] = ()
        self.values: dict[str, Any] = {}

    def value(self, store: Store, name: str, compute: Callable[[Store], Any]) -> Any:
        version = tuple(f.stat().st_mtime_ns if f.exists() else 0 for f in self.files)
        if version != self.version:
            self.version, self.values = version, {}
        if name not in self.values:
            self.values[name] = compute(store)
        return self.values[name]


MAX_URL_BYTES = 4096     # path plus query string
MAX_BODY_BYTES = 64 << 10  # the API is read-only: nothing legitimate sends more


class RateLimiter:
    """A token bucket per client address: ``rate`` requests a second, bursts of twice that."""

    def __init__(self, rate: float):
        self.rate, self.burst = rate, 2 * rate
        self.buckets: dict[str, tuple[float, float]] = {}

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        tokens, last = self.buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if len(self.buckets) > 10_000:  # forget idle clients rather than grow without bound
            self.buckets.clear()
        self.buckets[client] = (tokens - 1, now) if tokens >= 1 else (tokens, now)
        return tokens >= 1


class SecurityMiddleware:
    """Adds security headers to every response; rejects oversized requests, unknown Host headers
    (DNS rebinding), clients over the rate limit and, when a token is set, requests without it
    (``?token=`` once sets a same-site cookie)."""

    def __init__(self, app, *, token: str | None, allowed_hosts: Sequence[str] | None,
                 rate_limit: float | None = None):
        self.app = app
        self.token = token
        self.allowed = None if allowed_hosts is None or "*" in allowed_hosts else {h.lower() for h in allowed_hosts}
        self.limiter = RateLimiter(rate_limit) if rate_limit else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b"")) > MAX_URL_BYTES:
            return await _plain(send, 414, f"request URL longer than {MAX_URL_BYTES} bytes")
        if not headers.get("content-length", "0").isdigit() or int(headers.get("content-length", "0")) > MAX_BODY_BYTES \
                or "chunked" in headers.get("transfer-encoding", ""):
            return await _plain(send, 413, f"request body over {MAX_BODY_BYTES} bytes; this API is read-only")
        client = (scope.get("client") or ("unknown", 0))[0]
        if self.limiter is not None and not self.limiter.allow(client):
            return await _plain(send, 429, "too many requests; slow down", [(b"retry-after", b"1")])
        if self.allowed is not None and _host_name(headers.get("host", "")) not in self.allowed:
            return await _plain(send, 400, "unknown Host header; open the app at the address 'crosswire serve' printed")
        if self.token and not self._authorised(headers):
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            if hmac.compare_digest(query.get("token", ""), self.token):
                rest = urlencode({k: v for k, v in query.items() if k != "token"})
                location = scope["path"] + ("?" + rest if rest else "")
                cookie = f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
                return await _plain(send, 303, "authorised", [(b"location", location.encode()),
                                                               (b"set-cookie", cookie.encode())])
            return await _plain(send, 401, "this Crosswire server needs its access token: open the URL "
                                           "'crosswire serve' printed (it ends in ?token=...)")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _authorised(self, headers: dict[str, str]) -> bool:
        bearer = headers.get("authorization", "")
        if bearer.lower().startswith("bearer ") and hmac.compare_digest(bearer[7:].strip(), self.token):
            return True
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header is simply not a token
            return False
        found = cookie.get(TOKEN_COOKIE)
        return bool(found) and hmac.compare_digest(found.value, self.token)


def _host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


async def _plain(send, status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *(extra or []), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


def _assets() -> dict[str, bytes]:
    """The app's static files, read once at start-up and served by fixed name only."""
    own = Path(__file__).with_name("static")
    files = {"views.js": asset("views.js"), "views.css": asset("views.css")}
    files.update({p.name: p.read_text(encoding="utf-8") for p in sorted(own.iterdir()) if p.suffix in ASSET_TYPES})
    return {name: text.encode("utf-8") for name, text in files.items()}


def create_app(db_path: str | Path, token: str | None = None, *,
               allowed_hosts: Sequence[str] | None = LOOPBACK_HOSTS, rate_limit: float | None = None) -> FastAPI:
    """The web app over the database at ``db_path`` (opened read-only; it must exist).

    ``token``: when set, every request must carry it (``?token=`` once, then a cookie, or an
    ``Authorization: Bearer`` header) — use it when serving beyond loopback. ``allowed_hosts``:
    Host header values accepted (``None`` or ``["*"]`` accepts any). ``rate_limit``: requests a
    second per client address (bursts of twice that); None for no limit (loopback use).
    """
    from crosswire.web import api, pages

    pool = StorePool(db_path)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        pool.close()

    app = FastAPI(title="Crosswire", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  openapi_url="/api/openapi.json",
                  description="Read-only JSON API over a Crosswire store: the output-contract tables "
                              "(articles, entities, times, quotes, events, stories, claims) and analysis runs.")
    app.state.pool = pool
    app.state.db_name = Path(db_path).name
    app.state.templates = environment(Path(__file__).with_name("templates"))
    app.state.assets = _assets()
    app.state.facets = Facets(db_path)
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.get("/assets/{name}", include_in_schema=False)
    def static_asset(name: str) -> Response:
        body = app.state.assets.get(name)
        if body is None:
            return Response("no such asset", status_code=404, media_type="text/plain")
        return Response(body, media_type=ASSET_TYPES[Path(name).suffix],
                        headers={"cache-control": "max-age=3600"})

    @app.exception_handler(StoreError)
    async def store_error(request: Request, error: StoreError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(error)}, status_code=400)
        page = app.state.templates.get_template("error.html").render(message=str(error), db=app.state.db_name)
        return HTMLResponse(page, status_code=400)

    app.add_middleware(SecurityMiddleware, token=token, allowed_hosts=allowed_hosts, rate_limit=rate_limit)
    return app
