"""Claims and contradictions: titles of people, counts of people, and attributes of event groups.

Every value keeps its articles and evidence spans; a claim is a ``conflict`` when its sources
give different values, ``agree`` otherwise, and counts the independent sources behind it (copies
collapsed). Counts keep their qualifier ("more than 100,000" and "nearly 100,000" differ).

>>> lexicon = claims_lexicon()
>>> [q["value"] for q in quantities("More than 2,000 people fled the area.", lexicon)]
['more than 2,000']
>>> title_before("U.S. Assistant Secretary of State ", lexicon)
'Assistant Secretary'
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from crosswire.errors import ConfigError
from crosswire.model import content_id

NUMBER = r"(\d{1,3}(?:[,.]\d{3})+|\d+(?:\.\d+)?(?:\s+(?:million|thousand|billion))?|one million|one hundred|a million)"
TITLE_WINDOW = 90  # characters before a name searched for a title
SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
NUMBER_HINT = re.compile(r"\d|million|hundred")  # sentences without one hold no count


@dataclass(frozen=True)
class ClaimsLexicon:
    ranks: frozenset[str]
    heads: frozenset[str]
    attributes: dict[str, tuple[str, ...]]
    qualifiers: dict[str, str]  # surface -> canonical
    people: frozenset[str]
    triggers: dict[str, re.Pattern[str]]  # attribute -> its trigger words as one pattern
    numbers: re.Pattern[str]  # an optional qualifier and a number


@functools.lru_cache(maxsize=1)
def claims_lexicon() -> ClaimsLexicon:
    """Load the packaged ``claims.yaml``."""
    try:
        data = yaml.safe_load(resources.files("crosswire.lexicons").joinpath("claims.yaml").read_text("utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"cannot read lexicon claims.yaml: {error}; reinstall crosswire") from None
    qualifiers = {s.lower(): canon for canon, forms in data["qualifiers"].items() for s in forms}
    attributes = {k: tuple(v) for k, v in data["attributes"].items()}
    triggers = {k: re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b") for k, words in attributes.items()}
    forms = sorted(qualifiers, key=len, reverse=True)
    numbers = re.compile(rf"(?:\b({'|'.join(map(re.escape, forms))})\s+)?\b{NUMBER}", re.IGNORECASE)
    return ClaimsLexicon(frozenset(data["ranks"]), frozenset(data["heads"]), attributes, qualifiers,
                         frozenset(data["people"]), triggers, numbers)


def _title_in(words: Sequence[str], lexicon: ClaimsLexicon) -> str | None:
    """'Assistant Secretary' from the words of a title phrase; None without a ranked head."""
    for i, word in enumerate(words):
        if word in lexicon.heads:
            start = i
            while start > 0 and i - start < 2 and words[start - 1] in lexicon.ranks:
                start -= 1  # "Deputy Foreign Minister": up to two rank words
            return " ".join(words[start:i + 1])
    return None


def title_before(prefix: str, lexicon: ClaimsLexicon) -> str | None:
    """The title in the capitalised phrase that ends ``prefix`` (the text right before a name)."""
    match = re.search(r"((?:(?:[A-Z][\w.’'-]*|of|the|for|and)\s+)+)$", prefix[-TITLE_WINDOW:])
    if not match:
        return None
    return _title_in(match.group(1).split(), lexicon)


def title_after(suffix: str, lexicon: ClaimsLexicon) -> str | None:
    """The title of an apposition right after a name (", the Deputy Foreign Minister, ...")."""
    found = _apposition_title(suffix, lexicon)
    return found[0] if found else None


def _apposition_title(suffix: str, lexicon: ClaimsLexicon) -> tuple[str, int] | None:
    """``title_after`` and where its apposition ends in ``suffix``."""
    match = re.match(r",[ \t]+(?:the[ \t]+)?([^,;.\n]{3,80})", suffix)
    if not match:
        return None
    words = [w[:1].upper() + w[1:] for w in match.group(1).split()]
    title = _title_in(words, lexicon)
    return (title, match.end()) if title else None


def quantities(text: str, lexicon: ClaimsLexicon, offset: int = 0) -> list[dict[str, Any]]:
    """Counts of people in a text: attribute, value (canonical qualifier + number), evidence span."""
    found = []
    pattern = lexicon.numbers
    for sentence in SENTENCE.finditer(text):
        s = sentence.group()
        lower = s.lower()
        if not NUMBER_HINT.search(lower):
            continue
        triggers = {}
        for attribute, trigger in lexicon.triggers.items():
            hit = trigger.search(lower)
            if hit:
                triggers[attribute] = hit.start()
        numbers = []
        for match in pattern.finditer(s):
            after = s[match.end():match.end() + 40].lower().split()
            if re.match(r"\s*(%|per ?cent|years?|km|kilomet|miles|hours|days|months|-|"
                        r"kroner|krona|dollars|euros?|pounds|rubles|roubles|tenge|som|yuan|yen|rupees)",
                        s[match.end():], re.IGNORECASE) or re.search(r"[$€£]\s*$", s[:match.start()]):
                continue
            is_people = bool(set(after[:3]) & lexicon.people)
            if re.fullmatch(r"(1[89]|20)\d\d", match.group(2)) and not (is_people or match.group(1)):
                continue  # a year
            if s[max(0, match.start() - 1):match.start()] == "-":
                continue  # the end of a range
            numbers.append((is_people, match))
        used = set()
        for attribute, position in sorted(triggers.items(), key=lambda x: x[1]):
            ranked = sorted((m for m in numbers if m[1].start() not in used),
                            key=lambda m: (not m[0], m[1].start() > position, abs(m[1].start() - position)))
            if not ranked:
                break
            match = ranked[0][1]
            used.add(match.start())
            qualifier = lexicon.qualifiers.get((match.group(1) or "").lower())
            number = match.group(2)
            if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", number):
                number = re.sub(r"[,.]", "", number)
            value = f"{qualifier} {_grouped(number)}" if qualifier else _grouped(number)
            found.append({"attribute": attribute, "value": value, "start": offset + sentence.start() + match.start(),
                          "end": offset + sentence.start() + match.end(), "text": match.group()})
    return found


def _grouped(number: str) -> str:
    return f"{int(number):,}" if number.isdigit() else number.lower()


def _sources_disagree(value_rows: Sequence[Mapping[str, Any]]) -> bool:
    """Two different values asserted by two different articles (one article contradicting itself
    is an extraction artefact, not a conflict between sources)."""
    for i, row in enumerate(value_rows):
        for other in value_rows[i + 1:]:
            if len(set(row["articles"]) | set(other["articles"])) > 1:
                return True
    return False


def claim_record(scope: str, subject: str, subject_name: str, attribute: str,
                 values: Mapping[str, list[dict[str, Any]]], copy_root: Mapping[str, str],
                 conflict: bool | None = None) -> dict[str, Any]:
    """A ``claims.jsonl`` record from value -> evidence list ({article, start, end, text})."""
    value_rows = []
    for value in sorted(values):
        evidence = sorted(values[value], key=lambda e: (e["article"], e["start"]))
        value_rows.append({"value": value, "articles": sorted({e["article"] for e in evidence}),
                           "evidence": evidence})
    articles = {a for row in value_rows for a in row["articles"]}
    status = (conflict if conflict is not None else len(value_rows) > 1) and _sources_disagree(value_rows)
    return {"id": content_id("claim", scope, subject, attribute), "scope": scope, "subject": subject,
            "subject_name": subject_name, "attribute": attribute, "values": value_rows,
            "status": "conflict" if status else "agree",
            "independent_sources": len({copy_root.get(a, a) for a in articles})}


def article_evidence(article: Mapping[str, Any], person_mentions: Iterable[Mapping[str, Any]],
                     lexicon: ClaimsLexicon) -> list[tuple[str, str, str, str, int, int, str]]:
    """What one article asserts: (article, kind, key, value, start, end, text) rows for the titles
    given to its people (kind ``title``, key = name key) and its counts of people (``count``)."""
    text, article_id = article["text"], article["id"]
    rows = []
    for m in person_mentions:
        title = title_before(text[max(0, m["start"] - TITLE_WINDOW):m["start"]], lexicon)
        if title:
            lo = max(0, text.rfind("\n", 0, m["start"]) + 1, m["start"] - TITLE_WINDOW)
            rows.append((article_id, "title", m["key"], title, lo, m["end"], text[lo:m["end"]]))
            continue
        after = _apposition_title(text[m["end"]:m["end"] + 90], lexicon)
        if after:  # the evidence runs from the name to the end of its apposition, title included
            title, length = after
            rows.append((article_id, "title", m["key"], title, m["start"], m["end"] + length,
                         text[m["start"]:m["end"] + length]))
    for q in quantities(text, lexicon):
        rows.append((article_id, "count", q["attribute"], q["value"], q["start"], q["end"], q["text"]))
    return rows


def _evidence(row: Mapping[str, Any]) -> dict[str, Any]:
    return {"article": row["article"], "start": row["start"], "end": row["end"], "text": row["text"]}


def role_claim_id(entity: str) -> str:
    """The id of a person's title claim (its scope and subject are the entity)."""
    return content_id("claim", entity, entity, "role")


