"""Events under a modal auxiliary are statements about them: "will attack" threatens, "will give
aid" promises, "must withdraw" demands, "will not attend" refuses (lexicon `modal_recode`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from crosswire.stages.events.lexicon import Lexicon
from crosswire.stages.events.triggers import Trigger, lemma

if TYPE_CHECKING:
    from spacy.tokens import Token

# Clause links through which a modal reaches the trigger ("will begin withdrawing").
CLIMB_DEPS = frozenset({"xcomp", "conj"})
MAX_CLIMB = 3


@dataclass(frozen=True)
class Recoded:
    """The statement an event under a modal makes."""

    type: str
    mode: str | None
    modal: str
    obligation: bool  # a demand: the speaker, not the subject, is its source


def modal_of(trig: Trigger) -> str | None:
    """The modal auxiliary (lower case) of the trigger's clause, if any."""
    node: Token = trig.anchor
    for _ in range(MAX_CLIMB):
        for child in node.children:
            if child.dep_ == "aux" and child.tag_ == "MD":
                return child.lower_
        if node.dep_ not in CLIMB_DEPS or node.head.i == node.i:
            return None
        node = node.head
    return None


def recode(trig: Trigger, kind: str, mode: str | None, negated: bool, lex: Lexicon, *,
           has_source: bool = True) -> Recoded | None:
    """The type and mode the modal gives the event, or None when it keeps its own coding."""
    if trig.embedded_by is not None:
        return None
    modal = modal_of(trig) or _governing_intent(trig, lex)
    if modal is None:
        return None
    rule = lex.modal_recoding(modal)
    if rule is None or rule.needs_source and not has_source or rule.verbs_only and trig.anchor.i != trig.token.i:
        return None
    wrapper = trig.entry.stance or trig.entry.takes and trig.complement is not None
    if wrapper and not rule.wrappers:
        return None  # "would be willing to": the stance is the event
    table = rule.table
    keys = [f"not {kind}/{mode}", f"not {kind}"] if negated else []
    keys += [f"{kind}/{mode}", kind, "default"]
    for key in keys:
        if key in table:
            new_type, new_mode = table[key]
            if new_type == "AGREE" and _conditional(trig.anchor):
                new_type, new_mode = "THREATEN", None  # "will withdraw its troops unless ..."
            obligation = new_type == "REQUEST" and kind != "REQUEST"
            return Recoded(new_type, new_mode, modal, obligation)
    return None


def _governing_intent(trig: Trigger, lex: Lexicon) -> str | None:
    """The first modal of the rule whose `governors` include the verb the trigger is the infinitive of
    ("plans to impose restrictions" reads as "will impose restrictions")."""
    anchor = trig.anchor
    if anchor.dep_ != "xcomp":
        return None
    governor = lemma(anchor.head)
    return next((min(rule.modals) for rule in lex.modals.values() if governor in rule.governors), None)


def _conditional(anchor: Token) -> bool:
    """Whether the clause carries an "unless" or "if" condition."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in c.children)
               for c in anchor.children)


def reporter(anchor: Token, lex: Lexicon) -> Token | None:
    """Subject of the reporting verb whose clause holds ``anchor`` ("Russia said Sudan must ...")."""
    node = anchor
    for _ in range(MAX_CLIMB):
        if node.dep_ != "ccomp" or node.head.i == node.i:
            node = node.head if node.dep_ in CLIMB_DEPS and node.head.i != node.i else None
            if node is None:
                return None
            continue
        head = node.head
        if lemma(head) in lex.words("reporting_verbs") or lemma(head) in lex.words("obligation_reporters"):
            return next((c for c in head.children if c.dep_ == "nsubj"), None)
        return None
    return None
