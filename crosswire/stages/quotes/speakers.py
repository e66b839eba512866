"""Who made a statement: the speaker span from the parse, resolved to the fullest name in the article.

There is no coreference model here: pronouns go to the most salient preceding person (the last
speaker first, then the latest mention) that agrees in gender; nominals ("the ministry", "the
spokesman") go to an organisation whose name contains the noun, or a person who holds the role.
When nothing agrees, the name stays None and only the surface text is kept.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Sequence

from rapidfuzz import fuzz

from crosswire.model import Mention
from crosswire.names import name_key
from crosswire.stages.quotes.lexicon import QuoteLexicon

PERSONISH = ("PERSON",)
ORGISH = ("ORG", "GPE", "NORP", "FAC")
# Dependents that end a speaker phrase: a clause or apposition is not part of the name.
SPAN_STOP = frozenset({"appos", "relcl", "acl", "advcl", "cc", "conj", "punct", "prep", "ccomp",
                       "parataxis", "npadvmod"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


@dataclass(frozen=True)
class Speaker:
    """A resolved (or unresolved: ``name`` None) speaker."""

    text: str | None
    start: int | None
    end: int | None
    name: str | None = None
    role: str | None = None
    label: str | None = None  # PERSON, ORG, ...

    @property
    def key(self) -> str | None:
        return name_key(self.name) if self.name else None


@dataclass
class _Person:
    name: str
    words: tuple[str, ...]
    gender: str | None = None
    roles: set[str] = field(default_factory=set)


def phrase_tokens(head) -> list:
    """The contiguous noun phrase of a speaker head: its compounds and modifiers, plus "of"-names."""
    keep = [head]
    for child in head.children:
        if child.dep_ in SPAN_STOP:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i > head.i and \
                    any(t.pos_ == "PROPN" for t in child.subtree):
                keep.extend(child.subtree)
            continue
        keep.extend(child.subtree)
    keep.sort(key=lambda t: t.i)
    # keep only the contiguous run around the head
    run = [head]
    by_index = {t.i: t for t in keep}
    i = head.i - 1
    while i in by_index:
        run.insert(0, by_index[i])
        i -= 1
    i = head.i + 1
    while i in by_index:
        run.append(by_index[i])
        i += 1
    while run and (run[-1].is_punct or run[-1].lower_ in ("'s", "\u2019s")):
        run.pop()
    # A phrase never crosses a line break (a dateline above a name is not part of it).
    breaks = [k for k, t in enumerate(run) if "\n" in t.text or "\n" in t.whitespace_]
    before = [k for k in breaks if run[k].i < head.i]
    after = [k for k in breaks if run[k].i >= head.i]
    if after:
        run = run[: after[0] + 1]
    if before:
        run = run[before[-1] + 1:]
    return [t for t in run if not t.is_space] or [head]


class SpeakerResolver:
    """Resolves speaker phrases of one article against its mentions and earlier speakers."""

    def __init__(self, doc, mentions: Sequence[Mention], lexicon: QuoteLexicon,
                 quoted: Sequence[tuple[int, int]] = ()):
        self.doc = doc
        self.text = doc.text
        self.lexicon = lexicon
        inside = Intervals(quoted)
        # Mentions inside quotations are things the speaker talked about, not speakers.
        self.mentions = sorted((m for m in mentions if not inside.contains(m.start)),
                               key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.people = self._people()
        self.history: list[tuple[int, Speaker]] = []  # resolved speakers in text order

    # -- article-level knowledge -------------------------------------------------------------
    def _people(self) -> dict[str, _Person]:
        """Fullest name of each person, keyed by every variant's name_key."""
        persons = [m for m in self.mentions if m.label in PERSONISH]
        fullest: list[_Person] = []
        for m in sorted(persons, key=lambda m: -len(m.key.split())):
            words = tuple(m.key.split())
            if not words:
                continue
            match = next((p for p in fullest if _same_person(words, p.words)), None)
            if match is None:
                fullest.append(_Person(self._bare_name(m.text), words))
        table: dict[str, _Person] = {}
        for m in persons:
            words = tuple(m.key.split())
            person = next((p for p in fullest if _same_person(words, p.words)), None)
            if person is None:
                continue
            table[m.key] = person
            self._note_title_and_role(m, person)
        return table

    def _bare_name(self, text: str) -> str:
        """A person's name without the role or honorific NER left in front ("Spokeswoman Anna Berg")."""
        words = _clean_name(text).split()
        lex = self.lexicon
        while len(words) > 2 and (words[0].lower() in lex.role_nouns or words[0].lower() in lex.titles
                                  or words[0].lower() in lex.gendered_roles):
            words = words[1:]
        return " ".join(words)

    def _note_title_and_role(self, mention: Mention, person: _Person) -> None:
        """Gender from an honorific before the name; role words from the compounds before it."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or not len(span):
            return
        first = span[0]
        if first.i > 0:
            prev = self.doc[first.i - 1].lower_
            gender = self.lexicon.titles.get(prev) or self.lexicon.titles.get(prev.rstrip("."))
            if gender:
                person.gender = gender
        lower = first.lower_
        if lower in self.lexicon.titles:
            person.gender = self.lexicon.titles[lower]
        head = span.root
        for tok in span:  # NER often swallows the role: "Spokeswoman Anna Berg"
            if tok.lower_ in self.lexicon.role_nouns or tok.lower_ in self.lexicon.gendered_roles:
                person.roles.add(tok.lower_)
                person.gender = self.lexicon.gendered_roles.get(tok.lower_, person.gender)
        for tok in phrase_tokens(head):
            if tok.i < first.i and tok.pos_ in ("NOUN", "PROPN") and not tok.ent_type_ == "PERSON":
                person.roles.add(tok.lower_)
                if tok.lower_ in self.lexicon.gendered_roles:
                    person.gender = self.lexicon.gendered_roles[tok.lower_]
        for child in head.children:
            if child.dep_ == "appos":
                person.roles.update(t.lower_ for t in child.subtree if t.pos_ in ("NOUN", "PROPN"))

    # -- resolution --------------------------------------------------------------------------
    def remember(self, position: int, speaker: Speaker) -> None:
        """Record a resolved speaker; later pronouns prefer the last one."""
        if speaker.name:
            bisect.insort(self.history, (position, speaker), key=lambda item: item[0])

    def resolve_head(self, head) -> Speaker:
        """Speaker of a subject or agent token (the head of its noun phrase)."""
        tokens = phrase_tokens(head)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        text = self.text[start:end]
        role = _role_of(self.text, head)
        lower = head.lower_
        if lower in self.lexicon.pronouns:
            return self._resolve_pronoun(lower, start, end, text)
        mention = self._mention_in(start, end)
        if mention is not None and head.pos_ != "PROPN" and not mention.start <= head.idx < mention.end:
            mention = None  # "the Azerbaijani ministry": the name only modifies a common noun
        if mention is not None:
            name, label = self._canonical(mention)
            if mention.label in PERSONISH:
                role = role or _text_before(self.text, tokens, mention.start) or None
            elif head.pos_ == "PROPN" and len(_strip_det(text)) > len(name):
                name = _strip_det(text)  # "Azerbaijani Ministry of Foreign Affairs" over "Azerbaijani"
            return Speaker(text, start, end, name, role, label)
        if head.pos_ == "PROPN":
            person = self.people.get(name_key(_strip_det(text)))
            if person is None:
                words = tuple(name_key(_strip_det(text)).split())
                person = next((p for p in self.people.values() if words and _same_person(words, p.words)),
                              None)
            if person is not None:
                return Speaker(text, start, end, person.name, role, "PERSON")
            return Speaker(text, start, end, _strip_det(text), role, None)
        return self._resolve_nominal(tokens, head, start, end, text, role)

    def resolve_span(self, start: int, end: int) -> Speaker:
        """Speaker for a character span (e.g. the object of "according to")."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return Speaker(self.text[start:end] or None, start, end)
        return self.resolve_head(span.root)

    def _mention_in(self, start: int, end: int) -> Mention | None:
        """The most specific named mention inside a span: a person first, then an organisation."""
        lo = bisect.bisect_left(self.starts, start)
        found = [m for m in self.mentions[lo:] if m.start < end and m.end <= end + 2]
        for labels in (PERSONISH, ("ORG",), ORGISH):
            hits = [m for m in found if m.label in labels]
            if hits:
                return max(hits, key=lambda m: m.end - m.start)
        return None

    def _canonical(self, mention: Mention) -> tuple[str, str]:
        if mention.label in PERSONISH and mention.key in self.people:
            return self.people[mention.key].name, "PERSON"
        return _clean_name(mention.text), mention.label

    def _history_before(self, position: int) -> list[tuple[int, Speaker]]:
        return self.history[:bisect.bisect_left(self.history, position, key=lambda item: item[0])]

    def _person_named(self, name: str) -> _Person | None:
        return self.people.get(name_key(name)) or next(
            (p for p in self.people.values() if p.name == name), None)

    def _gender_of(self, name: str) -> str | None:
        person = self._person_named(name)
        return person.gender if person else None

    def _resolve_pronoun(self, pronoun: str, start: int, end: int, text: str) -> Speaker:
        feature = self.lexicon.pronouns[pronoun]
        if feature in ("male", "female"):
            for candidate in self._recent_people(start):
                gender = self._gender_of(candidate)
                if gender in (None, feature):
                    return Speaker(text, start, end, candidate, None, "PERSON")
        elif feature in ("neuter", "plural"):
            for position, speaker in reversed(self._history_before(start)):
                if start - position > 1500:
                    break
                if speaker.label not in PERSONISH:
                    return Speaker(text, start, end, speaker.name, speaker.role, speaker.label)
        return Speaker(text, start, end)

    def _recent_people(self, before: int) -> list[str]:
        """Person names by salience at ``before``: the last speaker, then recent mentions."""
        ordered: list[str] = []
        window = 1200
        earlier = self._history_before(before)
        if earlier:
            position, speaker = earlier[-1]
            if speaker.label == "PERSON" and before - position < window:
                ordered.append(speaker.name)
        lo = bisect.bisect_left(self.starts, before - window)
        hi = bisect.bisect_left(self.starts, before)
        for m in reversed(self.mentions[lo:hi]):
            if m.label in PERSONISH:
                name = self._canonical(m)[0]
                if name not in ordered:
                    ordered.append(name)
        return ordered

    def _resolve_nominal(self, tokens, head, start, end, text, role) -> Speaker:
        """'the ministry' -> the ORG named with that noun; 'the spokesman' -> the role holder."""
        noun = head.lemma_.lower()
        modifiers = [t.lower_ for t in tokens if t.i != head.i and t.lower_ not in DETERMINERS
                     and t.pos_ in ("ADJ", "PROPN", "NOUN")]
        if noun in self.lexicon.org_nouns:
            for position, speaker in reversed(self._history_before(start)):
                if speaker.label in ORGISH and _contains_words(speaker.name, [noun] + modifiers):
                    return Speaker(text, start, end, speaker.name, role, speaker.label)
            for m in sorted(self.mentions, key=lambda m: (m.start > start, abs(m.start - start))):
                if m.label in ORGISH and _contains_words(m.text, [noun] + modifiers):
                    return Speaker(text, start, end, _clean_name(m.text), role, m.label)
        if noun in self.lexicon.role_nouns or head.lower_ in self.lexicon.role_nouns:
            for candidate in self._recent_people(start):
                person = self._person_named(candidate)
                if person and _role_matches(person.roles, head.lower_, noun):
                    return Speaker(text, start, end, person.name, role or text, "PERSON")
        return Speaker(text, start, end, None, role)


