"""Acceptance on the five real seed articles, read from ../shared/seeds at run time (never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.config import load_config
from crosswire.ingest.readers import Limits
from crosswire.ingest.sources import read_inputs
from crosswire.pipeline import Pipeline

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the checkout")


@pytest.fixture(scope="module")
def seeds():
    pipeline = Pipeline.from_config(load_config(overrides={"pipeline": {"stages": ["clean", "language"]}}))
    raws = list(read_inputs([str(SEEDS)], Limits()))
    return {Path(r.ref).name[:3]: (r, a.article) for r, a in zip(raws, pipeline.analyze_batch(raws))}


def _body_lines(raw_text: str) -> list[str]:
    """Lines of the raw seed that read as prose sentences (10+ words)."""
    return [line.strip() for line in raw_text.splitlines() if len(line.split()) >= 10]


def test_every_prose_line_of_every_seed_is_kept(seeds):
    dropped_long_lines = []
    for key, (raw, article) in seeds.items():
        for line in _body_lines(raw.body):
            if line.startswith("Breaking news"):  # the decorated headline becomes the title
                continue
            if line not in article.text and line != article.title:
                dropped_long_lines.append((key, line, {r.reason for r in article.removed if r.text == line}))
    # The only long lines that go are Caliber.az's copyright notice and its section blurb.
    assert [(key, reasons) for key, _, reasons in dropped_long_lines] == [("004", {"copyright"}), ("004", {"navigation"})]


def test_caliber_title_date_and_source(seeds):
    _, article = seeds["004"]
    assert article.title.startswith("US pleased to see continuous talks")
    assert (article.published, article.published_from, article.source) == ("2023-05-31", "dateline", "caliber.az")
    reasons = {r.reason for r in article.removed}
    assert {"navigation", "share", "copyright", "counter", "foreign-language"} <= reasons
    assert not any(len(line.split()) <= 3 and line.strip().lower() in {"twitter", "print", "copy link", "loading"}
                   for line in article.text.splitlines())


def test_aggregator_title_loses_its_decorations_and_signature(seeds):
    _, article = seeds["001"]
    assert "breaking" not in article.title.lower() and "lastminute" not in article.title.lower()
    assert article.source == "sondakika-haberleri.net"
    assert {r.reason for r in article.removed} == {"decoration", "foreign-language", "signature"}


def test_trailing_boilerplate_of_the_other_seeds(seeds):
    assert [r.reason for r in seeds["000"][1].removed] == ["related"]
    assert [r.reason for r in seeds["002"][1].removed] == ["signature"]
    assert seeds["003"][1].removed == ()
    assert all(a.language == "en" for _, a in seeds.values())
