"""Indirect speech from the parse: "X said (that) ...", "..., X said", "..., X said, ...",
"According to X, ...", "X urged Y to ...", "X vowed to ...", "X endorsed ...", "X's claim that ...".

Which verbs and nouns count, and which of their dependents carry the content, is data
(``crosswire/lexicons/quote_cues.yaml``); this module only knows the dependency shapes.
"""

from __future__ import annotations

from dataclasses import dataclass

from crosswire.stages.quotes.context import QUOTE_CHARS, ArticleContext, Cue
from crosswire.stages.quotes.direct import Found
from crosswire.stages.quotes.speakers import Intervals

MIN_WORDS = 3  # a clause shorter than this is rarely a statement ("he said so")
LEADING_SKIP = frozenset({"that", "whether", "if"})
# Verbs that make an owner of a statement noun its subject ("X made the claim that ...").
NOUN_OWNER_VERBS = frozenset({"make", "issue", "express", "voice", "repeat", "level", "raise",
                              "offer", "deliver", "reiterate", "renew", "put", "give", "release"})


@dataclass(frozen=True)
class Unit:
    """One stretch of attributed content found under a cue token."""

    tokens: list
    cue_class: str  # speech, belief, intention, stance, nominal
    min_words: int = MIN_WORDS
    owner: object = None  # speaker head when the cue is a noun ("X's claim that ...")


def _span_of(tokens: list, min_words: int) -> tuple[int, int] | None:
    """Character span of a token run, without edge punctuation, quote marks or a leading "that"."""
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].is_punct or tokens[0].text in QUOTE_CHARS or tokens[0].is_space
                      or (tokens[0].lower_ in LEADING_SKIP and tokens[0].dep_ == "mark")):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].text in QUOTE_CHARS or tokens[-1].is_space):
        tokens = tokens[:-1]
    if sum(1 for t in tokens if not t.is_punct) < min_words:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _contiguous(tokens: list, anchor) -> list:
    """The run of consecutive token indices containing ``anchor``, never crossing a line break."""
    have = {t.i for t in tokens}
    doc = anchor.doc
    lo = hi = anchor.i
    while lo - 1 in have and "\n" not in doc[lo - 1].text + doc[lo - 1].whitespace_:
        lo -= 1
    while hi + 1 in have and "\n" not in doc[hi].whitespace_ and "\n" not in doc[hi + 1].text:
        hi += 1
    return [doc[i] for i in range(lo, hi + 1)]


def _inverted_start(cue) -> int | None:
    """Index where an inverted attribution starts ("..., the minister said"), right after a comma."""
    subjects = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i]
    first = min(t.i for t in subjects[0].subtree) if subjects else cue.i
    if first > 0 and cue.doc[first - 1].text in (",", "\u201d", '"'):
        return first - 1
    return None


def _parenthetical(cue) -> list[list] | None:
    """"The risk, he said, is a clash": the clause around a cue set off by commas, in two parts."""
    head = cue.head
    if cue.dep_ != "parataxis" or head.i <= cue.i:
        return None
    own = list(cue.subtree)
    lo, hi = own[0].i, own[-1].i
    doc = cue.doc
    if lo == 0 or doc[lo - 1].text != "," and not doc[lo].is_punct:
        return None
    rest = [t for t in head.subtree if t.i < lo or t.i > hi]
    left = [t for t in rest if t.i < lo]
    right = [t for t in rest if t.i > hi]
    parts = []
    if left:
        parts.append(_contiguous(left, left[-1]))
    if right:
        parts.append(_contiguous(right, head if head.i > hi else right[0]))
    return parts


