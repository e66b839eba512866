"""Dating from the text: the publication date an undated article implies, and the date of the
event a sentence reports (for the event stage)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from crosswire.model import TimeExpr
from crosswire.stages.times.anchor import FUTURE, PAST, direction_of, month_shift, parse_iso_day
from crosswire.stages.times.recognise import TimeFinder

if TYPE_CHECKING:
    from spacy.tokens import Doc

_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_WEEK = re.compile(r"^(\d{4})-W(\d\d)$")
_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
_YEAR = re.compile(r"^(\d{4})$")
_PERIOD = re.compile(r"^(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)$")
_FORWARD_WORDS = re.compile(r"\b(?:later|next|coming|tomorrow|upcoming|following|forthcoming)\b", re.I)
# How far before publication an event still counts as reported news rather than background.
NEAR_DAYS = 7


@dataclass(frozen=True)
class EventDate:
    """The date of a sentence's event, its precision, and where it lies relative to publication."""

    value: str | None
    precision: str | None
    relation: str | None


@dataclass(frozen=True)
class PublicationEstimate:
    """Bounds on an undated article's publication day implied by its own text."""

    earliest: str | None
    latest: str | None

    @property
    def day(self) -> str | None:
        """The single day when the bounds meet, else None."""
        return self.earliest if self.earliest is not None and self.earliest == self.latest else None


def value_interval(value: str | None) -> tuple[date, date, str] | None:
    """First day, last day and precision (day/week/month/year) of a TIMEX3 date value."""
    if not value:
        return None
    if "/" in value:  # a range "2023-05-01/2023-05-04"
        first, last = (value_interval(part) for part in value.split("/", 1))
        return (first[0], last[1], "day") if first and last else None
    if m := _DAY.match(value):
        day = parse_iso_day(value)
        return (day, day, "day") if day else None
    if m := _WEEK.match(value):
        try:
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError:
            return None
        return monday, monday + timedelta(days=6), "week"
    if m := _MONTH.match(value):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            return None
        following = date(*month_shift(year, month, 1), 1)
        return date(year, month, 1), following - timedelta(days=1), "month"
    if m := _YEAR.match(value):
        year = int(m.group(1))
        return date(year, 1, 1), date(year, 12, 31), "year"
    if m := _PERIOD.match(value):
        year, part = int(m.group(1)), m.group(2)
        first_month, months = _period_months(part)
        end_year, end_month = month_shift(year, first_month, months)
        return date(year, first_month, 1), date(end_year, end_month, 1) - timedelta(days=1), "year"
    return None


_SEASON_MONTHS = {"SP": (3, 3), "SU": (6, 3), "FA": (9, 3), "WI": (12, 3)}


def _period_months(part: str) -> tuple[int, int]:
    """(first month, length in months) of a quarter (Q2), half (H1) or season (SU) of a year."""
    if part in _SEASON_MONTHS:
        return _SEASON_MONTHS[part]
    size = 3 if part[0] == "Q" else 6
    return size * (int(part[1:] or 1) - 1) + 1, size


def _relation(interval: tuple[date, date, str], published: date, text: str) -> str:
    """before / around / after the publication day."""
    first, last, _ = interval
    if first > published:
        return "after"
    if _FORWARD_WORDS.search(text) and last >= published:
        return "after"
    if last < published - timedelta(days=NEAR_DAYS):
        return "before"
    return "around"


def event_date(times: Sequence[TimeExpr], start: int, end: int, published: str | None) -> EventDate:
    """Date of the event told in ``text[start:end]``: its most specific dated expression.

    >>> t = TimeExpr("a", "Monday", 4, 10, "DATE", "2023-11-13", "published:2023-11-16")
    >>> event_date([t], 0, 40, "2023-11-16")
    EventDate(value='2023-11-13', precision='day', relation='around')
    """
    anchor = parse_iso_day(published)
    rank = {"day": 0, "week": 1, "month": 2, "year": 3}
    best: tuple[int, int, TimeExpr, tuple[date, date, str]] | None = None
    reference: str | None = None
    for expr in times:
        if expr.start < start or expr.end > end or expr.type in ("DURATION", "SET"):
            continue
        if expr.value in ("PAST_REF", "FUTURE_REF") and reference is None:
            reference = "before" if expr.value == "PAST_REF" else "after"
        value = expr.value
        if value == "PRESENT_REF" and published:
            value = published
        interval = value_interval(value)
        if interval is None:
            continue
        key = (rank[interval[2]], expr.start)
        if best is None or key < best[:2]:
            best = (key[0], key[1], expr, interval)
    if best is not None:
        expr, interval = best[2], best[3]
        value = published if expr.value == "PRESENT_REF" else expr.value
        relation = _relation(interval, anchor, expr.text) if anchor else None
        return EventDate(value, interval[2], relation)
    if reference is not None:
        return EventDate(None, None, reference)
    if published and anchor:
        return EventDate(published, "day", "around")
    return EventDate(None, None, None)


def estimate_publication(text: str, *, doc: Doc | None = None,
                         finder: TimeFinder | None = None) -> PublicationEstimate | None:
    """Bounds on the publication day from what the text itself fixes, or None.

    A date told in the past tense happened on or before publication (earliest bound); one told
    as planned (future tense, an infinitive under a present verb, "scheduled", "payable") had
    not happened yet (latest bound). Yearless dates take the year of the latest full date in
    the text. Weekdays fix nothing without an anchor. Quotes are not told apart: a quoted
    plan made before publication can bound it too early (a known weakness).
    """
    if finder is None:
        from crosswire.stages.times.grammar import load_grammar
        finder = TimeFinder(load_grammar())
    exprs = finder.times(text, article_id="", anchors=(), label=None, doc=doc)
    dated = [e for e in exprs if e.type in ("DATE", "TIME") and e.value]
    years = [int(e.value[:4]) for e in dated if _DAY.match(e.value)]
    if not years:
        return None
    text_year = max(years)
    earliest: date | None = None
    latest: date | None = None
    for expr in dated:
        value = expr.value
        if value.startswith("XXXX-") and re.fullmatch(r"XXXX-\d\d(-\d\d)?", value):
            value = f"{text_year:04d}{value[4:]}"
        interval = value_interval(value)
        if interval is None:
            continue
        direction = direction_of(doc, text, expr.start, expr.end, finder.grammar.future_lemmas)
        if direction == PAST:
            earliest = interval[0] if earliest is None else max(earliest, interval[0])
        elif direction == FUTURE and interval[2] == "day":
            latest = interval[1] if latest is None else min(latest, interval[1])
    if earliest is None and latest is None:
        return None
    if earliest is not None and latest is not None and earliest > latest:
        return None
    return PublicationEstimate(earliest.isoformat() if earliest else None,
                               latest.isoformat() if latest else None)
