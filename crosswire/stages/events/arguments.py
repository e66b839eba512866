"""Source and target actors of a trigger, read from the dependency parse."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from crosswire.actors import ArticleActors
from crosswire.model import Actor
from crosswire.stages.entity_index import same_entity
from crosswire.stages.events.triggers import Trigger, lemma

if TYPE_CHECKING:
    from spacy.tokens import Token

# Dependents kept in an actor's phrase: "Azerbaijani President Ilham Aliyev", "Ministry of X".
PHRASE_DEPS = frozenset({"compound", "amod", "det", "poss", "nmod", "flat", "appos", "case", "nummod",
                         "quantmod", "prep", "pobj", "punct", "npadvmod", "advmod"})
TARGET_PREPS = frozenset({"with", "to", "against", "toward", "towards", "on", "at", "into", "upon", "from"})
SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE", "SUPPORT", "ASSAULT"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
SPEAKER_PRONOUNS = frozenset({"we", "i", "us", "me"})
GROUP_PRONOUNS = frozenset({"they", "it", "them"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
QUANTITY_HEADS = frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "ten", "tens", "million",
                            "millions", "group", "groups", "number", "members", "member", "some", "many", "most",
                            "band", "crowd", "batch", "patch", "contingent", "one", "two",
                            "three", "four", "five", "six", "seven", "eight", "nine", "majority", "all"})
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# Participles whose passive form states the subject's own stance ("is opposed to", "is prepared to").
STATIVE_PASSIVES = frozenset({"oppose", "commit", "prepare", "determine", "resolve", "dedicate", "dispose",
                              "inclined", "incline", "concern", "satisfy", "please", "disappoint", "engage",
                              "involve", "divide", "unite", "opposed", "committed", "prepared", "determined"})
# Entity labels that never name an actor: "met on Thursday", "Friday's meeting".
NON_ACTOR_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY"})
# Heads that name someone related to the "of" phrase, not the phrase itself: "the partners of the US"
# are not the US.
RELATIONAL_HEADS = frozenset({"partner", "ally", "counterpart", "neighbour", "neighbor", "friend", "enemy",
                              "rival", "opponent", "critic", "supporter", "backer", "adversary"})


@dataclass
class Arguments:
    """Source(s) and target(s) of one event."""

    sources: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)


@dataclass
class Context:
    """What argument reading needs beyond the sentence: actor memory and the paragraph speaker."""

    actors: ArticleActors
    speaker: Actor | None = None
    time_spans: tuple[tuple[int, int], ...] = ()  # character spans of the article's time expressions

    def is_time(self, token: Token) -> bool:
        """Whether ``token`` is part of a date or time ("November", "Thursday"), never an actor."""
        if token.ent_type_ in NON_ACTOR_LABELS:
            return True
        return any(lo <= token.idx < hi for lo, hi in self.time_spans)


def phrase_tokens(head: Token) -> list[Token]:
    """Tokens of the noun phrase headed by ``head``, without clauses and conjuncts."""
    kept = [head]
    stack = [head]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.dep_ not in PHRASE_DEPS:
                continue
            if child.dep_ == "prep" and (node is not head or lemma(child) not in _phrase_preps(head)):
                continue
            if child.dep_ == "punct" and child.i > head.i and node is head:
                continue
            kept.append(child)
            stack.append(child)
    kept.sort(key=lambda t: t.i)
    while kept and kept[-1].dep_ in ("punct", "cc", "case"):
        kept.pop()
    while kept and kept[0].dep_ in ("punct", "cc"):
        kept.pop(0)
    return kept


def _phrase_preps(head: Token) -> tuple[str, ...]:
    """Prepositions that belong to an actor phrase: "of"/"from", and "in" after a common noun
    ("rebels in the Ivory Coast", "police in Kenya"; not "Aliyev in Baku")."""
    return ("of", "from", "in") if head.pos_ == "NOUN" else ("of", "from")


def _text(tokens: list[Token]) -> str:
    """Surface text of tokens, with their original spacing."""
    return "".join(t.text_with_ws for t in tokens).strip()


def _entity_name(tokens: list[Token]) -> tuple[str | None, bool]:
    """The named entity inside a phrase (PERSON first) and whether it is a person."""
    best: tuple[int, str] | None = None
    rank = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3}
    ids = {t.i for t in tokens}
    for token in tokens:
        if token.ent_iob_ == "B" and token.ent_type_ in rank:
            end = token.i + 1
            while end < len(token.doc) and token.doc[end].ent_iob_ == "I":
                end += 1
            span = token.doc[token.i:end]
            if all(t.i in ids for t in span):
                cand = (rank[token.ent_type_], span.text)
                if best is None or cand[0] < best[0]:
                    best = cand
    if best is None:
        return None, False
    return best[1], best[0] == 0


def actor_of(head: Token, ctx: Context) -> list[Actor]:
    """Actors a noun-phrase head names: one per conjunct ("X and Y"), pronouns resolved."""
    heads = [head] + _conjuncts(head)
    actors: list[Actor] = []
    for token in heads:
        actors.extend(_actors_of_one(token, ctx))
    return actors


def _conjuncts(token: Token) -> list[Token]:
    """Conjoined heads: "Armenia and Azerbaijan" -> [Azerbaijan]."""
    found, stack = [], [token]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.dep_ == "conj" and child.pos_ in ("PROPN", "NOUN", "PRON"):
                found.append(child)
                stack.append(child)
    return found


def _actors_of_one(head: Token, ctx: Context) -> list[Actor]:
    """Actors of one conjunct; a split modifier ("Hungarian and Romanian officials") gives several."""
    low = head.lower_
    if ctx.is_time(head):
        return []
    if head.pos_ == "PRON":
        reporter = _reporting_subject(head)
        if reporter is not None:  # "NATO confirmed it would ...": "it" is NATO
            return _actors_of_one(reporter, ctx)
        return [a for a in (_pronoun_actor(low, ctx),) if a is not None]
    if lemma(head) in QUANTITY_HEADS:  # "thousands of students", "a group of Yoruba leaders"
        inner = next((g for c in head.children if c.dep_ == "prep" and lemma(c) == "of"
                      for g in c.children if g.dep_ == "pobj"), None)
        if inner is not None:
            return _actors_of_one(inner, ctx)
    tokens = phrase_tokens(head)
    if lemma(head) in RELATIONAL_HEADS:  # "the European partners of the US": not the US itself
        of_phrase = {t.i for c in head.children if c.dep_ == "prep" and lemma(c) == "of" for t in c.subtree}
        tokens = [t for t in tokens if t.i not in of_phrase]
    variants = _split_modifier(head, tokens)
    actors = []
    if head.ent_type_ == "GPE" and head.ent_iob_ in ("B", "I"):
        # "Pakistan, a key U.S. ally": the country named is the actor, not the one in its apposition
        own = [t for t in tokens if t.ent_type_ == "GPE" and same_entity(t, head) or t.i == head.i]
        actor = ctx.actors.resolve(_text(own), name=_text(own), head=lemma(head))
        if actor is not None and actor.country:
            return [actor]
    for toks in variants:
        name, person = _entity_name(toks)
        if name is None and head.pos_ == "PROPN":
            name = head.text  # an untagged name ("O'Brian continued") may still be one the article knows
        is_actorish = (name is not None or head.ent_type_ in ACTOR_LABELS or head.pos_ == "PROPN")
        resolver = ctx.actors.resolver
        if not is_actorish and not any(resolver.is_role(w) or resolver.is_body(w) for w in (lemma(head), low)):
            continue  # "a new military offensive" is not an actor though "military" is a role word
        actor = ctx.actors.resolve(_text(toks), name=name, head=lemma(head), person=person)
        if actor is None and is_actorish and name:
            actor = Actor(entity=None, name=name, country=None, sector=None, key=None)
        if actor is not None:
            actors.append(actor)
    return actors


def _split_modifier(head: Token, tokens: list[Token]) -> list[list[Token]]:
    """Phrase variants for a conjoined modifier: "Foreign Ministers of A and B" -> of A / of B."""
    ids = {t.i for t in tokens}
    for mod in tokens:
        if mod is head:
            continue
        conj = [c for c in mod.children if c.dep_ == "conj" and c.i in ids]
        if not conj or mod.dep_ not in ("amod", "compound", "pobj"):
            continue
        variants = []
        for choice in [mod, *conj]:
            drop = set()
            for other in [mod, *conj]:
                if other is not choice:
                    drop.update(t.i for t in other.subtree)
            drop.update(c.i for c in mod.children if c.dep_ in ("cc", "punct"))
            if choice is not mod:
                drop.update(t.i for t in mod.subtree if t.i not in {x.i for x in choice.subtree})
                keep = [t for t in tokens if t.i not in drop or t.i in {x.i for x in choice.subtree}]
            else:
                keep = [t for t in tokens if t.i not in drop]
            keep = [t for t in keep if not (t.dep_ == "conj" and t is not choice and t.head.i == mod.i)]
            variants.append(sorted(keep, key=lambda t: t.i))
        return variants
    return [tokens]


def _reporting_subject(pronoun: Token) -> Token | None:
    """The subject of the verb that reports the clause a subject pronoun opens, when they agree:
    "the party said it will boycott" (it = the party), "X was quoted as saying he would" (he = X)."""
    clause = pronoun.head
    if pronoun.dep_ != "nsubj" or clause.dep_ != "ccomp" or clause.head.i == clause.i:
        return None
    subj, _ = subject_of(clause.head)
    if subj is None or subj.pos_ == "PRON" or subj.i > pronoun.i:
        return None
    low, person = pronoun.lower_, subj.ent_type_ == "PERSON"
    plural = subj.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subj.children)
    agrees = {"he": person and not plural, "she": person and not plural,
              "it": not person and not plural and subj.pos_ in ("PROPN", "NOUN"),
              "they": plural or (not person and subj.ent_type_ in ("ORG", "NORP"))}
    return subj if agrees.get(low, False) else None


def _pronoun_actor(low: str, ctx: Context) -> Actor | None:
    """The actor a pronoun stands for: last person, the paragraph's speaker, or the last actor."""
    if low in PERSON_PRONOUNS:
        return ctx.actors.last_person
    if low in SPEAKER_PRONOUNS:
        return ctx.speaker or ctx.actors.last_actor
    if low in GROUP_PRONOUNS:
        return ctx.actors.last_actor
    return None


