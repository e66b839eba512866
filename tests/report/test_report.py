"""The report's data and HTML, without a browser: views, escaping, CSP, self-containment."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from crosswire.errors import StoreError
from crosswire.report import csp_hash, render_report, write_report
from crosswire.report.data import report_data
from crosswire.report.drift import DriftFinder
from crosswire.store.sqlite import Store
from tests.report.sample import QUOTE_WORDINGS, TEXTS, XSS_BREAKOUT, XSS_IMG, XSS_SCRIPT, analyses


@pytest.fixture(scope="module")
def rendered(sample_db):
    with Store(sample_db, readonly=True) as store:
        return render_report(store)


def story(data, story_id):
    return next(s for s in data["stories"] if s["id"] == story_id)


def test_stories_come_with_dates_counts_and_a_plain_summary(rendered):
    _, data = rendered
    harbour = story(data, "story-harbour")
    assert harbour["dates"] == "6 May 2024 – 8 May 2024"
    assert harbour["counts"]["articles"] == 4 and harbour["counts"]["sources"] == 4
    assert harbour["counts"]["copies"] == 1 and harbour["counts"]["conflicts"] == 2
    assert harbour["summary"].startswith("4 articles from 4 outlets (1 a copy of another)")
    # The larger story comes first.
    assert [s["id"] for s in data["stories"]] == ["story-harbour", "story-flood"]


def test_timeline_merges_event_groups_and_sets_background_apart(rendered):
    _, data = rendered
    timeline = story(data, "story-harbour")["timeline"]
    rows = {r["group"]: r for r in timeline["rows"]}
    assert set(rows) == {"grp-talks", "grp-seizure", "grp-accuse", "grp-xss"}
    assert rows["grp-talks"]["status"] == "planned" and rows["grp-talks"]["articles"] == 2
    assert rows["grp-seizure"]["span"] == ["2024-04-29", "2024-05-05"] or rows["grp-seizure"]["span"] == ("2024-04-29", "2024-05-05")
    assert [r["group"] for r in timeline["before"]] == ["grp-accord"]  # 2019 does not stretch the axis
    assert timeline["before"][0]["status"] == "historical"
    # Every mention is evidence, pointing at the words in the article.
    article, start, end = rows["grp-talks"]["evidence"][0]
    assert TEXTS[article][start:end] == "the harbour talks with Estavia would resume on 14 May"


def test_network_edges_carry_the_plover_quad_class(rendered):
    _, data = rendered
    edges = {(e["source"], e["target"]): e for e in story(data, "story-harbour")["network"]["edges"]}
    assert edges[("ent-estavia", "ent-ruvania")]["quad"] == "material-conflict"  # COERCE
    assert edges[("ent-brandt", "ent-estavia")]["quad"] == "verbal-conflict"  # ACCUSE
    assert edges[("ent-ruvania", "ent-estavia")]["quad"] == "verbal-cooperation"  # CONSULT
    assert edges[("ent-brandt", "ent-estavia")]["count"] == 1 and len(edges[("ent-brandt", "ent-estavia")]["evidence"]) == 2


def test_statement_groups_show_each_wording_with_its_drift(rendered):
    _, data = rendered
    brandt = next(s for s in story(data, "story-harbour")["statements"] if s["name"] == "Tomas Brandt")
    (group,) = brandt["groups"]
    wordings = group["wordings"]
    assert [w["article"] for w in wordings] == ["art-harbour-1", "art-harbour-2", "art-harbour-3"]
    changed = [[w["text"][a:b] for a, b in w["marks"]] for w in wordings]
    assert changed[1] == ["shall", "further", "deal"]
    assert changed[2] == ["never", "honour"]
    assert "agreement" in changed[0] and "keep" in changed[0]  # the reference shows what others changed
    assert wordings[0]["similarity"] is None and 0.5 < wordings[1]["similarity"] < 1


def test_claims_list_conflicts_first_with_every_source(rendered):
    _, data = rendered
    claims = story(data, "story-harbour")["claims"]
    assert [c["status"] for c in claims] == ["conflict", "conflict", "agree"]
    role = next(c for c in claims if c["attribute"] == "role")
    values = {v["value"]: v["evidence"] for v in role["values"]}
    assert [TEXTS[a][s:e] for a, s, e in values["trade minister"]] == ["Trade minister", "Trade minister"]
    xss = next(c for c in claims if c["id"] == "claim-xss")
    # A value cited without a span still links to its article (whole-article evidence).
    assert ["art-harbour-1", None, None] in xss["values"][1]["evidence"]


def test_articles_carry_outlet_date_copy_type_and_quality_flags(rendered):
    _, data = rendered
    copy = data["articles"]["art-harbour-3"]
    assert copy["copy_type"] == "copy" and copy["flags"] == ["reworded quote", "changed title"]
    assert data["articles"]["art-harbour-1"]["copy_type"] == "original"
    assert data["articles"]["art-xss"]["removed"][1]["text"].endswith(XSS_IMG)


def test_page_embeds_data_that_cannot_break_out_of_its_script_block(rendered):
    html, _ = rendered
    # Only the page's own two script elements exist; no payload opens another.
    assert len(re.findall(r"<script", html, flags=re.I)) == 2
    for payload in (XSS_SCRIPT, XSS_IMG, XSS_BREAKOUT, "<svg onload"):
        assert payload not in html
    block = re.search(r'<script type="application/json" id="crosswire-data">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["articles"]["art-xss"]["text"] == TEXTS["art-xss"]  # text survives exactly


def test_csp_allows_exactly_the_inline_script_and_style_and_nothing_remote(rendered):
    html, _ = rendered
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    assert f"script-src {csp_hash(script)};" in csp and f"style-src {csp_hash(style)};" in csp
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing loads from elsewhere
    markup = re.sub(r'<script type="application/json".*?</script>', "", html, flags=re.S)
    assert not re.search(r"<[^>]*\son[a-z]+=", markup)  # no inline handlers on any element


def test_store_without_stories_gets_one_section_of_all_articles(tmp_path):
    with Store(tmp_path / "plain.db") as store:
        store.write_batch(analyses()[:2])
        data = report_data(store)
    (only,) = data["stories"]
    assert only["label"].startswith("All articles") and only["counts"]["articles"] == 2
    assert only["statements"][0]["groups"][0]["articles"] == 2  # groups still come from the store


def test_report_is_written_atomically_and_unwritable_paths_say_so(sample_db, tmp_path):
    with Store(sample_db, readonly=True) as store:
        stats = write_report(store, tmp_path / "out" / "report.html")
        assert stats.path.exists() and stats.bytes == stats.path.stat().st_size
        assert stats.articles == 5 and stats.stories == 2
        assert not list((tmp_path / "out").glob("*.partial"))
        blocker = tmp_path / "file"
        blocker.write_text("x")
        with pytest.raises(StoreError, match="cannot write report"):
            write_report(store, blocker / "report.html")


def test_drift_falls_back_to_a_word_diff_when_the_corpus_stage_is_absent():
    plain = DriftFinder(use_corpus=False)
    a, b = QUOTE_WORDINGS["art-harbour-1"], QUOTE_WORDINGS["art-harbour-3"]
    found = plain.drift(a, b)
    assert [b[s:e] for s, e in found.b_marks] == ["never", "honour"]
    assert [a[s:e] for s, e in found.a_marks] == ["not", "keep"]
