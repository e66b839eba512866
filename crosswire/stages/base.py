"""The per-article stage contract.

A stage names what it ``requires`` and what it ``provides`` (fields of :class:`Draft`); the
pipeline checks the chain when it is built. ``setup()`` loads models once per process;
``process()`` works on a batch of drafts in place, so a stage may batch (spaCy) or loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from crosswire.model import Article, ArticleAnalysis, Event, Mention, Quote, RawArticle, Removed, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Fields a Draft has before any stage runs.
INITIAL_FIELDS = ("raw",)


@dataclass
class Draft:
    """Mutable working state of one article while the per-article stages run.

    Stages fill it; :meth:`freeze` turns it into the immutable :class:`ArticleAnalysis`.
    """

    raw: RawArticle
    text: str = ""
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None
    source: str | None = None
    published: str | None = None
    published_from: str = "none"
    published_range: dict[str, str] | None = None
    language: str | None = None
    doc: Doc | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped_stages: list[str] = field(default_factory=list)

    @property
    def article_id(self) -> str:
        return self.raw.id

    @property
    def is_english(self) -> bool:
        return (self.language or "en") == "en"

    def freeze(self) -> ArticleAnalysis:
        meta = self.raw.meta
        article = Article(
            id=self.article_id, ref=self.raw.ref, source=self.source, title=self.title,
            published=self.published, published_from=self.published_from,
            language=self.language, text=self.text, removed=tuple(self.removed),
            url=meta.get("url"), author=meta.get("author"),
            published_range=self.published_range,
            notes=tuple(self.raw.notes) + tuple(self.notes),
        )
        return ArticleAnalysis(
            article=article, sentences=tuple(self.sentences), mentions=tuple(self.mentions),
            times=tuple(self.times), quotes=tuple(self.quotes), events=tuple(self.events),
        )


class Stage:
    """Base class of a per-article stage. Subclasses set the class attributes and ``process``."""

    name: ClassVar[str] = "stage"
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ()
    needs_english: ClassVar[bool] = False

    def setup(self, config: dict[str, Any]) -> None:
        """Load models and data once per process. Default: nothing to load."""

    def process(self, drafts: list[Draft]) -> None:
        """Fill this stage's fields on every draft of the batch, in place."""
        raise NotImplementedError(f"stage {self.name!r} does not implement process()")
