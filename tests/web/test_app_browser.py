"""The web app in headless Chromium over a real uvicorn server on loopback."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from crosswire.web.app import create_app
from tests.report.sample import XSS_BREAKOUT, XSS_IMG, XSS_SCRIPT


@pytest.fixture(scope="module")
def server(sample_db):
    """The app served by uvicorn in a thread; yields its base URL."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(sample_db), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=5)


def test_search_from_the_navigation_box(watched, server):
    page = watched.page
    page.goto(server + "/")
    page.fill("nav input[name=q]", "harbour")
    page.press("nav input[name=q]", "Enter")
    page.wait_for_url("**/articles?q=harbour")
    rows = page.locator("table.results tbody tr")
    assert rows.count() == 3
    assert page.locator(".snippet mark").first.inner_text().lower() == "harbour"
    watched.screenshot("app-search.png", full_page=True)
    assert not watched.errors


def test_story_page_draws_charts_and_opens_evidence_from_the_api(watched, server):
    page = watched.page
    page.goto(server + "/stories/story-harbour")
    page.wait_for_selector("body[data-ready]", state="attached")
    assert page.locator("svg.timeline-chart .tl-event").count() == 4
    assert page.locator("svg.network-chart path.edge").count() >= 3
    page.locator("article.claim-conflict", has_text="Tomas Brandt").locator("button.evidence-link").first.click()
    mark = page.locator("dialog#viewer mark.evidence")
    mark.wait_for()
    assert mark.inner_text() == "deputy trade minister"
    watched.screenshot("app-story-evidence.png")
    assert not watched.errors and not watched.dialogs


def test_script_payloads_render_as_text_in_the_app(watched, server):
    page = watched.page
    page.goto(server + "/articles/art-xss")
    text = page.locator(".article-text").inner_text()
    for payload in (XSS_SCRIPT, XSS_IMG, XSS_BREAKOUT):
        assert payload in text
    page.goto(server + "/stories/story-harbour")
    page.wait_for_selector("body[data-ready]", state="attached")
    page.locator("button.article-link", has_text="Port statement").first.click()
    page.locator("dialog#viewer [data-part=text]", has_text="window.__pwned=1").wait_for()
    watched.screenshot("app-xss-as-text.png")
    assert page.locator("img").count() == 0
    assert watched.pwned() is None and watched.dialogs == [] and not watched.errors
