"""Metadata found in the text itself: headline shape and decorations, datelines, outlet signatures."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from crosswire.stages.clean.segments import Line

_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DOTTED = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_HEADLINE_BAD_END = re.compile(r"[.,;:]$")
_ABBREVIATION_END = re.compile(r"\b(?:[A-Z]\.){2,}$")  # "U.S." ends a headline, not a sentence


@dataclass(frozen=True)
class DatePatterns:
    """Compiled dateline patterns for one month table."""

    day_month_year: re.Pattern[str]
    month_day_year: re.Pattern[str]
    months: Mapping[str, int]


def date_patterns(months: Mapping[str, int]) -> DatePatterns:
    """Compile the dateline patterns for the month names of the lexicon."""
    names = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    dmy = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({names})\.?,?\s+(\d{{4}})\b{_TIME}", re.IGNORECASE)
    mdy = re.compile(rf"\b({names})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b{_TIME}", re.IGNORECASE)
    return DatePatterns(dmy, mdy, {k.lower(): v for k, v in months.items()})


def iso_date(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` when the parts form a real date, else None."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_date(text: str, patterns: DatePatterns) -> tuple[str, int, int] | None:
    """The first full date in ``text`` as (ISO date, start, end of its span), else None."""
    for pattern, order in ((patterns.day_month_year, "dmy"), (patterns.month_day_year, "mdy")):
        match = pattern.search(text)
        if not match:
            continue
        if order == "dmy":
            day, month, year = match.group(1), match.group(2), match.group(3)
        else:
            month, day, year = match.group(1), match.group(2), match.group(3)
        value = iso_date(int(year), patterns.months[month.lower()], int(day))
        if value:
            return value, match.start(), match.end()
    match = _ISO.search(text)
    if match:
        value = iso_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if value:
            return value, match.start(), match.end()
    match = _DOTTED.search(text)
    if match:
        value = iso_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if value:
            return value, match.start(), match.end()
    return None


def dateline_of(line: Line, patterns: DatePatterns) -> str | None:
    """ISO date when ``line`` is a dateline: a short line that is mostly a date (plus a name or time)."""
    if line.words > 12 or line.chars > 90:
        return None
    found = find_date(line.text, patterns)
    if found is None:
        return None
    value, start, end = found
    # The date must dominate: "Reuters November 18, 2019 11:03 PM" yes, a sentence citing a date no.
    rest = (line.text[:start] + " " + line.text[end:]).split()
    return value if len(rest) <= 5 else None


def headline_shaped(line: Line) -> bool:
    """True when the line reads like a headline: a few words, letters, no sentence-final period."""
    if not 3 <= line.words <= 25 or line.chars > 200 or line.letters < 10 or line.code_marks:
        return False
    text = line.text
    if _HEADLINE_BAD_END.search(text) and not _ABBREVIATION_END.search(text):
        return False
    return line.letters >= 0.6 * len(text.replace(" ", ""))


def strip_decorations(text: str, prefixes: Sequence[re.Pattern[str]],
                      suffixes: Sequence[re.Pattern[str]]) -> tuple[str, list[str]]:
    """The headline without leading/trailing decorations ("Breaking news", "Lastminute news"),
    and the stripped pieces in the order they were found."""
    pieces: list[str] = []
    changed = True
    while changed:
        changed = False
        for pattern in prefixes:
            match = pattern.search(text)
            if match and match.end() < len(text):
                pieces.append(match.group(0).strip())
                text = text[match.end():].lstrip()
                changed = True
        for pattern in suffixes:
            match = pattern.search(text)
            if match and match.start() > 0:
                pieces.append(match.group(0).strip())
                text = text[:match.start()].rstrip()
                changed = True
    return text, pieces


def source_of(texts: Iterable[str], signatures: Sequence[re.Pattern[str]]) -> str | None:
    """Outlet named by a signature in the text ("hyperlink to Caliber.az", "Sondakika-haberleri net")
    as a lower-case domain-like name, else None. ``texts`` are tried in order."""
    for text in texts:
        for pattern in signatures:
            match = pattern.search(text)
            if not match:
                continue
            name = match.group("name")
            tld = match.groupdict().get("tld")
            return (f"{name}.{tld}" if tld else name).lower()
    return None
