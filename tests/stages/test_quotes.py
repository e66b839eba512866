"""Quote stage on hand-written sentences: every quote style and attribution form of issue 4."""

from __future__ import annotations

import pytest

from crosswire.model import RawArticle
from crosswire.stages.base import Draft
from crosswire.stages.quotes import QuoteStage, find_quotes
from crosswire.stages.quotes.marks import quoted_spans


def quotes_of(nlp, text):
    return find_quotes(nlp(text), article_id="t1")


def only(quotes, kind):
    found = [q for q in quotes if q.kind == kind]
    assert found, f"no {kind} quote in {[(q.kind, q.text) for q in quotes]}"
    return found


# -- quotation marks (no model needed) --------------------------------------------------------
@pytest.mark.parametrize("text, inner", [
    ('He said "the road is open" today.', "the road is open"),
    ("He said \u201cthe road is open\u201d today.", "the road is open"),
    ("He said \u2018the road is open\u2019 today.", "the road is open"),
    ("He said \u00abthe road is open\u00bb today.", "the road is open"),
    ("He said \u201ethe road is open\u201c today.", "the road is open"),
    ("He said \u201athe road is open\u2018 today.", "the road is open"),
])
def test_every_quote_style_is_found(text, inner):
    assert [text[s.start:s.end] for s in quoted_spans(text)] == [inner]


def test_apostrophes_are_not_quotes():
    text = "Pat's dog didn't bark at O'Hara's door."
    assert quoted_spans(text) == []


def test_unclosed_outer_quote_closes_at_the_nested_closer():
    text = "He warned that \u201cthere can be no \u201cbusiness as usual\u201d in our ties, the council noted."
    spans = quoted_spans(text)
    assert len(spans) == 1
    assert text[spans[0].start:spans[0].end] == "there can be no \u201cbusiness as usual"


def test_multi_paragraph_quote_without_middle_marks():
    text = ('"First we build the dam.\n\nThen we fill the lake.\n\nFinally we open the gates," '
            "the council said.")
    spans = quoted_spans(text)
    assert len(spans) == 1 and spans[0].multi_paragraph
    assert text[spans[0].start:spans[0].end].startswith("First") and "lake" in text[spans[0].start:spans[0].end]


# -- direct quotes and speakers ---------------------------------------------------------------
def test_direct_quote_with_inverted_pronoun_resolved_to_full_name(nlp):
    text = ('Harbour Minister Oskar Lindqvist spoke in Oslo on Monday.\n\n'
            '\u201cThe new port will open in spring,\u201d he said.')
    q = only(quotes_of(nlp, text), "direct")[0]
    assert q.text == "The new port will open in spring"
    assert text[q.start:q.end] == q.text
    assert (q.speaker_name, q.speaker_text, q.cue) == ("Oskar Lindqvist", "he", "say")
    assert q.speaker_key == "oskar lindqvist" and q.speaker is None


def test_split_quote_keeps_the_speaker(nlp):
    text = '"We will rebuild the bridge," Maria Santos said. "It will take two years."'
    first, second = only(quotes_of(nlp, text), "direct")
    assert first.speaker_name == second.speaker_name == "Maria Santos"
    assert second.text == "It will take two years."
    assert second.extra["attribution"] == "continued"


def test_multi_paragraph_statement_is_one_quote_for_the_ministry(nlp):
    text = ("The Ministry of Water of Freedonia answered the request on Tuesday.\n\n"
            '"We have studied the plan.\n\nThe dam is not safe.\n\n'
            'We cannot approve the project," the ministry said in a statement.')
    direct = only(quotes_of(nlp, text), "direct")
    assert len(direct) == 1
    q = direct[0]
    assert q.text.startswith("We have studied") and q.text.endswith("approve the project")
    assert q.speaker_text == "the ministry"
    assert q.speaker_name == "Ministry of Water of Freedonia"


def test_headline_quote_with_role_and_surname_only(nlp):
    text = ("'We are ready to help the two sides,' State Department spokesman Miller says.\n\n"
            "Spokesman John Miller spoke to reporters in Washington.")
    q = only(quotes_of(nlp, text), "direct")[0]
    assert q.text == "We are ready to help the two sides"
    assert q.speaker_name == "John Miller"
    assert q.extra["speaker_role"] == "State Department spokesman"


def test_inverted_cue_with_organisation(nlp):
    text = ('"Such a step could cost them their role," estimates the Foreign Ministry of Freedonia.')
    q = only(quotes_of(nlp, text), "direct")[0]
    assert q.cue in ("estimate", "estimates")
    assert "Ministry" in q.speaker_name


def test_colon_introduces_quote_in_next_paragraph(nlp):
    text = 'Senator Alice Novak continued:\n\n"We will not give up on this bill."'
    q = only(quotes_of(nlp, text), "direct")[0]
    assert q.speaker_name == "Alice Novak"


def test_pronoun_agrees_in_gender(nlp):
    text = ("Ms. Clara Holm met Mr. Peter Vance in Geneva on Friday.\n\n"
            '"The agreement is close," she said.')
    q = only(quotes_of(nlp, text), "direct")[0]
    assert q.speaker_name == "Clara Holm"


def test_nominal_role_resolves_to_the_role_holder(nlp):
    text = ("Spokeswoman Anna Berg briefed the press in Stockholm.\n\n"
            '"Talks will resume next week," the spokeswoman said.')
    q = only(quotes_of(nlp, text), "direct")[0]
    assert q.speaker_name == "Anna Berg" and q.speaker_text == "the spokeswoman"


def test_unresolvable_speaker_stays_none_with_surface_text(nlp):
    text = '"The deal is dead," a source said.'
    q = only(quotes_of(nlp, text), "direct")[0]
    assert q.speaker_name is None and q.speaker_key is None
    assert q.speaker_text == "a source"


