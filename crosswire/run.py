"""``analyze``: the main job as a library call — read inputs, run the per-article stages, write the
store batch by batch, run the corpus stages, and optionally export the contract files."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from crosswire.config import load_config
from crosswire.errors import ConfigError
from crosswire.corpus.runner import run_corpus_stages
from crosswire.engines.local import analyze_batches
from crosswire.ingest.readers import Item, Limits, Skipped
from crosswire.ingest.sources import read_inputs
from crosswire.model import ArticleAnalysis, RawArticle
from crosswire.pipeline import Pipeline
from crosswire.store.export import export_jsonl
from crosswire.store.lock import writer_lock
from crosswire.store.sqlite import Store


@dataclass
class RunSummary:
    """What one run did; the CLI prints it as a table."""

    analysed: int = 0
    already_stored: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)
    article_ids: list[str] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    corpus_seconds: float = 0.0
    entities: int = 0

    @property
    def articles_per_second(self) -> float:
        return self.analysed / self.seconds if self.seconds else 0.0

    @property
    def exit_code(self) -> int:
        """0 when something was analysed (or already stored) and every skip has a reason; 1 otherwise."""
        return 0 if (self.analysed or self.already_stored) else 1


ProgressCallback = Callable[[RunSummary], None]


def analyze(inputs: Iterable[str], *, db: str | Path = "crosswire.db", out: str | Path | None = None,
            config: dict[str, Any] | None = None, workers: int = 1, stdin: IO[bytes] | None = None,
            progress: ProgressCallback | None = None, engine: str = "local", scheduler: str | None = None,
            pipeline: Pipeline | None = None, corpus_stages: bool = True) -> RunSummary:
    """Analyse INPUTs into the store at ``db``; write the contract files to ``out`` if given.

    ``engine`` is ``local`` (this process, or a pool of ``workers`` processes) or ``dask`` (a
    LocalCluster of ``workers`` processes, or the cluster at ``scheduler``). A ready
    ``pipeline`` (local engine, one worker) keeps its models loaded across calls. Without
    ``corpus_stages`` only the per-article results are stored (``bench/corpus_replay.py``
    times the corpus stages over such a store).

    >>> summary = analyze(["examples/fictional-demo"], db=":memory:")  # doctest: +SKIP
    >>> summary.analysed  # doctest: +SKIP
    16
    """
    config = config or load_config()
    summary = RunSummary()
    started = time.perf_counter()
    with writer_lock(db), Store(db) as store:
        interrupted_before = store.mark_interrupted_runs()
        run = store.start_run()
        items = read_inputs(inputs, Limits.from_config(config["limits"]), stdin=stdin)
        batches = _new_batches(items, store, int(config["pipeline"]["batch_size"]), summary)
        new_ids: list[str] = []
        for results, stage_seconds in _engine_batches(engine, batches, config, workers, scheduler, pipeline):
            analyses = _sort_results(results, summary)
            store.write_batch(analyses)
            new_ids.extend(a.article.id for a in analyses)
            for stage, seconds in stage_seconds.items():
                summary.stage_seconds[stage] = summary.stage_seconds.get(stage, 0.0) + seconds
            summary.seconds = time.perf_counter() - started
            if progress:
                progress(summary)
        if corpus_stages:
            corpus_started = time.perf_counter()
            summary.entities = _run_corpus_stages(store, new_ids, full=interrupted_before > 0)
            summary.corpus_seconds = time.perf_counter() - corpus_started
        store.finish_run(run, analysed=summary.analysed, already_stored=summary.already_stored,
                         skipped=summary.skipped)
        if out is not None:
            export_jsonl(store, Path(out), article_ids=summary.article_ids)
    summary.seconds = time.perf_counter() - started
    return summary


def _engine_batches(engine: str, batches: Iterator[list[RawArticle]], config: dict[str, Any], workers: int,
                    scheduler: str | None, pipeline: Pipeline | None):
    """Analysed batches from the chosen engine."""
    if engine == "local":
        return analyze_batches(batches, config, workers, pipeline=pipeline)
    if engine == "dask":
        from crosswire.engines.dask import analyze_batches_dask

        return analyze_batches_dask(batches, config, max(workers, 1), scheduler)
    raise ConfigError(f"unknown engine {engine!r}: use 'local' or 'dask'")


def _new_batches(items: Iterator[Item], store: Store, batch_size: int, summary: RunSummary) -> Iterator[list[RawArticle]]:
    """Batches of articles not yet in the store; skips and already-stored ones go to the summary."""
    seen: set[str] = set()
    pending: list[RawArticle] = []

    def flush() -> list[RawArticle]:
        known = store.known_ids(r.id for r in pending)
        summary.already_stored += len(known)
        summary.article_ids.extend(sorted(known))
        fresh = [r for r in pending if r.id not in known]
        pending.clear()
        return fresh

    for item in items:
        if isinstance(item, Skipped):
            summary.skipped.append((item.ref, item.reason))
            continue
        if item.id in seen:
            summary.skipped.append((item.ref, "same content as an earlier input of this run"))
            continue
        seen.add(item.id)
        pending.append(item)
        if len(pending) >= batch_size:
            fresh = flush()
            if fresh:
                yield fresh
    if pending:
        fresh = flush()
        if fresh:
            yield fresh


def _sort_results(results: list[ArticleAnalysis | Skipped], summary: RunSummary) -> list[ArticleAnalysis]:
    """Split a batch's results into analyses to store and skips for the summary."""
    analyses = []
    for result in results:
        if isinstance(result, Skipped):
            summary.skipped.append((result.ref, result.reason))
            continue
        analyses.append(result)
        summary.analysed += 1
        summary.article_ids.append(result.article.id)
        for note in result.article.notes:
            summary.notes[note.split(":")[0]] += 1
    return analyses


def _run_corpus_stages(store: Store, new_ids: list[str], *, full: bool) -> int:
    """Cross-article records for what this run added (everything after an interrupted run)."""
    return run_corpus_stages(store, new_ids, full=full).entities
