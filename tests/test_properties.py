"""Property tests: hostile bytes never raise anything but a reasoned skip; offsets always slice."""

from __future__ import annotations

import gzip
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosswire.config import load_config
from crosswire.ingest.readers import Limits, Skipped, read_bytes
from crosswire.model import RawArticle
from crosswire.pipeline import Pipeline
from crosswire.stages.clean import clean_text

LIMITS = Limits(max_file_bytes=1 << 20, max_record_bytes=1 << 16, max_decompressed_bytes=1 << 20)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

news_like = st.lists(
    st.one_of(st.text(min_size=0, max_size=80), st.sampled_from([
        "Share", "Follow us", "© 2025 Example", "Views: 12", "Ministers met in Oslo on Monday to talk.",
        "“We will talk,” she said.", "Breaking news Talks resume Latest news", "TAKİP ET", "<p>x</p>", "{"])),
    max_size=30,
).map("\n".join)


@FAST
@given(data=st.binary(max_size=4096), kind=st.sampled_from(["", "text", "html", "jsonl", "warc"]))
def test_readers_never_raise_on_arbitrary_bytes(data, kind):
    for item in read_bytes(data, "fuzz", kind, LIMITS):
        assert isinstance(item, (RawArticle, Skipped))
        if isinstance(item, Skipped):
            assert item.ref and item.reason
        else:
            assert item.body.strip()


@FAST
@given(lines=st.lists(st.one_of(st.text(max_size=200), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))),
                      max_size=20))
def test_jsonl_reader_skips_each_bad_line_and_keeps_good_ones(lines):
    good = json.dumps({"id": "good", "text": "Delegates met in Lima."})
    data = ("\n".join(line.replace("\n", " ") for line in lines) + "\n" + good + "\n").encode("utf-8", "replace")
    items = list(read_bytes(gzip.decompress(gzip.compress(data)), "fuzz.jsonl", "jsonl", LIMITS))
    assert any(isinstance(i, RawArticle) and i.ref == "good" for i in items)


@FAST
@given(raw=news_like)
def test_cleaner_output_is_made_of_input_lines(raw):
    cleaned = clean_text(raw)
    input_lines = {line.strip() for line in raw.splitlines()}
    for line in cleaned.text.splitlines():
        if line.strip():
            assert any(line.strip() in source for source in input_lines)
    for removed in cleaned.removed:
        assert removed.reason and any(removed.text.strip() in source for source in input_lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=news_like)
def test_pipeline_offsets_slice_to_their_text(raw):
    pipeline = _pipeline()
    [result] = pipeline.analyze_batch([RawArticle(ref="fuzz", body=raw or " ", kind="text")])
    if isinstance(result, Skipped):
        assert result.reason
        return
    text = result.article.text
    for mention in result.mentions:
        assert text[mention.start:mention.end] == mention.text
    for expr in result.times:
        assert text[expr.start:expr.end] == expr.text
    for start, end in result.sentences:
        assert 0 <= start <= end <= len(text)


_PIPELINES: list[Pipeline] = []


def _pipeline() -> Pipeline:
    """One pipeline for all examples (hypothesis forbids function-scoped fixtures in @given)."""
    if not _PIPELINES:
        stages = ["clean", "language", "parse", "entities", "times"]
        _PIPELINES.append(Pipeline.from_config(load_config(overrides={"pipeline": {"stages": stages}})))
    return _PIPELINES[0]
