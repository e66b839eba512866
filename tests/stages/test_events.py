"""Event stage on hand-written sentences: every PLOVER type, actors, status, negation, passive."""

from __future__ import annotations

import pytest

from crosswire.model import TimeExpr
from crosswire.stages.base import Draft
from crosswire.stages.events import EventStage, find_events
from crosswire.stages.events.finder import Tools
from crosswire.model import RawArticle


@pytest.fixture(scope="module")
def tools():
    return Tools.load()


def events_of(nlp, tools, text, published="2024-03-10", times=()):
    return find_events(nlp(text), article_id="t", published=published, times=times, tools=tools)


def by_trigger(events, word):
    return next(e for e in events if e.extra["trigger"] == word)


@pytest.mark.parametrize("sentence, trigger, kind", [
    ("Chile agreed to cooperate with Peru on fishing rights.", "agreed", "AGREE"),
    ("The Kenyan president met his Ugandan counterpart in Kampala.", "met", "CONSULT"),
    ("Norway praised Denmark for its handling of the crisis.", "praised", "SUPPORT"),
    ("The government lifted the curfew in the northern province.", "lifted", "CONCEDE"),
    ("Brazil and Argentina expanded trade last year.", "trade", "COOPERATE"),
    ("Japan donated medicine to flood victims in Bangladesh.", "donated", "AID"),
    ("Rebels released twelve hostages on Sunday.", "released", "RETREAT"),
    ("Ghana urged Togo to reopen the border.", "urged", "REQUEST"),
    ("Sweden condemned the bombing of the hospital.", "condemned", "ACCUSE"),
    ("Mali rejected the proposal of the regional bloc.", "rejected", "REJECT"),
    ("Venezuela threatened to expel the Colombian ambassador.", "threatened", "THREATEN"),
    ("Thousands of students demonstrated in the capital.", "demonstrated", "PROTEST"),
    ("Canada imposed sanctions on three Russian banks.", "sanctions", "SANCTION"),
    ("Greece deployed troops along its northern border.", "deployed", "MOBILIZE"),
    ("Police arrested forty protesters in Minsk.", "arrested", "COERCE"),
    ("Soldiers shelled the village overnight.", "shelled", "ASSAULT"),
])
def test_every_plover_type(nlp, tools, sentence, trigger, kind):
    assert by_trigger(events_of(nlp, tools, sentence), trigger).type == kind


def test_source_and_target_from_subject_and_object(nlp, tools):
    event = by_trigger(events_of(nlp, tools, "Ghana urged Togo to reopen the border."), "urged")
    assert (event.source.country, event.target.country) == ("GHA", "TGO")


def test_passive_voice_swaps_roles(nlp, tools):
    event = by_trigger(events_of(nlp, tools, "Two journalists were detained by Egyptian police."), "detained")
    assert event.type == "COERCE"
    assert (event.source.country, event.source.sector) == ("EGY", "GOV")
    assert event.target.sector == "MED"


def test_between_x_and_y_gives_both_parties(nlp, tools):
    events = events_of(nlp, tools, "Qatar hosted talks between Sudan and Chad.")
    talks = by_trigger(events, "talks")
    parties = {talks.target.country} | {a["country"] for a in talks.extra.get("targets", [])}
    assert talks.source.country == "QAT"  # the host is the source, both parties are targets
    assert parties == {"SDN", "TCD"}


def test_phone_call_with_role_bearing_person(nlp, tools):
    event = by_trigger(events_of(nlp, tools, "Sweden's prime minister held a phone call with "
                                             "Finnish President Anna Example."), "call")
    assert (event.type, event.mode) == ("CONSULT", "phone")
    assert (event.source.country, event.target.country, event.target.sector) == ("SWE", "FIN", "GOV")


def test_negation_marks_without_changing_type(nlp, tools):
    event = by_trigger(events_of(nlp, tools, "Chad did not attend the summit."), "summit")
    assert event.type == "CONSULT" and event.negated


def test_refusal_is_reject_meet_and_the_meeting_is_planned(nlp, tools):
    events = events_of(nlp, tools, "Laos refused to take part in the talks with Cambodia.")
    refusal, talks = by_trigger(events, "refused"), by_trigger(events, "talks")
    assert (refusal.type, refusal.mode, refusal.negated, refusal.status) == ("REJECT", "meet", False, "reported")
    assert talks.status == "planned" and talks.negated