def subject_of(token: Token) -> tuple[Token | None, bool]:
    """Subject of a verb, climbing control verbs and conjunctions; and whether it is passive."""
    node = token
    for _ in range(4):
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in node.children)
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
                if lemma(child) in RELATIVE_PRONOUNS and node.dep_ == "relcl":
                    return node.head, passive
                return child, child.dep_ == "nsubjpass" or passive
        if node.dep_ == "relcl" and not passive:
            return node.head, False
        if node.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acomp", "pcomp") and node.head.i != node.i:
            node = node.head
            if node.dep_ == "prep":
                node = node.head
            continue
        if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN") and (
                node.tag_ in ("VBD", "VBZ", "VBP") or node.head.dep_ == "ROOT" and not passive):
            return node.head, False  # the main verb parsed as a modifier: "Doctors from X donated goods"
        if node.dep_ == "acl" and node.tag_ == "VBN":
            return None, True
        break
    return None, False


def arguments(trig: Trigger, ctx: Context, *, nested: bool = False) -> Arguments:
    """Source and target actors of a trigger (``nested``: without borrowing from linked events)."""
    args = Arguments()
    token, anchor = trig.token, trig.anchor
    subj, passive = subject_of(anchor)
    agent = _prep_objects(anchor, ("by",), deps=("agent", "prep")) + _prep_objects(token, ("by",), deps=("agent", "prep"))
    if passive and not agent and lemma(anchor) in STATIVE_PASSIVES:
        passive = False  # "Israel is opposed to", "Vietnam is committed to": a stance of the subject
    if passive:
        if agent:
            args.sources = _actors(agent, ctx)
        if subj is not None:
            args.targets = actor_of(subj, ctx)
    elif subj is not None:
        args.sources = actor_of(subj, ctx)
    borrowed = False  # the source is the subject of the clause around an event noun, not the noun's own
    if trig.entry.section == "nouns" and not args.sources:
        args.sources = _noun_owner(token, ctx) or _actors(agent, ctx) or _from_to_source(token, ctx)
        if not args.sources:
            args.sources = _clause_subject(token, ctx)
            borrowed = bool(args.sources)
    between = _prep_objects(token, ("between", "among")) or _prep_objects(anchor, ("between", "among"))
    parties = _actors(between, ctx)
    targets = _direct_objects(trig, ctx)
    for prep_obj in _prep_objects(token, TARGET_PREPS) + (
            _prep_objects(anchor, TARGET_PREPS) if anchor.i != token.i else []):
        targets.extend(actor_of(prep_obj, ctx))
    if parties:
        # "turned down a meeting between A and B": the parties meet, not the one who turned it down
        if args.sources and not (borrowed and len(parties) > 1):
            targets = parties + targets
        else:
            args.sources, targets = parties[:1], parties[1:] + targets
    if not args.targets:
        args.targets = targets
    if not args.sources and trig.embedded_by is not None and not nested:
        args.sources = arguments(trig.embedded_by, ctx, nested=True).sources  # "Iran refused to attend the talks"
    if not args.targets and trig.complement is not None and not nested:
        inner = arguments(trig.complement, ctx, nested=True)
        args.targets = [a for a in inner.sources + inner.targets if not _same(a, args.sources)]
    if not args.targets and len(args.sources) > 1 and trig.type in SYMMETRIC:
        args.targets = args.sources[1:]
        args.sources = args.sources[:1]
    args.targets = [a for a in args.targets if not _same(a, args.sources[:1])]
    return args


