"""Readers: turn one input (a file, or standard input) into raw articles.

Each reader yields :class:`RawArticle` for every article it can read and :class:`Skipped` for
every one it cannot, so one bad record never stops the rest of a file or the run.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Union

from crosswire.errors import InputError
from crosswire.ingest.decode import decode_bytes, gunzip_bounded, looks_binary
from crosswire.model import RawArticle

JSON_FIELDS = ("id", "url", "title", "published", "source", "language", "author")
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
WARC_SUFFIXES = frozenset({".warc", ".arc"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES


@dataclass(frozen=True)
class Skipped:
    """An input (or one record of it) that was not analysed, and why."""

    ref: str
    reason: str


@dataclass(frozen=True)
class Limits:
    """Size limits that keep one hostile input from exhausting a laptop."""

    max_file_bytes: int = 50 << 20          # a single .txt/.html document
    max_record_bytes: int = 5 << 20         # one JSON line or WARC record
    max_decompressed_bytes: int = 512 << 20  # what one .gz may expand to
    max_compression_ratio: float = 200.0
    max_html_depth: int = 512

    @classmethod
    def from_config(cls, limits: dict[str, Any]) -> Limits:
        mb = 1 << 20
        return cls(
            max_file_bytes=int(limits.get("max_file_mb", 50) * mb),
            max_record_bytes=int(limits.get("max_record_mb", 5) * mb),
            max_decompressed_bytes=int(limits.get("max_decompressed_mb", 512) * mb),
            max_compression_ratio=float(limits.get("max_compression_ratio", 200)),
            max_html_depth=int(limits.get("max_html_depth", 512)),
        )


Item = Union[RawArticle, Skipped]


def read_path(path: Path, limits: Limits) -> Iterator[Item]:
    """Read every article in one file, choosing the reader by its suffix (after ``.gz``)."""
    ref = str(path)
    try:
        size = path.stat().st_size
        suffixes = [s.lower() for s in path.suffixes[-2:]]
        compressed = bool(suffixes) and suffixes[-1] == ".gz"
        kind = _format_of(suffixes[0] if compressed and len(suffixes) == 2 else (suffixes or [""])[-1])
        if kind in ("jsonl", "warc") and not compressed:
            with path.open("rb") as stream:
                yield from (_read_jsonl(stream, ref, limits) if kind == "jsonl" else _read_warc(stream, ref, limits))
            return
        size_limit = limits.max_file_bytes if not compressed else limits.max_decompressed_bytes
        if size > size_limit:
            raise InputError(ref, f"file is {size / (1 << 20):.1f} MB, over the {size_limit / (1 << 20):.0f} MB "
                                  "limit (limits.max_file_mb); split it or raise the limit")
        data = path.read_bytes()
        if compressed:
            data = gunzip_bounded(data, ref, max_bytes=limits.max_decompressed_bytes,
                                  max_ratio=limits.max_compression_ratio)
        yield from read_bytes(data, ref, kind, limits)
    except InputError as error:
        yield Skipped(error.ref, error.reason)
    except OSError as error:
        yield Skipped(ref, f"cannot read file ({error.strerror or error})")


def read_bytes(data: bytes, ref: str, kind: str, limits: Limits) -> Iterator[Item]:
    """Read articles from bytes of a known (or sniffed, when ``kind`` is empty) format."""
    try:
        kind = kind or _sniff_format(data, ref)
        if kind == "jsonl":
            yield from _read_jsonl(io.BytesIO(data), ref, limits)
        elif kind == "warc":
            yield from _read_warc(io.BytesIO(data), ref, limits)
        else:
            if len(data) > limits.max_file_bytes:
                raise InputError(ref, f"document is {len(data) / (1 << 20):.1f} MB, over the "
                                      f"{limits.max_file_bytes / (1 << 20):.0f} MB limit (limits.max_file_mb)")
            decoded = decode_bytes(data, ref)
            yield _document(ref, decoded.text, kind, {}, decoded.notes)
    except InputError as error:
        yield Skipped(error.ref, error.reason)


def read_jsonl_stream(stream: IO[bytes], ref: str, limits: Limits) -> Iterator[Item]:
    """Read JSON lines from an open binary stream (standard input)."""
    yield from _read_jsonl(stream, ref, limits)


def _format_of(suffix: str) -> str:
    """Format name for a file suffix; '' when unknown (the content is sniffed)."""
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in WARC_SUFFIXES:
        return "warc"
    return ""


def _sniff_format(data: bytes, ref: str) -> str:
    """Guess the format of bytes with no telling suffix."""
    head = data[:2048].lstrip().lower()
    if head.startswith(b"warc/"):
        return "warc"
    if head.startswith((b"{", b"[")):
        return "jsonl"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<p>" in head:
        return "html"
    if looks_binary(data):
        raise InputError(ref, "binary data, not text: expected .txt, .html, .jsonl, .warc or .gz of one")
    return "text"


def _document(ref: str, text: str, kind: str, meta: dict[str, Any], notes: tuple[str, ...] = ()) -> RawArticle:
    """A RawArticle, after the checks every document must pass."""
    if not text.strip():
        raise InputError(ref, "empty document (no text)")
    return RawArticle(ref=ref, body=text, kind="html" if kind == "html" else "text", meta=meta, notes=notes)


def _read_jsonl(stream: IO[bytes], ref: str, limits: Limits) -> Iterator[Item]:
    """JSON lines, or one JSON array of records. Each record needs ``text`` or ``html``."""
    first = stream.read(1)
    while first and first.isspace():
        first = stream.read(1)
    if first == b"[":
        data = b"[" + stream.read(limits.max_decompressed_bytes + 1)
        records = _json_array(data)
        if records is not None:
            for index, record in enumerate(records):
                yield _record_item(record, f"{ref}[{index}]")
            return
        # Not one valid array: read it line by line, so one bad line costs only itself.
        stream, first = io.BytesIO(data), b""
    yield from _json_lines(stream, first, ref, limits)


def _json_lines(stream: IO[bytes], pending: bytes, ref: str, limits: Limits) -> Iterator[Item]:
    """Records of a JSON-lines stream; ``pending`` is a first byte already read from it."""
    line_number = 0
    while True:
        line = stream.readline(limits.max_record_bytes + 1)
        if not line and not pending:
            break
        line, pending = pending + line, b""
        line_number += 1
        record_ref = f"{ref}:{line_number}"
        if len(line) > limits.max_record_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # discard the rest of the oversized line
                line = stream.readline(1 << 20)
            yield Skipped(record_ref, f"JSON line over {limits.max_record_bytes >> 20} MB (limits.max_record_mb)")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            yield Skipped(record_ref, f"malformed JSON line ({_json_reason(error)})")
            continue
        yield _record_item(record, record_ref)


def _json_array(data: bytes) -> list[Any] | None:
    """The records of a JSON array document, or None when ``data`` is not one."""
    try:
        records = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    return records if isinstance(records, list) else None


def _json_reason(error: Exception) -> str:
    """A short reason for a JSON decode failure."""
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at column {error.colno}"
    return "not UTF-8"


def _record_item(record: object, record_ref: str) -> Item:
    """One JSON record to a RawArticle, or a Skipped with the reason."""
    if not isinstance(record, dict):
        return Skipped(record_ref, "JSON record is not an object")
    body, kind = record.get("text"), "text"
    if not isinstance(body, str) or not body.strip():
        body, kind = record.get("html"), "html"
    if not isinstance(body, str) or not body.strip():
        return Skipped(record_ref, "JSON record has no non-empty 'text' or 'html' field")
    meta = {key: record[key] for key in JSON_FIELDS if isinstance(record.get(key), (str, int, float))}
    meta = {key: str(value).strip() for key, value in meta.items() if str(value).strip()}
    ref = meta.get("id") or meta.get("url") or record_ref
    return RawArticle(ref=str(ref), body=body, kind=kind, meta=meta)


def _read_warc(stream: IO[bytes], ref: str, limits: Limits) -> Iterator[Item]:
    """HTML and plain-text response/resource records of a WARC file (gzipped or not)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for index, record in enumerate(ArchiveIterator(stream)):
            if record.rec_type not in ("response", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            record_ref = f"{ref}#{index}"
            content_type = (record.http_headers.get_header("Content-Type") if record.http_headers
                            else record.rec_headers.get_header("Content-Type")) or ""
            if "html" not in content_type and "text/plain" not in content_type:
                continue
            data = record.content_stream().read(limits.max_record_bytes + 1)
            if len(data) > limits.max_record_bytes:
                yield Skipped(record_ref, f"WARC record over {limits.max_record_bytes >> 20} MB (limits.max_record_mb)")
                continue
            try:
                decoded = decode_bytes(data, record_ref)
                kind = "html" if "html" in content_type else "text"
                meta = {"url": uri} if uri else {}
                yield _document(uri or record_ref, decoded.text, kind, meta, decoded.notes)
            except InputError as error:
                yield Skipped(error.ref, error.reason)
    except (ArchiveLoadFailed, ValueError, OSError) as error:
        yield Skipped(ref, f"unreadable WARC ({error})")
