from __future__ import annotations

from pathlib import Path

import pytest

from tests.report.browser import Watched, launched_chromium
from tests.report.sample import build_sample_store


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """The hand-written sample store (two stories, a conflict, a three-wording statement, XSS payloads)."""
    return build_sample_store(tmp_path_factory.mktemp("sample") / "sample.db")


@pytest.fixture(scope="package")
def chromium():
    """One browser per test folder (two sync Playwright sessions cannot be open at once)."""
    yield from launched_chromium()


@pytest.fixture
def watched(chromium):
    page = Watched(chromium)
    yield page
    page.close()
