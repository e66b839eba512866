"""Scale-out: the local engine with one worker against Dask LocalCluster with N workers, on the
same news-length articles, side by side; and the two stores compared record by record.

    python bench/engines.py                    # 2,000 articles, Dask with 2 workers
    python bench/engines.py --articles 500 --workers 2
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from throughput import DEFAULT_DATA, news_texts  # noqa: E402

from crosswire.config import load_config  # noqa: E402
from crosswire.run import analyze  # noqa: E402
from tests.helpers import exported_files  # noqa: E402


def write_feed(path: Path, count: int, data: Path) -> Path:
    """``count`` JSON-lines articles from the bench's news texts (reused with a marker when short)."""
    texts = news_texts(data, count)
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            text = texts[n % len(texts)] + ("" if n < len(texts) else f"\n\n(Reprint {n // len(texts)}.)")
            handle.write(json.dumps({"id": f"news-{n}", "text": text}) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    config = load_config()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        feed = write_feed(tmp / "feed.jsonl", args.articles, args.data)
        runs = {}
        for name, engine, workers in (("local x1", "local", 1), (f"dask x{args.workers}", "dask", args.workers)):
            started = time.perf_counter()
            summary = analyze([str(feed)], db=tmp / f"{engine}.db", config=config, engine=engine, workers=workers)
            wall = time.perf_counter() - started
            per_article = wall - summary.corpus_seconds
            runs[name] = {"analysed": summary.analysed, "wall_s": round(wall, 1),
                          "per_article_phase_s": round(per_article, 1),
                          "articles_per_s": round(summary.analysed / per_article, 2)}
            print(name, runs[name], flush=True)
        same = exported_files(tmp / "local.db", tmp / "o1") == exported_files(tmp / "dask.db", tmp / "o2")
    local, dask = runs["local x1"], runs[f"dask x{args.workers}"]
    print(f"speed-up dask x{args.workers} / local x1: {dask['articles_per_s'] / local['articles_per_s']:.2f}; "
          f"identical output: {same}")


if __name__ == "__main__":
    main()