def test_planned_and_hypothetical(nlp, tools):
    planned = by_trigger(events_of(nlp, tools, "Peru will meet Chile next month."), "meet")
    maybe = by_trigger(events_of(nlp, tools, "The move could lead to attacks on the convoy."), "attacks")
    noun = by_trigger(events_of(nlp, tools, "The planned summit was discussed."), "summit")
    assert (planned.status, maybe.status, noun.status) == ("planned", "hypothetical", "planned")


def test_old_dates_are_historical(nlp, tools):
    text = "Iraq invaded Kuwait in 1990."
    start = text.index("1990")
    times = [TimeExpr("t", "1990", start, start + 4, "DATE", "1990", "published:2024-03-10")]
    event = by_trigger(events_of(nlp, tools, text, times=times), "invaded")
    assert event.status == "historical" and event.date == "1990"


def test_location_from_city_in_sentence(nlp, tools):
    event = by_trigger(events_of(nlp, tools, "Police arrested forty protesters in Minsk."), "arrested")
    assert event.location["country"] == "BLR" and event.location["lat"] is not None


def test_ids_are_deterministic_and_offsets_point_at_sentence(nlp, tools):
    text = "Intro line.\nSoldiers shelled the village overnight."
    first, second = events_of(nlp, tools, text), events_of(nlp, tools, text)
    assert [e.id for e in first] == [e.id for e in second]
    event = by_trigger(first, "shelled")
    assert text[event.start:event.end] == event.sentence
    assert text[event.extra["trigger_start"]:event.extra["trigger_end"]] == "shelled"


def test_stage_fills_drafts(nlp):
    stage = EventStage()
    stage.setup({})
    text = "Rebels released twelve hostages on Sunday."
    draft = Draft(raw=RawArticle(ref="x", body=text, kind="text"), text=text, doc=nlp(text))
    stage.process([draft])
    assert [e.type for e in draft.events] == ["RETREAT"]
    assert all(e.article == draft.article_id for e in draft.events)


def test_main_event_prefers_the_action_over_its_purpose(nlp, tools):
    from crosswire.stages.events import main_event
    events = events_of(nlp, tools, "Farmers staged protests in Lima to demand higher prices.")
    assert main_event(events).type == "PROTEST"
    assert main_event([]) is None


@pytest.mark.parametrize("sentence, kind, stated", [
    ("Ruritania will attack the border towns next week.", "THREATEN", "ASSAULT"),
    ("Chile will send food aid to Peru.", "AGREE", "AID"),
    ("Peru will not attend the summit in Quito.", "REJECT", "CONSULT/multilateral"),
    ("Norway will withdraw its troops unless the talks resume.", "THREATEN", "RETREAT/withdraw"),
])
def test_modal_statements_are_recoded(nlp, tools, sentence, kind, stated):
    from crosswire.stages.events import main_event
    event = main_event(events_of(nlp, tools, sentence))
    assert (event.type, event.extra["stated_event"], event.negated) == (kind, stated, False)


def test_obligation_is_the_speakers_request(nlp, tools):
    from crosswire.stages.events import main_event
    event = main_event(events_of(nlp, tools, "Chile said that Peru must withdraw its troops from the border."))
    assert (event.type, event.mode) == ("REQUEST", "yield")
    assert (event.source.country, event.target.country) == ("CHL", "PER")


def test_protest_by_crowds_and_by_governments(nlp, tools):
    crowd = by_trigger(events_of(nlp, tools, "Students protested in Lima on Friday."), "protested")
    ministry = by_trigger(events_of(nlp, tools, "The Chilean foreign ministry protested the decision."), "protested")
    assert (crowd.type, ministry.type) == ("PROTEST", "ACCUSE")
    assert crowd.source.sector == "CVL"


def test_sector_actor_takes_the_country_of_the_sentence(nlp, tools):
    event = by_trigger(events_of(nlp, tools, "Police detained two opposition leaders in Nairobi, Kenya."), "detained")
    assert (event.source.country, event.source.sector) == ("KEN", "GOV")
    assert event.extra["source_country_from"] == "sentence"