def _clause_units(ctx: ArticleContext, cue, lemma: str) -> list[Unit]:
    """Clausal content of a verb of saying or thinking: every ``ccomp``, or the inverted clause."""
    lex = ctx.lexicon
    klass = "belief" if lemma in lex.belief and lemma not in lex.speech else "speech"
    clauses = [c for c in cue.children if c.dep_ == "ccomp"]
    if clauses:
        return [Unit(_contiguous(list(c.subtree), c), klass) for c in clauses]
    if lemma not in lex.speech:
        return []
    parts = _parenthetical(cue)
    if parts:
        return [Unit(p, klass, min_words=2) for p in parts]
    boundary = _inverted_start(cue) if cue.dep_ in ("parataxis", "advcl") else None
    if boundary is not None and cue.head.i < cue.i:
        # "The talks will resume, the minister said." parsed with "said" hanging off "resume".
        left = [t for t in cue.head.subtree if t.i < boundary]
        return [Unit(_contiguous(left, cue.head), klass)] if left else []
    return []


def _directive_units(ctx: ArticleContext, cue, lemma: str) -> list[Unit]:
    """"X urged Y to ...": the object and the infinitive."""
    lex = ctx.lexicon
    particles = lex.directive_particles.get(lemma)
    objects = [c for c in cue.children if c.dep_ == "dobj"]
    if particles:
        preps = [c for c in cue.children if c.dep_ == "prep" and c.lower_ in particles]
        objects = [o for p in preps for o in p.children if o.dep_ == "pobj"]
    actions = [c for c in cue.children if c.dep_ == "xcomp" and _has_to(c)]
    if objects and actions:
        tokens = list(objects[0].subtree) + list(actions[0].subtree)
        return [Unit(_contiguous(tokens, actions[0]), "speech")]
    return []


def _has_to(verb) -> bool:
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in verb.children)


def _is_passive(verb) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _intention_units(cue) -> list[Unit]:
    """"X vowed to fight on", "X declined to comment": the infinitive is the content."""
    if _is_passive(cue):
        return []  # "X is expected to win": the source is someone unnamed, not X
    actions = [c for c in cue.children if c.dep_ == "xcomp" and _has_to(c)]
    if not actions:
        return []
    tokens = [t for t in actions[0].subtree if not (t.dep_ == "aux" and t.lower_ == "to" and t.head == actions[0])]
    return [Unit(_contiguous(tokens, actions[0]), "intention", min_words=1)]


def _object_units(ctx: ArticleContext, cue, lemma: str) -> list[Unit]:
    """"X endorsed the plan", "X called the talks a sham", "X accused Y of lying"."""
    if _is_passive(cue):
        return []
    objects = [c for c in cue.children if c.dep_ == "dobj"]
    if not objects:
        return []
    obj = objects[0]
    extra = [c for c in cue.children if c.dep_ == "oprd" and c.i > obj.i]
    particles = ctx.lexicon.object_particles.get(lemma, frozenset())
    extra += [c for c in cue.children if c.dep_ == "prep" and c.lower_ in particles and c.i > obj.i]
    if obj.pos_ == "PRON" and not extra:
        return []  # "X called him": a phone call as often as a verdict
    tokens = list(obj.subtree) + [t for c in extra for t in c.subtree]
    return [Unit(_contiguous(tokens, obj), "stance", min_words=1)]


def _prepositional_units(ctx: ArticleContext, cue, lemma: str) -> list[Unit]:
    """"X talked about the economy", "X called for a ceasefire": the preposition's object."""
    particles = ctx.lexicon.prepositional_objects.get(lemma)
    if not particles:
        return []
    for prep in cue.children:
        if prep.dep_ == "prep" and prep.lower_ in particles and prep.i > cue.i:
            objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                tokens = [t for o in objects for t in o.subtree]
                return [Unit(_contiguous(tokens, objects[0]), "stance", min_words=1)]
    return []


