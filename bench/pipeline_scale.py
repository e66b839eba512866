"""Whole-pipeline scale benchmark on the seeded synthetic feed (bench/synthetic.py).

For each size, in a fresh process (so peak memory is that size's alone): generate the feed into a
temporary folder, run ``crosswire.run.analyze`` (local engine) into a fresh store, then time spaCy
alone against the per-article pipeline on the first ``--spacy-sample`` articles, batch by batch in
alternating order, in that same process, so the ratio is measured rather than assumed. Reports
per size: articles and words, per-article articles/s and articles/s per core (per worker), each
stage's share of the per-article time, corpus-stage seconds, peak RSS, store size, the ratio to
spaCy alone, and a copy-detection check against the generator's ground truth.

    .venv/bin/python bench/pipeline_scale.py --sizes 1000 10000 100000 [--workers 16] [--workdir /big/disk]

With ``--no-corpus --keep`` it stores the per-article results only and keeps the stores, for
``bench/corpus_replay.py`` to time the corpus stages of several sizes side by side.
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
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import generate  # noqa: E402
from throughput import time_pipeline, time_spacy  # noqa: E402

from crosswire.config import load_config  # noqa: E402
from crosswire.ingest.readers import Limits, read_path  # noqa: E402
from crosswire.model import RawArticle  # noqa: E402
from crosswire.pipeline import Pipeline  # noqa: E402
from crosswire.run import RunSummary, analyze  # noqa: E402

COPY_KINDS = ("copy", "syndicated", "spun")


def write_feed(n: int, path: Path, seed: int) -> tuple[int, float]:
    """Write the feed of ``n`` articles to ``path``; returns (words, seconds)."""
    started, words = time.perf_counter(), 0
    with path.open("w", encoding="utf-8") as stream:
        for record in generate(n, seed):
            words += len(record["text"].split())
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words, time.perf_counter() - started


def progress_printer(n: int):
    """A progress callback for ``analyze`` that prints one line to stderr per ~10% of the articles."""
    step, state = max(1, n // 10), {"next": max(1, n // 10)}

    def report(summary: RunSummary) -> None:
        done = summary.analysed + len(summary.skipped)
        if done >= state["next"]:
            rate = summary.analysed / summary.seconds if summary.seconds else 0.0
            print(f"  [{n}] {done:,}/{n:,} articles, {summary.seconds:,.0f} s, {rate:.1f} articles/s",
                  file=sys.stderr, flush=True)
            state["next"] = (done // step + 1) * step

    return report


def side_by_side(pipeline: Pipeline, nlp, raws: list[RawArticle], batch_size: int, rounds: int) -> tuple[float, float]:
    """Seconds of spaCy alone and of the pipeline on the same articles, alternating A/B and B/A by batch."""
    spacy_s = pipeline_s = 0.0
    for _ in range(rounds):
        for k, offset in enumerate(range(0, len(raws), batch_size)):
            batch = raws[offset:offset + batch_size]
            texts = [r.body for r in batch]
            if k % 2:
                pipeline_s += time_pipeline(pipeline, batch, batch_size, None)
                spacy_s += time_spacy(nlp, texts, batch_size)
            else:
                spacy_s += time_spacy(nlp, texts, batch_size)
                pipeline_s += time_pipeline(pipeline, batch, batch_size, None)
    return spacy_s, pipeline_s


def copy_check(db: Path, feed: Path) -> dict:
    """Copy detection against the generator's ground truth: share of copies flagged, of originals flagged."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        flagged = {ref: dup is not None for ref, dup in connection.execute("SELECT ref, duplicate_of FROM articles")}
        stories = connection.execute("SELECT COUNT(DISTINCT story) FROM articles").fetchone()[0]
    copies = copies_hit = reports = reports_hit = 0
    episodes = set()
    with feed.open(encoding="utf-8") as stream:
        for line in stream:
            truth = json.loads(line)
            kind, hit = truth["synthetic"]["kind"], flagged.get(truth["id"], False)
            episodes.add(truth["synthetic"]["episode"])
            if kind in COPY_KINDS:
                copies, copies_hit = copies + 1, copies_hit + hit
            else:
                reports, reports_hit = reports + 1, reports_hit + hit
    return {"copies": copies, "copies_flagged": round(copies_hit / copies, 3) if copies else None,
            "originals_flagged": round(reports_hit / reports, 3) if reports else None,
            "episodes": len(episodes), "stories": stories}


