"""Plain-text cleaner: boilerplate kinds, body safety, title/dateline/source, accounting."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosswire.stages.clean import CleanedText, Cleaner, clean_text, repeated_lines

# Invented body paragraphs about a fictional summit (not taken from any real article).
BODY = [
    "The foreign ministers of Veloria and Ostrand met in the port city of Kalmar on Tuesday to "
    "discuss a long-delayed agreement on fishing rights in the northern strait.",
    "Officials from both delegations said the talks were frank and that a second round would be "
    "held next month, although no date has been fixed for it yet.",
    "\u201cWe have come a long way since the last meeting, and we intend to finish the work,\u201d "
    "the Velorian minister told reporters after the session ended in the evening.",
    "Observers noted that the dispute over the strait has lasted for more than a decade and has "
    "twice led to the seizure of trawlers by coast guard vessels from both sides.",
]
HEADLINE = "Veloria and Ostrand resume talks on strait fishing rights"


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


def article(*extra_top: str, bottom: tuple[str, ...] = (), title: str | None = HEADLINE) -> str:
    """An invented article with optional junk lines above and below the body."""
    parts = list(extra_top)
    if title:
        parts.append(title)
    parts.extend(BODY)
    parts.extend(bottom)
    return "\n\n".join(parts)


def reasons_of(result: CleanedText) -> dict[str, str]:
    return {r.text: r.reason for r in result.removed}


def assert_body_kept(result: CleanedText) -> None:
    for paragraph in BODY:
        assert paragraph in result.text


@pytest.mark.parametrize(("line", "reason"), [
    ("\u00a9 2024 Northern Gazette. All rights reserved.", "copyright"),
    ("Any reproduction of material from this site needs written consent from gazette.example", "copyright"),
    ("Views: 2417", "counter"),
    ("3,210 views", "counter"),
    ("Follow us on Telegram", "share"),
    ("share-lineEnjoyed the story? Share it with your friends!", "share"),
    ("copy link", "share"),
    ("You May Also Like", "related"),
    ("Related articles", "related"),
    ("source site-17", "signature"),
    ("Haberler-haberleri net", "signature"),
    ("Skip to main content", "navigation"),
    ("(Image: Reuters)", "caption"),
    ("Your email address will not be published. Required fields are marked *", "comments"),
])
def test_each_boilerplate_kind_is_removed_with_its_reason(cleaner, line, reason):
    result = cleaner.clean(article(bottom=(line,)))
    assert reasons_of(result).get(line) == reason
    assert line not in result.text
    assert_body_kept(result)


def test_lines_in_another_language_or_script_are_removed(cleaner):
    result = cleaner.clean(article("ABONE OL \u015eİMDİ", bottom=("\u0421\u0441\u044b\u043b\u043a\u0430 "
                                                                   "\u0441\u043a\u043e\u043f\u0438\u0440"
                                                                   "\u043e\u0432\u0430\u043d\u0430",)))
    reasons = reasons_of(result)
    assert reasons["ABONE OL \u015eİMDİ"] == "foreign-language"
    assert reasons["\u0421\u0441\u044b\u043b\u043a\u0430 \u0441\u043a\u043e\u043f\u0438\u0440\u043e\u0432\u0430\u043d\u0430"] == "foreign-language"
    assert_body_kept(result)


def test_navigation_run_at_top_is_removed_and_headline_found_after_it(cleaner):
    nav = ("facebook", "telegram", "play market", "search", "POLITICS", "A+", "A-")
    result = cleaner.clean("\n".join(nav) + "\n\n" + article(bottom=("Views: 88", "print", "ads")))
    assert result.title == HEADLINE
    assert HEADLINE not in result.text
    removed = reasons_of(result)
    for line in nav + ("Views: 88", "print", "ads"):
        assert line in removed
    assert_body_kept(result)


def test_body_sentences_mentioning_share_and_follow_are_kept(cleaner):
    sentences = (
        "Fishing crews share the catch with the harbour cooperative, and the ministers promised "
        "to follow the scientists' advice on quotas for the coming season.",
        "Share prices of the two largest fishing companies rose after the announcement.",
    )
    text = "\n\n".join([HEADLINE, BODY[0], *sentences, BODY[1]])
    result = cleaner.clean(text)
    for sentence in sentences:
        assert sentence in result.text
    assert not result.removed


def test_short_subheading_between_paragraphs_is_kept(cleaner):
    text = "\n\n".join([HEADLINE, BODY[0], BODY[1], "A decade of disputes", BODY[2], BODY[3]])
    result = cleaner.clean(text)
    assert "A decade of disputes" in result.text.split("\n")


def test_title_decorations_are_stripped_and_recorded(cleaner):
    result = cleaner.clean(article(title=f"Breaking news {HEADLINE} Lastminute news"))
    assert result.title == HEADLINE
    decorations = [r.text for r in result.removed if r.reason == "decoration"]
    assert decorations == ["Breaking news", "Lastminute news"]
    assert "Breaking" not in result.text


def test_dateline_goes_to_its_field_and_is_recorded(cleaner):
    for line, iso in (("12 March 2021 14:05", "2021-03-12"), ("March 12, 2021", "2021-03-12"),
                      ("2021-03-12", "2021-03-12")):
        text = "\n\n".join([HEADLINE, line, *BODY])
        result = cleaner.clean(text)
        assert result.dateline == iso
        assert reasons_of(result)[line] == "dateline"
        assert line not in result.text
        assert result.title == HEADLINE


def test_a_date_inside_a_body_sentence_is_not_a_dateline(cleaner):
    sentence = "The agreement was signed on 12 March 2021 by both ministers in the old town hall of Kalmar."
    result = cleaner.clean("\n\n".join([HEADLINE, sentence, *BODY]))
    assert result.dateline is None
    assert sentence in result.text


@pytest.mark.parametrize(("line", "source"), [
    ("Reprinting our stories requires an active hyperlink to Gazette.az", "gazette.az"),
    ("Gazette.az \u00a9 2025.", "gazette.az"),
    ("Haberler-haberleri net", "haberler-haberleri.net"),
    ("NorthPost.com", "northpost.com"),
])
def test_source_from_signature(cleaner, line, source):
    assert cleaner.clean(article(bottom=(line,))).source == source


def test_no_signature_means_no_source_and_aggregator_tag_is_not_a_source(cleaner):
    assert cleaner.clean(article()).source is None
    assert cleaner.clean(article(bottom=("source site-59",))).source is None


def test_first_line_that_is_a_sentence_is_not_a_title(cleaner):
    text = "\n".join(BODY)
    result = cleaner.clean(text)
    assert result.title is None
    assert_body_kept(result)
    assert not result.removed


def test_corpus_repeated_lines_are_removed(cleaner):
    texts = [article(bottom=("Northern Gazette weekly digest",)) for _ in range(3)]
    repeated = repeated_lines(texts, min_docs=3)
    assert "Northern Gazette weekly digest" in repeated
    assert BODY[0] not in repeated  # long body lines are never corpus boilerplate
    result = cleaner.clean(texts[0], repeated_lines=repeated)
    assert reasons_of(result)["Northern Gazette weekly digest"] == "repeated"
    assert_body_kept(result)


def test_paragraphs_are_separated_by_blank_lines(cleaner):
    result = cleaner.clean(article())
    assert result.text.split("\n\n") == BODY


def test_hard_wrapped_sentences_stay_together(cleaner):
    wrapped = ("The delegations agreed that the inspection regime in the strait should be\n"
               "reviewed by an independent panel of marine scientists before the\n"
               "next fishing season opens in the spring.")
    result = cleaner.clean("\n\n".join([HEADLINE, BODY[0], wrapped, BODY[1]]))
    assert wrapped in result.text


def test_clean_text_convenience_and_empty_input():
    assert clean_text("") == CleanedText("", (), None, None, None)
    assert clean_text(article()).title == HEADLINE


def test_language_argument_is_respected(cleaner):
    # Declared English: the Cyrillic widget line goes; the article itself is untouched.
    result = cleaner.clean(article(bottom=("\u041f\u043e\u0434\u043f\u0438\u0441\u0430\u0442\u044c\u0441\u044f",)),
                           language="en")
    assert [r.reason for r in result.removed] == ["foreign-language"]


_LINE = st.one_of(
    st.sampled_from(BODY + [HEADLINE, "Views: 12", "Follow us on Telegram", "menu", "A+",
                            "\u00a9 2024 Gazette", "You Might Also Like", "3 May 2022 10:00", ""]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
            max_size=60),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=25))
def test_every_input_line_is_kept_titled_or_recorded(lines):
    cleaner = Cleaner()
    raw = "\n".join(lines)
    result = cleaner.clean(raw)
    inputs = [line.strip() for line in raw.splitlines() if line.strip()]
    kept = [line for line in result.text.split("\n") if line]
    # Kept lines are input lines, in input order.
    position = 0
    for line in kept:
        position = inputs.index(line, position) + 1
    # Every non-blank input line is accounted for: kept, removed, or the title line(s).
    leftover = Counter(inputs)
    leftover.subtract(kept + [r.text for r in result.removed if r.reason != "decoration"])
    assert all(count >= 0 for count in leftover.values())
    title_lines = Counter(leftover.elements())
    if result.title is None:
        assert not title_lines
    else:
        # The title is taken from consecutive input lines, which are exactly the lines left over
        # (a line that occurs twice may be kept at one place and titled at the other).
        n = sum(title_lines.values())
        runs = [inputs[i:i + n] for i in range(len(inputs) - n + 1) if Counter(inputs[i:i + n]) == title_lines]
        assert any(result.title in " ".join(run) for run in runs)