def _from_to_source(token: Token, ctx: Context) -> list[Actor]:
    """Source of an event noun told as a movement "from X to Y" ("visits from the US to Azerbaijan")."""
    if not _prep_objects(token, ("to",)):
        return []
    return _actors(_prep_objects(token, ("from",)), ctx)


def _clause_subject(token: Token, ctx: Context) -> list[Actor]:
    """Actors of the active subject of the verb whose object phrase holds an event noun
    ("Israel launched a wave of attacks": the attacks are Israel's)."""
    node = token
    for _ in range(4):
        if node.dep_ not in ("dobj", "pobj", "prep", "conj", "attr", "appos") or node.head.i == node.i:
            return []
        node = node.head
        if node.pos_ == "VERB":
            subj, passive = subject_of(node)
            return actor_of(subj, ctx) if subj is not None and not passive else []
    return []


def _same(actor: Actor, others: list[Actor]) -> bool:
    """Whether ``actor`` is one of ``others`` (by name key or by identical country and sector)."""
    return any(actor.key == o.key or actor.name == o.name for o in others)


def _actors(heads: list[Token], ctx: Context) -> list[Actor]:
    """Actors of several heads, in order."""
    found: list[Actor] = []
    for head in heads:
        found.extend(actor_of(head, ctx))
    return found