# -- partial and indirect ---------------------------------------------------------------------
def test_partial_quote_inside_a_paraphrase(nlp):
    text = 'Governor Tom Reyes called the new tax plan "deeply unfair" on Sunday.'
    q = only(quotes_of(nlp, text), "partial")[0]
    assert q.text == "deeply unfair"
    assert q.speaker_name == "Tom Reyes"


def test_indirect_said_that(nlp):
    text = "Finance Minister Laura Pintor said that the budget would be balanced by next year."
    q = only(quotes_of(nlp, text), "indirect")[0]
    assert q.text == "the budget would be balanced by next year"
    assert (q.speaker_name, q.cue) == ("Laura Pintor", "say")


def test_indirect_told_reporters(nlp):
    text = "Ambassador Victor Hale told reporters the meeting was focused on trade."
    q = only(quotes_of(nlp, text), "indirect")[0]
    assert q.text == "the meeting was focused on trade"
    assert q.speaker_name == "Victor Hale" and q.cue == "tell"


def test_according_to(nlp):
    text = "According to the Ministry of Health, the new clinic will open in May."
    q = only(quotes_of(nlp, text), "indirect")[0]
    assert q.cue == "according to"
    assert "clinic will open in May" in q.text
    assert q.speaker_name == "Ministry of Health"


def test_inverted_indirect_after_comma(nlp):
    text = "Nothing will be the same after the vote, Senator Paul Grant declared on Monday."
    q = only(quotes_of(nlp, text), "indirect")[0]
    assert q.text.startswith("Nothing will be the same")
    assert q.speaker_name == "Paul Grant"


def test_quote_stage_fills_drafts(nlp):
    text = '"We will win," Dana Frost said.'
    draft = Draft(raw=RawArticle(ref="x", body=text, kind="text"), text=text, doc=nlp(text))
    stage = QuoteStage()
    stage.setup({})
    stage.process([draft])
    assert [q.speaker_name for q in draft.quotes] == ["Dana Frost"]
    assert all(q.article == draft.article_id for q in draft.quotes)


# -- rules added for PolNeAR recall and speaker carry-over -------------------------------------
def test_doubled_apostrophes_are_one_double_mark():
    text = "''The dam will hold,'' the engineer said. ''We tested it twice.''"
    assert [text[s.start:s.end] for s in quoted_spans(text)] == ["The dam will hold,",
                                                                "We tested it twice."]


def test_quote_only_paragraph_continues_the_speaker_above(nlp):
    text = ('"We will reopen the mine," Governor Elsa Marsh said on Monday.\n\n'
            '"It will employ four hundred people by the summer."')
    second = only(quotes_of(nlp, text), "direct")[1]
    assert second.speaker_name == "Elsa Marsh"
    assert second.extra["attribution"] == "previous-paragraph"


def test_quote_only_paragraph_after_a_paraphrase_takes_its_speaker(nlp):
    text = ("Ines Varga answered the critics on Friday, saying the budget was fair.\n\n"
            '"Nobody will pay more than last year."')
    q = only(quotes_of(nlp, text), "direct")[0]
    assert q.speaker_name == "Ines Varga"


def test_dash_signs_a_quote(nlp):
    text = "\u201cThe debate changed nothing for me.\u201d \u2015 Rosa Delgado\n"
    q = only(quotes_of(nlp, text), "direct")[0]
    assert q.speaker_name == "Rosa Delgado" and q.text.startswith("The debate")


def test_words_between_the_mark_and_the_cue_name_the_speaker(nlp):
    text = ('"My answer, that was a mistake," the former campaign chief of Elm Party said in an '
            'interview with Radio North.')
    q = only(quotes_of(nlp, text), "direct")[0]
    assert "chief" in q.speaker_text and "answer" not in q.speaker_text


def test_fragment_inside_a_statement_noun_belongs_to_its_owner(nlp):
    text = ("Concerning the statement of Senator Hugo Brandt that talks had stalled and "
            "\u201cthere is no \u201cquick fix\u201d for the dispute, the Ministry of Trade of Freedonia "
            "noted that it disagreed.")
    q = only(quotes_of(nlp, text), "partial")[0]
    assert q.speaker_name == "Hugo Brandt" and q.cue == "statement"


def test_parenthetical_cue_splits_the_statement(nlp):
    text = "The bigger danger, the admiral said, is a collision between patrol boats at sea."
    texts = [q.text for q in only(quotes_of(nlp, text), "indirect")]
    assert any(t.startswith("is a collision") for t in texts)
    assert not any("admiral" in t for t in texts)


def test_object_and_intention_cues(nlp):
    text = ("Senator Mia Holt endorsed the new water treaty on Tuesday. "
            "Governor Ralf Sten vowed to block the treaty in court.")
    indirect = only(quotes_of(nlp, text), "indirect")
    by_cue = {q.cue: q for q in indirect}
    assert by_cue["endorse"].text.startswith("the new water treaty")
    assert by_cue["endorse"].extra["cue_class"] == "stance"
    assert by_cue["vow"].text == "block the treaty in court"
    assert by_cue["vow"].speaker_name == "Ralf Sten"


def test_noun_cue_with_an_owner(nlp):
    text = "Minister Lena Roth's claim that the border was calm surprised the press."
    q = only(quotes_of(nlp, text), "indirect")[0]
    assert q.text == "the border was calm" and q.cue == "claim"
    assert q.speaker_name == "Lena Roth"


def test_nested_report_keeps_the_outer_statement(nlp):
    text = "Senator Omar Tal said he believes the vote will fail next week."
    indirect = only(quotes_of(nlp, text), "indirect")
    assert len(indirect) == 1 and indirect[0].cue == "say"
