"""Quote groups across articles and word-level drift, on hand-written wordings."""

from __future__ import annotations

from crosswire.corpus.quote_groups import group_quotes, quote_drift
from crosswire.model import Quote


def quote(qid, article, text, speaker_key=None):
    return Quote(qid, article, text, 0, len(text), "direct", None, None, None, "say",
                 speaker_key=speaker_key)


def test_same_statement_in_other_words_is_one_group():
    a = quote("q1", "a1", "The harbour will stay closed to foreign ships until the storm season ends")
    b = quote("q2", "a2", "The port will remain closed to foreign vessels until the storm season is over")
    c = quote("q3", "a3", "Our football team won the regional championship on Saturday evening")
    groups = group_quotes([a, b, c])
    assert groups["q1"] == groups["q2"] == "q1"
    assert groups["q3"] == "q3"


def test_long_statement_joins_the_group_of_its_matching_sentence():
    long = quote("q9", "a1", "We thank our partners. The harbour will stay closed to foreign ships "
                            "until the storm season ends. We expect trade to recover next year.")
    short = quote("q5", "a2", "the port will stay closed to foreign ships until the storm season ends")
    groups = group_quotes([long, short])
    assert groups["q9"] == groups["q5"] == "q5"


def test_groups_do_not_depend_on_input_order():
    qs = [quote("x1", "a1", "Grain exports will double by the end of next year"),
          quote("x2", "a2", "grain exports are going to double by the end of next year"),
          quote("x3", "a3", "Nobody expected the minister to resign over the grain scandal")]
    assert group_quotes(qs) == group_quotes(list(reversed(qs)))


def test_same_article_and_incompatible_speakers_are_not_grouped():
    text = "Grain exports will double by the end of next year, officials in the capital said"
    same_article = [quote("y1", "a1", text), quote("y2", "a1", text)]
    assert group_quotes(same_article) == {"y1": "y1", "y2": "y2"}
    other = [quote("z1", "a1", "The bridge will reopen in June after the repairs",
                   speaker_key="anna berg"),
             quote("z2", "a2", "The bridge will reopen in July after the repair work",
                   speaker_key="tom reyes")]
    groups = group_quotes(other)
    assert groups["z1"] != groups["z2"]


def test_drift_shows_the_changed_words():
    drift = quote_drift("nothing will be normal with Freedonia after the events",
                        "Nothing will be typical with Freedonia after the activities")
    changes = [op for op in drift.ops if op[0] != "equal"]
    assert ("replace", ("normal",), ("typical",)) in changes
    assert ("replace", ("events",), ("activities",)) in changes
    assert 0.5 < drift.similarity < 1.0
    assert quote_drift("same words here", "same words here").similarity == 1.0


def test_drift_aligns_a_short_quote_inside_a_long_one():
    long = "We thank our partners. The harbour stays closed until May. We expect a recovery."
    drift = quote_drift(long, "the harbour stays closed until May")
    start, end = drift.a_window
    assert "harbour stays closed until May" in long[start:end]
    assert len(long[start:end]) < len(long) / 2


def test_sharing_only_names_is_not_the_same_statement():
    a = quote("t1", "a1", "We will help talks between Freedonia and Sylvania in Geneva")
    b = quote("t2", "a2", "Freedonia and Sylvania must stop the shelling near Geneva at once")
    groups = group_quotes([a, b])
    assert groups["t1"] != groups["t2"]
