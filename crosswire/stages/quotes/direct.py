"""Direct and partial quotations: text between quotation marks, with the cue that attributes it."""

from __future__ import annotations

from dataclasses import dataclass

from crosswire.stages.quotes.context import QUOTE_CHARS, ArticleContext, Cue
from crosswire.stages.quotes.marks import QuotedSpan

DASHES = frozenset({"\u2015", "\u2014", "\u2013", "-", "--"})
# Punctuation kept outside the statement's text ("...peace," he said -> "...peace").
TRAILING = ",;: \n\t"


@dataclass(frozen=True)
class Found:
    """A statement before it becomes a Quote record (its speaker not yet resolved)."""

    start: int
    end: int
    kind: str
    cue: Cue | None
    how: str  # how it was attributed: cue, continued, next-sentence, previous-paragraph, none
    mark_start: int = -1  # opening mark (direct/partial only)
    mark_end: int = -1  # one past the closing mark
    cue_class: str | None = None  # indirect only: speech, belief, intention, stance, nominal


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of a statement without surrounding space and trailing commas."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1] in TRAILING or text[end - 1].isspace()):
        end -= 1
    return start, end


def is_standalone(ctx: ArticleContext, span: QuotedSpan) -> bool:
    """A full quotation (direct) rather than a fragment inside the writer's own sentence (partial)."""
    before = ctx.before_zone(span.start - 1)
    text = ctx.text
    if not before:
        return True
    lead = text[before[0].idx: span.start - 1].rstrip()
    if lead.endswith(":"):
        return True
    inner = text[span.start: span.end].lstrip()
    capital = inner[:1].isupper()
    words = [t for t in before if not t.is_punct]
    if lead.endswith(",") and capital:
        return True
    if capital and words and any(ctx.cue_lemma(t) for t in words[-3:]) and \
            words[-1].lower_ != "that":
        return True
    return False


def _cue_after(ctx: ArticleContext, span: QuotedSpan) -> Cue | None:
    """`," he said.` / `," said X.` / `," according to X.` right after the closing mark."""
    zone = ctx.after_zone(span.end + 1)
    if not zone:
        return None
    inner_tail = ctx.text[max(span.start, span.end - 2): span.end].rstrip()
    first = zone[0]
    # After a full stop inside the marks, the next words start a new sentence: a cue there
    # attributes this quotation only when it has no statement of its own (`"..." He added.`).
    new_sentence = inner_tail.endswith(".") and first.text[:1].isupper()
    if first.text in DASHES and not new_sentence:
        return _dash_cue(zone)
    for k, tok in enumerate(zone):
        lemma = ctx.cue_lemma(tok)
        if not lemma:
            continue
        if new_sentence and any(c.dep_ == "ccomp" for c in tok.children):
            return None
        cue = ctx.cue_at(tok, lemma)
        if not new_sentence:
            cue = _with_surface_subject(ctx, cue, zone[:k], span)
        if cue.subject is not None or not new_sentence:
            return cue
    return None


def _dash_cue(zone: list) -> Cue | None:
    """`"..." ― Ana Diaz`: a dash and a name after the closing mark sign the quotation."""
    names = [t for t in zone[1:6] if t.pos_ in ("PROPN", "NOUN") and not t.is_punct]
    if not names:
        return None
    head = names[0]
    while head.head.i != head.i and head.head in zone and head.head.pos_ == "PROPN":
        head = head.head
    dash = zone[0]
    return Cue(dash.text, dash.idx, dash.idx + len(dash), head, dash)


def _with_surface_subject(ctx: ArticleContext, cue: Cue, between: list, span: QuotedSpan) -> Cue:
    """Trust the words between the closing mark and the cue over a parse that found the subject
    elsewhere (inside the quotation, or in a phrase after the cue: ``," X said on Fox News``)."""
    words = [t for t in between if not t.is_punct and t.text not in QUOTE_CHARS]
    subject = cue.subject
    if words:
        if subject is not None and subject in words:
            return cue
        nouns = [t for t in words if t.pos_ in ("PROPN", "NOUN", "PRON")]
        inside = set(t.i for t in words)
        roots = [t for t in nouns if t.head.i not in inside or t.head.i == t.i]
        if roots:
            return Cue(cue.lemma, cue.start, cue.end, roots[0], cue.token)
        return cue
    if subject is not None and subject.idx < span.end:
        # `," said X` parsed with a subject inside the quotation: take the phrase after the cue.
        after = [t for t in ctx.doc[cue.token.i + 1: cue.token.i + 6] if not t.is_punct]
        nouns = [t for t in after if t.pos_ in ("PROPN", "NOUN")]
        if nouns:
            head = nouns[0]
            while head.head.i != head.i and head.head.i > cue.token.i and head.head.pos_ in ("PROPN", "NOUN") \
                    and head.head.i < cue.token.i + 8:
                head = head.head
            return Cue(cue.lemma, cue.start, cue.end, head, cue.token)
    return cue


