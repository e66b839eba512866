"""Dates as the views draw and print them: a TIMEX3-style value becomes a span of days."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def date_span(value: str | None) -> tuple[str, str] | None:
    """First and last ISO day covered by a date value, or None when it names no calendar span.

    >>> date_span("2023-11-20")
    ('2023-11-20', '2023-11-20')
    >>> date_span("2024-02")
    ('2024-02-01', '2024-02-29')
    >>> date_span("2023-W46")
    ('2023-11-13', '2023-11-19')
    >>> date_span("XXXX-11-20") is None
    True
    """
    if not value:
        return None
    try:
        if match := _DAY.match(value):
            day = dt.date(*map(int, match.groups())).isoformat()
            return day, day
        if match := _MONTH.match(value):
            year, month = map(int, match.groups())
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1).isoformat(), dt.date(year, month, last).isoformat()
        if match := _WEEK.match(value):
            year, week = map(int, match.groups())
            return (dt.date.fromisocalendar(year, week, 1).isoformat(),
                    dt.date.fromisocalendar(year, week, 7).isoformat())
        if match := _YEAR.match(value):
            return f"{match.group(1)}-01-01", f"{match.group(1)}-12-31"
    except ValueError:  # 2023-02-30, week 54: not a real day
        return None
    return None


def human_date(value: str | None) -> str:
    """'2023-11-20' -> '20 Nov 2023'; partial values are kept readable; None -> 'undated'.

    >>> human_date("2023-11-20"), human_date("2023-11"), human_date(None)
    ('20 Nov 2023', 'Nov 2023', 'undated')
    """
    if not value:
        return "undated"
    if match := _DAY.match(value):
        year, month, day = map(int, match.groups())
        if 1 <= month <= 12:
            return f"{day} {calendar.month_abbr[month]} {year}"
    if match := _MONTH.match(value):
        year, month = map(int, match.groups())
        if 1 <= month <= 12:
            return f"{calendar.month_abbr[month]} {year}"
    return value


def human_range(start: str | None, end: str | None) -> str:
    """A date range in words: one date when both ends agree.

    >>> human_range("2023-11-16", "2023-11-20")
    '16 Nov 2023 – 20 Nov 2023'
    >>> human_range("2023-11-20", "2023-11-20"), human_range(None, None)
    ('20 Nov 2023', 'undated')
    """
    if not start and not end:
        return "undated"
    if not start or not end or start[:10] == end[:10]:
        return human_date(start or end)
    return f"{human_date(start)} – {human_date(end)}"
