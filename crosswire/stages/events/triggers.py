"""Find trigger words in a parsed sentence and link wrappers to the events they embed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from crosswire.stages.events.lexicon import Entry, Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "dative", "obj"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "poss"})
# Quantity nouns that pass their object through: "a number of visits", "a round of talks".
PASS_THROUGH = frozenset({"number", "series", "round", "couple", "lot", "set", "wave", "host", "string",
                          "possibility", "prospect", "idea", "plan", "proposal", "level", "part", "kind", "state",
                          "dozen", "dozens", "hundreds", "thousands", "scores", "group"})
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "nsubjpass", "pobj", "prep", "acomp", "oprd", "acl",
                             "attr", "compound", "conj", "advcl", "relcl", "amod", "pcomp", "nsubj", "dative"})
MAX_COMPLEMENT_DEPTH = 4
# Links from an event noun up to the verb whose object phrase holds it ("welcomed X's remarks on the amnesty").
PRAISE_PATH_DEPS = frozenset({"dobj", "pobj", "prep", "poss", "compound", "conj", "appos", "nsubjpass"})
MAX_PRAISE_HOPS = 6
NAME_LABELS = frozenset({"ORG", "PERSON", "GPE", "NORP", "FAC", "WORK_OF_ART", "LAW", "EVENT"})
NAME_DEPS = frozenset({"nmod", "appos", "poss"})


@dataclass
class Trigger:
    """A token that codes an event, with what the sentence structure says about it."""

    token: Token
    entry: Entry
    type: str
    mode: str | None
    anchor: Token  # the verb that carries subject, negation and modality
    complement: Trigger | None = None
    embedded_by: Trigger | None = None
    negated: bool = False
    dropped: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def depth(self) -> int:
        """Distance of the anchor from the sentence root (the main event is shallowest)."""
        depth, token = 0, self.anchor
        while token.head.i != token.i and depth < 50:
            token, depth = token.head, depth + 1
        return depth


def lemma(token: Token) -> str:
    """Lower-case lemma ("Talks" in a headline -> "talk")."""
    return token.lemma_.lower()


def objects(token: Token) -> list[Token]:
    """Object heads of a verb or noun: direct objects, passive subjects, prepositional objects."""
    found: list[Token] = []
    for child in token.children:
        if child.dep_ in OBJECT_DEPS:
            found.append(child)
        elif child.dep_ in ("prep", "agent"):
            found.extend(g for g in child.children if g.dep_ == "pobj")
        elif child.dep_ == "prt":
            found.extend(g for g in child.children if g.dep_ == "pobj")
    more = []
    for obj in found:
        more.extend(c for c in obj.children if c.dep_ == "conj")
        if lemma(obj) in PASS_THROUGH:
            for prep in obj.children:
                if prep.dep_ == "prep" and lemma(prep) in ("of", "for"):
                    more.extend(g for g in prep.children if g.dep_ == "pobj")
    return found + more


def is_negated(token: Token, lex: Lexicon) -> bool:
    """Whether the token (or its auxiliaries) carries a negation."""
    no = lex.words("negation_determiners")
    without = lex.words("negation_prepositions")
    for child in token.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "det" and lemma(child) in no:
            return True
    head = token.head
    return token.dep_ == "pobj" and lemma(head) in without


def _matches(entry: Entry, token: Token, lex: Lexicon) -> bool:
    """Whether every constraint of ``entry`` holds for ``token``."""
    children = list(token.children)
    if entry.prt and not any(c.dep_ in ("prt", "advmod", "prep") and lemma(c) in entry.prt for c in children):
        return False
    if entry.prep and not any(c.dep_ in ("prep", "agent", "dative") and lemma(c) in entry.prep for c in children):
        return False
    if entry.obj and not any(lemma(o) in entry.obj or o.lower_ in entry.obj for o in objects(token)):
        return False
    if entry.mod and not any(c.dep_ in MODIFIER_DEPS and (lemma(c) in entry.mod or c.lower_ in entry.mod)
                             for c in children):
        return False
    if entry.gov and not (token.dep_ in OBJECT_DEPS or token.dep_ in ("nsubj", "pobj", "conj")) or (
            entry.gov and _governor(token) is None) or (
            entry.gov and lemma(_governor(token)) not in entry.gov):
        return False
    matched: list[Token] = []
    if entry.child:
        for c in children:
            near = [c]
            if c.dep_ in ("prep", "ccomp", "xcomp", "oprd", "acomp", "advmod", "npadvmod", "dobj", "prt"):
                near.extend(c.children)
            matched.extend(t for t in near if lemma(t) in entry.child)
        if not matched:
            return False
    # "do not consider it possible" and "consider it not possible" are the same refusal
    if entry.neg and not (is_negated(token, lex) or any(is_negated(t, lex) for t in matched)):
        return False
    return True


def _governor(token: Token) -> Token | None:
    """The verb a noun depends on ("held talks" -> held; "talks between X" -> None)."""
    head = token.head
    if token.dep_ == "conj":
        return _governor(head) if head.i != token.i else None
    if token.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
        head = head.head
    if head.i == token.i or head.pos_ not in ("VERB", "AUX"):
        return None
    return head


def sentence_triggers(sent: Span, lex: Lexicon) -> list[Trigger]:
    """All triggers of a sentence, light verbs absorbed and wrappers linked to their complements."""
    found: dict[int, Trigger] = {}
    for token in sent:
        pos = token.pos_
        if pos == "AUX" or not token.is_alpha and "-" not in token.text:
            continue
        if token.ent_type_ in ("DATE", "TIME"):
            continue  # "in March", "by May": a date, not a march
        if pos in ("NOUN", "PROPN") and (token.ent_type_ in NAME_LABELS or token.dep_ in NAME_DEPS):
            continue  # "the Economic Cooperation forum", "a mediation mission": part of a name
        if pos == "VERB" and token.dep_ == "amod":
            continue  # "the besieged town", "its long-threatened invasion": a description, not an event
        for entry in lex.candidates(pos, lemma(token)) or lex.candidates(pos, token.lower_):
            if _matches(entry, token, lex):
                found[token.i] = Trigger(token, entry, entry.type, entry.mode, anchor=token)
                break
    _absorb_light_verbs(found, lex)
    _link_complements(found, lex)
    _share_embedding(found)
    _drop_restated(found)
    return [t for t in found.values() if not t.dropped]


def _share_embedding(found: dict[int, Trigger]) -> None:
    """Conjoined events share their wrapper ("cancelled visits, meetings and engagements" cancels all three), and
    so does the event a quantity noun counts ("refused a round of negotiations")."""
    for trig in sorted(found.values(), key=lambda t: t.token.i):
        if trig.dropped or trig.embedded_by is None:
            continue
        # "cancelled visits, meetings and engagements"; "refused a round of negotiations"
        inner = [g for c in trig.token.children if c.dep_ == "prep" and lemma(c) == "of" for g in c.children
                 if g.dep_ == "pobj" and (found.get(g.i) is not None and found[g.i].type == trig.type)]
        for conj in [*trig.token.conjuncts, *inner]:
            other = found.get(conj.i)
            if other is not None and other.embedded_by is None and not other.dropped and not other.entry.takes \
                    and conj.i > trig.token.i:
                other.embedded_by = trig.embedded_by


def _drop_restated(found: dict[int, Trigger]) -> None:
    """Drop event nouns that restate rather than report.

    A noun both embedded and embedding ("turned down the *proposal* for a meeting") is the link
    between the refusal and the meeting, not a third event; an event noun inside what a SUPPORT verb
    praises ("welcomed his *commitment* to peace", "appreciation for the *amnesty*") is the topic of
    the praise; a noun modifying another event noun ("a *ceasefire* deal") is that event's content.
    """
    for trig in found.values():
        if trig.dropped or trig.entry.section != "nouns":
            continue
        if trig.entry.takes and trig.embedded_by is not None and trig.complement is not None:
            trig.dropped = True
            continue
        head = found.get(trig.token.head.i)
        if trig.token.dep_ == "compound" and head is not None and head.entry.section == "nouns" and not head.dropped:
            trig.dropped = True  # "a ceasefire deal": the deal is the event, the ceasefire its content
            continue
        if trig.embedded_by is None and _praised(trig.token, found):
            trig.dropped = True


def _praised(token: Token, found: dict[int, Trigger]) -> bool:
    """Whether ``token`` lies in the object phrase of a verb that codes SUPPORT."""
    node = token
    for _ in range(MAX_PRAISE_HOPS):
        if node.dep_ not in PRAISE_PATH_DEPS or node.head.i == node.i:
            return False
        node = node.head
        trig = found.get(node.i)
        if trig is not None and node.pos_ == "VERB":
            return trig.type == "SUPPORT" and not trig.entry.takes and not trig.dropped
    return False


def _absorb_light_verbs(found: dict[int, Trigger], lex: Lexicon) -> None:
    """Let an event noun win over the light verb that governs it, and anchor it there."""
    for trig in list(found.values()):
        if trig.entry.section != "nouns":
            continue
        gov = _governor(trig.token)
        if gov is None:
            continue
        if trig.token.dep_ in ("nsubj", "nsubjpass") and gov.i not in found:
            trig.anchor = gov  # "talks were held", "protests erupted": the verb gives status
            continue
        verb = found.get(gov.i)
        if verb is None:
            if lemma(gov) in lex.light_verbs or trig.token.dep_ == "dobj":
                trig.anchor = gov
            continue
        if verb.entry.takes:
            continue  # "refused the meeting": a wrapper and its complement, linked below
        if verb.entry.specific:
            trig.dropped = True  # "lifted the curfew" is CONCEDE, not a curfew
        elif lemma(gov) in lex.light_verbs:
            verb.dropped = True  # "signed a ceasefire": the noun names the event
            trig.anchor = gov
        elif trig.token.dep_ == "dobj":
            trig.dropped = True  # "released the hostages" is one event, the release


def _link_complements(found: dict[int, Trigger], lex: Lexicon) -> None:
    """Give each wrapper ("refused", "offer", "willing") the nearest event in its complement."""
    # deepest wrappers first, so "turned down the proposal for a meeting" sees proposal -> meeting
    for trig in sorted(found.values(), key=lambda t: (-t.depth, t.token.i)):
        if trig.dropped or not trig.entry.takes:
            continue
        comp = _nearest_trigger(trig.token, found)
        if comp is None:
            if trig.entry.needs_complement:
                trig.dropped = True
            continue
        trig.complement = comp
        comp.embedded_by = trig
        inner = comp
        while inner.complement is not None and inner.entry.section == "nouns" and inner.entry.takes:
            inner = inner.complement  # "turned down the proposal for a meeting": the meeting
        _code_wrapper(trig, inner, lex)


def _nearest_trigger(token: Token, found: dict[int, Trigger]) -> Trigger | None:
    """Breadth-first search of the token's dependents for another non-dropped trigger."""
    # a conjoined verb is a second event, not a complement ("cancelled visits and condemned the attack")
    frontier = [c for c in token.children if c.dep_ in COMPLEMENT_DEPS and not (c.dep_ == "conj" and c.pos_ == "VERB")]
    for _ in range(MAX_COMPLEMENT_DEPTH):
        nxt = []
        for node in frontier:
            trig = found.get(node.i)
            if trig is not None and not trig.dropped and trig.embedded_by is None:
                if trig.entry.section != "nouns" or node.dep_ not in ("nsubj",):
                    return trig
            nxt.extend(c for c in node.children if c.dep_ in COMPLEMENT_DEPS)
        frontier = nxt
    return None


def _code_wrapper(trig: Trigger, inner: Trigger, lex: Lexicon) -> None:
    """Set the wrapper's type and mode from the event it embeds (lexicon `complements`)."""
    spec = lex.complements.get(trig.entry.wraps or trig.type)
    if spec is None:
        return
    key = f"{inner.type}/{inner.mode}"
    coded = spec.retype.get(key) or spec.retype.get(inner.type) or spec.retype.get("default")
    if coded is None:
        return
    new_type, new_mode = coded
    if new_type:
        trig.type, trig.mode = new_type, new_mode
    elif trig.entry.mode is None:
        trig.mode = new_mode
