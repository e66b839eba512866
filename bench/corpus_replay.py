"""Corpus stages alone, replayed over stores that hold a run's per-article results.

The corpus stages of a whole-pipeline run cost what they cost on real parser output (entity
keys, events, quotes, time expressions), which ``bench/scale.py`` only imitates. Re-parsing
100k articles to time them takes hours, so this benchmark takes stores written with the corpus
stages switched off and runs the stages over each, as ``crosswire analyze`` would have: articles
in the order the run stored them, ``run_corpus_stages`` chunk by chunk. Each store is copied
first (the original stays free of corpus records, so it can be replayed again after a change)
and replayed in its own process, so peak RSS is that store's alone. Stores given together run
one after the other, on the same code and machine: quote the ratio of their times. CPU time is
reported beside wall time: on a shared virtual machine the wall time also counts the time the
host gives to other machines (steal), which comes in bursts that can double a chunk's cost.

    .venv/bin/python bench/pipeline_scale.py --sizes 10000 100000 --workers 2 --no-corpus --keep \\
        --workdir /big/disk --spacy-sample 0
    .venv/bin/python bench/corpus_replay.py /big/disk/pipeline-scale-10000-*/store.db \\
        /big/disk/pipeline-scale-100000-*/store.db [--workdir /big/disk] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS_RECORDS = ("stories", "story_features", "copies", "claims")  # any row: the corpus stages have run


def corpus_free(db: Path) -> str | None:
    """Why ``db`` cannot be replayed (None when it can)."""
    if not db.is_file():
        return f"{db}: no such file"
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
            if connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0:
                return f"{db}: no articles"
            for table in CORPUS_RECORDS:
                if connection.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                    return (f"{db}: the corpus stages have already run on it ({table} has rows); write the "
                            "store with `bench/pipeline_scale.py --no-corpus --keep`")
    except sqlite3.Error as error:
        return f"{db}: not a Crosswire store ({error})"
    return None


def replay_store(store, progress=None):
    """Run the corpus stages over every article of an open store, as ``crosswire.run.analyze``
    does after its per-article phase: one ``run_corpus_stages`` call over the articles in the
    order the run stored them (it takes them chunk by chunk, with what a run keeps between
    chunks). Returns their summary; ``progress(done, total, chunk_seconds)`` is called after
    each chunk."""
    from crosswire.corpus.runner import run_corpus_stages

    ids = [row[0] for row in store.db.execute("SELECT id FROM articles ORDER BY rowid")]
    return run_corpus_stages(store, ids, full=False, progress=progress)


def _cpu_seconds() -> float:
    """CPU time of this process so far (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _progress_marks(started: float, cpu_started: float, marks: dict[int, tuple[float, float]]):
    """A progress callback: every ten chunks (and at the end), a line to stderr with the articles
    done, the wall and CPU seconds since the start and the last chunk's cost; the seconds go in
    ``marks`` (the time to reach 10k articles inside a bigger replay, beside the 10k store's own)."""
    def progress(done: int, total: int, chunk_seconds: float) -> None:
        if done == total or done % 10_000 == 0:
            marks[done] = (round(time.perf_counter() - started, 1), round(_cpu_seconds() - cpu_started, 1))
            print(f"  {done:,}/{total:,} articles in {marks[done][0]:,.1f} s ({marks[done][1]:,.1f} CPU s); "
                  f"last chunk {chunk_seconds:.1f} s", file=sys.stderr, flush=True)
    return progress


def _flush(path: Path) -> None:
    """Write a fresh copy out to disk before the clock starts: otherwise the kernel writes the
    copy back while the stages run, and the bigger store's replay pays for gigabytes of it."""
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def replay(db: Path, workdir: Path | None) -> dict:
    """Copy ``db``, replay the corpus stages over the copy, and measure."""
    from crosswire.store.sqlite import Store

    scratch = Path(tempfile.mkdtemp(prefix="corpus-replay-", dir=workdir))
    try:
        copy = scratch / "store.db"
        shutil.copyfile(db, copy)
        _flush(copy)
        with Store(copy) as store:
            started, cpu_started, marks = time.perf_counter(), _cpu_seconds(), {}
            summary = replay_store(store, _progress_marks(started, cpu_started, marks))
            seconds, cpu_seconds = time.perf_counter() - started, _cpu_seconds() - cpu_started
            stories = store.count("stories")
        return {"store": str(db), "articles": summary.articles, "corpus_seconds": round(seconds, 1),
                "corpus_cpu_seconds": round(cpu_seconds, 1), "seconds_at": marks,
                "stage_seconds": {stage: round(s, 1) for stage, s in summary.seconds.items()},
                "stories": stories, "copies": summary.copies, "entities": summary.entities,
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stores", type=Path, nargs="*", help="stores written without the corpus stages")
    parser.add_argument("--workdir", type=Path, help="where the copies go (default: the system temporary folder)")
    parser.add_argument("--json", type=Path, help="write all results here")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(replay(args.one, args.workdir)), flush=True)
        return
    if not args.stores:
        parser.error("give at least one store (see the examples above)")
    problems = [p for p in map(corpus_free, args.stores) if p]
    if problems:
        parser.error("; ".join(problems))
    results = []
    for db in args.stores:
        print(f"replaying {db} in a fresh process", file=sys.stderr, flush=True)
        workdir = ["--workdir", str(args.workdir)] if args.workdir else []
        command = [sys.executable, __file__, "--one", str(db), *workdir]
        out = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    for a, b in zip(results, results[1:]):
        print(f"{a['articles']:,} -> {b['articles']:,} articles (x{b['articles'] / a['articles']:.1f}): "
              f"corpus stages x{b['corpus_seconds'] / a['corpus_seconds']:.1f} "
              f"(CPU time x{b['corpus_cpu_seconds'] / a['corpus_cpu_seconds']:.1f}), "
              f"peak RSS {a['peak_rss_mb']} -> {b['peak_rss_mb']} MB")


if __name__ == "__main__":
    main()
