"""Expand the INPUT arguments of ``crosswire analyze`` into a lazy stream of raw articles."""

from __future__ import annotations

import glob
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from crosswire.ingest.readers import Item, Limits, Skipped, read_jsonl_stream, read_path

# Files that are never articles: skipped silently when walking a directory.
_IGNORED_NAMES = frozenset({"readme.md", "manifest.md", "license", ".ds_store"})


def expand_inputs(inputs: Iterable[str]) -> Iterator[Path | str]:
    """Files for every INPUT: a file, a directory (recursively, sorted), a glob, or '-' for stdin.

    Yields '-' for standard input, Paths for files, and strings (the INPUT) for names that match
    nothing so the caller can report them.
    """
    for name in inputs:
        if name == "-":
            yield "-"
            continue
        path = Path(name)
        if path.is_dir():
            yield from (p for p in sorted(path.rglob("*")) if p.is_file() and _is_candidate(p))
        elif path.is_file():
            yield path
        elif glob.has_magic(name):
            matches = sorted(Path(p) for p in glob.glob(name, recursive=True))
            files = [p for p in matches if p.is_file()]
            yield from files if files else [name]
        else:
            yield name


def read_inputs(inputs: Iterable[str], limits: Limits, stdin=None) -> Iterator[Item]:
    """Every raw article (or skip) of every INPUT, read lazily in a stable order."""
    for source in expand_inputs(inputs):
        if source == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_jsonl_stream(stream, "stdin", limits)
        elif isinstance(source, Path):
            yield from read_path(source, limits)
        else:
            yield Skipped(source, "no such file, directory or glob match")


def _is_candidate(path: Path) -> bool:
    """Skip hidden files and a folder's own documentation when walking a directory."""
    if any(part.startswith(".") for part in path.parts[-1:]):
        return False
    return path.name.lower() not in _IGNORED_NAMES
