"""Status of an event: reported, planned, hypothetical or historical; and negation."""

from __future__ import annotations

from datetime import date as Date
from typing import TYPE_CHECKING

from crosswire.stages.events.lexicon import Lexicon
from crosswire.stages.events.triggers import Trigger, is_negated, lemma

if TYPE_CHECKING:
    from spacy.tokens import Token


def negated(trig: Trigger, lex: Lexicon) -> bool:
    """Whether the event is said not to happen ("did not attend", "no talks")."""
    if trig.entry.neg:
        return False  # "do not consider possible" is itself the refusal
    if trig.embedded_by is not None:
        spec = lex.complements.get(trig.embedded_by.entry.wraps or trig.embedded_by.type)
        if spec is not None and spec.negate:
            return True
    return is_negated(trig.token, lex) or (trig.anchor is not trig.token and is_negated(trig.anchor, lex))


def modal_status(trig: Trigger, lex: Lexicon) -> str | None:
    """"planned" or "hypothetical" from modals, governing verbs, modifiers and conditions."""
    if trig.embedded_by is not None:
        spec = lex.complements.get(trig.embedded_by.entry.wraps or trig.embedded_by.type)
        if spec is not None and spec.status != "reported":
            return spec.status
    for token in {trig.token, trig.anchor}:
        for child in token.children:
            word = lemma(child)
            if child.dep_ in ("amod", "acl", "compound") and (word in lex.words("planned_modifiers")
                                                             or child.lower_ in lex.words("planned_modifiers")):
                return "planned"
    node: Token = trig.anchor
    if node.i == trig.token.i and node.dep_ == "pobj":  # "will settle it through dialogue": the verb's mood
        node = _phrase_verb(node) or node
    for _ in range(4):
        for child in node.children:
            if child.dep_ in ("aux", "auxpass") and not trig.entry.stance:
                low = child.lower_
                if low in lex.words("planned_modals") or lemma(child) in lex.words("planned_modals"):
                    return "planned"
                if low in lex.words("hypothetical_modals"):
                    return "hypothetical"
            if child.dep_ == "mark" and child.lower_ in lex.words("conditional_marks") and node.dep_ == "advcl":
                return "hypothetical"
        if node.dep_ in ("xcomp", "ccomp", "acomp") and node.head.i != node.i:
            governor = node.head
            if lemma(governor) in lex.words("planned_governors") and node.dep_ == "xcomp":
                return "planned"
            if lemma(governor) in lex.words("hypothetical_governors"):
                return "hypothetical"
            node = governor
            continue
        if node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
            continue
        if node.dep_ == "acl" and any(c.tag_ == "TO" for c in node.children):
            return "planned"  # "efforts to conclude an agreement": a goal, not an event yet
        if node.dep_ == "pcomp" and node.head.dep_ == "prep":
            node = _phrase_verb(node.head.head)  # "would welcome a role in facilitating talks"
            if node is not None:
                continue
        break
    return None


def _phrase_verb(token: Token) -> Token | None:
    """The verb whose object phrase holds ``token`` (itself if it is a verb), within a few links."""
    node = token
    for _ in range(3):
        if node.pos_ in ("VERB", "AUX", "ADJ"):
            return node
        if node.dep_ not in ("dobj", "pobj", "prep", "attr") or node.head.i == node.i:
            return None
        node = node.head
    return None


def time_status(value: str | None, relation: str | None, published: str | None, lex: Lexicon, *,
                earliest: str | None = None) -> str | None:
    """"historical" for events dated well before publication, "planned" for ones after it.

    ``earliest`` is the first day an undated article can have been published (the time stage's
    estimate): an event dated well before it is background even though the day itself is unknown.
    A relation "before" with no value ("recently", "in the past") says too little: it stays reported.
    """
    if relation == "after":
        return "planned"
    limit = int(lex.status.get("historical_days", 31))
    if value and published:
        days = _days_between(value, published)
        if days is not None and days > limit:
            return "historical"
        if days is not None and days < -1:
            return "planned"
    elif value and earliest:
        days = _days_between(value, earliest)
        if days is not None and days > limit:
            return "historical"
    return None


def background_status(trig: Trigger, lex: Lexicon) -> str | None:
    """"historical" for a past perfect told as background ("the two had been at odds since 1991"),
    not for one inside reported speech ("said it had halted aid" is the news of the day)."""
    anchor = trig.anchor
    if not any(c.dep_ in ("aux", "auxpass") and c.lower_ in lex.words("perfect_auxiliaries") and c.tag_ == "VBD"
               for c in anchor.children):
        return None
    node: Token = anchor
    for _ in range(6):
        if node.dep_ in ("ccomp", "parataxis") or node.head.i == node.i:
            break
        node = node.head
    if node.dep_ in ("ccomp", "parataxis") and lemma(node.head) in lex.words("reporting_verbs") | lex.words(
            "report_governors"):
        return None
    return "historical"


def _days_between(value: str, published: str) -> int | None:
    """Days from the end of the period ``value`` (YYYY, YYYY-MM, YYYY-MM-DD) to ``published``."""
    try:
        pub = Date.fromisoformat(published[:10])
        parts = value.split("-")
        if not parts[0].isdigit() or len(parts[0]) != 4:
            return None
        year = int(parts[0])
        if len(parts) == 1:
            end = Date(year, 12, 31)
        elif len(parts) == 2 and parts[1].isdigit():
            month = int(parts[1])
            end = Date(year + month // 12, month % 12 + 1, 1).toordinal() - 1
            end = Date.fromordinal(end)
        elif len(parts) >= 3 and parts[1].isdigit() and parts[2][:2].isdigit():
            end = Date(year, int(parts[1]), int(parts[2][:2]))
        else:
            return None
    except ValueError:
        return None
    return (pub - end).days
