"""Small article generators for tests (our own invented text)."""

from __future__ import annotations

import json
from pathlib import Path

COUNTRIES = ["Norway", "Chile", "Kenya", "Canada", "Japan", "Peru", "Ghana", "Spain"]


def invented_article(n: int) -> str:
    """A short, varied, made-up news text (deterministic in ``n``)."""
    a, b = COUNTRIES[n % 8], COUNTRIES[(n * 3 + 1) % 8]
    return (f"Talks round {n} opens\n\n"
            f"Delegations from {a} and {b} met in Geneva on Tuesday for round {n} of talks on a fisheries "
            f"accord, officials said.\n\nThe envoy of {a}, Maria Olsen {n}, said the sides had agreed to meet "
            f"again next month. \"We made progress on quotas,\" she told reporters after session {n}.\n")


def write_jsonl_corpus(path: Path, count: int, start: int = 0) -> Path:
    """A JSON-lines file of ``count`` invented articles with declared dates."""
    with path.open("w", encoding="utf-8") as handle:
        for n in range(start, start + count):
            record = {"id": f"art-{n}", "text": invented_article(n), "published": f"2025-03-{n % 28 + 1:02d}",
                      "source": f"outlet{n % 5}.example"}
            handle.write(json.dumps(record) + "\n")
    return path


def exported_files(db: Path, out: Path) -> dict[str, str]:
    """Every contract JSONL file exported from the store at ``db``, by name: compare runs with it."""
    from crosswire.store.export import export_jsonl
    from crosswire.store.sqlite import Store

    with Store(db) as store:
        export_jsonl(store, out)
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}
