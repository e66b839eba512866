"""Time stage: recognition, TIMEX3 normalisation, anchoring, event dates, publication estimates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.errors import StageError
from crosswire.model import RawArticle, TimeExpr
from crosswire.stages.base import Draft
from crosswire.stages.times import EventDate, TimeStage, estimate_publication, event_date, find_times


def values(text: str, anchor: str | None = "2023-11-20", doc=None) -> dict[str, tuple[str, str | None]]:
    """{surface: (type, value)} of every expression found."""
    return {t.text: (t.type, t.value) for t in find_times(text, article_id="a", anchor=anchor, doc=doc)}


# ---- point 1: every kind of expression
@pytest.mark.parametrize("text, surface, type_, value", [
    ("The ministers met from May 1-4 in Washington.", "May 1-4", "DATE", "2023-05-01/2023-05-04"),
    ("Fighting went on between 2020 and 2023.", "2020", "DATE", "2020"),
    ("Fighting went on between 2020 and 2023.", "2023", "DATE", "2023"),
    ("The talks ended on 20 November.", "20 November", "DATE", "2023-11-20"),
    ("The offensive began on September 19.", "September 19", "DATE", "2023-09-19"),
    ("Prices rose last month.", "last month", "DATE", "2023-10"),
    ("The envoy travels next week.", "next week", "DATE", "2023-W48"),
    ("The leaders will meet later this week.", "later this week", "DATE", "2023-W47"),
    ("The border closed three years ago.", "three years ago", "DATE", "2020"),
    ("Trade doubled in the past three years.", "the past three years", "DURATION", "P3Y"),
    ("The dispute dates from the 1990s.", "the 1990s", "DATE", "199"),
    ("A new port opens in mid-2024.", "mid-2024", "DATE", "2024"),
    ("The two sides recently resumed talks.", "recently", "DATE", "PAST_REF"),
    ("The feud has lasted decades.", "decades", "DURATION", "PXDE"),
    ("The talks lasted three days.", "three days", "DURATION", "P3D"),
    ("It was a two-hour meeting.", "two-hour", "DURATION", "PT2H"),
    ("Inspectors visit every week.", "every week", "SET", "P1W"),
    ("The bulletin appears daily.", "daily", "SET", "P1D"),
    ("The vote closed at 3:30 p.m. on Friday.", "3:30 p.m. on Friday", "TIME", "2023-11-17T15:30"),
    ("Profits fell in the third quarter.", "the third quarter", "DATE", "2023-Q3"),
    ("Exports grew last summer.", "last summer", "DATE", "2023-SU"),
    ("The 20th century was violent.", "20th century", "DATE", "19"),
    ("Talks stopped in March 2021.", "March 2021", "DATE", "2021-03"),
    ("He arrived yesterday and leaves tomorrow.", "yesterday", "DATE", "2023-11-19"),
    ("He arrived yesterday and leaves tomorrow.", "tomorrow", "DATE", "2023-11-21"),
    ("It is quiet now.", "now", "DATE", "PRESENT_REF"),
])
def test_expression_kinds(text, surface, type_, value):
    assert values(text).get(surface) == (type_, value)


def test_may_the_modal_is_not_a_month(nlp):
    text = "The parties may meet again, officials said in May."
    found = values(text, doc=nlp(text))
    assert list(found) == ["May"] and found["May"][1] == "2023-05"


def test_quantities_are_not_years():
    assert values("The army sent 1990 troops and 2000 shares changed hands.") == {}


# ---- point 2: anchoring and direction
def test_tense_decides_direction_of_a_weekday(nlp):
    past = "Azerbaijan refused on Thursday to join the talks."
    future = "The ministers will meet on Thursday in Brussels."
    # 2023-11-20 is a Monday: the past Thursday is the 16th, the coming one the 23rd.
    assert values(past, doc=nlp(past))["Thursday"][1] == "2023-11-16"
    assert values(future, doc=nlp(future))["Thursday"][1] == "2023-11-23"


def test_weekday_without_parse_defaults_to_the_past_and_future_cue_turns_it():
    assert values("They met on Thursday.")["Thursday"][1] == "2023-11-16"
    assert values("They will meet on Thursday.")["Thursday"][1] == "2023-11-23"


def test_year_rolls_back_for_late_december_in_a_january_article(nlp):
    text = "The ceasefire was signed on December 28."
    assert values(text, anchor="2024-01-05", doc=nlp(text))["December 28"][1] == "2023-12-28"
    assert values(text, anchor="2024-01-05")["December 28"][1] == "2023-12-28"


def test_leap_days():
    assert values("The vote was on February 29, 2024.")["February 29, 2024"][1] == "2024-02-29"
    assert values("The vote was on February 29, 2023.")["February 29, 2023"][1] is None
    # a yearless leap day in a non-leap year: resolved to a real leap year, never a crash
    found = values("The vote was on February 29.", anchor="2023-06-01")["February 29"][1]
    assert found in ("2020-02-29", "2024-02-29")


def test_expression_resolves_through_another():
    found = values("Two days ahead of Friday's meeting, Blinken called Aliyev.")
    assert found["Two days ahead of Friday's"] == ("DATE", "2023-11-15")


def test_without_anchor_relative_expressions_stay_unresolved():
    found = values("On Thursday officials said last month was calm; on November 16 they met.", anchor=None)
    assert found["Thursday"][1] is None
    assert found["last month"][1] is None
    assert found["November 16"][1] == "XXXX-11-16"


def test_anchor_is_recorded_only_when_used():
    exprs = {t.text: t for t in find_times("In 1994 and last week.", article_id="a", anchor="2023-11-20")}
    assert exprs["1994"].anchor is None
    assert exprs["last week"].anchor == "published:2023-11-20"


def test_bad_anchor_is_an_error_that_says_what_to_pass():
    with pytest.raises(StageError, match="ISO date"):
        find_times("Monday", article_id="a", anchor="20/11/2023")


FRAGMENTS = ["On Thursday", "the past three years", "May 1-4", "3 p.m.", "every week", "1990s", "x",
             "recently", " ", "\n", "December 28,", "2023", "mid-", "last", "“", "two-day", "Feb. 29"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12), st.sampled_from([None, "2024-02-29", "2023-01-01"]))
def test_offsets_always_slice_to_the_recorded_text(parts, anchor):
    text = " ".join(parts)
    for expr in find_times(text, article_id="a", anchor=anchor):
        assert text[expr.start:expr.end] == expr.text and expr.start < expr.end
        assert expr.type in ("DATE", "TIME", "DURATION", "SET")


# ---- point 3: publication date from the text
def test_estimate_bounds_from_past_and_planned_dates(nlp):
    text = ("The ministry said on November 16 that it withdrew. "
            "The ministers will meet in Washington on November 20, 2023.")
    estimate = estimate_publication(text, doc=nlp(text))
    assert (estimate.earliest, estimate.latest) == ("2023-11-16", "2023-11-20")
    assert estimate.day is None


def test_stage_dates_undated_article_with_range_and_keeps_weekdays_unresolved(nlp):
    text = ("The ministry said on November 14 that it withdrew. On Thursday it repeated this. "
            "The ministers will meet in Washington on November 20, 2023. Talks stalled this month.")
    draft = Draft(raw=RawArticle(ref="t", body=text, kind="text"), text=text, doc=nlp(text))
    stage = TimeStage()
    stage.setup({})
    stage.process([draft])
    assert draft.published is None
    assert draft.published_range == {"earliest": "2023-11-14", "latest": "2023-11-20"}
    found = {t.text: t.value for t in draft.times}
    assert found["Thursday"] is None  # Nov 9 or Nov 16, depending on the day: not invented
    assert found["this month"] == "2023-11"  # both ends agree
    assert all(t.article == draft.article_id for t in draft.times)


def test_stage_infers_a_single_day(nlp):
    text = "Officials met on March 3, 2024. The summit will open on March 3, 2024."
    draft = Draft(raw=RawArticle(ref="t", body=text, kind="text"), text=text, doc=nlp(text))
    stage = TimeStage()
    stage.setup({})
    stage.process([draft])
    assert (draft.published, draft.published_from) == ("2024-03-03", "inferred")


def test_stage_uses_given_publication_date_without_a_parse():
    text = "The envoy arrived yesterday."
    draft = Draft(raw=RawArticle(ref="t", body=text, kind="text"), text=text, published="2023-05-31",
                  published_from="metadata")
    stage = TimeStage()
    stage.setup({})
    stage.process([draft])
    assert [(t.value, t.anchor) for t in draft.times] == [("2023-05-30", "metadata:2023-05-31")]


# ---- point 4: event dates
def _expr(text: str, start: int, type_: str, value: str | None) -> TimeExpr:
    return TimeExpr("a", text, start, start + len(text), type_, value, None)


def test_event_date_relations():
    times = [_expr("1994", 10, "DATE", "1994"), _expr("Thursday", 60, "DATE", "2023-11-16"),
             _expr("next week", 110, "DATE", "2023-W48"), _expr("three days", 150, "DURATION", "P3D")]
    assert event_date(times, 0, 50, "2023-11-20") == EventDate("1994", "year", "before")
    assert event_date(times, 50, 100, "2023-11-20") == EventDate("2023-11-16", "day", "around")
    assert event_date(times, 100, 140, "2023-11-20") == EventDate("2023-W48", "week", "after")
    # a duration dates nothing: fall back on the publication day, as reported news
    assert event_date(times, 140, 170, "2023-11-20") == EventDate("2023-11-20", "day", "around")
    assert event_date(times, 140, 170, None) == EventDate(None, None, None)


def test_event_date_prefers_the_most_specific_expression():
    times = [_expr("November", 0, "DATE", "2023-11"), _expr("November 16", 20, "DATE", "2023-11-16")]
    assert event_date(times, 0, 40, None) == EventDate("2023-11-16", "day", None)


def test_infinitive_under_the_sentence_root_does_not_recurse_forever(nlp):
    # A headline whose root is an infinitive ("X to do Y") once sent the tense climb into
    # endless recursion (spaCy tokens compared by identity never matched their own head).
    text = "Norway and Chile to meet in Geneva in September.\n\nThe talks were announced on Monday."
    doc = nlp(text)
    found = find_times(text, article_id="a", anchor="2024-03-06", doc=doc)
    assert [t.text for t in found] == ["September", "Monday"]


def test_seasons_and_halves_have_intervals():
    from crosswire.model import TimeExpr

    for value, expected in (("2023-SU", "2023"), ("2023-H2", "2023"), ("2023-Q4", "2023")):
        expr = TimeExpr("a", "x", 0, 6, "DATE", value, None)
        assert event_date([expr], 0, 10, "2024-06-01").relation == "before", value
