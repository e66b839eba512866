"""TIMEX3 values for grammar matches, computed against an anchor day and a tense direction."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from crosswire.stages.times.anchor import (
    FUTURE, PAST, month_shift, nearest_date, nearest_weekday, safe_date, shifted_value, week_value,
)
from crosswire.stages.times.grammar import Grammar

# (start, end, type, value) of one normalised expression.
Piece = tuple[int, int, str, "str | None"]

# Kinds whose value depends on which way the clause points in time.
NEEDS_DIRECTION = frozenset({
    "month_day", "month_day_range", "day_month_range", "month_year", "weekday", "weekday_date",
    "quarter", "shift_anchor", "clock", "season", "year_word", "weekend",
})
# Words before "the next decade" that make it a stretch of time, not a date.
_DURATION_CUES = frozenset({"over", "for", "within", "throughout", "during", "in"})
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}


class Normaliser:
    """Turns a rule match into TIMEX3 (type, value) pieces; one method per rule kind."""

    def __init__(self, grammar: Grammar):
        self.grammar = grammar
        self._handlers: dict[str, Callable[..., Any]] = {
            name[len("_kind_"):]: getattr(self, name) for name in dir(self) if name.startswith("_kind_")
        }

    def pieces(self, kind: str, type_: str, match: re.Match[str], anchor: date | None,
               direction: int | None) -> list[Piece]:
        """Normalised pieces of one match (usually one; a year range like "1957-58" gives two)."""
        result = self._handlers[kind](match, anchor, direction)
        if isinstance(result, list):
            return result
        found_type, value = result if isinstance(result, tuple) else (type_, result)
        return [(match.start(), match.end(), found_type or type_, value)]

    # ---- helpers
    def number(self, match: re.Match[str], name: str = "num") -> float | str | None:
        """Numeric value of a number group (digits, "two", "a few" -> "X", "twenty-four")."""
        raw = match.group(name)
        if raw is None:
            return None
        raw = raw.strip().lower()
        if raw.endswith(" 1/2"):
            return float(raw[:-4]) + 0.5
        value = float(raw) if re.fullmatch(r"\d+(?:\.\d+)?", raw) else self.grammar.lookup("NUMWORD", raw)
        extra = match.groupdict().get("num2")
        if extra and isinstance(value, (int, float)):
            value = value + (self.grammar.lookup("NUMWORD", extra) or 0)
        return value

    def month(self, match: re.Match[str], name: str = "month") -> int | None:
        raw = match.group(name)
        return self.grammar.lookup("MONTH", raw) if raw else None

    def day_number(self, raw: str | None) -> int | None:
        if raw is None:
            return None
        if raw.isdigit():
            return int(raw)
        return self.grammar.lookup("ORDINAL", raw)

    def weekday(self, match: re.Match[str]) -> int | None:
        raw = match.group("weekday")
        return self.grammar.lookup("WEEKDAY", raw) if raw else None

    @staticmethod
    def amount(value: float | str) -> str:
        if isinstance(value, str):
            return value
        return str(int(value)) if float(value).is_integer() else f"{value:g}"

    def duration_value(self, number: float | str | None, unit: str) -> str | None:
        """``P3D``, ``PT5H``, ``PXY``; decades and centuries in years, vague ones in their unit."""
        if number is None:
            return None
        if unit == "Q":
            number, unit = (number * 3 if number != "X" else "X"), "M"
        if isinstance(number, float) and not number.is_integer() and (number * 2).is_integer():
            whole = int(number)
            half = {"Y": "6M", "M": "15D", "W": "3DT12H", "D": "T12H", "H": "30M", "MIN": "30S"}.get(unit)
            if half:
                body = f"{whole}{'M' if unit == 'MIN' else unit}{half}" if whole else half
                return f"PT{body}" if unit in ("H", "MIN") else f"P{body}"
        n = self.amount(number)
        if unit in ("H", "MIN", "S"):
            return f"PT{n}{'M' if unit == 'MIN' else unit}"
        if unit == "FN":
            return f"P{self.amount(number * 2) if n != 'X' else 'X'}W"
        if unit in ("DE", "CE") and n != "X":
            return f"P{self.amount(number * (10 if unit == 'DE' else 100))}Y"
        return f"P{n}{unit}"

    # ---- TIME
    def _kind_clock(self, m, anchor, direction):
        if m.group("word"):
            hh, mm = self.grammar.lookup("CLOCKWORD", m.group("word")).split(":")
            clock = f"{hh}:{mm}"
        elif m.group("hh"):
            clock = f"{int(m.group('hh')):02d}:{m.group('mm')}"
        else:
            hour = int(m.group("hour"))
            if hour > 12 or hour == 0:
                return ("TIME", None)
            pm = m.group("ampm").lower().startswith("p")
            hour = hour % 12 + (12 if pm else 0)
            clock = f"{hour:02d}:{int(m.group('minute') or 0):02d}"
        day_text = (m.group("before") or "") + (m.group("after") or "")
        day = self._day_from_words(day_text, anchor, direction)
        if day is None:
            return ("TIME", f"XXXX-XX-XXT{clock}" if anchor is None else f"{anchor.isoformat()}T{clock}")
        return ("TIME", f"{day}T{clock}")

    def _day_from_words(self, text: str, anchor: date | None, direction: int | None) -> str | None:
        """Day named by "Saturday" / "today" / "Friday, Oct. 13" next to a clock time."""
        words = text.lower()
        for word, offset in self.grammar.words["DAYWORD"].items():
            if re.search(rf"\b{word}\b", words):
                return (anchor + timedelta(days=offset)).isoformat() if anchor else None
        for word, weekday in self.grammar.words["WEEKDAY"].items():
            if re.search(rf"\b{word}\b", words):
                return nearest_weekday(anchor, weekday, direction).isoformat() if anchor else None
        return None

    def _kind_clock_day_time(self, m, anchor, direction):
        hour = int(m.group("hour"))
        if m.group("part").lower() != "morning" and hour < 12:
            hour += 12
        prefix = anchor.isoformat() if anchor else "XXXX-XX-XX"
        return ("TIME", f"{prefix}T{hour:02d}:{int(m.group('minute') or 0):02d}")

    # ---- calendar dates
    def _resolve_day(self, year: str | None, month: int, day: int | None, anchor, direction):
        """Value of a (possibly yearless) day: explicit year, else the anchor's, else XXXX."""
        if day is None or not 1 <= day <= 31:
            return None
        if year:
            found = safe_date(int(year), month, day)
            return found.isoformat() if found else None
        if anchor is None:
            return f"XXXX-{month:02d}-{day:02d}"
        found = nearest_date(anchor, month, day, direction)
        return found.isoformat() if found else None

    def _kind_weekday_date(self, m, anchor, direction):
        month = self.month(m, "month") or self.month(m, "month2")
        day = self.day_number(m.group("day") or m.group("day2"))
        if not m.group("year") and anchor is not None and day:
            # "Saturday, April 25": the year near the anchor in which that day is a Saturday
            weekday = self.weekday(m)
            fits = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1)
                    if (d := safe_date(y, month, day)) and d.isoweekday() == weekday]
            if fits:
                return min(fits, key=lambda d: abs((d - anchor).days)).isoformat()
        return self._resolve_day(m.group("year"), month, day, anchor, direction)

    def _kind_month_day(self, m, anchor, direction):
        return self._resolve_day(m.group("year"), self.month(m), self.day_number(m.group("day")),
                                 anchor, direction)

    def _kind_month_day_range(self, m, anchor, direction):
        month = self.month(m)
        first_day, last_day = int(m.group("day")), int(m.group("day_end"))
        if last_day <= first_day:
            return None
        first = self._resolve_day(m.group("year"), month, first_day, anchor, direction)
        if first is None:
            return None
        # The range ends in the year its start resolved to ("From May 1-4" -> both in 2023).
        last = self._resolve_day(first[:4] if first[0].isdigit() else None, month, last_day,
                                 anchor if not first[0].isdigit() else None, direction)
        return f"{first}/{last}" if last else None

    _kind_day_month_range = _kind_month_day_range

    def _kind_iso_date(self, m, anchor, direction):
        found = safe_date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
        return found.isoformat() if found else None

    def _kind_numeric_date(self, m, anchor, direction):
        year = m.group("year")
        year = int(year) if len(year) == 4 else (2000 + int(year) if int(year) < 50 else 1900 + int(year))
        found = safe_date(year, int(m.group("month")), int(m.group("day")))
        return found.isoformat() if found else None

    def _kind_month_year(self, m, anchor, direction):
        month = self.month(m)
        if m.group("year"):
            return f"{m.group('year')}-{month:02d}"
        relative = m.group("yrel") or re.search(r"\b(?:last|next|this)\b", m.group(0), re.IGNORECASE)
        if anchor is None:
            return None if relative else f"XXXX-{month:02d}"
        if m.group("yrel"):
            offset = {"last": -1, "this": 0, "next": 1}[m.group("yrel").lower()]
            return f"{anchor.year + offset:04d}-{month:02d}"
        rel = (m.group("rel") or "").lower()
        text = m.group(0).lower()
        if rel in ("last", "this past") or re.search(r"\blast\s", text):
            year = anchor.year if month < anchor.month else anchor.year - 1
            return f"{year:04d}-{month:02d}"
        if rel == "next":
            year = anchor.year if month > anchor.month else anchor.year + 1
            return f"{year:04d}-{month:02d}"
        if rel == "this":
            return f"{anchor.year:04d}-{month:02d}"
        found = nearest_date(anchor, month, None, direction)
        return f"{found.year:04d}-{month:02d}" if found else None

    # ---- years and longer periods
    def _kind_year(self, m, anchor, direction):
        return m.group("year")

    def _kind_year_range(self, m, anchor, direction):
        first = m.group("year")
        second = first[:2] + m.group("year_end")
        if int(second) <= int(first):
            return [(m.start(), m.end(), "DATE", None)]
        split = m.start("year_end")
        return [(m.start(), m.start("sep"), "DATE", first), (split, m.end(), "DATE", second)]

    def _kind_position_year(self, m, anchor, direction):
        pos = m.group("pos").lower()
        if pos.startswith(("first half", "second half")):
            return f"{m.group('year')}-H{1 if pos.startswith('first') else 2}"
        return m.group("year")

    def _kind_decade(self, m, anchor, direction):
        if m.group("decade"):
            return m.group("decade")[:3]
        if m.group("short"):
            return "19" + m.group("short")[0]
        return f"19{_DECADE_WORDS[m.group('word').lower()]}"

    def _kind_century(self, m, anchor, direction):
        ordinal = self.grammar.lookup("ORDINAL", m.group("ordinal"))
        return f"{ordinal - 1:02d}" if ordinal else None

    def _kind_quarter(self, m, anchor, direction):
        number = self.grammar.lookup("ORDINAL", m.group("ordinal"))
        letter = "Q" if m.group("unit").lower() == "quarter" else "H"
        if letter == "H" and number > 2:
            return None
        year_text = m.group("year") or m.groupdict().get("pyear")
        if year_text:
            return f"{year_text}-{letter}{number}"
        if anchor is None:
            return f"XXXX-{letter}{number}"
        text = m.group(0).lower()
        year = anchor.year
        if re.search(r"year-ago|year-earlier|last year's", text):
            year -= 1
        elif "next year's" in text:
            year += 1
        else:
            current = (anchor.month - 1) // 3 + 1 if letter == "Q" else (1 if anchor.month <= 6 else 2)
            if direction == FUTURE and number < current:
                year += 1
            elif direction == PAST and number > current:
                year -= 1
        return f"{year:04d}-{letter}{number}"

    def _kind_rel_quarter(self, m, anchor, direction):
        """ "the latest quarter", "the year-ago period", "the 1988 quarter": financial quarters,
        where "the quarter" is the last one completed before the article."""
        groups = m.groupdict()
        rel = (groups.get("rel") or "latest").lower()
        if groups.get("pyear"):
            if anchor is None:
                return None
            latest = shifted_value(anchor, "Q", -1)
            return f"{groups['pyear']}-{latest[-2:]}"
        offset = {"latest": -1, "previous": -2, "current": 0, "year-ago": -5, "year-earlier": -5}.get(rel)
        if offset is None or anchor is None:
            return None
        return shifted_value(anchor, "Q", offset)

    def _kind_weekend(self, m, anchor, direction):
        """ "the weekend": the coming one when the clause looks ahead, else the last one."""
        if anchor is None:
            return None
        if direction == FUTURE:
            return week_value(anchor + timedelta(days=(6 - anchor.isoweekday()) % 7)) + "-WE"
        return week_value(anchor - timedelta(days=(anchor.isoweekday() - 6) % 7)) + "-WE"

    def _kind_season(self, m, anchor, direction):
        code = self.grammar.lookup("SEASON", m.group("season"))
        if m.group("year"):
            return f"{m.group('year')}-{code}"
        if anchor is None:
            return f"XXXX-{code}"
        text = m.group(0).lower()
        start = _SEASON_START[code]
        year = anchor.year
        in_season = start <= anchor.month < start + 3 or (code == "WI" and anchor.month <= 2)
        if re.search(r"\blast\b|this past", text):
            year = anchor.year if (start < anchor.month and not in_season) else anchor.year - 1
        elif re.search(r"\bnext\b|this coming", text):
            year = anchor.year if (start > anchor.month) else anchor.year + 1
        elif code == "WI" and anchor.month <= 2:
            year -= 1
        return f"{year:04d}-{code}"

    # ---- relative to the anchor
    def _kind_dayword(self, m, anchor, direction):
        if anchor is None:
            return None
        offset = self.grammar.lookup("DAYWORD", m.group("word"))
        return (anchor + timedelta(days=offset)).isoformat()

    def _kind_timeword(self, m, anchor, direction):
        offset, part = self.grammar.lookup("TIMEWORD", m.group("word")).split()
        if anchor is None:
            return ("TIME", None)
        return ("TIME", f"{(anchor + timedelta(days=int(offset))).isoformat()}T{part}")

    def _kind_weekday(self, m, anchor, direction):
        part = m.group("part")
        found_type = "TIME" if part else "DATE"
        if anchor is None:
            return (found_type, None)
        weekday = self.weekday(m)
        rel = re.sub(r"\s+", " ", (m.group("rel") or "").lower())
        if rel in ("last", "this past", "the previous"):
            day = nearest_weekday(anchor - timedelta(days=1), weekday, PAST)
        elif rel in ("next", "the following"):
            day = nearest_weekday(anchor + timedelta(days=1), weekday, FUTURE)
        elif rel == "this coming":
            day = nearest_weekday(anchor, weekday, FUTURE)
        elif rel == "this":
            day = anchor + timedelta(days=weekday - anchor.isoweekday())
        else:
            day = nearest_weekday(anchor, weekday, direction)
        value = day.isoformat()
        if part:
            value += "T" + self.grammar.lookup("PARTOFDAY", part)
        return (found_type, value)

    def _kind_rel_unit(self, m, anchor, direction):
        unit = self.grammar.lookup("PLAINUNIT", m.group("unit"))
        offset = self.grammar.lookup("RELWORD", m.group("rel"))
        before = re.search(r"(\w+)\W*$", m.string[max(0, m.start() - 15):m.start()])
        if (m.group("the") and not m.group("pos") and offset != 0 and unit in ("Y", "DE", "CE", "M")
                and before and before.group(1).lower() in _DURATION_CUES - {"in"}):
            # "over the next decade", "for the past year": a stretch of time
            return ("DURATION", self.duration_value(1, unit))
        if anchor is None or offset is None:
            return None
        return shifted_value(anchor, unit, offset)

    def _kind_rel_unit_pos(self, m, anchor, direction):
        if anchor is None:
            return None
        return shifted_value(anchor, self.grammar.lookup("PLAINUNIT", m.group("unit")), 0)

    def _kind_year_word(self, m, anchor, direction):
        if anchor is None:
            return None
        if "month" in m.group(0).lower():
            return f"{anchor.year:04d}-{anchor.month:02d}"
        if direction == PAST and anchor.month < 12:  # "peaked by the end of year" in March
            return f"{anchor.year - 1:04d}"
        return f"{anchor.year:04d}"

    def _kind_shift(self, m, anchor, direction):
        unit = self.grammar.lookup("UNIT", m.group("unit"))
        sign = self.grammar.lookup("SHIFTWORD", m.group("shift"))
        number = self.number(m)
        if number == "X" or number is None:
            return "PAST_REF" if sign < 0 else "FUTURE_REF"
        if anchor is None or not float(number).is_integer():
            return None
        return shifted_value(anchor, unit, sign * int(number))

    def _kind_shift_anchor(self, m, anchor, direction):
        if anchor is None:
            return None
        number = self.number(m)
        if not isinstance(number, (int, float)):
            return None
        base = nearest_weekday(anchor, self.weekday(m), direction)
        sign = 1 if m.group("shift").lower() in ("after", "following") else -1
        unit = self.grammar.lookup("UNIT", m.group("unit"))
        days = {"D": 1, "W": 7}.get(unit)
        if days is None:
            year, month = month_shift(base.year, base.month, sign * int(number) * (12 if unit == "Y" else 1))
            return f"{year:04d}-{month:02d}"
        return (base + timedelta(days=sign * int(number) * days)).isoformat()

    def _kind_year_relative(self, m, anchor, direction):
        if anchor is None:
            return None
        if m.group("unit") and m.group("unit").lower() in ("quarter", "period"):
            return shifted_value(anchor, "Q", -5)
        return f"{anchor.year - 1:04d}"

    # ---- durations and sets
    def _kind_duration(self, m, anchor, direction):
        unit = self.grammar.lookup("UNIT", m.group("unit"))
        groups = m.groupdict()
        if groups.get("num_to"):
            return ("DURATION", f"PX{unit}" if unit not in ("H", "MIN", "S") else f"PTX{unit[0]}")
        number = self.number(m) if groups.get("num") else "X"
        if number is not None and groups.get("half") and number != "X":
            number = number + 0.5
        return ("DURATION", self.duration_value(number, unit))

    def _kind_duration_pair(self, m, anchor, direction):
        """ "between 12 and 18 months": two durations, the first borrowing the unit."""
        unit = self.grammar.lookup("UNIT", m.group("unit"))
        first = self.duration_value(self.number(m, "num"), unit)
        second = self.duration_value(self.number(m, "num_to"), unit)
        return [(m.start("num"), m.end("num"), "DURATION", first),
                (m.start("num_to"), m.end(), "DURATION", second)]

    def _kind_bare_units(self, m, anchor, direction):
        unit = self.grammar.lookup("UNIT", m.group("unit"))
        if re.match(r"\s+(?:ago|earlier)", m.string[m.end():m.end() + 10]):
            return ("DATE", "PAST_REF")
        return ("DURATION", self.duration_value("X", unit))

    def _kind_clock_duration(self, m, anchor, direction):
        h, mi, s = int(m.group("h")), int(m.group("m")), int(m.group("s"))
        return ("DURATION", f"PT{h}H{mi}M{s}S")

    def _kind_set(self, m, anchor, direction):
        word = m.group("unit")
        every = {"other": 2}.get((m.group("num") or "").lower())
        count = every or (self.number(m) if m.group("num") else 1)
        for cls, fmt in (("PARTOFDAY", "XXXX-XX-XXT{}"), ("WEEKDAY", "XXXX-WXX-{}"),
                         ("MONTH", "XXXX-{:02d}"), ("SEASON", "XXXX-{}")):
            found = self.grammar.lookup(cls, word)
            if found is not None and (cls != "MONTH" or word[0].isupper()):
                return ("SET", fmt.format(found))
        if word.lower() == "season":
            return ("SET", "P1Y")
        unit = self.grammar.lookup("UNIT", word)
        return ("SET", self.duration_value(count, unit) if unit else None)

    def _kind_setword(self, m, anchor, direction):
        return ("SET", self.grammar.lookup("SETWORD", m.group("word")))

    def _kind_weekday_plural(self, m, anchor, direction):
        value = f"XXXX-WXX-{self.weekday(m)}"
        if m.group("part"):
            value += "T" + self.grammar.lookup("PARTOFDAY", m.group("part"))
        return ("SET", value)

    def _kind_ref(self, m, anchor, direction):
        value = self.grammar.lookup("REF", m.group("word"))
        return ("DURATION" if re.match(r"P[\dX]", value) else "DATE", value)