def _prep_objects(token: Token, preps, deps=("prep",)) -> list[Token]:
    """Objects of the given prepositions attached to ``token``."""
    found = []
    for child in token.children:
        if child.dep_ in deps and lemma(child) in preps:
            found.extend(g for g in child.children if g.dep_ == "pobj")
    return found


def _direct_objects(trig: Trigger, ctx: Context) -> list[Actor]:
    """Actor objects of the trigger verb ("urged Iran to", "accused X of", "gave Tanzania")."""
    found: list[Actor] = []
    token = trig.token if trig.entry.section != "nouns" else trig.anchor
    if token.pos_ not in ("VERB",):
        return found
    for child in token.children:
        if child.dep_ in ("dobj", "dative", "iobj") and _actorish(child):
            found.extend(actor_of(child, ctx))
    return found


def _actorish(token: Token) -> bool:
    """Whether a head could name an actor (a name, a pronoun or a role word)."""
    if token.ent_type_ in ACTOR_LABELS or token.pos_ in ("PROPN", "PRON"):
        return token.lower_ not in ("it", "that", "this", "which", "what")
    return token.pos_ == "NOUN"


def _noun_owner(token: Token, ctx: Context) -> list[Actor]:
    """Source of an event noun from its possessor or actor modifier ("Israel's attack", "US sanctions")."""
    for child in token.children:
        if child.dep_ == "poss" and child.pos_ != "PRON" and not ctx.is_time(child):
            return actor_of(child, ctx)
    for child in token.children:
        if child.dep_ in ("compound", "amod") and (child.ent_type_ in ACTOR_LABELS or child.pos_ == "PROPN"):
            actor = ctx.actors.resolve(child.text, name=child.text, remember=False)
            if actor is not None and actor.country:
                return [actor]
    return []
