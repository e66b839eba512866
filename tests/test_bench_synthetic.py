"""The synthetic feed of bench/synthetic.py: reproducible, readable by crosswire, and as messy as promised."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from synthetic import ALT_TITLES, generate, main  # noqa: E402

from crosswire.ingest.readers import Limits, read_path  # noqa: E402
from crosswire.model import RawArticle  # noqa: E402


@pytest.fixture(scope="module")
def feed() -> list[dict]:
    return list(generate(600, seed=11))


def test_same_seed_gives_the_same_records_and_another_seed_others():
    first, again, other = list(generate(80, seed=3)), list(generate(80, seed=3)), list(generate(80, seed=4))
    assert first == again
    assert [r["text"] for r in first] != [r["text"] for r in other]
    assert len({r["text"] for r in first} & {r["text"] for r in other}) == 0


def test_a_smaller_feed_is_the_start_of_a_bigger_one():
    assert list(generate(50, seed=5)) == list(generate(130, seed=5))[:50]


def test_records_are_read_by_the_jsonl_reader(tmp_path, feed):
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in feed[:60]), encoding="utf-8")
    items = list(read_path(path, Limits()))
    assert all(isinstance(item, RawArticle) for item in items)
    assert [item.ref for item in items] == [r["id"] for r in feed[:60]]
    assert [item.body for item in items] == [r["text"] for r in feed[:60]]
    assert all(item.meta["source"] and item.meta["title"] for item in items)
    assert len({item.id for item in items}) == 60  # copies are distinct inputs, not re-reads


def test_reports_are_news_length_with_quotes_and_dates(feed):
    reports = [r for r in feed if r["synthetic"]["kind"] == "report"]
    words = [len(r["text"].split()) for r in reports]
    assert min(words) >= 200 and max(words) <= 650
    assert 300 <= sorted(words)[len(words) // 2] <= 500
    quoted = [r for r in reports if re.search(r"[\"\u201c][A-Z][^\"\u201d]{20,}[\"\u201d]", r["text"])]
    assert len(quoted) > 0.9 * len(reports)
    weekday = re.compile(r"\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\byesterday\b")
    assert sum(bool(weekday.search(r["text"])) for r in reports) > 0.9 * len(reports)
    assert any(re.search(r"\b\d{1,2} [A-Z][a-z]+ (19|20)\d\d\b", r["text"]) for r in reports)


def test_copies_are_exact_syndicated_or_spun_copies_of_earlier_records(feed):
    by_id = {r["id"]: r for r in feed}
    index = {r["id"]: n for n, r in enumerate(feed)}
    kinds = {r["synthetic"]["kind"] for r in feed}
    assert {"copy", "syndicated", "spun", "report"} <= kinds
    copies = [r for r in feed if r["synthetic"]["kind"] != "report"]
    assert 0.1 <= len(copies) / len(feed) <= 0.3
    for copy in copies:
        source = by_id[copy["synthetic"]["copy_of"]]
        assert index[source["id"]] < index[copy["id"]]
        assert copy["source"] != source["source"]
        if copy["synthetic"]["kind"] == "copy":
            assert copy["text"] == source["text"]
        elif copy["synthetic"]["kind"] == "syndicated":
            assert source["text"] in copy["text"] and len(copy["text"]) > len(source["text"])
        else:
            assert copy["text"] != source["text"]
            assert abs(len(copy["text"].split()) - len(source["text"].split())) < 10


def test_contradicting_reports_state_another_count_or_title(feed):
    contradicting = [r for r in feed if r["synthetic"]["contradicts"]]
    assert {"count", "title"} <= {c for r in contradicting for c in r["synthetic"]["contradicts"]}
    alt_titles = [t for titles in ALT_TITLES.values() for t in titles]
    for record in contradicting:
        episode = record["synthetic"]["episode"]
        others = [r for r in feed if r["synthetic"]["episode"] == episode and not r["synthetic"]["contradicts"]
                  and r["synthetic"]["kind"] == "report"]
        if "title" in record["synthetic"]["contradicts"]:
            assert any(title in record["text"] for title in alt_titles)
        else:
            assert all(r["synthetic"]["count"] != record["synthetic"]["count"] for r in others)
            assert f"{record['synthetic']['count']:,}" in record["text"] or record["synthetic"]["count"] <= 12


def test_dates_advance_with_the_index_at_about_one_episode_a_day(feed):
    days = [dt.date.fromisoformat(r.get("published") or r["synthetic"]["event_date"]) for r in feed]
    events = [dt.date.fromisoformat(r["synthetic"]["event_date"]) for r in feed]
    assert all(a <= b + dt.timedelta(days=2) for a, b in zip(days, days[1:]))
    published = [dt.date.fromisoformat(r["published"]) for r in feed if "published" in r]
    assert published == sorted(published)
    assert all(0 <= (d - e).days <= 2 for d, e in zip(days, events))
    episodes = {r["synthetic"]["episode"] for r in feed}
    span = (max(events) - min(events)).days + 1
    assert 0.6 < len(episodes) / span < 1.5
    assert any("published" not in r and re.match(r"[A-Z]+, \d{1,2} [A-Z][a-z]+ - ", r["text"]) for r in feed)


def test_cli_shards_split_the_same_feed(tmp_path):
    main(["30", "--out", str(tmp_path / "one.jsonl"), "--seed", "2"])
    main(["30", "--out", str(tmp_path / "part.jsonl"), "--shards", "4", "--seed", "2"])
    shards = sorted(tmp_path.glob("part-*.jsonl"))
    assert len(shards) == 4
    joined = "".join(p.read_text(encoding="utf-8") for p in shards)
    assert joined == (tmp_path / "one.jsonl").read_text(encoding="utf-8")
    assert len(joined.splitlines()) == 30
