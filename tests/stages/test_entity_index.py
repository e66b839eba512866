"""The cached entity index answers exactly what spaCy's ``span.ents`` and a walk over ``doc.ents`` do."""

from crosswire.stages.entity_index import entity_index, ents_in, same_entity

TEXT = ("Foreign Minister Ingrid Solberg of Norway met Kazakh and Kyrgyz envoys in Oslo on Tuesday. "
        "The Kumbel River Commission said the talks in Bishkek had stalled. "
        "No one else spoke. Prime Minister Aibek Dzhaparov told the United Nations in New York that "
        "Kazakhstan and Kyrgyzstan would meet again in Almaty next month.")


def test_ents_in_matches_spacy_for_every_span_shape(nlp):
    doc = nlp(TEXT)
    assert len(doc.ents) >= 6
    spans = list(doc.sents) + [doc[i:j] for i in range(0, len(doc), 3) for j in range(i, len(doc) + 1, 4)]
    for span in spans:  # sentences, and spans cutting through entities at either end
        assert [(e.start, e.end) for e in ents_in(span)] == [(e.start, e.end) for e in span.ents], span.text


def test_same_entity_groups_exactly_the_tokens_of_one_entity(nlp):
    doc = nlp(TEXT)
    for a in doc:
        for b in doc:
            expected = any(e.start <= a.i < e.end and e.start <= b.i < e.end for e in doc.ents)
            assert same_entity(a, b) == expected, (a.text, b.text)


def test_the_index_is_built_once_per_document(nlp):
    doc = nlp(TEXT)
    assert entity_index(doc) is entity_index(doc)
    assert entity_index(nlp(TEXT)) is not entity_index(doc)
