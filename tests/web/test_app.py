"""The web app through FastAPI's test client: API, filters, pagination, safety."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest
from fastapi.testclient import TestClient

from crosswire.errors import StoreError
from crosswire.store.export import TABLES, table_records
from crosswire.store.sqlite import Store
from crosswire.web.app import create_app
from tests.report.sample import XSS_IMG, XSS_SCRIPT

BASE = "http://127.0.0.1"


@pytest.fixture(scope="module")
def client(sample_db):
    with TestClient(create_app(sample_db), base_url=BASE) as test_client:
        yield test_client


def ids(response) -> set[str]:
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def test_every_contract_table_has_a_list_endpoint_with_contract_records(client, sample_db):
    with Store(sample_db, readonly=True) as store:
        for table in TABLES:
            expected = list(table_records(store, table))
            if table == "articles":  # the list gives summaries; the detail gives the record
                record = client.get(f"/api/articles/{expected[0]['id']}").json()
                assert set(expected[0]) <= set(record)
                continue
            body = client.get(f"/api/{table}?limit=500").json()
            assert body["total"] == len(expected), table
            assert all(set(expected[0]) <= set(item) for item in body["items"]), table


def test_pagination_reports_total_and_pages_through(client):
    first = client.get("/api/articles?limit=2").json()
    last = client.get("/api/articles?limit=2&offset=4").json()
    assert first["total"] == 5 and len(first["items"]) == 2 and len(last["items"]) == 1
    assert client.get("/api/articles?limit=501").status_code == 422


@pytest.mark.parametrize("query, expected", [
    ("actor=Tomas%20Brandt", {"art-harbour-1", "art-harbour-2", "art-harbour-3"}),
    ("event_type=aid", {"art-flood-1"}),
    ("story=story-flood", {"art-flood-1"}),
    ("source=Coastal%20Wire", {"art-harbour-2"}),
    ("since=2024-05-07&until=2024-05-07", {"art-harbour-2"}),
    ("conflicts=true", {"art-harbour-1", "art-harbour-2", "art-harbour-3", "art-xss"}),
    ("conflicts=true&actor=Estavia&event_type=COERCE", {"art-harbour-1", "art-harbour-3"}),
])
def test_article_filters(client, query, expected):
    assert ids(client.get(f"/api/articles?{query}")) == expected


def test_event_and_claim_filters(client):
    assert ids(client.get("/api/events?actor=brandt")) == {"ev-2a", "ev-3a"}
    assert ids(client.get("/api/events?status=planned&story=story-harbour")) == {"ev-1a", "ev-2b"}
    assert ids(client.get("/api/claims?conflicts=true")) == {"claim-role", "claim-xss"}
    assert ids(client.get("/api/claims?story=story-flood")) == set()


def test_search_ranks_matches_and_rejects_broken_syntax_with_a_hint(client):
    body = client.get("/api/search?q=fisheries").json()
    assert [i["id"] for i in body["items"]] == ["art-harbour-3"]
    assert "\x02fisheries\x03" in body["items"][0]["snippet"]
    assert ids(client.get("/api/articles?q=harbour&source=Coastal%20Wire")) == {"art-harbour-2"}
    broken = client.get('/api/search?q="unclosed')
    assert broken.status_code == 400 and "FTS5" in broken.json()["detail"]
    page = client.get("/articles?q=fisheries")
    assert "<mark>fisheries</mark>" in page.text


def test_pages_render_and_escape_untrusted_text(client):
    for path in ("/", "/stories", "/stories/story-harbour", "/articles", "/events", "/quotes", "/claims",
                 "/status", "/api", "/articles/art-xss", "/articles/art-xss?start=0&end=10"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert XSS_SCRIPT not in response.text and XSS_IMG not in response.text, path
        assert "<svg onload" not in response.text, path
    detail = client.get("/articles/art-xss").text
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in detail


def test_article_page_highlights_the_requested_span(client):
    page = client.get("/articles/art-harbour-1?start=0&end=7").text
    assert '<mark class="evidence" id="hl">Ruvania</mark>' in page
    assert client.get("/articles/art-harbour-1?start=5&end=99999").text.count("<mark") == 0
    assert client.get("/articles/nope").status_code == 404


def test_security_headers_on_every_response(client):
    for path in ("/", "/api/articles", "/assets/views.js", "/nope"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/assets/../app.py", "/assets/%2e%2e%2fapp.py", "/assets/..%2F..%2Fetc%2Fpasswd",
                                  "/assets/app.py", "/static/views.js", "/assets//etc/passwd"])
def test_request_paths_never_reach_the_filesystem(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "import" not in response.text and "root:" not in response.text


def test_openapi_documents_the_api(client):
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/search", "/api/entities", "/api/times",
                 "/api/quotes", "/api/events", "/api/stories", "/api/claims", "/api/status"):
        assert "get" in schema["paths"][path], path
    assert not any(path.startswith("/articles") for path in schema["paths"])  # pages are not API
    assert client.get("/docs").status_code == 404  # no CDN-hosted docs page


def test_status_page_shows_runs_and_skipped_inputs(client):
    page = client.get("/status").text
    assert "No analysis is running" in page and "empty file" in page
    body = client.get("/api/status").json()
    assert body["runs"][0]["status"] == "done" and body["counts"]["articles"] == 5


def test_database_is_opened_read_only(sample_db, tmp_path):
    copy = tmp_path / "ro.db"
    copy.write_bytes(sample_db.read_bytes())
    os.chmod(copy, stat.S_IRUSR)
    app = create_app(copy)
    with TestClient(app, base_url=BASE) as test_client:
        assert test_client.get("/api/articles").json()["total"] == 5
    with app.state.pool.store() as store, pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.db.execute("DELETE FROM articles")
    with pytest.raises(StoreError, match="no database"):
        create_app(tmp_path / "missing.db")


def test_token_and_host_checks(sample_db):
    with TestClient(create_app(sample_db, token="s3cret"), base_url=BASE) as guarded:
        assert guarded.get("/api/articles").status_code == 401
        assert guarded.get("/api/articles", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        entry = guarded.get("/articles?token=s3cret&q=harbour", follow_redirects=False)
        assert entry.status_code == 303 and entry.headers["location"] == "/articles?q=harbour"
        assert guarded.get("/articles?q=harbour").status_code == 200  # the cookie now carries it
    with TestClient(create_app(sample_db), base_url="http://evil.example") as rebound:
        assert rebound.get("/api/articles").status_code == 400


def test_oversized_requests_are_refused(client):
    assert client.get("/api/articles?q=" + "x" * 5000).status_code == 414
    assert client.post("/api/articles", content=b"x" * (70 << 10)).status_code == 413


def test_rate_limit_answers_429_with_retry_after(sample_db, monkeypatch):
    from types import SimpleNamespace

    # A frozen clock: on a loaded machine a real one refilled the bucket between requests.
    monkeypatch.setattr("crosswire.web.app.time", SimpleNamespace(monotonic=lambda: 1000.0))
    with TestClient(create_app(sample_db, rate_limit=5), base_url=BASE) as limited:
        statuses = [limited.get("/api/status").status_code for _ in range(20)]
    assert statuses[:10] == [200] * 10  # a burst of twice the rate passes
    assert 429 in statuses[10:]
    with TestClient(create_app(sample_db, rate_limit=5), base_url=BASE) as limited:
        for _ in range(10):
            limited.get("/api/status")
        refused = limited.get("/api/status")
    assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
