"""bench/scale.py: the synthetic feed's undated articles carry their year-less dateline, and
``--write`` stores a feed for bench/corpus_replay.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from corpus_replay import corpus_free  # noqa: E402
from scale import synthetic_analyses, write_store  # noqa: E402

from crosswire.store.sqlite import Store  # noqa: E402


def test_an_undated_feed_article_opens_with_a_dateline_of_its_episode_day():
    analyses = list(synthetic_analyses(400, feed=True, undated=0.1))
    undated = [a for a in analyses if a.article.published is None]
    assert 20 <= len(undated) <= 70
    for a in analyses:
        for m in a.mentions:  # offsets still point at the names after the dateline went in front
            assert a.article.text[m.start:m.end] == m.text
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]
    for a in undated:
        (time,) = a.times
        assert a.article.text[time.start:time.end] == time.text and a.article.text[time.end:].startswith(" - ")
        day, month = time.text.split()
        assert time.value == f"XXXX-{months.index(month) + 1:02d}-{int(day):02d}"
    assert all(not a.times for a in analyses if a.article.published)


def test_write_stores_the_articles_without_corpus_records_and_never_overwrites(tmp_path):
    path = write_store(250, tmp_path, 100, spread=False, feed=True, undated=0.07)
    assert corpus_free(path) is None
    with Store(path) as store:
        assert store.count("articles") == 250
        assert store.db.execute("SELECT COUNT(*) FROM times").fetchone()[0] > 0
    with pytest.raises(SystemExit, match="already exists"):
        write_store(250, tmp_path, 100, spread=False, feed=True, undated=0.07)
