"""Time stage: find TIMEX3 time expressions, anchor them, date undated articles and events.

>>> from crosswire.stages.times import find_times
>>> [(t.text, t.value) for t in find_times("They met on Thursday.", article_id="a", anchor="2023-11-20")]
[('Thursday', '2023-11-16')]
"""

from __future__ import annotations

from crosswire.stages.times.estimate import EventDate, PublicationEstimate, estimate_publication, event_date
from crosswire.stages.times.stage import TimeStage, find_times

__all__ = ["EventDate", "PublicationEstimate", "TimeStage", "estimate_publication", "event_date",
           "find_times"]
