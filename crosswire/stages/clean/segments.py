"""Split scraped text into lines and measure the features the classifier reads."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*", re.UNICODE)
# A sentence ends with . ! ? or … possibly followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…](?:[\"'”’»)\]]+)?$|[\"”»]$")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_CODE = re.compile(r"[{};=]|\bfunction\b|\bvar\b|=>|</?\w+>")


@dataclass(frozen=True)
class Line:
    """One non-blank input line and its surface features."""

    index: int  # position among the non-blank lines
    block: int  # paragraph number: blank lines separate paragraphs
    text: str  # the line with surrounding whitespace trimmed
    words: int
    letters: int
    sentence_end: bool
    stop_ratio: float  # share of words that are English function words
    link_words: int  # words from the lexicon's link/widget list
    cyrillic: int  # Cyrillic letters
    foreign_letters: int  # letters English does not use (İ ş ğ ...)
    code_marks: int  # characters and tokens typical of leaked script or style code
    capitalised: float  # share of words starting with an upper-case letter
    parts: tuple[str, ...] = ()  # the input lines of a hard-wrapped segment, when more than one

    @property
    def chars(self) -> int:
        return len(self.text)

    @property
    def lines(self) -> tuple[str, ...]:
        """The input lines this segment covers (trimmed)."""
        return self.parts or (self.text,)


def split_lines(raw: str) -> list[Line]:
    """Segments of ``raw``: non-blank lines, hard-wrapped lines joined, with block numbers.

    Features are filled by :func:`measure`.
    """
    raw_lines: list[tuple[int, str]] = []
    block = 0
    previous_blank = False
    for source in raw.splitlines():
        text = source.strip()
        if not text:
            previous_blank = True
            continue
        if previous_blank and raw_lines:
            block += 1
        previous_blank = False
        raw_lines.append((block, text))
    segments: list[list[str]] = []
    blocks: list[int] = []
    for i, (block, text) in enumerate(raw_lines):
        if segments and blocks[-1] == block and _continues(segments[-1][-1], text):
            segments[-1].append(text)
        else:
            segments.append([text])
            blocks.append(block)
    return [Line(i, block, " ".join(parts), 0, 0, False, 0.0, 0, 0, 0, 0, 0.0,
                 tuple(parts) if len(parts) > 1 else ())
            for i, (block, parts) in enumerate(zip(blocks, segments))]


_WRAP_END = re.compile(r"(?:,|\b(?:the|a|an|of|and|or|to|in|on|at|for|with|by|from|that|who|which|as|is|was|were|has|have|had|be|been))$", re.IGNORECASE)


def _continues(previous: str, line: str) -> bool:
    """True when ``line`` carries on a hard-wrapped sentence from ``previous``."""
    if len(previous) < 30 or len(previous.split()) < 5 or _SENTENCE_END.search(previous):
        return False
    return line[:1].islower() or bool(_WRAP_END.search(previous))


def measure(line: Line, stopwords: frozenset[str], link_words: frozenset[str],
            foreign_letters: frozenset[str]) -> Line:
    """The line with its features computed."""
    text = line.text
    words = _WORD.findall(text)
    lowered = [w.lower() for w in words]
    n_words = len(text.split())
    letters = len(_LETTER.findall(text))
    stops = sum(1 for w in lowered if w in stopwords)
    links = sum(1 for w in lowered if w in link_words)
    capitalised = sum(1 for w in words if w[0].isupper())
    return Line(
        index=line.index, block=line.block, text=text, words=n_words, letters=letters, parts=line.parts,
        sentence_end=bool(_SENTENCE_END.search(text)),
        stop_ratio=stops / len(words) if words else 0.0,
        link_words=links,
        cyrillic=len(_CYRILLIC.findall(text)),
        foreign_letters=sum(1 for ch in text if ch in foreign_letters),
        code_marks=len(_CODE.findall(text)),
        capitalised=capitalised / len(words) if words else 0.0,
    )