class Intervals:
    """Sorted, non-overlapping intervals with a membership test."""

    def __init__(self, spans: Sequence[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def contains(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]


def _same_person(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """'miller' ~ 'matthew miller'; 'o brian' ~ 'james o brien' (a spun copy's misspelling)."""
    if short == full:
        return True
    surname, full_surname = short[-1], full[-1]
    if surname != full_surname:
        if len(surname) < 5 or fuzz.ratio(surname, full_surname) < 80:
            return False
    return all(w in full or any(f.startswith(w) for f in full) for w in short[:-1])


def _clean_name(text: str) -> str:
    text = text.strip().rstrip(",;:")
    for suffix in ("'s", "\u2019s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return _strip_det(text)


def _strip_det(text: str) -> str:
    first, _, rest = text.partition(" ")
    return rest if first.lower() in DETERMINERS and rest else text


def _text_before(text: str, tokens, mention_start: int) -> str:
    """Role words in the phrase before the name ("State Department spokesman")."""
    words = [t for t in tokens if t.idx < mention_start and t.lower_ not in DETERMINERS]
    if not words:
        return ""
    return text[words[0].idx: words[-1].idx + len(words[-1])].strip()


def _role_of(text: str, head) -> str | None:
    """The apposition of a speaker ("Matthew Miller, the US spokesperson,"), without its article."""
    for child in head.children:
        if child.dep_ == "appos":
            words = [t for t in child.subtree if not t.is_punct]
            if words and words[0].lower_ in DETERMINERS:
                words = words[1:]
            if words:
                return text[words[0].idx: words[-1].idx + len(words[-1])]
    return None


def _contains_words(name: str, words: Sequence[str]) -> bool:
    """Every word (or its first six letters: 'azerbaijani' ~ 'azerbaijan') occurs in ``name``."""
    have = name_key(name).split()
    return all(any(h == w or (len(w) >= 6 and h[:6] == w[:6]) for h in have) for w in words)


def _role_matches(roles: set[str], word: str, lemma: str) -> bool:
    return any(r in (word, lemma) or (len(r) >= 6 and r[:6] == word[:6]) for r in roles)
