"""The per-article time stage and the one-call :func:`find_times`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from crosswire.errors import StageError
from crosswire.model import TimeExpr
from crosswire.stages.base import Draft, Stage
from crosswire.stages.times.anchor import parse_iso_day
from crosswire.stages.times.estimate import estimate_publication
from crosswire.stages.times.grammar import load_grammar
from crosswire.stages.times.recognise import TimeFinder

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _anchor_day(anchor: str | None) -> date | None:
    """The anchor as a date; an unreadable anchor is a caller's error, not a silent None."""
    if anchor is None:
        return None
    day = parse_iso_day(anchor)
    if day is None:
        raise StageError(f"times: anchor {anchor!r} is not an ISO date (YYYY-MM-DD); "
                         "pass the publication date or None")
    return day


def find_times(text: str, *, article_id: str, anchor: str | None, doc: Doc | None = None) -> list[TimeExpr]:
    """Time expressions of ``text`` with TIMEX3 values resolved against ``anchor`` (ISO date).

    Without an anchor, relative expressions ("on Thursday", "last month") get value None.
    ``doc`` (the spaCy parse of ``text``) lets the clause's tense pick the direction.

    >>> [t.value for t in find_times("From May 1-4 they met.", article_id="a", anchor="2023-05-31")]
    ['2023-05-01/2023-05-04']
    """
    day = _anchor_day(anchor)
    finder = TimeFinder(load_grammar())
    return finder.times(text, article_id=article_id, anchors=(day,) if day else (),
                        label=f"published:{anchor[:10]}" if day else None, doc=doc)


class TimeStage(Stage):
    """Fills ``draft.times``; dates undated drafts from their text (``published_from`` inferred)."""

    name = "times"
    requires = ("text", "doc", "published")
    provides = ("times",)
    needs_english = True

    def __init__(self) -> None:
        self.finder: TimeFinder | None = None

    def setup(self, config: dict[str, Any]) -> None:
        self.finder = TimeFinder(load_grammar())

    def process(self, drafts: list[Draft]) -> None:
        if self.finder is None:
            self.setup({})
        for draft in drafts:
            draft.times = self.times_of(draft)

    def times_of(self, draft: Draft) -> list[TimeExpr]:
        """Time expressions of one draft, estimating its publication date first if it has none."""
        if not draft.text:
            return []
        anchors: tuple[date, ...] = ()
        label = None
        published = parse_iso_day(draft.published)
        if published is not None:
            anchors, label = (published,), f"{draft.published_from or 'published'}:{published}"
        else:
            estimate = estimate_publication(draft.text, doc=draft.doc, finder=self.finder)
            if estimate is not None and estimate.day:
                draft.published, draft.published_from = estimate.day, "inferred"
                anchors, label = (date.fromisoformat(estimate.day),), f"inferred:{estimate.day}"
            elif estimate is not None:
                draft.published_range = {"earliest": estimate.earliest, "latest": estimate.latest}
                if estimate.earliest and estimate.latest:
                    anchors = (date.fromisoformat(estimate.earliest), date.fromisoformat(estimate.latest))
                    label = f"inferred:{estimate.earliest}/{estimate.latest}"
        return self.finder.times(draft.text, article_id=draft.article_id, anchors=anchors,
                                 label=label, doc=draft.doc)
