"""One sentence, one record per event: drop generic statements and merge restatements.

A dictionary coder over-codes: "Over 300 people were killed in a brutal campaign" fires on both
"killed" and "campaign"; "we would be willing to help, and we welcome others doing so" fires AGREE
twice for one offer. Events of a sentence with the same type, status and negation whose actors do
not contradict each other (an actor missing on one side matches any) are one event; the best
anchored record is kept and takes the actors the other one found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from crosswire.model import Actor, Event
from crosswire.stages.events.lexicon import Lexicon
from crosswire.stages.events.triggers import Trigger, lemma

# Events told as news of the day (or announced plans) outrank background and conjectures.
STATUS_RANK = {"reported": 0, "planned": 0, "historical": 1, "hypothetical": 2}


def tidy_sentence(found: Sequence[tuple[Event, Trigger]], lex: Lexicon) -> list[Event]:
    """The events of one sentence, generic statements dropped and duplicates merged, in text order."""
    kept = [(event, trig) for event, trig in found if not _generic(event, trig, lex)]
    merged: list[Event] = []
    for event, _ in sorted(kept, key=lambda pair: _strength(pair[0])):
        for i, other in enumerate(merged):
            if _same_event(event, other):
                merged[i] = _absorb(other, event)
                break
        else:
            merged.append(event)
    return sorted(merged, key=lambda e: e.extra.get("trigger_start", e.start))


def _generic(event: Event, trig: Trigger, lex: Lexicon) -> bool:
    """Whether the event is a general statement: a generic noun ("violence", "dialogue") with no actor
    at all, under a modal, a plan or a negation ("rhetoric can only perpetuate violence")."""
    if event.source is not None or event.target is not None or trig.entry.section != "nouns":
        return False
    if lemma(trig.token) not in lex.words("generic_nouns") and trig.token.lower_ not in lex.words("generic_nouns"):
        return False
    prep = trig.token.head if trig.token.dep_ == "pobj" else None
    denied = prep is not None and any(c.dep_ == "neg" for c in prep.children)  # "not through violence"
    return event.status in ("planned", "hypothetical") or event.negated or denied


def _strength(event: Event) -> tuple:
    """Sort key: the record that best carries an event first (not embedded, reported, near the root,
    a verb, confident)."""
    extra = event.extra
    return ("embedded_in" in extra, STATUS_RANK.get(event.status, 4), extra.get("depth", 0),
            extra.get("trigger_pos") not in ("VERB", "ADJ"), -event.confidence, extra.get("trigger_start", 0))


def _same_event(a: Event, b: Event) -> bool:
    """Whether two records of one sentence tell the same event."""
    return (a.type == b.type and a.status == b.status and a.negated == b.negated
            and _compatible(a.source, b.source) and _compatible(a.target, b.target))


def _compatible(a: Actor | None, b: Actor | None) -> bool:
    """Whether two actors can be the same one (a missing actor matches any)."""
    if a is None or b is None:
        return True
    if a.key and a.key == b.key or a.name == b.name:
        return True
    return a.country is not None and a.country == b.country and a.sector == b.sector


def _absorb(kept: Event, dropped: Event) -> Event:
    """``kept`` with the actors only ``dropped`` had (its mode belongs to its own trigger word)."""
    changes = {}
    if kept.source is None and dropped.source is not None:
        changes["source"] = dropped.source
    if kept.target is None and dropped.target is not None:
        changes["target"] = dropped.target
    merged = list(kept.extra.get("merged", ())) + [dropped.extra.get("trigger")]
    return replace(kept, extra={**kept.extra, "merged": merged}, **changes)
