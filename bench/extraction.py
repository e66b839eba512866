"""Extraction benchmark on the Scrapinghub article-extraction set (181 pages).

Two modes in one run, each scored two ways over the multiset of 4-word shingles of the body:

* ``readme``: the shared bench README's definition — lower-cased, whitespace-tokenised, the
  per-page P, R and F1 averaged over pages.
* ``upstream``: the definition the published anchor figures (trafilatura 0.958) were computed
  with — case-kept ``\\w+`` tokens, per-page P and R averaged over pages, F1 the harmonic mean of
  those two averages. Scoring the stored trafilatura 2.0.0 output of ``output/`` this way gives
  0.958; the readme way gives 0.934. So compare with the anchors on the ``upstream`` column.

Modes:

* ``html``: ``crosswire.ingest.html.extract_html`` on the page.
* ``text``: the visible text of the page (markup stripped, one line per block element) run
  through the plain-text cleaner ``crosswire.stages.clean.Cleaner``; beside it, the jusText
  baseline on the very same lines (each line fed as a ``<p>`` paragraph, English stoplist).

Usage::

    .venv/bin/python bench/extraction.py [--data DIR] [--modes html,text] [--limit N] [--json OUT]
"""

from __future__ import annotations

import argparse
import gzip
import html as html_lib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "bench"
SHINGLE = 4

# Elements whose content is never visible text.
_INVISIBLE = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")
# Elements that start a new line in rendered text.
_BLOCK = frozenset(
    "address article aside blockquote body br dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul "
    "option select button label caption title".split()
)


@dataclass(frozen=True)
class Score:
    """Shingle precision, recall and F1 of one page."""

    precision: float
    recall: float
    f1: float


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Multiset of ``n``-word shingles of the lower-cased, whitespace-tokenised text.

    Texts shorter than ``n`` words give their whole token tuple as the one shingle.
    """
    tokens = text.lower().split()
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def score(predicted: str, gold: str) -> Score:
    """Shingle P/R/F1; an empty prediction of an empty gold counts as perfect."""
    pred, ref = shingles(predicted), shingles(gold)
    if not pred and not ref:
        return Score(1.0, 1.0, 1.0)
    common = sum((pred & ref).values())
    precision = common / sum(pred.values()) if pred else 0.0
    recall = common / sum(ref.values()) if ref else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)


_WORD = re.compile(r"\w+")


def upstream_counts(predicted: str, gold: str) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of case-kept \\w+ 4-gram shingles."""
    def grams(text: str) -> Counter[tuple[str, ...]]:
        tokens = _WORD.findall(text or "")
        return Counter(tuple(tokens[i:i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))
                       if tokens[i:i + SHINGLE])

    pred, ref = grams(predicted), grams(gold)
    common = sum((pred & ref).values())
    return common, sum(pred.values()) - common, sum(ref.values()) - common


def upstream_score(counts: Iterable[tuple[int, int, int]]) -> tuple[float, float, float]:
    """(P, R, F1): P and R averaged over pages that have predictions / gold; F1 of the averages."""
    counts = list(counts)
    precisions = [1.0 if fp == fn == 0 else tp / (tp + fp) for tp, fp, fn in counts if tp + fp]
    recalls = [1.0 if fp == fn == 0 else tp / (tp + fn) for tp, fp, fn in counts if tp + fn]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def visible_lines(page: str) -> list[str]:
    """The page's visible text, one line per block-level element, whitespace collapsed per line."""
    # Parse the decoded string: bytes would let a stale <meta charset> re-decode the page.
    page = re.sub(r"^\s*<\?xml[^>]*>", "", page)
    try:
        root = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return []
    invisible = [e for e in root.iter(*_INVISIBLE, etree.Comment, etree.ProcessingInstruction)]
    for element in invisible:
        if element.getparent() is not None:
            element.drop_tree()
    pieces: list[str] = []

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag.lower() in _BLOCK
        if block:
            pieces.append("\n")
        if element.text:
            pieces.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
        if block:
            pieces.append("\n")

    walk(root)
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return [line for line in lines if line]


def read_pages(data: Path, limit: int | None) -> list[tuple[str, str, str, str | None]]:
    """(file id, html, gold body, url) for every page with a gold body, in file-id order."""
    root = data / "extraction" / "scrapinghub"
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(gold):
        path = root / "html" / f"{key}.html.gz"
        raw = gzip.decompress(path.read_bytes())
        pages.append((key, decode_page(raw), gold[key].get("articleBody") or "", gold[key].get("url")))
    return pages[:limit] if limit else pages


