"""The ``entities`` stage: named-entity mentions with offsets and a grouping key."""

from __future__ import annotations

from crosswire.model import Mention
from crosswire.names import name_key
from crosswire.stages.base import Draft, Stage

# NER labels that name actors, places or groups; dates and numbers belong to other stages.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})


class EntityStage(Stage):
    name = "entities"
    requires = ("doc",)
    provides = ("mentions",)
    needs_english = True

    def process(self, drafts: list[Draft]) -> None:
        for draft in drafts:
            if draft.doc is not None:
                draft.mentions = mentions_of(draft.doc, draft.article_id)


def mentions_of(doc, article_id: str) -> list[Mention]:
    """Entity mentions of one parsed article, with leading 'the' and trailing 's trimmed."""
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        start, end, text = ent.start_char, ent.end_char, ent.text
        if text.lower().startswith("the "):
            start, text = start + 4, text[4:]
        if text.endswith(("'s", "\u2019s")):
            end, text = end - 2, text[:-2]
        key = name_key(text)
        if key:
            mentions.append(Mention(article_id, start, end, text, ent.label_, key))
    return mentions