def test_misspelt_surname_is_the_person_named_earlier(nlp, tools):
    text = "US envoy James O'Brien spoke to reporters.\nWe have cancelled two visits, O'Brian said."
    event = by_trigger(events_of(nlp, tools, text), "cancelled")
    assert (event.type, event.source.country) == ("REJECT", "USA")


def test_title_case_headline_is_read_in_sentence_case(nlp, tools):
    from crosswire.stages.events.headline import sentence_case
    from crosswire.stages.events import main_event
    title = sentence_case("Kenya Expels Dozens of Diplomats Following Accusations", tools.resolver)
    assert title == "Kenya expels dozens of diplomats following accusations"
    assert main_event(events_of(nlp, tools, title)).type == "SANCTION"
    assert sentence_case("Kenya expels diplomats", tools.resolver) == "Kenya expels diplomats"


# --- precision: dates, background, duplicates, generic statements -------------------------------------

def _time(text, sentence, value, kind="DATE"):
    start = sentence.index(text)
    return TimeExpr("t", text, start, start + len(text), kind, value, "published:2024-03-10")


def test_a_date_is_never_an_actor(nlp, tools):
    text = "The ministers of Chile and Peru will meet in Lima on November 20."
    events = events_of(nlp, tools, text, times=[_time("November 20", text, "2024-11-20")])
    names = [a.name for e in events for a in (e.source, e.target) if a is not None]
    assert events and not any("November" in n for n in names)
    text = "Two days before Friday's meeting, Ghana phoned Togo."
    events = events_of(nlp, tools, text, times=[_time("Friday", text, "2024-03-08")])
    assert all(e.source is None or "Friday" not in e.source.name for e in events)


def test_background_years_are_historical(nlp, tools):
    text = "In a war in 2016, Chile shelled border posts of Peru."
    event = by_trigger(events_of(nlp, tools, text, times=[_time("2016", text, "2016")]), "shelled")
    assert event.status == "historical"
    # an undated article: the earliest possible publication day decides
    events = find_events(nlp(text), article_id="t", published=None, times=[_time("2016", text, "2016")],
                         tools=tools, earliest="2024-02-01")
    assert by_trigger(events, "shelled").status == "historical"


def test_past_perfect_background_but_not_reported_speech(nlp, tools):
    assert by_trigger(events_of(nlp, tools, "The two neighbours had fought a bitter border war."),
                      "fought").status == "historical"
    reported = events_of(nlp, tools, "Japan said on Tuesday that it had suspended aid to Serbia.")
    assert all(e.status != "historical" for e in reported)


def test_one_sentence_gives_no_duplicate_events(nlp, tools):
    events = events_of(nlp, tools, "Over 200 villagers were killed in a brutal bombing campaign by the rebels.")
    assert [e.type for e in events].count("ASSAULT") == 1
    events = events_of(nlp, tools, "We would be willing to mediate those talks, and we welcome other countries doing so.")
    assert [e.type for e in events].count("AGREE") <= 1
    events = events_of(nlp, tools, "Lima turned down the proposal for a meeting between the ministers of Chile and Peru.")
    assert [e.type for e in events].count("AGREE") == 0
    assert any(e.type == "REJECT" for e in events)
    assert len({(e.extra["trigger_start"], e.type) for e in events}) == len(events)


def test_refused_round_of_talks_is_one_planned_meeting(nlp, tools):
    events = events_of(nlp, tools, "Chile refused to take part in a round of negotiations with Peru.")
    consults = [e for e in events if e.type == "CONSULT"]
    assert len(consults) == 1 and consults[0].status == "planned" and consults[0].negated


def test_generic_modal_statements_are_not_events(nlp, tools):
    assert events_of(nlp, tools, "Hostile rhetoric can only prolong the violence of the past.") == []
    events = events_of(nlp, tools, "They will settle the dispute through dialogue and not through violence.")
    assert not any(e.type == "ASSAULT" for e in events)


def test_praised_event_noun_is_not_a_second_event(nlp, tools):
    events = events_of(nlp, tools, "Norway welcomed the president's recent remarks on an amnesty for prisoners.")
    assert [e.type for e in events] == ["SUPPORT"]


