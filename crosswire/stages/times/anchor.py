"""Calendar arithmetic on anchors and the tense direction of a time expression's clause."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

PAST, PRESENT, FUTURE = -1, 0, 1

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "ll"})
_FUTURE_TEXT = re.compile(
    r"\b(?:will|'ll|shall|going\s+to|plans?\s+to|planned|scheduled|expected\s+to|due\s+to|"
    r"set\s+to|upcoming|forthcoming|next)\b", re.IGNORECASE)
# Without a parse: a regular or common irregular past form near the expression means past.
_PAST_TEXT = re.compile(
    r"\b(?:was|were|had|did|said|told|met|held|made|took|went|came|began|saw|left|won|lost|fell|"
    r"rose|sent|gave|found|fought|led|brought|spoke|wrote|\w+ed)\b", re.IGNORECASE)


def parse_iso_day(value: str | None) -> date | None:
    """The date of an ISO ``YYYY-MM-DD`` string (a longer timestamp is cut), or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def safe_date(year: int, month: int, day: int) -> date | None:
    """``date(year, month, day)`` or None when no such day exists (Feb 29 of 2023)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def week_value(day: date) -> str:
    """TIMEX3 ISO week of a day: ``2023-W22``."""
    iso = day.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def month_shift(year: int, month: int, offset: int) -> tuple[int, int]:
    """(year, month) moved by ``offset`` months."""
    index = year * 12 + (month - 1) + offset
    return index // 12, index % 12 + 1


def shifted_value(anchor: date, unit: str, offset: int) -> str | None:
    """TIMEX3 value of the period ``offset`` units from the anchor, at that unit's granularity."""
    if unit in ("D", "H", "MIN", "S"):
        return (anchor + timedelta(days=offset if unit == "D" else 0)).isoformat()
    if unit == "W":
        return week_value(anchor + timedelta(weeks=offset))
    if unit == "FN":
        return week_value(anchor + timedelta(weeks=2 * offset))
    if unit == "WE":
        return week_value(anchor + timedelta(weeks=offset)) + "-WE"
    if unit == "M":
        year, month = month_shift(anchor.year, anchor.month, offset)
        return f"{year}-{month:02d}"
    if unit == "Q":
        year, month = month_shift(anchor.year, anchor.month, 3 * offset)
        return f"{year}-Q{(month - 1) // 3 + 1}"
    if unit == "Y":
        return f"{anchor.year + offset:04d}"
    if unit == "DE":
        return f"{(anchor.year + 10 * offset) // 10:03d}"
    if unit == "CE":
        return f"{anchor.year // 100 + offset:02d}"
    return None


def nearest_weekday(anchor: date, weekday: int, direction: int | None) -> date:
    """The day with ISO ``weekday`` (1=Monday) that the tense points to from the anchor.

    Past (and unknown, the usual news case: "said Friday"): the latest such day on or before
    the anchor; future: the first on or after it; present: whichever is nearer.
    """
    back = (anchor.isoweekday() - weekday) % 7
    ahead = (weekday - anchor.isoweekday()) % 7
    if direction == FUTURE:
        return anchor + timedelta(days=ahead)
    if direction == PRESENT and ahead < back:
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back)


def nearest_date(anchor: date, month: int, day: int | None, direction: int | None) -> date | None:
    """The year that puts ``month``/``day`` where the tense points: before the anchor for the
    past, after it for the future, else the nearest (so "December 28" in January is last year).
    """
    candidates = []
    for year in range(anchor.year - 4, anchor.year + 5):
        found = safe_date(year, month, day or 1)
        if found is None:
            continue
        last_day = found if day else (safe_date(*month_shift(year, month, 1), 1) - timedelta(days=1))
        candidates.append((found, last_day))
    if direction == PAST:
        past = [c for c in candidates if c[0] <= anchor]
        return max(past)[0] if past else None
    if direction == FUTURE:
        ahead = [c for c in candidates if c[1] >= anchor]
        return min(ahead)[0] if ahead else None

    def distance(candidate: tuple[date, date]) -> int:
        first, last = candidate
        if first <= anchor <= last:
            return 0
        return min(abs((first - anchor).days), abs((last - anchor).days))

    return min(candidates, key=distance)[0] if candidates else None


