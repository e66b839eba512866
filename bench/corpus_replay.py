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

``--interleave`` runs the stores' replays side by side instead, in step: each waits between
chunks while the one furthest behind (by share of its articles done) does its next chunk, so the
10k store's ten chunks are spread over the whole of the 100k store's hundred and both meet the
same bursts. Only one computes at a time; the seconds reported are each replay's own (its waits
left out). On a machine whose speed drifts up to twofold over minutes, this is what makes their
ratio a measurement rather than a draw.

    .venv/bin/python bench/pipeline_scale.py --sizes 10000 100000 --workers 2 --no-corpus --keep \\
        --workdir /big/disk --spacy-sample 0
    .venv/bin/python bench/corpus_replay.py /big/disk/pipeline-scale-10000-*/store.db \\
        /big/disk/pipeline-scale-100000-*/store.db [--interleave] [--workdir /big/disk] [--json results.json]
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


def replay_store(store, progress=None, chunk: int | None = None):
    """Run the corpus stages over every article of an open store, as ``crosswire.run.analyze``
    does after its per-article phase: one ``run_corpus_stages`` call over the articles in the
    order the run stored them (it takes them chunk by chunk, with what a run keeps between
    chunks). Returns their summary; ``progress(done, total, chunk_seconds)`` is called after
    each chunk; ``chunk``: articles per chunk (default: the runner's)."""
    from crosswire.corpus.runner import CHUNK, run_corpus_stages

    ids = [row[0] for row in store.db.execute("SELECT id FROM articles ORDER BY rowid")]
    return run_corpus_stages(store, ids, full=False, chunk=chunk or CHUNK, progress=progress)


