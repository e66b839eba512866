"""Word-level drift between wordings of one statement, as character ranges to highlight.

The corpus stage's :func:`crosswire.corpus.quote_groups.quote_drift` is used when it is
installed; otherwise a plain difflib word diff stands in, so the report never depends on it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

WORD = re.compile(r"\w+", re.UNICODE)

Ops = list[tuple[str, tuple[str, ...], tuple[str, ...]]]


@dataclass(frozen=True)
class Drift:
    """How wording ``b`` differs from reference ``a``: changed-word ranges in each, and a similarity."""

    a_marks: tuple[tuple[int, int], ...]
    b_marks: tuple[tuple[int, int], ...]
    similarity: float


def _difflib_drift(a: str, b: str) -> tuple[Ops, float, tuple[int, int], tuple[int, int]]:
    a_words, b_words = WORD.findall(a), WORD.findall(b)
    matcher = difflib.SequenceMatcher(a=[w.lower() for w in a_words], b=[w.lower() for w in b_words],
                                      autojunk=False)
    ops = [(tag, tuple(a_words[i1:i2]), tuple(b_words[j1:j2])) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    return ops, round(matcher.ratio(), 4), (0, len(a)), (0, len(b))


def _corpus_drift() -> Callable[[str, str], tuple[Ops, float, tuple[int, int], tuple[int, int]]] | None:
    """The corpus stage's drift function, adapted, when it is available."""
    try:
        from crosswire.corpus.quote_groups import quote_drift
    except ImportError:
        return None

    def drift(a: str, b: str):
        found = quote_drift(a, b)
        return list(found.ops), float(found.similarity), tuple(found.a_window), tuple(found.b_window)

    return drift


def _changed_ranges(text: str, window: tuple[int, int], ops: Ops, side: int) -> list[tuple[int, int]] | None:
    """Ranges of ``text`` whose words an op changed; None when the ops do not fit the text's words."""
    words = list(WORD.finditer(text, window[0], window[1]))
    ranges, index = [], 0
    for tag, *sides in ops:
        op_words = sides[side]
        for word in op_words:
            if index >= len(words) or words[index].group().lower() != word.lower():
                return None
            if tag != "equal":
                ranges.append((words[index].start(), words[index].end()))
            index += 1
    if index != len(words):
        return None
    return merged_ranges(text, ranges)


def merged_ranges(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Adjacent changed words joined into one range when only spaces or punctuation separate them."""
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and not WORD.search(text, merged[-1][1], start):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


class DriftFinder:
    """Computes :class:`Drift` of wordings; owns the choice of diff function.

    >>> d = DriftFinder(use_corpus=False).drift("the talks will resume", "the talks shall resume soon")
    >>> d.b_marks, d.a_marks
    (((10, 15), (23, 27)), ((10, 14),))
    """

    def __init__(self, use_corpus: bool = True):
        self._corpus = _corpus_drift() if use_corpus else None

    def drift(self, a: str, b: str) -> Drift:
        """Changed ranges of ``a`` and ``b`` against each other."""
        if self._corpus is not None:
            ops, similarity, a_window, b_window = self._corpus(a, b)
            a_marks = _changed_ranges(a, a_window, ops, 0)
            b_marks = _changed_ranges(b, b_window, ops, 1)
            if a_marks is not None and b_marks is not None:
                return Drift(tuple(a_marks), tuple(b_marks), similarity)
        ops, similarity, a_window, b_window = _difflib_drift(a, b)
        return Drift(tuple(_changed_ranges(a, a_window, ops, 0) or ()),
                     tuple(_changed_ranges(b, b_window, ops, 1) or ()), similarity)
