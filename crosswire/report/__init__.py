"""The self-contained HTML report: one file with the corpus's stories, timelines, actor networks,
statements, claims and articles, every fact linked to its evidence. Works offline.

>>> from crosswire.store.sqlite import Store
>>> stats = write_report(Store(":memory:"), "/tmp/crosswire-doctest-report.html")
>>> stats.articles, stats.bytes > 0
(0, True)
"""

from __future__ import annotations

import base64
import hashlib
import os
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from crosswire import __version__
from crosswire.errors import StoreError
from crosswire.report.data import embeddable_json, report_data
from crosswire.report.dates import human_range
from crosswire.store.sqlite import Store

OPEN_STORIES = 3  # the largest stories start unfolded; the others draw when opened


@dataclass(frozen=True)
class ReportStats:
    """What :func:`write_report` wrote."""

    path: Path
    bytes: int
    articles: int
    stories: int
    seconds: float


def package_dir() -> Path:
    """The folder holding this package's templates and static files."""
    return Path(str(resources.files("crosswire.report")))


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """A packaged static file (``views.js``, ``views.css``) as text."""
    return (package_dir() / "static" / name).read_text(encoding="utf-8")


def environment(*extra_folders: Path) -> Environment:
    """A Jinja environment that escapes everything, over this package's templates (and ``extra_folders``)."""
    folders = [str(f) for f in extra_folders] + [str(package_dir() / "templates")]
    return Environment(loader=FileSystemLoader(folders), autoescape=select_autoescape(default=True, default_for_string=True))


def csp_hash(source: str) -> str:
    """The CSP source expression allowing exactly this inline script or style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def render_report(store: Store, *, title: str = "Crosswire report") -> tuple[str, dict]:
    """The report's HTML and the data it embeds."""
    data = report_data(store)
    js, css = asset("views.js"), asset("views.css")
    if "</script" in js.lower() or "</style" in css.lower():
        raise StoreError("report assets contain a closing tag; fix crosswire/report/static")
    # Only the page's own script and style may run; no network, no forms, no plugins, no frames.
    csp = (f"default-src 'none'; script-src {csp_hash(js)}; style-src {csp_hash(css)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    html = environment().get_template("report.html").render(
        title=title, version=__version__, meta=data["meta"], stories=data["stories"], open_stories=OPEN_STORIES,
        published=human_range(data["meta"]["first"], data["meta"]["last"]), csp=csp, css=css, js=js,
        data_json=embeddable_json(data))
    return html, data


def write_report(store: Store, out_path: str | Path, *, title: str = "Crosswire report") -> ReportStats:
    """Write the self-contained HTML report of ``store`` to ``out_path`` (atomically)."""
    started = time.perf_counter()
    out_path = Path(out_path)
    html, data = render_report(store, title=title)
    partial = out_path.with_name(out_path.name + ".partial")
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(html, encoding="utf-8")
        os.replace(partial, out_path)
    except OSError as error:
        raise StoreError(f"cannot write report {out_path}: {error.strerror or error}; check the folder "
                         "exists and is writable, or pass another --out") from None
    return ReportStats(out_path, len(html.encode("utf-8")), data["meta"]["counts"]["articles"],
                       data["meta"]["counts"]["stories"], round(time.perf_counter() - started, 3))


__all__ = ["ReportStats", "render_report", "write_report"]
