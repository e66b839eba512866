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
        break
    return None


def time_status(value: str | None, relation: str | None, published: str | None, lex: Lexicon) -> str | None:
    """"historical" for events dated well before publication, "planned" for ones after it."""
    if relation == "after":
        return "planned"
    if value and published:
        days = _days_between(value, published)
        if days is not None and days > int(lex.status.get("historical_days", 31)):
            return "historical"
        if days is not None and days < -1:
            return "planned"
    return None


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
