"""Response schemas of the JSON API (they document the OpenAPI schema; contract records may carry
more fields than listed, which are passed through)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class Record(BaseModel):
    model_config = ConfigDict(extra="allow")


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items`` from ``offset``, and how many matched in all."""

    total: int
    limit: int
    offset: int
    items: list[T]


class ArticleSummary(Record):
    id: str
    ref: str | None = None
    title: str | None = None
    source: str | None = None
    published: str | None = None
    published_from: str | None = None
    language: str | None = None
    story: str | None = None
    duplicate_of: str | None = None
    copy_type: str
    flags: list[str]
    quality: dict[str, Any]
    chars: int
    snippet: str | None = None


class Removed(BaseModel):
    text: str
    reason: str


class Article(Record):
    """``articles.jsonl`` record."""

    id: str
    ref: str
    source: str | None
    title: str | None
    published: str | None
    published_from: str
    language: str | None
    text: str
    removed: list[Removed]
    story: str | None
    duplicate_of: str | None
    quality: dict[str, Any]


class Entity(Record):
    """``entities.jsonl`` record."""

    id: str
    name: str
    type: str
    aliases: list[str] = []
    country: str | None = None
    sector: str | None = None
    roles: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []


class TimeExpr(Record):
    """``times.jsonl`` record."""

    article: str
    text: str
    start: int
    end: int
    type: str
    value: str | None
    anchor: str | None


class Quote(Record):
    """``quotes.jsonl`` record."""

    id: str
    article: str
    text: str
    start: int
    end: int
    kind: str
    speaker: str | None
    speaker_name: str | None
    speaker_text: str | None
    cue: str | None
    group: str | None


class Event(Record):
    """``events.jsonl`` record."""

    id: str
    article: str
    type: str
    mode: str | None
    source: dict[str, Any] | None
    target: dict[str, Any] | None
    date: str | None
    date_precision: str | None
    location: dict[str, Any] | None
    negated: bool
    status: str
    sentence: str
    start: int
    end: int
    confidence: float
    group: str | None


class Story(Record):
    """``stories.jsonl`` record."""

    id: str
    label: str | None = None
    articles: list[str] = []
    start: str | None = None
    end: str | None = None
    events: list[str] = []


class Claim(Record):
    """``claims.jsonl`` record."""

    id: str
    subject: str | None = None
    subject_name: str | None = None
    attribute: str | None = None
    values: list[dict[str, Any]] = []
    status: str | None = None
    independent_sources: int | None = None


class Run(Record):
    """One ``crosswire analyze`` run, with the inputs it skipped (at most 50)."""

    id: int
    started_at: str
    finished_at: str | None
    analysed: int
    already_stored: int
    skipped: int
    status: str
    skipped_inputs: list[dict[str, str]]


class Status(BaseModel):
    """Rows per contract table and the latest runs."""

    counts: dict[str, int]
    schema_version: int
    runs: list[Run]
