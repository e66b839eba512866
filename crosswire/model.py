"""Frozen records that flow through the pipeline and into the output contract (DESIGN.md).

Offsets (`start`, `end`) are always Python string indices into the clean ``Article.text`` of
the article named by ``article``. Ids are content hashes (see :func:`content_id`), so a re-run
of the same input produces the same ids and overwrites rather than duplicates rows.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any


def content_id(*parts: object, length: int = 16) -> str:
    """Deterministic id: a hex SHA-256 prefix of the JSON of ``parts``.

    >>> content_id("a", 1) == content_id("a", 1)
    True
    """
    payload = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True)
class RawArticle:
    """One input article as read, before any analysis.

    ``body`` is decoded text; ``kind`` says whether it is plain ``text`` or ``html``.
    ``meta`` holds what the input itself declared (id, url, title, published, source,
    language, author, site_name); declared values win over anything inferred from the text.
    """

    ref: str
    body: str
    kind: str  # "text" or "html"
    meta: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # decoding repairs and similar, shown in the run summary

    @property
    def id(self) -> str:
        """Article id: hash of the body and the declared metadata (not of the path)."""
        declared = {k: v for k, v in sorted(self.meta.items()) if v not in (None, "")}
        return content_id(self.kind, self.body, declared)


@dataclass(frozen=True)
class Removed:
    """A piece of boilerplate removed from the text, with the reason it was judged boilerplate."""

    text: str
    reason: str

    def to_record(self) -> dict[str, Any]:
        return {"text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class Mention:
    """An entity mention found by NER. ``key`` groups mentions of one name across articles."""

    article: str
    start: int
    end: int
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, ...
    key: str  # normalised name, see crosswire.names.name_key


@dataclass(frozen=True)
class TimeExpr:
    """A TIMEX3-style time expression: ``value`` is None when it cannot be anchored."""

    article: str
    text: str
    start: int
    end: int
    type: str  # DATE, TIME, DURATION, SET
    value: str | None
    anchor: str | None  # what the value was resolved against, e.g. "published:2023-11-20"

    def to_record(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Quote:
    """A direct, partial or indirect statement and who made it."""

    id: str
    article: str
    text: str
    start: int
    end: int
    kind: str  # direct, partial, indirect
    speaker: str | None  # entity id once resolved across the corpus, else None
    speaker_name: str | None
    speaker_text: str | None
    cue: str | None
    group: str | None = None
    speaker_key: str | None = None  # name_key of the speaker, used to find the entity id
    extra: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        record = asdict(self)
        record.update(record.pop("extra"))
        return record


@dataclass(frozen=True)
class Actor:
    """A resolved event participant."""

    entity: str | None
    name: str
    country: str | None
    sector: str | None
    key: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {"entity": self.entity, "name": self.name, "country": self.country,
                "sector": self.sector}


@dataclass(frozen=True)
class Event:
    """An event mention coded in PLOVER."""

    id: str
    article: str
    type: str
    mode: str | None
    source: Actor | None
    target: Actor | None
    date: str | None
    date_precision: str | None
    location: dict[str, Any] | None
    negated: bool
    status: str  # reported, planned, hypothetical, historical
    sentence: str
    start: int
    end: int
    confidence: float
    group: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["source"] = self.source.to_record() if self.source else None
        record["target"] = self.target.to_record() if self.target else None
        record.update(record.pop("extra"))
        return record


@dataclass(frozen=True)
class Article:
    """A clean, analysed article: the ``articles.jsonl`` record before corpus stages fill
    ``story``, ``duplicate_of`` and ``quality``."""

    id: str
    ref: str
    source: str | None
    title: str | None
    published: str | None
    published_from: str  # metadata, dateline, text, inferred, none
    language: str | None
    text: str
    removed: tuple[Removed, ...]
    url: str | None = None
    author: str | None = None
    published_range: dict[str, str] | None = None
    notes: tuple[str, ...] = ()

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id, "ref": self.ref, "source": self.source, "title": self.title,
            "published": self.published, "published_from": self.published_from,
            "published_range": self.published_range, "language": self.language,
            "url": self.url, "author": self.author, "text": self.text,
            "removed": [r.to_record() for r in self.removed], "notes": list(self.notes),
        }


@dataclass(frozen=True)
class ArticleAnalysis:
    """Everything the per-article stages found in one article."""

    article: Article
    sentences: tuple[tuple[int, int], ...] = ()
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
