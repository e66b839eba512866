"""Readers: every format, and every kind of bad input gets one clear reason and the rest goes on."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from crosswire.ingest.readers import Limits, Skipped, read_path
from crosswire.ingest.sources import read_inputs
from crosswire.model import RawArticle

BODY = "Officials from Norway and Chile met in Oslo on Tuesday to discuss a fisheries accord.\n"


def _items(path, limits=Limits()):
    return list(read_path(path, limits))


def _one_skip(items) -> Skipped:
    assert len(items) == 1 and isinstance(items[0], Skipped), items
    return items[0]


def test_plain_text_file_is_one_text_article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(BODY, encoding="utf-8")
    [article] = _items(path)
    assert isinstance(article, RawArticle) and article.kind == "text" and article.body == BODY
    assert article.ref == str(path)


def test_html_file_is_html_article(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(f"<html><body><p>{BODY}</p></body></html>", encoding="utf-8")
    [article] = _items(path)
    assert article.kind == "html"


def test_jsonl_records_carry_declared_metadata(tmp_path):
    path = tmp_path / "feed.jsonl"
    records = [{"id": "n1", "text": BODY, "published": "2025-03-04", "source": "northwire.example"},
               {"url": "https://x.example/2", "html": f"<p>{BODY}</p>", "title": "Talks"}]
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    first, second = _items(path)
    assert (first.ref, first.kind, first.meta["published"], first.meta["source"]) == ("n1", "text", "2025-03-04", "northwire.example")
    assert (second.ref, second.kind, second.meta["title"]) == ("https://x.example/2", "html", "Talks")


def test_json_array_file(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([{"id": "a", "text": BODY}, {"id": "b", "text": BODY + "More."}]), encoding="utf-8")
    assert [item.ref for item in _items(path)] == ["a", "b"]


def test_malformed_json_lines_are_skipped_one_by_one(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "ok1", "text": BODY}) + "\n{not json\n[1, 2]\n"
                    + json.dumps({"id": "no-text", "title": "x"}) + "\n" + json.dumps({"id": "ok2", "text": BODY}) + "\n",
                    encoding="utf-8")
    items = _items(path)
    assert [i.ref for i in items if isinstance(i, RawArticle)] == ["ok1", "ok2"]
    reasons = {i.ref: i.reason for i in items if isinstance(i, Skipped)}
    assert reasons[f"{path}:2"].startswith("malformed JSON line")
    assert reasons[f"{path}:3"] == "JSON record is not an object"
    assert "no non-empty 'text' or 'html'" in reasons[f"{path}:4"]


def test_oversized_json_line_is_skipped_and_reading_continues(tmp_path):
    path = tmp_path / "feed.jsonl"
    huge = json.dumps({"id": "huge", "text": "word " * 300_000})
    path.write_text(huge + "\n" + json.dumps({"id": "after", "text": BODY}) + "\n", encoding="utf-8")
    items = list(read_path(path, Limits(max_record_bytes=1 << 20)))
    assert isinstance(items[0], Skipped) and "over 1 MB" in items[0].reason
    assert isinstance(items[1], RawArticle) and items[1].ref == "after"


def test_gzip_of_each_format(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(BODY.encode()))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress((json.dumps({"id": "j", "text": BODY}) + "\n").encode()))
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(f"<p>{BODY}</p>".encode()))
    kinds = {p.name: [i.kind for i in _items(p)] for p in sorted(tmp_path.iterdir())}
    assert kinds == {"a.txt.gz": ["text"], "b.jsonl.gz": ["text"], "c.html.gz": ["html"]}


def test_warc_html_responses_become_articles(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n, ctype in enumerate(["text/html; charset=utf-8", "image/png", "text/html"]):
            payload = f"<html><body><p>{BODY} Story {n}.</p></body></html>".encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(f"https://news.example/{n}", "response",
                                               payload=io.BytesIO(payload), http_headers=headers)
            writer.write_record(record)
    items = _items(path)
    assert [(i.ref, i.kind, i.meta["url"]) for i in items] == [
        ("https://news.example/0", "html", "https://news.example/0"),
        ("https://news.example/2", "html", "https://news.example/2"),
    ]


def test_binary_file_is_skipped_with_reason(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    assert "binary data" in _one_skip(_items(path)).reason


def test_empty_file_is_skipped_with_reason(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n\n")
    assert "empty" in _one_skip(_items(path)).reason


def test_invalid_utf8_is_decoded_by_detection_with_a_note(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Le ministre a déclaré que les négociations à Genève reprendront.\n".encode("cp1252"))
    [article] = _items(path)
    assert "négociations à Genève" in article.body
    assert any("not valid UTF-8" in note for note in article.notes)


def test_mojibake_is_repaired(tmp_path):
    path = tmp_path / "mojibake.txt"
    path.write_text("The envoy arrived in ZÃ¼rich and met the dÃ©lÃ©gation on Monday.\n", encoding="utf-8")
    [article] = _items(path)
    assert "Zürich" in article.body and "délégation" in article.body
    assert "repaired mojibake" in article.notes


def test_file_over_size_limit_is_skipped_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 200 MB on paper, no disk used
        handle.truncate(200 << 20)
    reason = _one_skip(_items(path)).reason
    assert "200.0 MB" in reason and "limits.max_file_mb" in reason


def test_gzip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"A" * (64 << 20), compresslevel=9))
    reason = _one_skip(list(read_path(path, Limits(max_decompressed_bytes=16 << 20)))).reason
    assert "decompression bomb" in reason


def test_corrupt_and_truncated_gzip(tmp_path):
    data = gzip.compress(BODY.encode() * 100)
    (tmp_path / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "junk.txt.gz").write_bytes(b"\x1f\x8b" + b"junk" * 50)
    assert "truncated" in _one_skip(_items(tmp_path / "cut.txt.gz")).reason
    assert "gzip" in _one_skip(_items(tmp_path / "junk.txt.gz")).reason


def test_directory_glob_missing_and_stdin(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "a.txt").write_text(BODY + "Second story.", encoding="utf-8")
    (tmp_path / "README.md").write_text("not an article", encoding="utf-8")
    stdin = io.BytesIO((json.dumps({"id": "s1", "text": BODY}) + "\n").encode())
    items = list(read_inputs([str(tmp_path), str(tmp_path / "*.txt"), "missing.txt", "-"], Limits(), stdin=stdin))
    refs = [i.ref for i in items]
    assert refs == [str(tmp_path / "a.txt"), str(tmp_path / "sub" / "b.txt"), str(tmp_path / "a.txt"),
                    "missing.txt", "s1"]
    assert isinstance(items[3], Skipped) and "no such file" in items[3].reason


@pytest.mark.parametrize("depth", [10_000])
def test_deeply_nested_html_is_refused_cleanly(depth):
    from crosswire.errors import InputError
    from crosswire.ingest.html import extract_html

    page = "<html><body>" + "<div>" * depth + "deep text " * 50 + "</div>" * depth + "</body></html>"
    with pytest.raises(InputError, match="nests deeper than 512"):
        extract_html(page, ref="deep.html")
