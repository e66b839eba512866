"""Find time expressions: run the grammar rules, keep the longest non-overlapping matches,
drop the ones that are not time expressions in context, and normalise the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from crosswire.model import TimeExpr
from crosswire.stages.times.anchor import direction_of
from crosswire.stages.times.grammar import Grammar, Rule
from crosswire.stages.times.normalise import NEEDS_DIRECTION, Normaliser

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Words after which a bare month name is a month, not a verb or a modal ("in May" vs "may").
_MONTH_CUES = frozenset({
    "in", "since", "until", "till", "by", "of", "early", "late", "mid", "last", "next", "this",
    "during", "through", "before", "after", "from", "to", "for", "and", "or", "between", "around",
    "throughout", "starting", "beginning", "ending", "end", "on", "into", "as", "that",
})
_WORD_BEFORE = re.compile(r"([\w-]+)\W*$")
_WORD_AFTER = re.compile(r"^\W*(\w+)")


@dataclass(frozen=True)
class Candidate:
    """A rule match kept after overlap resolution."""

    rule: Rule
    match: re.Match[str]

    @property
    def start(self) -> int:
        return self.match.start()

    @property
    def end(self) -> int:
        return self.match.end()


class TimeFinder:
    """Recognises and normalises time expressions with one compiled grammar."""

    def __init__(self, grammar: Grammar):
        self.grammar = grammar
        self.normaliser = Normaliser(grammar)
        # The last text's candidates: estimating the publication date and then anchoring scan
        # the same article twice, and scanning (every rule over the text) is the costly part.
        self._last: tuple[str, Doc | None, list[Candidate]] | None = None

    def candidates(self, text: str, doc: Doc | None = None) -> list[Candidate]:
        """Longest non-overlapping rule matches that pass the context checks."""
        if self._last is not None and self._last[1] is doc and self._last[0] == text:
            return self._last[2]
        kept = self._scan(text, doc)
        self._last = (text, doc, kept)
        return kept

    def _scan(self, text: str, doc: Doc | None) -> list[Candidate]:
        """Every rule over the text; overlaps resolved longest first."""
        found: list[tuple[int, int, int, re.Match[str]]] = []
        for index, rule in enumerate(self.grammar.rules):
            for match in rule.regex.finditer(text):
                if match.end() > match.start() and self._plausible(rule.kind, match, text, doc):
                    found.append((-(match.end() - match.start()), index, match.start(), match))
        found.sort(key=lambda item: item[:3])
        taken: list[tuple[int, int]] = []
        kept: list[Candidate] = []
        for _, index, _, match in found:
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            kept.append(Candidate(self.grammar.rules[index], match))
        kept.sort(key=lambda c: c.start)
        return kept

    def times(self, text: str, *, article_id: str, anchors: tuple[date, ...], label: str | None,
              doc: Doc | None = None) -> list[TimeExpr]:
        """Normalised expressions. With several anchors (a publication range) a value is kept only
        when every anchor gives the same one; otherwise it is None, never a guess."""
        result = []
        for candidate in self.candidates(text, doc):
            kind = candidate.rule.kind
            direction = None
            if kind in NEEDS_DIRECTION:
                direction = direction_of(doc, text, candidate.start, candidate.end,
                                         self.grammar.future_lemmas)
            unanchored = self.normaliser.pieces(kind, candidate.rule.type, candidate.match, None, direction)
            per_anchor = [self.normaliser.pieces(kind, candidate.rule.type, candidate.match, a, direction)
                          for a in anchors] or [unanchored]
            for position, piece in enumerate(per_anchor[0]):
                start, end, type_, value = piece
                start, end = self._trimmed(candidate, text, start, end)
                if any(other[position][3] != value for other in per_anchor[1:]):
                    value = None
                depends = anchors and value != unanchored[position][3]
                result.append(TimeExpr(article=article_id, text=text[start:end], start=start, end=end,
                                       type=type_, value=value, anchor=label if depends else None))
        return result

    def _trimmed(self, candidate: Candidate, text: str, start: int, end: int) -> tuple[int, int]:
        """TimeML span edges: no sentence-final period after a full word ("July."), no
        determiner or "first" before an adjectival duration ("first three-month")."""
        if text[end - 1] == "." and end - start > 1:
            word = re.search(r"([\w.]+)\.$", text[start:end])
            last = word.group(1).lower() if word else ""
            if not (len(last) <= 4 and self.grammar.lookup("MONTH", last) is not None
                    and last not in ("may", "june", "july")) and "." not in last:
                end -= 1
        if candidate.rule.kind == "duration":
            m = candidate.match
            if m.groupdict().get("num") and text[m.end("num"):m.start("unit")].strip() == "-" and m.start("num") > start \
                    and not (m.groupdict().get("more") or m.groupdict().get("num2")):
                start = m.start("num")
        return start, end

    # ---- context checks
    def _plausible(self, kind: str, match: re.Match[str], text: str, doc: Doc | None) -> bool:
        """False for matches that are not time expressions here ("may" the modal, "1990 shares")."""
        groups = match.groupdict()
        for name in ("month", "month2", "weekday"):
            word = groups.get(name)
            if word and not word[0].isupper():
                return False
        if kind == "set":
            word = groups["unit"]
            if (self.grammar.lookup("MONTH", word) or self.grammar.lookup("WEEKDAY", word)) \
                    and not word[0].isupper():
                return False
        if kind == "month_year" and not (groups["rel"] or groups["year"] or groups["yrel"]):
            return self._bare_month(match, text, doc)
        if kind == "year":
            return self._year(match, text, doc)
        if kind == "duration":
            unit = groups["unit"].lower()
            after = text[match.end():match.end() + 4].lower()
            if unit == "second" and not (groups.get("num") or "").isdigit():
                return False
            if unit.startswith("quarter") and after.startswith(" of"):
                return False
            if groups.get("the") and re.fullmatch(r"\d{4}", groups.get("num") or ""):
                return False  # "the 1988 second quarter": a year, not 1988 seconds
            if groups.get("old"):
                return False  # ages ("a 22-year-old") are not time expressions in TimeML
        if kind == "season" and groups["season"][0].isupper() and match.group(0)[0].isupper() \
                and match.group(0).lower() == groups["season"].lower():
            return False  # "Summer Time", a name
        if kind == "ref" and groups["word"].lower() == "now":
            return self._now(match, text)
        return True

    def _bare_month(self, match: re.Match[str], text: str, doc: Doc | None) -> bool:
        """A month name alone counts when it is written out and is not the modal "May"."""
        word = match.group("month")
        if self.grammar.lookup("MONTH", word) is None or len(word) < 5 and word.lower() != "may" \
                and word.lower() not in ("june", "july"):
            return False
        if word.lower() != "may":
            return True
        if doc is not None:
            span = doc.char_span(match.start("month"), match.end("month"), alignment_mode="expand")
            if span is not None and len(span) == 1 and span[0].tag_ == "MD":
                return False
            if span is not None and len(span) == 1 and span[0].tag_ == "NNP":
                return True
        before = _WORD_BEFORE.search(text[max(0, match.start() - 20):match.start()])
        return bool(before) and before.group(1).lower() in _MONTH_CUES

    def _year(self, match: re.Match[str], text: str, doc: Doc | None) -> bool:
        """A four-digit number is a year unless it counts something ("1990 shares")."""
        after = _WORD_AFTER.search(text[match.end():match.end() + 20])
        if after and after.group(1).lower() in self.grammar.not_year_after:
            return False
        if doc is not None:
            span = doc.char_span(match.start("year"), match.end("year"), alignment_mode="expand")
            if span is not None and len(span) == 1:
                token = span[0]
                head = token.head
                if token.dep_ == "nummod" and head.tag_ == "NNS" and \
                        self.grammar.lookup("UNIT", head.lower_) is None:
                    return False
        return True

    @staticmethod
    def _now(match: re.Match[str], text: str) -> bool:
        """ "now" is a time reference except in "now that" / "just now" as discourse."""
        after = text[match.end():match.end() + 6].lower()
        return not after.startswith(" that")
