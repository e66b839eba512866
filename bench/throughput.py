"""Throughput: Crosswire's per-article pipeline against spaCy alone on the same texts.

Both run in this process, one worker, models loaded before the clock starts, alternating
A/B/A/B so machine noise hits both; the figure that matters is the ratio of medians.

    python bench/throughput.py                       # 500 PolNeAR news texts, every default stage
    python bench/throughput.py --limit 1000 --stages clean,language,parse,entities --store
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crosswire.config import load_config  # noqa: E402
from crosswire.model import RawArticle  # noqa: E402
from crosswire.pipeline import Pipeline  # noqa: E402
from crosswire.store.sqlite import Store  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "bench"


def news_texts(data: Path, limit: int) -> list[str]:
    """News-length texts: PolNeAR article bodies (train then dev), at most ``limit``."""
    folder = data / "quotes" / "polnear" / "data"
    paths = sorted(folder.glob("train/text/*.txt")) + sorted(folder.glob("dev/text/*.txt"))
    if not paths:
        sys.exit(f"no texts under {folder}; pass --data PATH to the shared bench folder")
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    return [t for t in texts if len(t.split()) >= 150][:limit]


def time_spacy(nlp, texts: list[str], batch_size: int) -> float:
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - started


def time_pipeline(pipeline: Pipeline, raws: list[RawArticle], batch_size: int, store: Store | None) -> float:
    started = time.perf_counter()
    for offset in range(0, len(raws), batch_size):
        results = pipeline.analyze_batch(raws[offset:offset + batch_size])
        if store is not None:
            write_started = time.perf_counter()
            store.write_batch([r for r in results if hasattr(r, "article")])
            pipeline.times.add("store", time.perf_counter() - write_started)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared bench folder")
    parser.add_argument("--limit", type=int, default=500, help="number of texts (default 500)")
    parser.add_argument("--rounds", type=int, default=2, help="A/B rounds; medians are reported")
    parser.add_argument("--stages", default=None, help="comma-separated stages (default: the configured ones)")
    parser.add_argument("--store", action="store_true", help="also write every batch to a temporary SQLite store")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()

    overrides = {"pipeline": {"stages": args.stages.split(",")}} if args.stages else None
    config = load_config(overrides=overrides)
    batch_size = int(config["parse"]["batch_size"])
    texts = news_texts(args.data, args.limit)
    raws = [RawArticle(ref=f"text-{n}", body=t, kind="text") for n, t in enumerate(texts)]
    words = sum(len(t.split()) for t in texts)

    pipeline = Pipeline.from_config(config)
    pipeline.setup()
    import spacy

    nlp = spacy.load(config["parse"]["model"])
    spacy_times, pipeline_times = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for round_number in range(args.rounds):
            spacy_times.append(time_spacy(nlp, texts, batch_size))
            pipeline.times.seconds.clear()
            store = Store(Path(tmp) / f"round{round_number}.db") if args.store else None
            pipeline_times.append(time_pipeline(pipeline, raws, batch_size, store))
            if store is not None:
                store.close()
    spacy_s, pipeline_s = statistics.median(spacy_times), statistics.median(pipeline_times)
    stage_seconds = dict(pipeline.times.seconds)  # of the last round
    total = sum(stage_seconds.values())
    figures = {
        "texts": len(texts), "words": words, "stages": pipeline.stage_names + (["store"] if args.store else []),
        "spacy_articles_per_s": len(texts) / spacy_s, "pipeline_articles_per_s": len(texts) / pipeline_s,
        "ratio_pipeline_to_spacy": spacy_s / pipeline_s,
        "spacy_seconds": spacy_times, "pipeline_seconds": pipeline_times,
        "stage_share": {k: v / total for k, v in stage_seconds.items()},
        "stage_seconds": stage_seconds,
    }
    print(f"{len(texts)} texts, {words:,} words, stages: {', '.join(figures['stages'])}")
    print(f"spaCy {config['parse']['model']} alone : {figures['spacy_articles_per_s']:7.1f} articles/s "
          f"(median of {args.rounds})")
    print(f"Crosswire pipeline          : {figures['pipeline_articles_per_s']:7.1f} articles/s")
    print(f"ratio pipeline / spaCy      : {figures['ratio_pipeline_to_spacy']:.3f}")
    print("stage share of pipeline time (last round):")
    parse = stage_seconds.get("parse", 0.0)
    for stage, seconds in stage_seconds.items():
        versus = f"  ({seconds / parse:6.1%} of parse)" if parse and stage != "parse" else ""
        print(f"  {stage:10} {seconds:7.2f} s  {seconds / total:6.1%}{versus}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
