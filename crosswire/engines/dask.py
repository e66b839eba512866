"""The Dask engine: the same per-article pipeline on a Dask cluster.

With no scheduler address a ``LocalCluster`` of ``workers`` single-threaded processes is
started; otherwise the client connects to the given scheduler (e.g. one started by
dask-jobqueue on Slurm, or dask-kubernetes). Each worker builds the pipeline and loads its
models once, through a worker plugin; batches are submitted with bounded look-ahead and
their results come back in input order, so the store receives exactly what the local engine
would write.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from crosswire.errors import ConfigError
from crosswire.model import RawArticle

PLUGIN_NAME = "crosswire-pipeline"


def _worker_plugin(config: dict[str, Any]):
    """A WorkerPlugin that builds and sets up the pipeline once per worker."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class PipelinePlugin(WorkerPlugin):
        name = PLUGIN_NAME

        def __init__(self, settings: dict[str, Any]):
            self.settings = settings

        def setup(self, worker) -> None:
            from crosswire.pipeline import Pipeline

            pipeline = Pipeline.from_config(self.settings)
            pipeline.setup()
            worker.crosswire_pipeline = pipeline  # one per worker process, owned by the worker

    return PipelinePlugin(config)


def _analyze_on_worker(raws: list[RawArticle]):
    """Runs on a Dask worker: the batch through the worker's pipeline, with stage seconds."""
    from distributed import get_worker

    pipeline = get_worker().crosswire_pipeline
    before = dict(pipeline.times.seconds)
    results = pipeline.analyze_batch(raws)
    return results, {k: v - before.get(k, 0.0) for k, v in pipeline.times.seconds.items()}


def analyze_batches_dask(batches: Iterator[list[RawArticle]], config: dict[str, Any], workers: int = 2,
                         scheduler: str | None = None, on_start: Callable[[], None] | None = None):
    """Analysed batches in input order, computed on a Dask cluster."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError("--engine dask needs the 'dask' extra: .venv/bin/pip install -c constraints.txt -e '.[dask]' "
                          "in the checkout") from None
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
    try:
        client = Client(cluster or scheduler, timeout="60s")
    except OSError as error:
        if cluster is not None:
            cluster.close()
        raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    try:
        client.register_plugin(_worker_plugin(config), name=PLUGIN_NAME)
        if on_start:
            on_start()
        look_ahead = 2 * max(len(client.scheduler_info()["workers"]), 1)
        in_flight: deque = deque()
        for batch in batches:
            in_flight.append(client.submit(_analyze_on_worker, batch, pure=False))
            if len(in_flight) >= look_ahead:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