def decode_page(raw: bytes) -> str:
    """Page bytes to text: UTF-8, else the declared or detected charset."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", raw[:4096])
    if declared:
        try:
            return raw.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    return str(best) if best is not None else raw.decode("utf-8", errors="replace")


def html_mode() -> Callable[[str, str | None, list[str]], str]:
    """Extractor for HTML mode: crosswire.ingest.html.extract_html."""
    from crosswire.errors import InputError
    from crosswire.ingest.html import extract_html

    def run(page: str, url: str | None, lines: list[str]) -> str:
        try:
            return extract_html(page, url).text
        except InputError:
            return ""

    return run


def cleaner_mode() -> Callable[[str, str | None, list[str]], str]:
    """Extractor for text mode: the plain-text cleaner on the visible lines."""
    from crosswire.stages.clean import Cleaner

    cleaner = Cleaner()

    def run(page: str, url: str | None, lines: list[str]) -> str:
        return cleaner.clean("\n".join(lines)).text

    return run


def justext_mode() -> Callable[[str, str | None, list[str]], str]:
    """Baseline for text mode: jusText on the same lines, each line one ``<p>`` paragraph."""
    import justext

    stoplist = justext.get_stoplist("English")

    def run(page: str, url: str | None, lines: list[str]) -> str:
        if not lines:
            return ""
        markup = "<html><body>" + "".join(f"<p>{html_lib.escape(line)}</p>" for line in lines) + "</body></html>"
        paragraphs = justext.justext(markup.encode("utf-8"), stoplist, encoding="utf-8")
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def run_mode(name: str, extractor: Callable[[str, str | None, list[str]], str],
             pages: Iterable[tuple[str, str, str, str | None, list[str]]]) -> dict[str, object]:
    """Score one extractor over all pages; returns the averaged figures and per-page F1."""
    scores: dict[str, Score] = {}
    started = time.perf_counter()
    outputs = [(key, extractor(page, url, lines), gold) for key, page, gold, url, lines in pages]
    seconds = time.perf_counter() - started
    for key, predicted, gold in outputs:
        scores[key] = score(predicted, gold)
    count = len(scores) or 1
    up_p, up_r, up_f1 = upstream_score(upstream_counts(predicted, gold) for _, predicted, gold in outputs)
    return {
        "upstream_precision": up_p, "upstream_recall": up_r, "upstream_f1": up_f1,
        "mode": name,
        "precision": sum(s.precision for s in scores.values()) / count,
        "recall": sum(s.recall for s in scores.values()) / count,
        "f1": sum(s.f1 for s in scores.values()) / count,
        "pages": len(scores),
        "seconds": seconds,
        "per_page_f1": {key: round(s.f1, 4) for key, s in scores.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared bench folder")
    parser.add_argument("--modes", default="html,text", help="comma-separated: html, text")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument("--json", type=Path, default=None, help="write the figures to this JSON file")
    args = parser.parse_args(argv)

    pages = read_pages(args.data, args.limit)
    started = time.perf_counter()
    prepared = [(key, page, gold, url, visible_lines(page)) for key, page, gold, url in pages]
    strip_seconds = time.perf_counter() - started
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    results = []
    if "html" in modes:
        results.append(run_mode("html (extract_html)", html_mode(), prepared))
    if "text" in modes:
        results.append(run_mode("text (Cleaner)", cleaner_mode(), prepared))
        results.append(run_mode("text (jusText baseline)", justext_mode(), prepared))

    print(f"{'':<26} {'readme scoring':^23}   {'upstream scoring':^23}")
    print(f"{'mode':<26} {'P':>7} {'R':>7} {'F1':>7}   {'P':>7} {'R':>7} {'F1':>7} {'pages':>6} {'seconds':>8}")
    for r in results:
        print(f"{r['mode']:<26} {r['precision']:>7.4f} {r['recall']:>7.4f} {r['f1']:>7.4f}   "
              f"{r['upstream_precision']:>7.4f} {r['upstream_recall']:>7.4f} {r['upstream_f1']:>7.4f} "
              f"{r['pages']:>6} {r['seconds']:>8.2f}")
    print(f"(markup stripping for text mode: {strip_seconds:.2f} s, shared by both text runs)")
    if args.json:
        args.json.write_text(json.dumps({"data": str(args.data), "results": results}, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
