"""The local engine: analyse batches in this process, or in a pool of worker processes that
each load the models once. Results are written to the store in input order."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from crosswire.ingest.readers import Skipped
from crosswire.model import ArticleAnalysis, RawArticle
from crosswire.pipeline import Pipeline

BatchResult = tuple[list[ArticleAnalysis | Skipped], dict[str, float]]

_worker_pipeline: Pipeline | None = None  # one per worker process, set by the pool initializer


def _init_worker(config: dict[str, Any]) -> None:
    """Pool initializer: build the pipeline and load its models once per worker process."""
    global _worker_pipeline  # noqa: PLW0603 - the per-process pipeline is the point of a pool initializer
    _worker_pipeline = Pipeline.from_config(config)
    _worker_pipeline.setup()


def _analyze_in_worker(raws: Sequence[RawArticle]) -> BatchResult:
    assert _worker_pipeline is not None, "worker used before its initializer ran"
    before = dict(_worker_pipeline.times.seconds)
    results = _worker_pipeline.analyze_batch(raws)
    spent = {k: v - before.get(k, 0.0) for k, v in _worker_pipeline.times.seconds.items()}
    return results, spent


def analyze_batches(batches: Iterator[list[RawArticle]], config: dict[str, Any], workers: int = 1,
                    on_start: Callable[[], None] | None = None,
                    pipeline: Pipeline | None = None) -> Iterator[BatchResult]:
    """Analysed batches in the order given, using ``workers`` processes (1: this process).

    A ready ``pipeline`` may be passed in to keep its loaded models across calls (``watch``).
    """
    if workers <= 1:
        pipeline = pipeline or Pipeline.from_config(config)
        pipeline.setup()
        if on_start:
            on_start()
        for batch in batches:
            before = dict(pipeline.times.seconds)
            results = pipeline.analyze_batch(batch)
            yield results, {k: v - before.get(k, 0.0) for k, v in pipeline.times.seconds.items()}
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(config,)) as pool:
        if on_start:
            on_start()
        in_flight: deque[Future[BatchResult]] = deque()
        for batch in batches:
            in_flight.append(pool.submit(_analyze_in_worker, batch))
            # Bounded look-ahead keeps memory flat however long the input stream is.
            if len(in_flight) >= 2 * workers:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()