def run_size(n: int, args: argparse.Namespace) -> dict:
    """Generate, analyse and measure one size (run in its own process)."""
    config = load_config()
    workdir = Path(tempfile.mkdtemp(prefix=f"pipeline-scale-{n}-", dir=args.workdir))
    try:
        feed, db = workdir / "feed.jsonl", workdir / "store.db"
        words, generate_s = write_feed(n, feed, args.seed)
        print(f"  [{n}] generated {n:,} articles ({words:,} words) in {generate_s:.1f} s in {workdir}",
              file=sys.stderr, flush=True)
        pipeline, setup_s = None, 0.0
        if args.workers <= 1:  # load the models before the clock, as the A/B below does
            started = time.perf_counter()
            pipeline = Pipeline.from_config(config)
            pipeline.setup()
            setup_s = time.perf_counter() - started
        summary = analyze([str(feed)], db=db, config=config, workers=args.workers,
                          progress=progress_printer(n), pipeline=pipeline, corpus_stages=not args.no_corpus)
        peak_main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        store = {suffix or "db": os.path.getsize(f"{db}{suffix}") if os.path.exists(f"{db}{suffix}") else 0
                 for suffix in ("", "-wal")}
        per_article_s = summary.seconds - summary.corpus_seconds
        stage_seconds = dict(summary.stage_seconds)
        if args.workers <= 1:  # what the main process spent outside the stages: reading, store writes
            stage_seconds["read+store"] = max(0.0, per_article_s - sum(stage_seconds.values()))
        stage_total = sum(stage_seconds.values()) or 1.0
        articles_per_s = summary.analysed / per_article_s if per_article_s else 0.0
        result = {
            "articles": n, "analysed": summary.analysed, "skipped": len(summary.skipped), "words": words,
            "workers": args.workers, "generate_seconds": round(generate_s, 1), "setup_seconds": round(setup_s, 1),
            "per_article_seconds": round(per_article_s, 1), "articles_per_s": round(articles_per_s, 2),
            "articles_per_s_per_core": round(articles_per_s / max(1, args.workers), 2),
            "stage_share": {k: round(v / stage_total, 4) for k, v in stage_seconds.items()},
            "stage_seconds": {k: round(v, 2) for k, v in stage_seconds.items()},
            "corpus_seconds": round(summary.corpus_seconds, 1), "total_seconds": round(summary.seconds, 1),
            "peak_rss_mb": round(peak_main), "peak_rss_children_mb": round(peak_children) if args.workers > 1 else None,
            "store_mb": round(sum(store.values()) / 2**20, 1), "store_db_mb": round(store["db"] / 2**20, 1),
            "store_wal_mb": round(store["-wal"] / 2**20, 1),
        }
        if not args.no_corpus:
            result.update(copy_check(db, feed))
        result.update(measure_ratio(feed, config, pipeline, args))
        return result
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def measure_ratio(feed: Path, config: dict, pipeline: Pipeline | None, args: argparse.Namespace) -> dict:
    """spaCy alone vs the per-article pipeline on the first articles of the feed, side by side."""
    if args.spacy_sample <= 0:
        return {}
    import spacy

    raws = []
    for item in read_path(feed, Limits.from_config(config["limits"])):
        if isinstance(item, RawArticle):
            raws.append(item)
        if len(raws) >= args.spacy_sample:
            break
    if pipeline is None:
        pipeline = Pipeline.from_config(config)
        pipeline.setup()
    nlp = spacy.load(config["parse"]["model"])
    spacy_s, pipeline_s = side_by_side(pipeline, nlp, raws, int(config["pipeline"]["batch_size"]), args.rounds)
    count = len(raws) * args.rounds
    return {"sample": len(raws), "sample_spacy_articles_per_s": round(count / spacy_s, 2),
            "sample_pipeline_articles_per_s": round(count / pipeline_s, 2),
            "ratio_pipeline_to_spacy": round(spacy_s / pipeline_s, 3)}


def table(results: list[dict]) -> str:
    """A readable summary table of all sizes."""
    stages = list(dict.fromkeys(k for r in results for k in r["stage_share"]))
    rows = [("articles", "articles"), ("words", "words"), ("workers", "workers"),
            ("articles/s", "articles_per_s"), ("articles/s/core", "articles_per_s_per_core"),
            ("x spaCy alone", "ratio_pipeline_to_spacy"), ("per-article s", "per_article_seconds"),
            ("corpus-stage s", "corpus_seconds"), ("total s", "total_seconds"), ("peak RSS MB", "peak_rss_mb"),
            ("children RSS MB", "peak_rss_children_mb"), ("store MB", "store_mb"),
            ("copies flagged", "copies_flagged"), ("originals flagged", "originals_flagged"),
            ("episodes", "episodes"), ("stories", "stories")]
    lines = [f"{label:18}" + "".join(f"{_cell(r.get(key)):>14}" for r in results) for label, key in rows]
    lines.append("stage share:")
    lines += [f"  {stage:16}" + "".join(f"{r['stage_share'].get(stage, 0):>14.1%}" for r in results) for stage in stages]
    return "\n".join(lines)


def _cell(value: object) -> str:
    """A table cell: thousands separators, three significant digits for small floats."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3g}" if value < 10 else f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="corpus sizes")
    parser.add_argument("--workers", type=int, default=1, help="worker processes for analyze (default 1)")
    parser.add_argument("--spacy-sample", type=int, default=1000,
                        help="first articles timed side by side with spaCy alone (0: skip; default 1000)")
    parser.add_argument("--rounds", type=int, default=1, help="A/B passes over the sample (default 1)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where the feed and store go (default: the system temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep each size's feed and store")
    parser.add_argument("--no-corpus", action="store_true",
                        help="store the per-article results only; with --keep, bench/corpus_replay.py times "
                             "the corpus stages over the kept stores")
    parser.add_argument("--json", type=Path, help="write all results here")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    if args.one:
        print(json.dumps(run_size(args.one, args)), flush=True)
        return
    flags = _strip_sizes(sys.argv[1:])
    results = []
    for n in args.sizes:
        print(f"size {n:,}: fresh process", file=sys.stderr, flush=True)
        out = subprocess.run([sys.executable, __file__, "--one", str(n), *flags], stdout=subprocess.PIPE,
                             text=True, check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), flush=True)
        if args.json:  # written after every size, so a long run keeps what it has
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(table(results))


def _strip_sizes(argv: list[str]) -> list[str]:
    """The command-line flags to pass on to a per-size process: all but --sizes and --json."""
    kept, skipping = [], False
    for arg in argv:
        if arg.startswith("--"):
            skipping = arg.split("=")[0] in ("--sizes", "--json")
            if skipping:
                continue
        elif skipping:
            continue
        kept.append(arg)
    return kept


if __name__ == "__main__":
    main()