def role_claims(tables, entities: Iterable[str], copy_root: Mapping[str, str]) -> list[dict]:
    """Title claims of person entities, each built from all of its keys' evidence in the corpus
    (one claim per entity with a title)."""
    records = []
    names = tables.entity_names(entities)
    evidence = tables.title_evidence_of_entities(names)
    roots = {**tables.originals_of({row["article"] for rows in evidence.values() for row in rows}
                                   - set(copy_root)), **copy_root}
    for entity in sorted(names):
        values: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in evidence.get(entity, []):
            values[row["value"]].append(_evidence(row))
        if values:
            records.append(_role_record(entity, names[entity], values, roots))
    return records


def touched_role_entities(tables, article_ids: Sequence[str], changed_entities: Iterable[str]) -> set[str]:
    """The people whose title claim these articles may change: those they give a title, those
    whose stored claim cites them (a re-run whose rules changed), and ``changed_entities`` (whose
    name keys resolution merged or split this batch)."""
    keys = {row["key"] for row in tables.evidence_of_articles("title", article_ids)}
    cited = {scope for claim, scope in tables.claims_citing(article_ids) if claim == role_claim_id(scope)}
    return set(tables.entity_of_keys(keys).values()) | cited | set(changed_entities)


ROLE_BATCH = 2000  # people whose title claims are rebuilt in one transaction when a run settles them


