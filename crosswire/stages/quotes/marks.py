"""Quotation marks as scraped text really has them: every style, nested, unbalanced, multi-paragraph.

Marks are classified by what flanks them (a space before and a letter after opens, a letter or
punctuation before and a space after closes), because scraped text often uses the "wrong" curly
mark; the character itself only breaks ties.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE = frozenset('"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033')
SINGLE = frozenset("'\u2018\u2019\u201a\u201b\u2039\u203a")
OPEN_PRIOR = frozenset("\u201c\u201e\u201f\u00ab\u2018\u201a\u201b\u2039")
ALWAYS_OPEN = frozenset("\u00ab\u2039")
ALWAYS_CLOSE = frozenset("\u00bb\u203a")
# Characters after which a mark still counts as opening ("(“", "—“").
OPENING_CONTEXT = frozenset("([{\u2014\u2013-/:")
# Characters after a mark that still count as closing ("”,", "”.").
CLOSING_CONTEXT = frozenset(".,;:!?)]}\u2014\u2013-\u2026")

OPEN, CLOSE = "open", "close"


@dataclass(frozen=True)
class QuotedSpan:
    """Text between a pair of quotation marks: ``start``/``end`` exclude the marks themselves."""

    start: int
    end: int
    family: str  # "double" or "single"
    multi_paragraph: bool = False


@dataclass
class _Open:
    pos: int
    family: str
    tentative: bool  # a closing-looking mark reinterpreted as an opener
    nested_close: int = -1  # last closing mark of a quote nested inside this one


def _family(ch: str) -> str | None:
    return "double" if ch in DOUBLE else "single" if ch in SINGLE else None


def mark_role(text: str, i: int, paragraph_start: int, inside: bool) -> str | None:
    """OPEN, CLOSE or None (an apostrophe, or a stray mark) for the quote character at ``i``."""
    ch = text[i]
    if ch in ALWAYS_OPEN:
        return OPEN
    if ch in ALWAYS_CLOSE:
        return CLOSE
    left = text[i - 1] if i > paragraph_start else " "
    right = text[i + 1] if i + 1 < len(text) else " "
    if ch in SINGLE and left.isalnum() and right.isalnum():
        return None  # don't, Baku's, O'Brien
    left_space = left.isspace() or left in OPENING_CONTEXT or _family(left) is not None
    right_space = right.isspace() or right in CLOSING_CONTEXT or _family(right) is not None
    opens = left_space and not right.isspace()
    closes = not left.isspace() and right_space
    if opens and not closes:
        return OPEN
    if closes and not opens:
        return CLOSE
    if opens and closes:
        return OPEN if ch in OPEN_PRIOR and not inside else CLOSE if inside else OPEN
    # Spaces on both sides: a scraper's mark at the start of a paragraph (”  Whether ...) opens.
    if i == paragraph_start or text[paragraph_start:i].isspace():
        return OPEN
    return None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _first_mark_opens(text: str, start: int, end: int, family: str) -> int:
    """Position of an opening mark of ``family`` that starts the paragraph, else -1."""
    i = start
    while i < end and text[i].isspace():
        i += 1
    if i < end and _family(text[i]) == family and mark_role(text, i, start, False) == OPEN:
        return i
    return -1


def _first_double_role(text: str, start: int, end: int) -> str | None:
    """Role of the first double mark of a paragraph, or None when it has none."""
    for i in range(start, end):
        if _family(text[i]) == "double":
            return mark_role(text, i, start, False) or CLOSE
    return None


def _continuation(text: str, paragraphs: list[tuple[int, int]], index: int) -> tuple[int, bool]:
    """Does a quotation left open at the end of paragraph ``index`` run on into the next one?

    Yes when the next paragraph opens with a mark (the convention; that mark is skipped), or when
    the next paragraph has no marks, or none before a closing one, and a later paragraph within
    four closes it without opening first (scrapers drop the marks of the middle paragraphs).
    Returns (position of the mark to skip or -1, whether it runs on).
    """
    if index + 1 >= len(paragraphs):
        return -1, False
    nxt = paragraphs[index + 1]
    skip = _first_mark_opens(text, nxt[0], nxt[1], "double")
    if skip >= 0:
        return skip, True
    for start, end in paragraphs[index + 1:index + 5]:
        role = _first_double_role(text, start, end)
        if role == CLOSE:
            return -1, True
        if role == OPEN:
            return -1, False
    return -1, False


def _doubled_apostrophes_as_marks(text: str) -> str:
    """Text of the same length where a doubled apostrophe (''like this'', a newspaper convention)
    reads as one double mark: a space on the side of the quotation's outside, the mark on the
    side of its words, so that the flanking rules see an ordinary opening or closing mark."""
    if "''" not in text:
        return text
    chars = list(text)
    i = 0
    while i < len(chars) - 1:
        if chars[i] == chars[i + 1] == "'":
            opening = i + 2 < len(chars) and chars[i + 2].isalnum() and (i == 0 or not chars[i - 1].isalnum())
            chars[i], chars[i + 1] = (" ", '"') if opening else ('"', " ")
            i += 2
        else:
            i += 1
    return "".join(chars)


def quoted_spans(text: str) -> list[QuotedSpan]:
    """Every top-level quotation in ``text``, in order.

    >>> [text[s.start:s.end] for text in ['He said "it is over" today.'] for s in quoted_spans(text)]
    ['it is over']
    """
    text = _doubled_apostrophes_as_marks(text)
    spans: list[QuotedSpan] = []
    paragraphs = _paragraphs(text)
    carried: _Open | None = None  # a quotation running on into the next paragraph
    skip = -1
    for index, (p_start, p_end) in enumerate(paragraphs):
        stack: list[_Open] = [carried] if carried else []
        multi = carried is not None
        carried = None
        for i in range(p_start, p_end):
            family = _family(text[i])
            if family is None or i == skip:
                continue
            role = mark_role(text, i, p_start, bool(stack))
            if role == OPEN:
                if family == "single" and stack and stack[-1].family == "single" and \
                        mark_role(text, i, p_start, False) == CLOSE:
                    role = CLOSE
                else:
                    stack.append(_Open(i, family, False))
                    continue
            if role != CLOSE:
                continue
            depth = next((d for d in range(len(stack) - 1, -1, -1) if stack[d].family == family), -1)
            if depth < 0:
                if family == "double" and not stack:
                    stack.append(_Open(i, family, True))  # orphan closer: read it as an opener
                continue
            opened = stack[depth]
            del stack[depth:]
            if depth == 0:
                if i > opened.pos + 1:
                    spans.append(QuotedSpan(opened.pos + 1, i, family, multi))
                multi = False
            elif family == "double":
                stack[0].nested_close = i
        if not stack:
            continue
        bottom = stack[0]
        if bottom.family == "double" and bottom.nested_close > bottom.pos:
            # “A “B” C with no closer: the inner closer was meant to close the quotation.
            spans.append(QuotedSpan(bottom.pos + 1, bottom.nested_close, "double", multi))
        elif bottom.family == "double" and not bottom.tentative:
            skip, runs_on = _continuation(text, paragraphs, index)
            if runs_on:
                carried = _Open(bottom.pos, "double", False)
    return sorted(spans, key=lambda s: s.start)
