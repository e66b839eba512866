"""The ``clean`` stage: raw input to clean body text plus title, source and publication date.

HTML goes through trafilatura (main text and metadata); plain text through Crosswire's own
line classifier (:mod:`crosswire.stages.clean`). Metadata the input declared always wins over
what is found in the text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from crosswire.errors import InputError
from crosswire.ingest.html import extract_html
from crosswire.stages.base import Draft, Stage
from crosswire.stages.clean import Cleaner, repeated_lines


class BodyStage(Stage):
    name = "clean"
    requires = ("raw",)
    provides = ("text", "removed", "title", "source", "published")

    def setup(self, config: dict[str, Any]) -> None:
        self.cleaner = Cleaner()
        self.max_chars = int(config["parse"]["max_chars"])
        self.max_html_depth = int(config["limits"]["max_html_depth"])
        self.repeated_min_docs = int(config["corpus"]["repeated_line_min_docs"])

    def process(self, drafts: list[Draft]) -> None:
        plain = [d.raw.body for d in drafts if d.raw.kind == "text"]
        repeated = repeated_lines(plain, min_docs=self.repeated_min_docs) if len(plain) >= self.repeated_min_docs else frozenset()
        for draft in drafts:
            if draft.raw.kind == "html":
                self._from_html(draft)
            else:
                self._from_text(draft, repeated)
            self._apply_declared_metadata(draft)
            if len(draft.text) > self.max_chars:
                draft.notes.append(f"text cut to {self.max_chars:,} characters (parse.max_chars)")
                draft.text = draft.text[: self.max_chars]
            if not draft.text.strip():
                raise InputError(draft.raw.ref, "no article text left after removing boilerplate")

    def _from_html(self, draft: Draft) -> None:
        extract = extract_html(draft.raw.body, draft.raw.meta.get("url"), max_depth=self.max_html_depth,
                               ref=draft.raw.ref)
        draft.text = extract.text
        draft.title = extract.title
        draft.source = extract.site_name or domain_of(extract.url)
        if extract.published:
            draft.published, draft.published_from = extract.published, "metadata"

    def _from_text(self, draft: Draft, repeated: frozenset[str]) -> None:
        cleaned = self.cleaner.clean(draft.raw.body, repeated_lines=repeated,
                                     language=draft.raw.meta.get("language"))
        draft.text, draft.removed = cleaned.text, list(cleaned.removed)
        draft.title, draft.source = cleaned.title, cleaned.source
        if cleaned.dateline:
            draft.published, draft.published_from = cleaned.dateline, "dateline"

    def _apply_declared_metadata(self, draft: Draft) -> None:
        meta = draft.raw.meta
        draft.title = meta.get("title") or draft.title
        draft.source = meta.get("source") or draft.source or domain_of(meta.get("url"))
        declared = meta.get("published")
        if declared:
            day = iso_day(declared)
            if day:
                draft.published, draft.published_from = day, "metadata"
            else:
                draft.notes.append(f"ignored 'published' value {declared!r}: not an ISO date (YYYY-MM-DD)")


def iso_day(value: str) -> str | None:
    """The YYYY-MM-DD day of an ISO date or datetime string, or None when it is not one."""
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def domain_of(url: str | None) -> str | None:
    """'https://www.example.org/a/b' -> 'example.org'."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    return host.removeprefix("www.") or None