def settle_role_claims(tables, batch: int = ROLE_BATCH) -> int:
    """Rebuild the title claim of every person marked pending; returns how many claims were written.

    A recurring official is titled in most batches of a feed, and updating their claim batch by
    batch read and rewrote all of it each time, so every batch cost more than the last (in the
    synthetic feed, the claims stage took 23x the time for 10x the articles). Batches only mark
    the people they touch (``pending_roles``); a run rebuilds each of them once, from all of its
    evidence, after its last batch. A run that stops before that leaves them marked, and the
    next run settles them. Each transaction also sets the conflict share of the articles whose
    claims it changed, so the store is consistent after each.
    """
    written = 0
    while True:
        entities = tables.pending_roles(batch)
        if not entities:
            return written
        records = role_claims(tables, entities, {})
        tables.settle_role_claims(entities, records)
        written += len(records)


def _role_record(entity: str, name: str, values: Mapping[str, list[dict[str, Any]]],
                 copy_root: Mapping[str, str]) -> dict[str, Any]:
    """A title claim: a conflict when two titles share a head ("Assistant Secretary" vs "Deputy
    Secretary"), not when one is more specific ("Secretary"). ``copy_root`` must know the copies
    among its articles from every batch (a copy from an earlier batch must still count as its
    original's source), so ``role_claims`` reads the stored ones."""
    heads = defaultdict(set)
    for v in values:
        if " " in v:
            heads[v.split()[-1]].add(v)
    conflict = any(len(v) > 1 for v in heads.values())
    return claim_record(entity, entity, name, "role", values, copy_root, conflict)


def _sentence_evidence(event: Mapping[str, Any]) -> dict[str, Any]:
    """An event's sentence as evidence, its span narrowed to the stripped text (a parser's
    sentence may end with the blank line after it), so text is always clean_text[start:end]."""
    sentence = event["sentence"]
    start = event["start"] + len(sentence) - len(sentence.lstrip())
    end = event["end"] - (len(sentence) - len(sentence.rstrip()))
    return {"article": event["article"], "start": start, "end": end, "text": sentence.strip()}


def story_claims(tables, story: Mapping[str, Any], copy_root: Mapping[str, str]) -> list[dict]:
    """Count claims of one story (people displaced, killed, ...) and event-group dates."""
    by_attribute: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in tables.evidence_of_articles("count", story["articles"]):
        by_attribute[row["key"]][row["value"]].append(_evidence(row))
    records = [claim_record(story["id"], story["id"], f"people {attribute} ({story['label']})", "count",
                            values, copy_root)
               for attribute, values in sorted(by_attribute.items())]
    dates: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, str] = {}
    for event in tables.events(story["articles"]):
        if event.get("group") and event.get("date_precision") == "day" and event.get("group_articles", 1) > 1:
            dates[event["group"]][event["date"]].append(_sentence_evidence(event))
            names.setdefault(event["group"], f"{event['type']} {event.get('trigger') or ''}".strip())
    for group, values in sorted(dates.items()):
        records.append(claim_record(story["id"], group, names[group], "date", values, copy_root))
    return records


def update_evidence(tables, article_ids: Sequence[str]) -> None:
    """Find and store what new articles assert (once per article)."""
    lexicon = claims_lexicon()
    people: dict[str, list[Any]] = defaultdict(list)
    for row in tables.mentions(article_ids):
        if row["label"] == "PERSON":
            people[row["article"]].append(row)
    rows = []
    for article in tables.articles(article_ids):
        rows.extend(article_evidence(article, people.get(article["id"], []), lexicon))
    tables.write_evidence(article_ids, rows)


def update_claims(tables, stories: Sequence[Mapping[str, Any]], article_ids: Sequence[str],
                  changed_entities: Iterable[str], copy_root: Mapping[str, str]) -> int:
    """Replace the claims of these stories and mark the people whose title claims the new
    ``article_ids`` change (``settle_role_claims`` rebuilds those); returns how many claims were
    written."""
    records = [record for story in stories for record in story_claims(tables, story, copy_root)]
    pending = touched_role_entities(tables, article_ids, changed_entities)
    tables.replace_claims([s["id"] for s in stories], records, pending_roles=pending)
    return len(records)
