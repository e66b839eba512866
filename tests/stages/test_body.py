"""The clean stage on HTML and declared metadata: scripts never reach the text; declared values win."""

from __future__ import annotations

from crosswire.config import load_config
from crosswire.ingest.readers import Skipped
from crosswire.model import RawArticle
from crosswire.pipeline import Pipeline

PARAGRAPHS = "".join(f"<p>Negotiators from Peru and Chile met in Lima on day {n} of the talks on water rights, "
                     f"officials said, and agreed to publish river data every week.</p>" for n in range(1, 6))


def _pipeline():
    return Pipeline.from_config(load_config(overrides={"pipeline": {"stages": ["clean", "language"]}}))


def test_html_with_scripts_keeps_text_and_drops_code():
    page = ("<html><head><title>River talks</title><script>alert('head')</script></head><body>"
            "<nav><a href='/'>Home</a></nav><article><h1>River talks</h1>"
            "<script>document.write('INJECTED')</script>" + PARAGRAPHS +
            "<img src=x onerror=\"alert('img')\"><p>The next round is planned for May.</p></article>"
            "<footer>Copyright 2025 Example Media</footer></body></html>")
    [analysis] = _pipeline().analyze_batch([RawArticle(ref="a.html", body=page, kind="html")])
    text = analysis.article.text
    assert "day 3 of the talks" in text and "next round is planned" in text
    assert "INJECTED" not in text and "alert" not in text and "onerror" not in text
    assert analysis.article.title == "River talks"


def test_declared_metadata_wins_and_bad_dates_are_noted():
    body = "Lima talks resume\n\n31 May 2024 10:00\n\nNegotiators from Peru and Chile met in Lima on Monday.\n"
    declared = RawArticle(ref="r1", body=body, kind="text", meta={"published": "2024-06-02", "source": "andes.example",
                                                                  "title": "Declared title"})
    undated = RawArticle(ref="r2", body=body, kind="text", meta={"published": "last Tuesday"})
    first, second = _pipeline().analyze_batch([declared, undated])
    assert (first.article.published, first.article.published_from) == ("2024-06-02", "metadata")
    assert (first.article.title, first.article.source) == ("Declared title", "andes.example")
    assert (second.article.published, second.article.published_from) == ("2024-05-31", "dateline")
    assert any("not an ISO date" in note for note in second.article.notes)


def test_page_with_no_text_and_deep_markup_are_skipped_with_reasons():
    deep = "<html><body>" + "<div>" * 10_000 + "text" + "</div>" * 10_000 + "</body></html>"
    empty = "<html><head><title>t</title></head><body><script>run()</script></body></html>"
    results = _pipeline().analyze_batch([RawArticle(ref="deep.html", body=deep, kind="html"),
                                         RawArticle(ref="empty.html", body=empty, kind="html")])
    assert all(isinstance(r, Skipped) for r in results)
    assert "nests deeper than 512" in results[0].reason and "no main text" in results[1].reason
