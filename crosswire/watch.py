"""``watch``: analyse new files in a folder as they appear, keeping the models loaded.

A file is taken once its size and modification time have stayed the same for one poll (so a
file still being written is not read half-way). Content already in the store costs nothing:
article ids are content hashes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crosswire.config import load_config
from crosswire.errors import InputError
from crosswire.ingest.sources import expand_inputs
from crosswire.pipeline import Pipeline
from crosswire.run import RunSummary, analyze

Signature = tuple[int, int]


def watch(folder: str | Path, *, db: str | Path = "crosswire.db", config: dict[str, Any] | None = None,
          interval: float = 1.0, stop: threading.Event | None = None,
          on_run: Callable[[RunSummary], None] | None = None) -> None:
    """Poll ``folder`` every ``interval`` seconds until ``stop`` is set (or forever).

    >>> stop = threading.Event(); stop.set()
    >>> watch("examples/fictional-demo", db=":memory:", stop=stop)  # returns at once  # doctest: +SKIP
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), "not a folder: watch needs a directory to poll")
    config = config or load_config()
    stop = stop or threading.Event()
    pipeline = Pipeline.from_config(config)
    pipeline.setup()
    done: dict[Path, Signature] = {}
    pending: dict[Path, Signature] = {}
    while not stop.is_set():
        ready = _settled_files(folder, done, pending)
        if ready:
            summary = analyze([str(p) for p in ready], db=db, config=config, pipeline=pipeline)
            if on_run:
                on_run(summary)
        stop.wait(interval)


def _settled_files(folder: Path, done: dict[Path, Signature], pending: dict[Path, Signature]) -> list[Path]:
    """Files new or changed since they were analysed whose signature held still for one poll."""
    ready = []
    for path in expand_inputs([str(folder)]):
        if not isinstance(path, Path):
            continue
        try:
            stat = path.stat()
        except OSError:
            continue  # removed between listing and stat
        signature = (stat.st_size, stat.st_mtime_ns)
        if done.get(path) == signature:
            continue
        if pending.get(path) == signature:
            ready.append(path)
            done[path] = signature
            del pending[path]
        else:
            pending[path] = signature
    return ready
