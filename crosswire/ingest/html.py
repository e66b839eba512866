"""Main text and metadata from an HTML page: trafilatura for the body, title, author and site
name; htmldate (through trafilatura) for the publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura

from crosswire.errors import InputError

# Opening tags that nest (void elements such as <br> or <img> do not deepen the tree).
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


@dataclass(frozen=True)
class HtmlExtract:
    """What trafilatura found in one page."""

    text: str
    title: str | None
    author: str | None
    site_name: str | None
    published: str | None  # ISO date
    url: str | None


def nesting_depth(html: str, limit: int) -> int:
    """Deepest element nesting seen, counting up to ``limit`` (cheap scan, no parse)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if name.lower() in _VOID or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
        if deepest > limit:
            break
    return deepest


def extract_html(html: str, url: str | None = None, *, max_depth: int = 512, ref: str = "<html>") -> HtmlExtract:
    """Extract the article body and metadata of one HTML page.

    Raises :class:`InputError` when the markup nests deeper than ``max_depth`` (such trees
    exhaust the parser's stack) or when the page has no main text.

    >>> page = "<html><head><title>T</title></head><body><article><p>" + "Word " * 40 + "</p></article></body></html>"
    >>> extract_html(page).text.startswith("Word Word")
    True
    """
    depth = nesting_depth(html, max_depth)
    if depth > max_depth:
        raise InputError(ref, f"HTML nests deeper than {max_depth} elements; raise limits.max_html_depth "
                              "if this page is genuine")
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        favor_precision=False, deduplicate=False,
    )
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if not text:
        raise InputError(ref, "HTML page has no main text that could be extracted")
    return HtmlExtract(
        text=text,
        title=_clean_field(document.title),
        author=_clean_field(document.author),
        site_name=_clean_field(document.sitename),
        published=_clean_field(document.date),
        url=_clean_field(document.url) or url,
    )


def _clean_field(value: object) -> str | None:
    """Strip a metadata value; empty strings become None."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None