def _cue_before(ctx: ArticleContext, span: QuotedSpan) -> Cue | None:
    """`He said: "...` / `X told reporters, "...`: the last cue before the opening mark."""
    for tok in reversed(ctx.before_zone(span.start - 1)):
        lemma = ctx.cue_lemma(tok)
        if lemma:
            cue = ctx.cue_at(tok, lemma)
            if cue.subject is not None:
                return cue
    return None


def _cue_governing(ctx: ArticleContext, span: QuotedSpan) -> Cue | None:
    """For a fragment: the cue verb it depends on (called the talks "non-inclusive")."""
    i = ctx.token_index(span.start)
    if i >= len(ctx.doc):
        return None
    tok = ctx.doc[i]
    lemmas = ctx.lexicon.cue_lemmas | ctx.lexicon.naming
    for _ in range(12):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if span.start <= tok.idx < span.end:
            continue  # a verb inside the fragment is the speaker's, not the writer's
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in ctx.lexicon.document_nouns:
            owner = _document_owner(tok)
            if owner is not None and owner.pos_ != "PRON":
                return Cue(tok.lemma_.lower(), tok.idx, tok.idx + len(tok), owner, tok)
        lemma = ctx.cue_lemma(tok, lemmas)
        if lemma:
            cue = ctx.cue_at(tok, lemma)
            if cue.subject is not None:
                return cue
        if tok.dep_ == "prep" and tok.lower_ == "to" and tok.head.lower_ == "according":
            cue = ctx.cue_at(tok.head, "according to")
            if cue.subject is not None:
                return cue
    return None