def direction_of(doc: Doc | None, text: str, start: int, end: int,
                 future_lemmas: frozenset[str]) -> int | None:
    """Tense direction of the clause holding ``text[start:end]``: PAST, PRESENT, FUTURE or None."""
    if doc is not None:
        return _direction_from_doc(doc, start, end, future_lemmas)
    left = text[max(0, start - 80):start]
    left = re.split(r"[.!?]\s", left)[-1]
    right = re.split(r"[.!?](?:\s|$)", text[end:end + 40])[0]
    if _FUTURE_TEXT.search(left) or _FUTURE_TEXT.search(right):
        return FUTURE
    if _PAST_TEXT.search(left) or _PAST_TEXT.search(right):
        return PAST
    return None


# Clause links a tenseless verb does not look through: the tense of "said" in "said flights
# would leave from March 30" is not the tense of the leaving.
_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "parataxis", "csubj", "pcomp"})
_STOP = 2  # sentinel of _verb_direction: this verb settles it, and it does not say


def _direction_from_doc(doc: Doc, start: int, end: int, future_lemmas: frozenset[str]) -> int | None:
    """Tense direction of the verb governing the expression, corrected by its preposition:
    "since May" is past whatever the verb; "will not be normal after September 19" says
    nothing about when September 19 lies."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    prepositions = _prepositions_above(root)
    if "since" in prepositions:
        return PAST
    found = _governing_direction(root, prepositions[0] if prepositions else "", future_lemmas)
    if found == FUTURE and {"after", "following"} & set(prepositions):
        return None
    if found == PAST and "before" in prepositions:
        return None
    return found


def _prepositions_above(token) -> list[str]:
    """Prepositions between the expression and its verb, nearest first ("after the events of")."""
    found = []
    for _ in range(6):
        head = token.head
        if head.i == token.i or head.pos_ in ("VERB", "AUX"):
            break
        if head.pos_ == "ADP" or head.dep_ == "prep":
            found.append(head.lower_)
        token = head
    return found


def _governing_direction(token, preposition: str, future_lemmas: frozenset[str]) -> int | None:
    """Climb to the first verb that carries tense (or a planning word) and read it."""
    for _ in range(8):
        if token.lemma_ in future_lemmas or token.lower_ in future_lemmas:
            return FUTURE
        if token.pos_ in ("VERB", "AUX"):
            if preposition in ("until", "till") and token.tag_ != "VBD":
                return FUTURE  # "has been postponed until Saturday"
            found = _verb_direction(token)
            if found == _STOP:
                return None
            if found is not None:
                return found
            # spaCy makes a new Token object on every access: compare positions, never identity.
            if token.tag_ == "VB" and any(c.lower_ == "to" for c in token.children) and token.head.i != token.i:
                # an infinitive lies ahead of a present or future main verb ("does not consider
                # it possible to hold the meeting on November 20"); under a past one, unknown
                matrix = _governing_direction(token.head, "", future_lemmas)
                return FUTURE if matrix in (PRESENT, FUTURE) else None
            if token.dep_ in _CLAUSE_DEPS:
                return None  # a participle clause: its time is its own
        if token.head.i == token.i:
            break
        token = token.head
    return None


def _verb_direction(verb) -> int | None:
    """Tense of one verb with its auxiliaries; None when it carries none (infinitive, gerund)."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowers = {a.lower_ for a in auxes}
    if lowers & _FUTURE_AUX or any(a.lower_ == "going" for a in auxes):
        return FUTURE
    if "would" in lowers:
        return FUTURE  # future in the past: "said the flights would leave on March 30"
    if lowers & {"could", "might", "may", "should", "must", "can"}:
        return _STOP
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return PAST
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return PAST
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return PRESENT
    if verb.tag_ == "MD":
        return FUTURE if verb.lower_ in _FUTURE_AUX else _STOP
    return None
