"""Per-article working state of the quote stage: token lookup, paragraphs, cues and subjects."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from crosswire.stages.quotes.lexicon import QuoteLexicon
from crosswire.stages.quotes.marks import DOUBLE, SINGLE
from crosswire.stages.quotes.speakers import Speaker, SpeakerResolver

SENTENCE_END = frozenset({".", "!", "?"})
QUOTE_CHARS = DOUBLE | SINGLE
SUBJECTS = ("nsubj", "nsubjpass")
# A cue without its own subject takes the subject of the verb it hangs from ("..., adding that").
CLIMB = ("conj", "xcomp", "advcl", "pcomp")


@dataclass(frozen=True)
class Cue:
    """A cue word (or phrase) found in the text, with the head of its speaker phrase (or None)."""

    lemma: str
    start: int
    end: int
    subject: object  # spaCy Token heading the speaker phrase, resolved later in text order
    token: object  # spaCy Token of the cue


class ArticleContext:
    """Doc-wide lookups shared by the direct and indirect finders of one article."""

    def __init__(self, doc, lexicon: QuoteLexicon, resolver: SpeakerResolver):
        self.doc = doc
        self.text = doc.text
        self.lexicon = lexicon
        self.resolver = resolver
        self.token_starts = [t.idx for t in doc]
        breaks = [i for i, ch in enumerate(self.text) if ch == "\n"]
        self.breaks = breaks

    def token_index(self, char: int) -> int:
        """Index of the token that contains or starts after ``char``."""
        i = bisect.bisect_right(self.token_starts, char) - 1
        if i >= 0 and char < self.doc[i].idx + len(self.doc[i]):
            return i
        return i + 1

    def paragraph_bounds(self, char: int) -> tuple[int, int]:
        """(start, end) of the line holding ``char``."""
        i = bisect.bisect_left(self.breaks, char)
        start = self.breaks[i - 1] + 1 if i > 0 else 0
        end = self.breaks[i] if i < len(self.breaks) else len(self.text)
        return start, end

    # -- zones around a quotation -------------------------------------------------------------
    def after_zone(self, char: int, limit: int = 20) -> list:
        """Tokens after a closing mark up to the sentence end, a quotation mark or the line end."""
        _, line_end = self.paragraph_bounds(char)
        tokens = []
        first = self.token_index(char)
        if first < len(self.doc) and self.doc[first].idx < char:
            first += 1  # the rest of a two-character closing mark ('')
        for i in range(first, len(self.doc)):
            tok = self.doc[i]
            if tok.idx >= line_end or tok.text in QUOTE_CHARS or tok.text[:1] in QUOTE_CHARS:
                break
            tokens.append(tok)
            if tok.text in SENTENCE_END or len(tokens) >= limit:
                break
        return tokens

    def before_zone(self, char: int, limit: int = 30) -> list:
        """Tokens before an opening mark back to a sentence end, a quotation mark or the line start."""
        line_start, _ = self.paragraph_bounds(char)
        tokens = []
        i = self.token_index(char) - 1
        while i >= 0 and len(tokens) < limit:
            tok = self.doc[i]
            if tok.idx < line_start or tok.text in SENTENCE_END or tok.text[-1:] in QUOTE_CHARS:
                break
            tokens.insert(0, tok)
            i -= 1
        return tokens

    # -- cues -----------------------------------------------------------------------------------
    def cue_lemma(self, tok, lemmas: frozenset[str] | None = None) -> str | None:
        """The cue a token starts ("say", "according to"), or None."""
        lex = self.lexicon
        lower = tok.lower_
        for phrase in lex.prepositional:
            if lower == phrase[0] and tok.i + len(phrase) <= len(self.doc) and all(
                    self.doc[tok.i + k].lower_ == w for k, w in enumerate(phrase)):
                return " ".join(phrase)
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and lemma in (lemmas or lex.cue_lemmas):
            return lemma
        if lower in lex.inverted_forms:
            return lemma if tok.pos_ in ("VERB", "AUX") else lower
        return None

    def cue_at(self, tok, lemma: str) -> Cue:
        """Resolve the speaker of a cue token."""
        end_tok = tok
        if " " in lemma:
            end_tok = self.doc[tok.i + len(lemma.split()) - 1]
            subject = self._prepositional_subject(end_tok)
        else:
            subject = self._verb_subject(tok)
        return Cue(lemma, tok.idx, end_tok.idx + len(end_tok), subject, tok)

    def _prepositional_subject(self, last):
        """Object of "according to": the source, or the owner of a document ("the ministry's readout")."""
        objects = [c for c in last.children if c.dep_ == "pobj"]
        if not objects:
            following = [t for t in self.doc[last.i + 1: last.i + 8] if t.pos_ in ("PROPN", "NOUN", "PRON")]
            if not following:
                return None
            objects = [following[0]]
        return objects[0]

    def speaker_of(self, cue: Cue | None) -> Speaker:
        """Resolve a cue's speaker phrase; a document noun gives way to its possessor."""
        if cue is None or cue.subject is None:
            return Speaker(None, None, None)
        head = cue.subject
        if head.lemma_.lower() in self.lexicon.document_nouns:
            owners = [c for c in head.children if c.dep_ == "poss"]
            if owners:
                head = owners[0]
        return self.resolver.resolve_head(head)

    def _verb_subject(self, tok):
        """The subject of a cue verb, climbing to the governing verb, or the phrase after an inverted cue."""
        verb = tok
        for _ in range(4):
            subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
            if subjects:
                return subjects[0]
            agents = [c for c in verb.children if c.dep_ == "agent"]
            if agents:
                objects = [c for c in agents[0].children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
            if verb.dep_ in CLIMB and verb.head.i != verb.i:
                verb = verb.head
                # "X said the meeting ..., adding that": the added clause hangs off the report.
                if verb.dep_ == "ccomp" and self.cue_lemma(verb.head):
                    verb = verb.head
                continue
            break
        previous = tok.doc[tok.i - 1] if tok.i > 0 else None
        if tok.pos_ in ("VERB", "AUX") and not (previous is not None and (
                previous.is_punct or previous.text[-1:] in QUOTE_CHARS)):
            return None
        # The tagger sometimes reads an inverted cue as a noun (", estimates the ministry").
        for nxt in self.doc[tok.i + 1: tok.i + 6]:
            if nxt.is_punct:
                break
            if nxt.pos_ in ("PROPN", "NOUN", "PRON") and nxt.lower_ not in ("reporters",):
                head = nxt
                while head.head.i != head.i and head.head.i > tok.i and head.head.pos_ in ("PROPN", "NOUN"):
                    head = head.head
                return head
        return None
