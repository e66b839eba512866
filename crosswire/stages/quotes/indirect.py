"""Indirect speech from the parse: "X said (that) ...", "..., X said", "According to X, ...",
"X urged Y to ..."."""

from __future__ import annotations

from crosswire.stages.quotes.context import QUOTE_CHARS, ArticleContext
from crosswire.stages.quotes.direct import Found
from crosswire.stages.quotes.speakers import Intervals

MIN_WORDS = 3  # a complement shorter than this is rarely a statement ("he said so")
LEADING_SKIP = frozenset({"that", "whether", "if"})


def _span_of(tokens: list) -> tuple[int, int] | None:
    """Character span of a token run, without edge punctuation, quote marks or a leading "that"."""
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].is_punct or tokens[0].text in QUOTE_CHARS or tokens[0].is_space
                      or (tokens[0].lower_ in LEADING_SKIP and tokens[0].dep_ == "mark")):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].text in QUOTE_CHARS or tokens[-1].is_space):
        tokens = tokens[:-1]
    if sum(1 for t in tokens if not t.is_punct) < MIN_WORDS:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _contiguous(tokens: list, anchor) -> list:
    """The run of consecutive token indices containing ``anchor``."""
    have = {t.i for t in tokens}
    lo = hi = anchor.i
    while lo - 1 in have:
        lo -= 1
    while hi + 1 in have:
        hi += 1
    return [anchor.doc[i] for i in range(lo, hi + 1)]


def _inverted_start(cue) -> int | None:
    """Index where an inverted attribution starts ("..., the minister said"), right after a comma."""
    subjects = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i]
    first = min(t.i for t in subjects[0].subtree) if subjects else cue.i
    if first > 0 and cue.doc[first - 1].text in (",", "\u201d", '"'):
        return first - 1
    return None


def _complement(ctx: ArticleContext, cue, lemma: str) -> list | None:
    """Tokens of what the cue reports, or None when it reports no clause."""
    lex = ctx.lexicon
    clauses = [c for c in cue.children if c.dep_ == "ccomp"]
    if clauses:
        clause = clauses[0] if clauses[0].i > cue.i else clauses[-1]
        return _contiguous(list(clause.subtree), clause)
    boundary = _inverted_start(cue) if cue.dep_ in ("parataxis", "advcl") else None
    if boundary is not None and cue.head.i < cue.i and lemma in lex.speech:
        # "The talks will resume, the minister said." parsed with "said" hanging off "resume".
        left = [t for t in cue.head.subtree if t.i < boundary]
        return _contiguous(left, cue.head) if left else None
    if lemma in lex.directive:
        particles = lex.directive_particles.get(lemma)
        objects = [c for c in cue.children if c.dep_ == "dobj"]
        if particles:
            preps = [c for c in cue.children if c.dep_ == "prep" and c.lower_ in particles]
            objects = [o for p in preps for o in p.children if o.dep_ == "pobj"]
        actions = [c for c in cue.children if c.dep_ == "xcomp"
                   and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
        if objects and actions:
            tokens = list(objects[0].subtree) + list(actions[0].subtree)
            return _contiguous(tokens, actions[0])
    return None


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


def indirect_quotes(ctx: ArticleContext, quoted: Intervals, direct: list[Found]) -> list[Found]:
    """Reported statements with a cue outside any quotation, skipping those a direct quote covers."""
    lex = ctx.lexicon
    verbs = lex.speech | lex.belief | lex.directive
    covered = Intervals([(f.mark_start, f.mark_end) for f in direct if f.kind == "direct"])
    found: list[Found] = []
    for tok in ctx.doc:
        if quoted.contains(tok.idx):
            continue
        lemma = tok.lemma_.lower()
        if tok.lower_ == "according":
            cue_lemma = ctx.cue_lemma(tok)
            content = _according_content(tok) if cue_lemma else None
        elif tok.pos_ in ("VERB", "AUX") and lemma in verbs:
            cue_lemma, content = lemma, _complement(ctx, tok, lemma)
        else:
            continue
        if not content:
            continue
        span = _span_of(content)
        if span is None:
            continue
        start, end = span
        inside = sum(1 for t in content if covered.contains(t.idx))
        if inside * 2 > len(content):
            continue
        cue = ctx.cue_at(tok, cue_lemma)
        found.append(Found(start, end, "indirect", cue, "cue" if cue.subject is not None else "none"))
    return found
