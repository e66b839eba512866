"""Builds the per-article stage chain, checks it, and runs it on batches of raw articles.

``analyze`` here is a pure function of the input articles: no I/O, no global state. Engines
(in-process, process pool, Dask) call :meth:`Pipeline.analyze_batch`; the store writes.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from crosswire.budget import time_budget
from crosswire.config import load_config
from crosswire.errors import CrosswireError, StageError
from crosswire.ingest.readers import Skipped
from crosswire.model import ArticleAnalysis, RawArticle
from crosswire.stages.base import INITIAL_FIELDS, Draft, Stage

log = logging.getLogger(__name__)

# Stage name -> "module:Class". Imported only when a pipeline uses the stage.
STAGES = {
    "clean": "crosswire.stages.body:BodyStage",
    "language": "crosswire.stages.language:LanguageStage",
    "parse": "crosswire.stages.parse:ParseStage",
    "entities": "crosswire.stages.entities:EntityStage",
    "times": "crosswire.stages.times:TimeStage",
    "quotes": "crosswire.stages.quotes:QuoteStage",
    "events": "crosswire.stages.events:EventStage",
}


@dataclass
class StageTimes:
    """Seconds spent in each stage, summed over the batches of a run."""

    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds


def build_stages(names: Sequence[str]) -> list[Stage]:
    """Instantiate the named stages and check that each one's requirements are met in order."""
    stages, available, providers = [], set(INITIAL_FIELDS), {}
    for name in names:
        if name not in STAGES:
            raise StageError(f"unknown stage {name!r} in pipeline.stages; known: {', '.join(STAGES)}")
        module_name, class_name = STAGES[name].split(":")
        stage = getattr(importlib.import_module(module_name), class_name)()
        missing = [f for f in stage.requires if f not in available]
        if missing:
            hint = "; ".join(f"{f!r} is provided by {_provider_of(f)}" for f in missing)
            raise StageError(f"stage {name!r} needs {', '.join(missing)}, which no earlier stage provides "
                             f"({hint}): reorder pipeline.stages")
        available.update(stage.provides)
        providers.update({f: name for f in stage.provides})
        stages.append(stage)
    return stages


def _provider_of(field_name: str) -> str:
    """Which registered stage provides a field (for error hints)."""
    for name, target in STAGES.items():
        module_name, class_name = target.split(":")
        try:
            stage_class = getattr(importlib.import_module(module_name), class_name)
        except ImportError:
            continue
        if field_name in stage_class.provides:
            return f"stage {name!r}"
    return "no stage"


class Pipeline:
    """The per-article stages of one run.

    >>> pipeline = Pipeline.from_config(load_config(overrides={"pipeline": {"stages": ["clean", "language"]}}))
    >>> raw = RawArticle(ref="x.txt", body="Officials met in Geneva on Monday to discuss the water accord.", kind="text")
    >>> [a.article.language for a in pipeline.analyze_batch([raw])]
    ['en']
    """

    def __init__(self, stages: list[Stage], config: dict[str, Any]):
        self.stages = stages
        self.config = config
        self.times = StageTimes()
        self._ready = False

    @classmethod
    def from_config(cls, config: dict[str, Any] | None = None) -> Pipeline:
        config = config or load_config()
        return cls(build_stages(config["pipeline"]["stages"]), config)

    @property
    def stage_names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def setup(self) -> None:
        """Load every stage's models and data (once per process)."""
        if not self._ready:
            for stage in self.stages:
                stage.setup(self.config)
            self._ready = True

    def analyze_batch(self, raws: Sequence[RawArticle]) -> list[ArticleAnalysis | Skipped]:
        """Run every stage on a batch; an article a stage fails on is skipped with the reason."""
        self.setup()
        drafts = [Draft(raw=raw) for raw in raws]
        failed: dict[int, Skipped] = {}
        for stage in self.stages:
            live = [(i, d) for i, d in enumerate(drafts) if i not in failed]
            if stage.needs_english:
                live = [(i, d) for i, d in live if d.is_english]
            started = time.perf_counter()
            self._run_stage(stage, live, failed, self.article_seconds)
            self.times.add(stage.name, time.perf_counter() - started)
        return [failed.get(i) or draft.freeze() for i, draft in enumerate(drafts)]

    @property
    def article_seconds(self) -> float:
        return float(self.config["limits"].get("article_seconds", 0))

    @staticmethod
    def _run_stage(stage: Stage, live: list[tuple[int, Draft]], failed: dict[int, Skipped], budget: float) -> None:
        """Run one stage on the batch within ``budget`` seconds an article; if it raises (or runs
        over), retry article by article to isolate the culprit."""
        if not live:
            return
        try:
            with time_budget(budget * len(live), f"stage {stage.name!r} on a batch"):
                stage.process([d for _, d in live])
            return
        except Exception as error:  # noqa: BLE001 - a stage bug must cost one article, not the run
            if len(live) == 1:
                failed[live[0][0]] = _skip_for(live[0][1], stage, error)
                return
        for index, draft in live:
            try:
                with time_budget(budget, f"stage {stage.name!r}"):
                    stage.process([draft])
            except Exception as error:  # noqa: BLE001 - see above
                failed[index] = _skip_for(draft, stage, error)


def _skip_for(draft: Draft, stage: Stage, error: Exception) -> Skipped:
    """The Skipped record for an article a stage failed on."""
    if isinstance(error, CrosswireError) and getattr(error, "reason", None):
        return Skipped(draft.raw.ref, error.reason)
    if not isinstance(error, CrosswireError):
        log.warning("stage %s failed on %s", stage.name, draft.raw.ref, exc_info=error)
    return Skipped(draft.raw.ref, f"stage {stage.name!r} failed: {type(error).__name__}: {error}")
