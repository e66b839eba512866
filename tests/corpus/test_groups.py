"""Event groups: one group per real-world event across articles, never two known days in one group."""

from crosswire.corpus.coref import EventMention, coreference_clusters
from crosswire.corpus.groups import event_groups, event_mention, independent_sources, update_groups
from crosswire.model import content_id


def event(eid, article, trigger, *, day=None, country="NOR", etype="REJECT", negated=False):
    return {"id": eid, "article": article, "type": etype, "trigger": trigger, "date": day,
            "date_precision": "day" if day else None, "source": {"country": country}, "negated": negated}


def test_one_refusal_reported_in_three_wordings_is_one_group():
    records = [event("e1", "a", "refused", day="2025-03-13"), event("e2", "b", "declined", day="2025-03-13"),
               event("e3", "c", "refuses"), event("e4", "c", "accused", etype="ACCUSE", country="KAZ")]
    groups = event_groups(records, {"a": "s1", "b": "s1", "c": "s1"})
    assert groups["e1"] == groups["e2"] == groups["e3"]
    assert groups["e4"] != groups["e1"]


def test_events_of_different_stories_or_countries_stay_apart():
    records = [event("e1", "a", "refused", day="2025-03-13"), event("e2", "b", "refused", day="2025-03-13"),
               event("e3", "c", "refused", day="2025-03-13", country="KGZ")]
    groups = event_groups(records, {"a": "s1", "b": "s2", "c": "s1"})
    assert len({groups["e1"], groups["e2"], groups["e3"]}) == 3


def test_an_undated_mention_does_not_chain_two_different_days():
    mention = lambda i, doc, day: EventMention(i, doc, "s1", "cancelled", "REJECT", day)
    clusters = coreference_clusters([mention("1", "a", "2023-09-19"), mention("2", "b", None),
                                     mention("3", "c", "2023-11-20")])
    assert not any({"1", "3"} <= set(ids) for ids in clusters.values())
    assert len(clusters) == 2


def test_event_mention_reads_context_and_sentence_index_and_older_records_still_work():
    new = {**event("e1", "a", "arrested", etype="COERCE"), "context_words": ["police", "protester"],
           "sentence_index": 3}
    mention = event_mention(new, "s1")
    assert (mention.arguments, mention.sentence) == (frozenset({"police", "protester"}), 3)
    old = event_mention(event("e2", "b", "detained", etype="COERCE"), "s1")
    assert (old.arguments, old.sentence) == (frozenset(), None)


def test_a_synonym_links_on_shared_context_in_the_lead_but_not_alone_or_deep_in_the_articles():
    words = {"context_words": ["police", "protester", "nairobi", "monday"]}
    pair = [event("e1", "a", "arrested", etype="COERCE"), event("e2", "b", "detained", etype="COERCE")]
    stories = {"a": "s1", "b": "s1"}
    groups = lambda extra: event_groups([{**r, **extra} for r in pair], stories)
    assert groups({})["e1"] != groups({})["e2"]  # records without the fields: a family match alone
    lead = groups({**words, "sentence_index": 0})
    assert lead["e1"] == lead["e2"]
    deep = groups({**words, "sentence_index": 20})  # side mentions far down both articles
    assert deep["e1"] != deep["e2"]


def test_copies_collapse_into_independent_sources():
    assert independent_sources(["a", "b", "c"], {"b": "a"}) == 2


class _GroupTables:
    """What ``update_groups`` reads and writes, over records in memory."""

    def __init__(self, story_of, records, quotes=()):
        self.story_of, self.records, self.quote_records, self.written = story_of, records, list(quotes), {}

    def articles_of_stories(self, stories):
        return sorted(a for a, s in self.story_of.items() if s in stories)

    def stories_of(self, ids):
        return {a: self.story_of[a] for a in ids}

    def events(self, ids):
        return [dict(r) for r in self.records if r["article"] in ids]

    def quotes(self, ids):
        return [dict(q) for q in self.quote_records if q["article"] in ids]

    def set_groups(self, table, records):
        self.written[table] = {r["id"]: r for r in records}


def test_only_event_records_whose_group_or_counts_change_are_rewritten():
    def grouped(record, group_of, articles):
        return {**record, "group": content_id("event-group", group_of), "group_articles": articles,
                "group_sources": articles}

    stored = grouped(event("e1", "a", "refused", day="2025-03-13"), "e1", 1)  # gains a second article
    unchanged = grouped(event("e3", "c", "accused", etype="ACCUSE", country="KAZ"), "e3", 1)
    new = event("e2", "b", "declined", day="2025-03-13")
    tables = _GroupTables({"a": "s1", "b": "s1", "c": "s1"}, [stored, unchanged, new])
    update_groups(tables, ["s1"], {})
    written = tables.written["events"]
    assert set(written) == {"e1", "e2"}
    assert written["e1"]["group"] == written["e2"]["group"] == stored["group"]
    assert (written["e1"]["group_articles"], written["e1"]["group_sources"]) == (2, 2)
    assert written["e2"]["trigger"] == "declined"  # the whole record is written back, not only its group


def test_only_quotes_whose_group_changes_are_rewritten():
    def quote(qid, article, text, group=None):
        return {"id": qid, "article": article, "text": text, "start": 0, "end": len(text), "kind": "direct",
                "speaker": None, "speaker_name": None, "speaker_text": None, "cue": "said", "group": group}

    stored = quote("q1", "a", "Nothing will be normal with Azerbaijan after the events of September",
                   content_id("quote-group", "q1"))
    new = quote("q2", "b", "Nothing will be typical with Azerbaijan after the activities of September")
    tables = _GroupTables({"a": "s1", "b": "s1"}, [], [stored, new])
    update_groups(tables, ["s1"], {})
    assert {q: r["group"] for q, r in tables.written["quotes"].items()} == {"q2": stored["group"]}
    assert tables.written["quotes"]["q2"]["text"] == new["text"]
