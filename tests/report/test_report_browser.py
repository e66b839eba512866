"""The report in headless Chromium: charts draw, evidence opens highlighted, payloads stay text.

Screenshots are kept under tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.report import write_report
from crosswire.run import analyze
from crosswire.store.sqlite import Store
from tests.report.sample import XSS_BREAKOUT, XSS_IMG, XSS_SCRIPT

DEMO = Path(__file__).resolve().parents[2] / "examples" / "fictional-demo"


@pytest.fixture(scope="module")
def report_file(sample_db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "sample-report.html"
    with Store(sample_db, readonly=True) as store:
        write_report(store, out)
    return out


def open_report(watched, path: Path):
    watched.page.goto(path.as_uri())
    watched.page.wait_for_selector("body[data-ready]", state="attached", timeout=10_000)
    return watched.page


def test_timeline_and_network_draw_and_a_conflict_opens_its_evidence(watched, report_file):
    page = open_report(watched, report_file)
    story = page.locator("#story-0")
    assert story.locator("svg.timeline-chart .tl-event").count() == 4
    assert story.locator("svg.network-chart path.edge").count() >= 3
    # Planned and reported events look different (hollow vs filled).
    planned = story.locator(".tl-event[data-status=planned] .mk").first
    reported = story.locator(".tl-event[data-status=reported] .mk").first
    fill = "el => getComputedStyle(el).fill"
    assert planned.evaluate(fill) != reported.evaluate(fill)
    watched.screenshot("report-story.png", full_page=True)

    conflict = story.locator("article.claim-conflict", has_text="Tomas Brandt").first
    conflict.locator("button.evidence-link").nth(1).click()  # "trade minister", first source
    dialog = page.locator("dialog#viewer")
    dialog.wait_for(state="visible")
    assert dialog.locator("mark.evidence").inner_text() == "Trade minister"
    assert "Coastal Wire" in dialog.locator("[data-part=meta]").inner_text()
    removed = dialog.locator("li.removed").first
    assert "Home | World | Sport" in removed.inner_text()
    assert removed.evaluate("el => getComputedStyle(el).color") != dialog.locator("[data-part=text]").evaluate(
        "el => getComputedStyle(el).color")  # boilerplate is greyed
    dialog.locator("[data-part=next]").click()
    dialog.locator("[data-part=meta]", has_text="Northern Ledger").wait_for()
    assert dialog.locator("mark.evidence").inner_text() == "Trade minister"
    watched.screenshot("report-conflict-evidence.png")
    assert not watched.errors and not watched.dialogs
    assert all(url.startswith(("file:", "data:")) for url in watched.requests)


def test_drifting_wordings_are_highlighted(watched, report_file):
    page = open_report(watched, report_file)
    group = page.locator("#story-0 .quote-group").first
    assert group.locator("blockquote").count() == 3
    marked = group.locator("blockquote").nth(1).locator("mark.drift").all_inner_texts()
    assert marked == ["shall", "further", "deal"]


def test_script_payloads_render_as_text_and_never_run(watched, report_file):
    page = open_report(watched, report_file)
    story = page.locator("#story-0")
    story.locator("button.article-link", has_text="Port statement").click()
    text = page.locator("dialog#viewer [data-part=text]")
    text.wait_for(state="visible")
    shown = text.inner_text()
    for payload in (XSS_SCRIPT, XSS_IMG, XSS_BREAKOUT):
        assert payload in shown
    assert page.locator("dialog#viewer [data-part=title]").inner_text().startswith("<img src=x")
    assert "<script>window.__pwned=5</script>" in story.locator("svg.timeline-chart").text_content()
    watched.screenshot("report-xss-as-text.png")
    page.keyboard.press("Escape")
    assert page.locator("img").count() == 0 and page.locator("iframe").count() == 0
    assert page.locator("script").count() == 2
    assert watched.pwned() is None
    assert watched.dialogs == [] and not watched.errors


def test_report_of_the_demo_corpus_opens(watched, tmp_path):
    db = tmp_path / "demo.db"
    summary = analyze([str(DEMO)], db=db)
    assert summary.analysed >= 10
    with Store(db, readonly=True) as store:
        stats = write_report(store, tmp_path / "demo.html")
        count = store.count("articles")
    page = open_report(watched, stats.path)
    assert page.locator("#all-articles tbody tr").count() == count
    assert page.locator("#story-0 .story-body section").count() >= 5
    watched.screenshot("report-demo.png", full_page=True)
    assert not watched.errors and not watched.dialogs
