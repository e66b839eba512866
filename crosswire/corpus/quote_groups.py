"""Quote groups: the same statement quoted in different words across articles, and how it drifted.

Each quote is cut into sentence-sized segments (a multi-paragraph statement says several things).
Segments are blocked by rare content-word stems, scored by stem containment and fuzzy string
similarity, and linked when the speakers are compatible and they share at least three words of
their own (not names: every article of a story names the same places and people), or a short
statement is worded almost alike. A quote joins the group of its best-linked
segment, so a long statement does not chain unrelated short quotes together.

>>> from crosswire.model import Quote
>>> q = lambda i, t: Quote(i, "a" + i, t, 0, len(t), "direct", None, None, None, "say")
>>> groups = group_quotes([q("1", "Nothing will be normal with Azerbaijan after the events of September"),
...                        q("2", "Nothing will be typical with Azerbaijan after the activities of September")])
>>> groups["1"] == groups["2"]
True
"""

from __future__ import annotations

import difflib
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from rapidfuzz import fuzz

from crosswire.model import Quote
from crosswire.names import fold_accents

WORD = re.compile(r"\w+", re.UNICODE)
WORD_OR_STOP = re.compile(r"\w+|[.!?]", re.UNICODE)
SENTENCE = re.compile(r"(?<=[.!?;])\s+")
STOPWORDS = frozenset("""a an the and or but if of to in on at by for with from as is are was were be been
being it its this that these those we you they he she i our their his her them us not no do does did
have has had will would can could may might should shall also than then there here so such very
which who whom what when where while after before into over under about between against during
on out up down more most other same just only own all any both each few some""".split())
STEM = 5  # the first letters of a word stand in for its lemma: consider/considers/considered
MIN_STEMS = 3  # a segment with fewer content words is too short to recognise
LINK = 0.55  # similarity needed to say two segments carry the same statement
LINK_OTHER_SPEAKER = 0.8  # ... when both speakers are known and differ
SAME_WORDING = 75  # fuzzy wording that links two short segments sharing few words of their own
MAX_POSTING = 2000  # stems shared by more segments than this are too common to block on


@dataclass(frozen=True)
class QuoteDrift:
    """How wording b differs from wording a: difflib-style ops over words, and a 0..1 similarity.

    ``a_window``/``b_window`` are the (start, end) character ranges compared: the best-matching
    part of the longer text when one quote is much longer (a statement inside a long speech).
    """

    ops: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    similarity: float
    a_window: tuple[int, int]
    b_window: tuple[int, int]


def _stems(text: str) -> frozenset[str]:
    words = WORD.findall(fold_accents(text).lower())
    return frozenset(w[:STEM] for w in words if w not in STOPWORDS)


def _common_stems(text: str) -> frozenset[str]:
    """Stems of the words written in lower case (or opening a sentence): the statement's own
    words, as opposed to the names of the places and people every article of a story repeats."""
    stems = set()
    start = True
    for match in WORD_OR_STOP.finditer(fold_accents(text)):
        word = match.group()
        if word in ".!?":
            start = True
            continue
        lower = word.lower()
        if (start or not word[:1].isupper()) and lower not in STOPWORDS:
            stems.add(lower[:STEM])
        start = False
    return frozenset(stems)


def _segments(text: str) -> list[tuple[str, frozenset[str]]]:
    """Sentence-sized pieces of a quote with their stems; a short quote is one piece."""
    pieces = [(p, stems) for p in SENTENCE.split(text) if len(stems := _stems(p)) >= MIN_STEMS]
    return pieces or [(text, _stems(text))]


def _norm(text: str) -> str:
    return " ".join(WORD.findall(fold_accents(text).lower()))


def segment_similarity(a: str, b: str, weight=None) -> float:
    """Similarity of two statement pieces in [0, 1]: the mean of shared content (stem containment,
    weighted by rarity when ``weight`` is given) and fuzzy wording."""
    return _similarity(_stems(a), _stems(b), _norm(a), _norm(b), weight)


def _similarity(sa: frozenset[str], sb: frozenset[str], norm_a: str, norm_b: str, weight=None) -> float:
    """``segment_similarity`` from the pieces' stems and normalised words."""
    if not sa or not sb:
        return 0.0
    w = weight or (lambda stem: 1.0)
    shared = sum(w(x) for x in sa & sb)
    containment = shared / min(sum(w(x) for x in sa), sum(w(x) for x in sb))
    # Containment of tiny sets is noisy; temper it by how many stems are shared.
    containment *= min(1.0, len(sa & sb) / 4)
    wording = fuzz.token_sort_ratio(norm_a, norm_b) / 100
    return (containment + wording) / 2


