"""A document's entity spans, computed once per document instead of once per question.

spaCy rebuilds ``doc.ents`` with a walk over every token on each access, and ``span.ents`` walks
``doc.ents``. The event stage asks per sentence and per argument, which made it quadratic in an
article's length (about a fifth of the event stage's time on news-length articles). The spans are
kept in ``doc.user_data``, so they live exactly as long as the document; nothing here may run
after a stage changes ``doc.ents``.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CACHE_KEY = "crosswire.entity_index"


class EntityIndex(NamedTuple):
    spans: tuple[Span, ...]
    starts: list[int]  # token start of each span, ascending
    of_token: list[int]  # token index -> position of its entity in ``spans``, -1 outside any


def entity_index(doc: Doc) -> EntityIndex:
    """The document's entities, built on first use."""
    index = doc.user_data.get(CACHE_KEY)
    if index is None:
        spans = tuple(doc.ents)
        of_token = [-1] * len(doc)
        for position, ent in enumerate(spans):
            of_token[ent.start:ent.end] = [position] * (ent.end - ent.start)
        index = doc.user_data[CACHE_KEY] = EntityIndex(spans, [e.start for e in spans], of_token)
    return index


def ents_in(span: Span) -> list[Span]:
    """``span.ents`` from the cached index: the entities wholly inside ``span``, in order, stopping
    (as spaCy does) at the first one that starts inside it but ends after it."""
    index = entity_index(span.doc)
    found = []
    for position in range(bisect_left(index.starts, span.start), len(index.spans)):  # no slice copy per call
        ent = index.spans[position]
        if ent.end > span.end:
            break
        found.append(ent)
    return found


def same_entity(a: Token, b: Token) -> bool:
    """Whether two tokens of one document belong to one named entity."""
    of_token = entity_index(a.doc).of_token
    return of_token[a.i] != -1 and of_token[a.i] == of_token[b.i]
