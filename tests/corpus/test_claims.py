"""Claims: titles before and after names, counts with their qualifiers, conflict status."""

from crosswire.corpus.claims import (article_evidence, claim_record, claims_lexicon, quantities, role_claims,
                                     story_claims, title_after, title_before)


def test_titles_keep_the_rank():
    lexicon = claims_lexicon()
    assert title_before("said U.S. Deputy Secretary of State ", lexicon) == "Deputy Secretary"
    assert title_after(", the Assistant Foreign Minister, said", lexicon) == "Assistant Foreign Minister"
    assert title_before("Kazakhstan's Deputy Foreign Minister ", lexicon) == "Deputy Foreign Minister"


def test_counts_keep_more_than_and_nearly():
    lexicon = claims_lexicon()
    a = quantities("More than 2,000 people fled their villages in 2019.", lexicon)
    b = quantities("The floods displaced nearly 2000 residents.", lexicon)
    assert [(q["attribute"], q["value"]) for q in a] == [("displaced", "more than 2,000")]
    assert [(q["attribute"], q["value"]) for q in b] == [("displaced", "nearly 2,000")]


def test_different_values_conflict_and_copies_collapse():
    ev = lambda art: {"article": art, "start": 0, "end": 5, "text": "x"}
    record = claim_record("s", "s", "people displaced", "count",
                          {"more than 2,000": [ev("a"), ev("b")], "nearly 2,000": [ev("c")]}, {"b": "a"})
    assert record["status"] == "conflict"
    assert record["independent_sources"] == 2


def test_title_evidence_covers_the_title_before_or_after_the_name():
    text = "Talks resumed.\nDeputy Foreign Minister Lena Ruud arrived. Olav Brekke, the Assistant Foreign Minister, said no."
    mentions = [{"key": key, "start": text.index(name), "end": text.index(name) + len(name)}
                for key, name in (("lena ruud", "Lena Ruud"), ("olav brekke", "Olav Brekke"))]
    rows = article_evidence({"id": "a1", "text": text}, mentions, claims_lexicon())
    titles = {key: (value, start, end, evidence) for _, kind, key, value, start, end, evidence in rows if kind == "title"}
    assert set(titles) == {"lena ruud", "olav brekke"}
    for key, (value, start, end, evidence) in titles.items():
        assert evidence == text[start:end] and value in evidence, key
    assert titles["olav brekke"][0] == "Assistant Foreign Minister"


class _OneStory:
    """The tables ``story_claims`` reads, for one story whose events were parsed with a blank line."""

    text = "First line.\n\nThe talks were held on Monday.\n\nLast line."

    def evidence_of_articles(self, kind, ids):
        return []

    def events(self, ids):
        sentence = "The talks were held on Monday.\n\n"
        start = self.text.index(sentence)
        for article in ids:
            yield {"article": article, "group": "g1", "date_precision": "day", "date": f"2024-03-0{article[-1]}",
                   "group_articles": 2, "sentence": sentence, "start": start, "end": start + len(sentence),
                   "type": "MEET", "trigger": "held"}


def test_date_claim_evidence_is_the_stripped_sentence_and_its_exact_span():
    story = {"id": "s1", "label": "talks", "articles": ["a1", "a2"]}
    [claim] = story_claims(_OneStory(), story, {})
    assert claim["status"] == "conflict"
    for value in claim["values"]:
        for e in value["evidence"]:
            assert e["text"] == _OneStory.text[e["start"]:e["end"]] == "The talks were held on Monday."


class _OneOfficial:
    """The tables ``role_claims`` reads: one person titled in three articles, c1 a copy of a1 stored
    by an earlier batch (so this batch's copy roots do not know it)."""

    def entity_names(self, entities):
        return {e: "Lena Ruud" for e in entities}

    def title_evidence_of_entities(self, entities):
        return {e: [{"article": a, "value": "Foreign Minister", "start": 0, "end": 25,
                     "text": "Foreign Minister Lena Ruud"} for a in ("a1", "b1", "c1")] for e in entities}

    def originals_of(self, ids):
        return {a: "a1" for a in ids if a == "c1"}


def test_a_copy_from_an_earlier_batch_does_not_count_as_an_independent_source_of_a_title():
    [claim] = role_claims(_OneOfficial(), ["ent-ruud"], {"b1": "b1"})
    assert claim["values"][0]["articles"] == ["a1", "b1", "c1"]
    assert claim["independent_sources"] == 2
