"""Claims: titles before and after names, counts with their qualifiers, conflict status."""

from crosswire.corpus.claims import claim_record, claims_lexicon, quantities, title_after, title_before


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
