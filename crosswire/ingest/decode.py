"""Bytes to text: encoding detection, binary rejection, mojibake repair, bounded gunzip."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import ftfy
from charset_normalizer import from_bytes

from crosswire.errors import InputError

# A text file has almost no control characters; binary formats are full of them.
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13}
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    notes: tuple[str, ...] = ()


def looks_binary(data: bytes) -> bool:
    """True when the first bytes hold NULs or many control characters."""
    head = data[:_SNIFF_BYTES]
    if not head:
        return False
    if b"\x00" in head:
        # UTF-16/32 text carries NULs too; a BOM says so.
        return not head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"))
    controls = sum(1 for byte in head if byte in _CONTROL)
    return controls / len(head) > 0.05


def decode_bytes(data: bytes, ref: str) -> Decoded:
    """Decode ``data`` to text, trying UTF-8 first, then charset detection; repair mojibake.

    Raises :class:`InputError` for empty or binary input, or input in no detectable encoding.
    """
    if not data.strip():
        raise InputError(ref, "empty input (no text)")
    if looks_binary(data):
        raise InputError(ref, "binary data, not text: expected .txt, .html, .jsonl, .warc or .gz of one")
    notes: list[str] = []
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(data[:1_000_000]).best()
        if best is None:
            raise InputError(ref, "text in no encoding that could be detected; convert it to UTF-8") from None
        encoding = best.encoding
        text = data.decode(encoding, errors="replace")
        notes.append(f"decoded as {encoding} (not valid UTF-8)")
    repaired = repair_mojibake(text)
    if repaired != text:
        notes.append("repaired mojibake")
    return Decoded(repaired, encoding, tuple(notes))


def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-Latin-1 damage where ftfy is confident; leave everything else alone."""
    if not ftfy.is_bad(text):
        return text
    return ftfy.fix_text(
        text, unescape_html=False, uncurl_quotes=False, fix_latin_ligatures=False,
        fix_character_width=False, fix_line_breaks=False, normalization=None,
    )


def gunzip_bounded(data: bytes, ref: str, *, max_bytes: int, max_ratio: float) -> bytes:
    """Decompress gzip ``data`` (all members, as in .warc.gz) while refusing decompression bombs.

    Stops as soon as the output passes ``max_bytes`` or ``max_ratio`` times the input size.
    """
    limit = min(max_bytes, max(int(len(data) * max_ratio), 1 << 20))
    out = bytearray()
    remaining = data
    try:
        while remaining:
            decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
            pending = remaining
            while pending and not decompressor.eof:
                out += decompressor.decompress(pending, limit - len(out) + 1)
                if len(out) > limit:
                    raise InputError(ref, f"gzip expands past {limit:,} bytes (limits.max_decompressed_mb, "
                                          "limits.max_compression_ratio); looks like a decompression bomb")
                pending = decompressor.unconsumed_tail
            if not decompressor.eof:
                raise InputError(ref, "truncated gzip data (the file ends mid-stream)")
            remaining = decompressor.unused_data
    except zlib.error as error:
        raise InputError(ref, f"corrupt gzip data ({error})") from None
    return bytes(out)