def _cpu_seconds() -> float:
    """CPU time of this process so far (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Pacer:
    """The clock of one replay, and in ``--interleave`` mode its turns.

    ``turn()`` waits for the parent's go (a line on stdin) after saying where the replay stands
    (a JSON line on stdout); time spent waiting is kept out of ``seconds()``. Without turns it
    never waits, and ``seconds()`` is plain wall time.
    """

    def __init__(self, turns: bool, out=None) -> None:
        self.turns = turns
        self.out = out or sys.stdout
        self.started = time.perf_counter()
        self.cpu_started = _cpu_seconds()
        self.waited = 0.0
        self.spans: list[tuple[float, float]] = []  # epoch seconds of each stretch of work, in turns
        self._working_since = time.time()

    def turn(self, state: dict) -> None:
        if not self.turns:
            return
        self.spans.append((self._working_since, time.time()))
        began = time.perf_counter()
        print(json.dumps(state), file=self.out, flush=True)
        if not sys.stdin.readline():
            raise SystemExit("corpus_replay: the parent process went away")
        self.waited += time.perf_counter() - began
        self._working_since = time.time()

    def finish(self) -> None:
        """Close the last stretch of work (in turns)."""
        if self.turns:
            self.spans.append((self._working_since, time.time()))

    def seconds(self) -> float:
        return time.perf_counter() - self.started - self.waited

    def cpu_seconds(self) -> float:
        return _cpu_seconds() - self.cpu_started


def _progress_marks(pacer: Pacer, marks: dict[int, tuple[float, float]]):
    """A progress callback: every ten chunks (and at the end), a line to stderr with the articles
    done, the seconds and CPU seconds since the start and the last chunk's cost; the seconds go in
    ``marks`` (the time to reach 10k articles inside a bigger replay, beside the 10k store's own).
    After every chunk but the last, the replay waits for its next turn (``Pacer.turn``)."""
    def progress(done: int, total: int, chunk_seconds: float) -> None:
        if done == total or done % 10_000 == 0:
            marks[done] = (round(pacer.seconds(), 3), round(pacer.cpu_seconds(), 3))
            print(f"  {done:,}/{total:,} articles in {marks[done][0]:,.1f} s ({marks[done][1]:,.1f} CPU s); "
                  f"last chunk {chunk_seconds:.1f} s", file=sys.stderr, flush=True)
        if done < total:
            pacer.turn({"done": done, "total": total})
    return progress


def _flush(path: Path) -> None:
    """Write a fresh copy out to disk before the clock starts: otherwise the kernel writes the
    copy back while the stages run, and the bigger store's replay pays for gigabytes of it."""
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def replay(db: Path, workdir: Path | None, turns: bool = False, out=None, chunk: int | None = None) -> dict:
    """Copy ``db``, replay the corpus stages over the copy, and measure (``turns``: in step with
    other replays, saying where it stands on ``out``; see ``Pacer``)."""
    from crosswire.store.sqlite import Store

    scratch = Path(tempfile.mkdtemp(prefix="corpus-replay-", dir=workdir))
    try:
        copy = scratch / "store.db"
        shutil.copyfile(db, copy)
        _flush(copy)
        with Store(copy) as store:
            articles = store.count("articles")
            pacer, marks = Pacer(turns, out), {}
            pacer.turn({"done": 0, "total": articles})
            summary = replay_store(store, _progress_marks(pacer, marks), chunk)
            seconds, cpu_seconds = pacer.seconds(), pacer.cpu_seconds()
            pacer.finish()
            stories = store.count("stories")
        return {"store": str(db), "articles": summary.articles, "corpus_seconds": round(seconds, 3),
                "corpus_cpu_seconds": round(cpu_seconds, 3), "seconds_at": marks,
                "stage_seconds": {stage: round(s, 3) for stage, s in summary.seconds.items()},
                "stories": stories, "copies": summary.copies, "entities": summary.entities,
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "interleaved": turns, "work_spans": pacer.spans[1:]}  # the first: before the first turn
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _child(db: Path, workdir: Path | None, turns: bool, chunk: int | None) -> subprocess.Popen:
    """A fresh process replaying ``db`` (its peak RSS is that store's alone)."""
    command = [sys.executable, __file__, "--one", str(db)]
    command += ["--workdir", str(workdir)] if workdir else []
    command += ["--chunk", str(chunk)] if chunk else []
    command += ["--turns"] if turns else []
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def _read_json(child: subprocess.Popen, db: Path) -> dict:
    line = child.stdout.readline()
    if not line:
        raise SystemExit(f"corpus_replay: the replay of {db} stopped (exit status {child.wait()})")
    return json.loads(line)


def run_in_turn(stores: list[Path], workdir: Path | None = None,
                chunk: int | None = None) -> tuple[list[dict], list[int]]:
    """Replay ``stores`` side by side, one chunk at a time, the one furthest behind first;
    returns their results and the order of the turns (indexes into ``stores``)."""
    children = [_child(db, workdir, True, chunk) for db in stores]
    states = [_read_json(child, db) for child, db in zip(children, stores)]  # each copied its store
    results: list[dict | None] = [None] * len(stores)
    order: list[int] = []
    while any(r is None for r in results):
        waiting = [i for i, r in enumerate(results) if r is None]
        i = min(waiting, key=lambda k: (states[k]["done"] / max(states[k]["total"], 1), k))
        order.append(i)
        children[i].stdin.write("go\n")
        children[i].stdin.flush()
        reply = _read_json(children[i], stores[i])
        if "done" in reply:
            states[i] = reply
        else:
            results[i] = reply
            children[i].stdin.close()
            children[i].wait()
    return results, order


def run_one_by_one(stores: list[Path], workdir: Path | None, json_path: Path | None,
                   chunk: int | None = None) -> list[dict]:
    """Replay ``stores`` one after the other, each in a fresh process."""
    results = []
    for db in stores:
        print(f"replaying {db} in a fresh process", file=sys.stderr, flush=True)
        child = _child(db, workdir, False, chunk)
        results.append(_read_json(child, db))
        child.wait()
        print(json.dumps(results[-1]), flush=True)
        if json_path:
            json_path.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stores", type=Path, nargs="*", help="stores written without the corpus stages")
    parser.add_argument("--workdir", type=Path, help="where the copies go (default: the system temporary folder)")
    parser.add_argument("--json", type=Path, help="write all results here")
    parser.add_argument("--interleave", action="store_true",
                        help="replay the stores side by side, a chunk at a time, so they meet the same machine")
    parser.add_argument("--chunk", type=int, help="articles per chunk (default: the runner's, 1,000)")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--turns", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        # The parent reads this process's stdout line by line: anything else printed goes to stderr.
        protocol, sys.stdout = sys.stdout, sys.stderr
        print(json.dumps(replay(args.one, args.workdir, args.turns, protocol, args.chunk)), file=protocol, flush=True)
        return
    if not args.stores:
        parser.error("give at least one store (see the examples above)")
    if args.chunk is not None and args.chunk < 1:
        parser.error(f"--chunk must be at least 1, not {args.chunk}")
    problems = [p for p in map(corpus_free, args.stores) if p]
    if problems:
        parser.error("; ".join(problems))
    if args.interleave:
        print(f"replaying {len(args.stores)} stores side by side, a chunk at a time", file=sys.stderr, flush=True)
        results, _ = run_in_turn(args.stores, args.workdir, args.chunk)
        for result in results:
            print(json.dumps(result), flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    else:
        results = run_one_by_one(args.stores, args.workdir, args.json, args.chunk)
    for a, b in zip(results, results[1:]):
        if not (a["corpus_seconds"] and a["corpus_cpu_seconds"]):
            continue  # too small a store to time: no ratio rather than a division by zero
        print(f"{a['articles']:,} -> {b['articles']:,} articles (x{b['articles'] / a['articles']:.1f}): "
              f"corpus stages x{b['corpus_seconds'] / a['corpus_seconds']:.1f} "
              f"(CPU time x{b['corpus_cpu_seconds'] / a['corpus_cpu_seconds']:.1f}), "
              f"peak RSS {a['peak_rss_mb']} -> {b['peak_rss_mb']} MB")


if __name__ == "__main__":
    main()