def _noun_owner(noun):
    """Who a statement noun belongs to: "X's claim", "the claim by X", "X made the claim"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
            objects = [o for o in child.children if o.dep_ == "pobj"]
            if objects:
                return objects[0]
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in NOUN_OWNER_VERBS:
        subjects = [c for c in head.children if c.dep_ == "nsubj"]
        if subjects:
            return subjects[0]
    return None


def _noun_units(ctx: ArticleContext, noun) -> list[Unit]:
    """"X's claim that ...", "X's criticism of the plan", "the call by X for talks"."""
    owner = _noun_owner(noun)
    if owner is None:
        return []
    for child in noun.children:
        if child.i < noun.i:
            continue
        if child.dep_ in ("acl", "ccomp") and (any(m.lower_ == "that" and m.dep_ == "mark" for m in child.children)
                                               or _has_to(child)):
            return [Unit(_contiguous(list(child.subtree), child), "nominal", owner=owner)]
        if child.dep_ == "prep" and child.lower_ in ctx.lexicon.noun_particles:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                tokens = [t for o in objects for t in o.subtree]
                return [Unit(_contiguous(tokens, objects[0]), "nominal", min_words=1, owner=owner)]
    return []


def _according_content(tok) -> list | None:
    """The clause an "according to X" phrase attaches to, without the phrase itself."""
    head = tok.head
    if head.i == tok.i:
        return None
    own = {t.i for t in tok.subtree}
    rest = [t for t in head.subtree if t.i not in own]
    left = [t for t in rest if t.i < tok.i]
    right = [t for t in rest if t.i > tok.i]
    part = right if len(right) >= len(left) else left
    if not part:
        return None
    anchor = head if head in part else part[0]
    return _contiguous(part, anchor)


def _verb_units(ctx: ArticleContext, tok, lemma: str) -> list[Unit]:
    """Content units of a verb cue, from the most to the least specific dependency shape."""
    lex = ctx.lexicon
    units: list[Unit] = []
    if lemma in lex.speech or lemma in lex.belief:
        units = _clause_units(ctx, tok, lemma)
    if not units and lemma in lex.directive:
        units = _directive_units(ctx, tok, lemma)
    if not units and lemma in lex.intention:
        units = _intention_units(tok)
    if not units and lemma in lex.object_cues:
        units = _object_units(ctx, tok, lemma)
    if not units and lemma in lex.prepositional_objects:
        units = _prepositional_units(ctx, tok, lemma)
    return units


def _cue_units(ctx: ArticleContext, tok, verbs: frozenset[str]) -> tuple[str | None, list[Unit]]:
    """(cue lemma, content units) of one token, or (None, []) when it is no cue."""
    lex = ctx.lexicon
    lemma = tok.lemma_.lower()
    if tok.lower_ == "according":
        cue_lemma = ctx.cue_lemma(tok)
        content = _according_content(tok) if cue_lemma else None
        return cue_lemma, [Unit(content, "speech")] if content else []
    if tok.pos_ in ("VERB", "AUX") and lemma in verbs:
        return lemma, _verb_units(ctx, tok, lemma)
    if tok.pos_ == "NOUN" and lemma in lex.noun_cues:
        return lemma, _noun_units(ctx, tok)
    return None, []


def indirect_quotes(ctx: ArticleContext, quoted: Intervals, direct: list[Found]) -> list[Found]:
    """Reported statements with a cue outside any quotation, skipping those a direct quote covers."""
    lex = ctx.lexicon
    verbs = (lex.speech | lex.belief | lex.directive | lex.intention | lex.object_cues
             | frozenset(lex.prepositional_objects))
    covered = Intervals([(f.mark_start, f.mark_end) for f in direct if f.kind == "direct"])
    found: list[Found] = []
    for tok in ctx.doc:
        if quoted.contains(tok.idx):
            continue
        cue_lemma, units = _cue_units(ctx, tok, verbs)
        line = ctx.paragraph_bounds(tok.idx)
        for unit in units:
            span = _span_of(unit.tokens, unit.min_words)
            if span is None or span[0] < line[0] or span[1] > line[1]:
                continue  # a parse that runs across paragraphs (a headline over its story)
            inside = sum(1 for t in unit.tokens if covered.contains(t.idx))
            if inside * 2 > len(unit.tokens):
                continue
            if unit.owner is not None:
                cue = Cue(cue_lemma, tok.idx, tok.idx + len(tok), unit.owner, tok)
            else:
                cue = ctx.cue_at(tok, cue_lemma)
            how = "cue" if cue.subject is not None else "none"
            found.append(Found(span[0], span[1], "indirect", cue, how, cue_class=unit.cue_class))
    return found