def _document_owner(noun):
    """Who a statement noun belongs to: "the statement of X" or "X's statement"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [o for o in child.children if o.dep_ == "pobj"]
            if objects and (objects[0].pos_ == "PROPN" or objects[0].ent_type_):
                return objects[0]
    return None


def _statement_noun_cue(ctx: ArticleContext, span: QuotedSpan) -> Cue | None:
    """A fragment inside "the statement of X that ... and "..."": X's words, whatever verb ends
    the sentence (the parse often hangs the that-clause on the main verb, not on the noun)."""
    i = ctx.token_index(span.start)
    if i >= len(ctx.doc):
        return None
    sent_start = ctx.doc[i].sent.start
    nouns = ctx.lexicon.document_nouns | ctx.lexicon.noun_cues
    seen_that = False
    for tok in reversed(ctx.doc[max(sent_start, i - 60):i]):
        if tok.pos_ in ("VERB", "AUX") and ctx.cue_lemma(tok, ctx.lexicon.speech):
            return None  # a verb of saying between the noun and the fragment owns it
        if tok.lower_ == "that":
            seen_that = True
        elif seen_that and tok.pos_ == "NOUN" and tok.lemma_.lower() in nouns:
            owner = _document_owner(tok)
            if owner is not None and owner.pos_ != "PRON":
                return Cue(tok.lemma_.lower(), tok.idx, tok.idx + len(tok), owner, tok)
            return None
    return None


def _cue_introducing(ctx: ArticleContext, line_start: int) -> Cue | None:
    """`X continued:` / `the ministry released this statement:` closing the paragraph above."""
    if line_start < 2:
        return None
    prev_start, prev_end = ctx.paragraph_bounds(line_start - 2)
    while prev_start > 0 and not ctx.text[prev_start:prev_end].strip():
        prev_start, prev_end = ctx.paragraph_bounds(prev_start - 2)
    if not ctx.text[prev_start:prev_end].rstrip().endswith(":"):
        return None
    colon = ctx.token_index(ctx.text.rindex(":", prev_start, prev_end))
    for tok in reversed(ctx.doc[max(0, colon - 30):colon]):
        if tok.idx < prev_start:
            break
        lemma = ctx.cue_lemma(tok)
        if lemma:
            cue = ctx.cue_at(tok, lemma)
            if cue.subject is not None:
                return cue
    root = ctx.doc[max(0, colon - 1)].sent.root if colon > 0 else None
    if root is not None and root.idx >= prev_start and root.pos_ in ("VERB", "AUX"):
        subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return Cue(root.lemma_.lower(), root.idx, root.idx + len(root), subjects[0], root)
    return None


def _cue_next_sentence(ctx: ArticleContext, span: QuotedSpan, line_end: int) -> Cue | None:
    """A bare cue sentence later in the paragraph ("He said." after the quotation)."""
    i = ctx.token_index(span.end + 1)
    end = min(len(ctx.doc), i + 40)
    for tok in ctx.doc[i:end]:
        if tok.idx >= line_end or tok.text[:1] in '"\u201c\u201d\u00ab':
            break
        lemma = ctx.cue_lemma(tok, ctx.lexicon.speech)
        if lemma and not any(c.dep_ in ("ccomp", "dobj") for c in tok.children):
            cue = ctx.cue_at(tok, lemma)
            if cue.subject is not None:
                return cue
    return None


def _previous_line(ctx: ArticleContext, line_start: int) -> tuple[int, int] | None:
    """Bounds of the closest non-blank paragraph before the one starting at ``line_start``."""
    pos = line_start - 1
    while pos > 0:
        start, end = ctx.paragraph_bounds(pos - 1)
        if ctx.text[start:end].strip():
            return start, end
        pos = start - 1 if start > 0 else 0
    return None


def _last_speech_cue(ctx: ArticleContext, start: int, end: int) -> Cue | None:
    """The last cue with a speaker in a paragraph ("..., saying the campaign was wrong.")."""
    first, last = ctx.token_index(start), ctx.token_index(end)
    for tok in reversed(ctx.doc[first:last]):
        lemma = ctx.cue_lemma(tok, ctx.lexicon.speech)
        if lemma:
            cue = ctx.cue_at(tok, lemma)
            if cue.subject is not None:
                return cue
    return None


def _carried_cue(ctx: ArticleContext, span: QuotedSpan, found: list[Found], line_start: int,
                 line_end: int) -> tuple[Cue | None, str]:
    """The cue of a quotation with none of its own, carried over from the writer's context.

    In the same paragraph: the cue of the quotation before it (`"...," X said. "..."`), else a bare
    cue sentence after it. A paragraph that is only a quotation continues the last quotation of the
    paragraph above, or the last speaker cue there (news style: a new speaker is always named).
    """
    before = [f for f in found if f.kind in ("direct", "partial") and f.cue is not None
              and f.cue.subject is not None and f.mark_end <= span.start]
    if before and before[-1].mark_end >= line_start and before[-1].cue.start < span.start:
        return before[-1].cue, "continued"
    cue = _cue_next_sentence(ctx, span, line_end)
    if cue is not None:
        return cue, "next-sentence"
    if ctx.text[line_start: span.start - 1].strip().strip("'"):
        return None, "none"
    previous = _previous_line(ctx, line_start)
    if previous is None:
        return None, "none"
    if before and before[-1].mark_end >= previous[0]:
        return before[-1].cue, "previous-paragraph"
    cue = _last_speech_cue(ctx, *previous)
    return cue, "previous-paragraph" if cue is not None else "none"


def direct_quotes(ctx: ArticleContext, spans: list[QuotedSpan]) -> list[Found]:
    """Direct and partial quotations of one article, attributed where the text allows."""
    found: list[Found] = []
    for span in spans:
        start, end = trimmed(ctx.text, span.start, span.end)
        if not any(ch.isalnum() for ch in ctx.text[start:end]):
            continue
        standalone = is_standalone(ctx, span)
        kind = "direct" if standalone else "partial"
        how = "cue"
        cue = None if standalone else _statement_noun_cue(ctx, span)
        if cue is None:
            cue = _cue_after(ctx, span)
        if cue is None:
            cue = _cue_before(ctx, span) if standalone else _cue_governing(ctx, span)
        if cue is None and not standalone:
            cue = _cue_before(ctx, span)
        line_start, line_end = ctx.paragraph_bounds(span.start)
        if cue is None and standalone and not ctx.text[line_start: span.start - 1].strip():
            cue = _cue_introducing(ctx, line_start)
        if cue is None and standalone:
            cue, how = _carried_cue(ctx, span, found, line_start, line_end)
        if cue is None:
            how = "none"
        item = Found(start, end, kind, cue, how, span.start - 1, span.end + 1)
        found.append(item)
    return found