def test_partners_of_a_country_are_not_that_country(nlp, tools):
    events = events_of(nlp, tools, "The leaders will meet the European partners of Canada in Oslo.")
    targets = [e.target for e in events if e.target is not None]
    assert all(t.country not in ("CAN", "IGO:EU") for t in targets)


def test_a_month_is_not_a_trigger(nlp, tools):
    events = events_of(nlp, tools, "Chile proposed talks with Peru in March.")
    assert not any(e.extra["trigger"] == "March" for e in events)


@pytest.mark.parametrize("sentence, trigger, country", [
    # the pronoun opening a reported clause is the reporter, even when it has no country of its own
    ("The Umbrella party confirmed it will boycott Peru's elections.", "boycott", "PER"),
    ("King Tomas of Norway was quoted as saying he would reject the offer.", "reject", "NOR"),
])
def test_reported_clause_pronoun_is_the_reporter(nlp, tools, sentence, trigger, country):
    event = by_trigger(events_of(nlp, tools, sentence), trigger)
    assert event.source is not None and event.source.country == country


def test_pronoun_that_does_not_agree_is_not_the_reporter(nlp, tools):
    from crosswire.stages.events.arguments import _reporting_subject
    doc = nlp("The ministers said it would rain on the summit.")
    it = next(t for t in doc if t.lower_ == "it")
    assert _reporting_subject(it) is None  # "it" cannot stand for "the ministers"


@pytest.mark.parametrize("sentence, trigger, country", [
    ("A reporter was arrested in Chile on Friday.", "arrested", "CHL"),
    ("A car bomb near the Iraqi city of Mosul killed three French soldiers.", "killed", "IRQ"),
    ("An anti-Turkey activist was killed in Athens.", "killed", "GRC"),
])
def test_unattributed_event_takes_the_country_of_its_place(nlp, tools, sentence, trigger, country):
    event = by_trigger(events_of(nlp, tools, sentence), trigger)
    assert (event.source.country, event.source.sector) == (country, None)
    assert event.extra["source_country_from"] == "place"


def test_named_agent_is_not_replaced_by_the_place(nlp, tools):
    event = by_trigger(events_of(nlp, tools, "Two reporters were detained in Cairo by Sudanese soldiers."), "detained")
    assert event.source.country == "SDN"
    assert event.extra.get("source_country_from") != "place"


def test_peoples_and_amounts_are_not_places(nlp):
    from crosswire.stages.events.finder import _not_a_place
    doc = nlp("Ethnic Serbs in Kosovo said the mayor took US $5 million from the budget.")
    verdicts = {ent.text: _not_a_place(ent) for ent in doc.ents if ent.label_ in ("GPE", "NORP")}
    assert verdicts.get("Serbs") is True and verdicts.get("Kosovo") is False
    assert verdicts.get("US") is True


def test_a_description_is_not_an_unattributed_incident(nlp, tools):
    # a reduced or relative clause describes its noun; only a clause of its own reports an incident
    for sentence in ("Hungary mourned the journalist killed in Belgrade.",
                     "Hungary mourned the journalist who was killed in Belgrade."):
        event = by_trigger(events_of(nlp, tools, sentence), "killed")
        assert event.source is None


def test_events_carry_their_sentence_index_and_context_words(nlp, tools):
    text = "Heavy rain fell overnight. Police arrested three protesters in Nairobi on Monday."
    event = by_trigger(events_of(nlp, tools, text), "arrested")
    assert event.extra["sentence_index"] == 1
    words = event.extra["context_words"]
    assert {"police", "protester", "nairobi"} <= set(words)
    assert "rain" not in words and "arrest" not in words  # another sentence; the trigger itself
    assert words == sorted(words) and len(words) <= 12


def test_context_words_keep_the_nearest_when_capped(nlp):
    from crosswire.corpus.coref import context_words

    doc = nlp("Police arrested three protesters in Nairobi on Monday.")
    trigger = next(t for t in doc if t.text == "arrested")
    assert context_words(trigger, limit=1) == frozenset({"police"})  # "police" is one token away
    assert context_words(trigger, window=2) == frozenset({"police", "protester"})  # "three": a stop word