def _speakers_compatible(a: Quote, b: Quote) -> bool:
    """Unknown speakers are compatible; known ones must share a name word."""
    if not a.speaker_key or not b.speaker_key:
        return True
    wa, wb = set(a.speaker_key.split()), set(b.speaker_key.split())
    return bool(wa & wb) or any(fuzz.ratio(x, y) >= 80 for x in wa for y in wb if len(x) > 4)


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def group_quotes(quotes: Sequence[Quote]) -> dict[str, str]:
    """Map each quote id to a group id: the smallest member id (a lone quote is its own group).

    Quotes of the same article are never linked to each other (a repeated line in one article is
    the writer's, not a second outlet's wording).
    """
    quotes = sorted({q.id: q for q in quotes}.values(), key=lambda q: q.id)
    # Each piece is reduced once here and compared pairwise below. (A process-wide cache of the
    # reductions kept 65,536 sets alive that every garbage collection then walked: in a long run
    # the collector's time per batch doubled.)
    seg_quote: list[int] = []
    seg_text: list[str] = []
    seg_stems: list[frozenset[str]] = []
    for qi, q in enumerate(quotes):
        for piece, stems in _segments(q.text):
            seg_quote.append(qi)
            seg_text.append(piece)
            seg_stems.append(stems)
    seg_common = [_common_stems(t) for t in seg_text]
    seg_norm = [_norm(t) for t in seg_text]
    postings: dict[str, list[int]] = defaultdict(list)
    for si, stems in enumerate(seg_stems):
        for stem in stems:
            postings[stem].append(si)
    total = len(seg_text) + 1

    def rarity(stem: str) -> float:
        return math.log(1 + total / max(1, len(postings.get(stem, ()))))

    uf = _UnionFind(len(seg_text))
    best: dict[int, tuple[float, int]] = {}  # quote index -> (score, segment) of its best link
    for si, stems in enumerate(seg_stems):
        shared: dict[int, int] = defaultdict(int)
        for stem in stems:
            posting = postings[stem]
            if len(posting) > MAX_POSTING:
                continue
            for sj in posting:
                if sj > si:
                    shared[sj] += 1
        for sj, count in shared.items():
            qa, qb = quotes[seg_quote[si]], quotes[seg_quote[sj]]
            if qa.article == qb.article or count < MIN_STEMS:
                continue
            if len(seg_common[si] & seg_common[sj]) < MIN_STEMS and \
                    fuzz.token_sort_ratio(seg_norm[si], seg_norm[sj]) < SAME_WORDING:
                continue  # sharing only names (a topic) is not sharing a statement
            score = _similarity(seg_stems[si], seg_stems[sj], seg_norm[si], seg_norm[sj], rarity)
            need = LINK if _speakers_compatible(qa, qb) else LINK_OTHER_SPEAKER
            if score < need:
                continue
            uf.union(si, sj)
            for q_index, seg in ((seg_quote[si], si), (seg_quote[sj], sj)):
                if score > best.get(q_index, (0.0, -1))[0]:
                    best[q_index] = (score, seg)
    members: dict[int, list[str]] = defaultdict(list)
    for qi, q in enumerate(quotes):
        if qi in best:
            members[uf.find(best[qi][1])].append(q.id)
    groups = {q.id: q.id for q in quotes}
    for ids in members.values():
        for qid in ids:
            groups[qid] = min(ids)
    return groups


def _best_window(long: str, short: str) -> tuple[int, int]:
    """Character range of ``long`` that best matches ``short``, snapped to word boundaries."""
    alignment = fuzz.partial_ratio_alignment(short.lower(), long.lower())
    if alignment is None:
        return 0, len(long)
    start, end = alignment.dest_start, alignment.dest_end
    while start > 0 and long[start - 1].isalnum():
        start -= 1
    while end < len(long) and long[end].isalnum():
        end += 1
    return start, end


def quote_drift(a: str, b: str) -> QuoteDrift:
    """Word-level diff between two wordings of one statement, with a similarity in [0, 1].

    >>> d = quote_drift("nothing will be normal with X", "Nothing will be typical with X")
    >>> [op for op in d.ops if op[0] != "equal"]
    [('replace', ('normal',), ('typical',))]
    """
    a_window, b_window = (0, len(a)), (0, len(b))
    if len(a) > 1.5 * len(b):
        a_window = _best_window(a, b)
    elif len(b) > 1.5 * len(a):
        b_window = _best_window(b, a)
    a_words = WORD.findall(a[a_window[0]:a_window[1]])
    b_words = WORD.findall(b[b_window[0]:b_window[1]])
    matcher = difflib.SequenceMatcher(a=[w.lower() for w in a_words], b=[w.lower() for w in b_words],
                                      autojunk=False)
    ops = tuple((tag, tuple(a_words[i1:i2]), tuple(b_words[j1:j2]))
                for tag, i1, i2, j1, j2 in matcher.get_opcodes())
    similarity = round(max(matcher.ratio(), segment_similarity(" ".join(a_words), " ".join(b_words))), 4)
    return QuoteDrift(ops, min(1.0, similarity), a_window, b_window)
