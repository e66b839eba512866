"""Read TempEval-3 TimeML files into plain text plus gold TIMEX3 spans (for bench/time.py)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class GoldTimex:
    """One gold TIMEX3 in the document text."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class TmlDocument:
    """A TimeML document: its name, creation time (ISO date), text and gold timexes."""

    name: str
    dct: str
    text: str
    timexes: tuple[GoldTimex, ...]


def read_tml(path: Path) -> TmlDocument:
    """Parse one .tml file; text is the content of <TEXT> with tags removed and entities decoded."""
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    dct_value = dict(_ATTR.findall(dct_match.group(0)))["value"] if dct_match else ""
    body_start = raw.index("<TEXT>") + len("<TEXT>")
    body_end = raw.index("</TEXT>")
    body = raw[body_start:body_end]
    out: list[str] = []
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    timexes: list[GoldTimex] = []
    pos = 0
    for match in _TAG.finditer(body):
        chunk = html.unescape(body[pos:match.start()])
        out.append(chunk)
        length += len(chunk)
        pos = match.end()
        closing, name = match.group(1), match.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex.append((length, dict(_ATTR.findall(match.group(3)))))
        elif open_timex:
            start, attrs = open_timex.pop()
            timexes.append(GoldTimex(start, length, "", attrs.get("type", ""), attrs.get("value", "")))
    out.append(html.unescape(body[pos:]))
    text = "".join(out)
    timexes = [GoldTimex(t.start, t.end, text[t.start:t.end], t.type, t.value) for t in timexes]
    return TmlDocument(path.stem, dct_value[:10], text, tuple(sorted(timexes, key=lambda t: t.start)))


def read_corpus(folder: Path) -> list[TmlDocument]:
    """Every .tml document under folder, sorted by name."""
    return [read_tml(p) for p in sorted(folder.rglob("*.tml"))]
