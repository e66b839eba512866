"""Crash safety: kill ``crosswire analyze`` with SIGKILL at random moments, resume, repeat; then
check the database and compare the final export with an uninterrupted run's.

    python bench/crash.py                      # 3,000 articles, 50 kills, light stages
    python bench/crash.py --kills 80 --full    # every default stage (slower restarts)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers import exported_files, write_jsonl_corpus  # noqa: E402


def analyze_command(corpus: Path, db: Path, config: Path | None) -> list[str]:
    command = [sys.executable, "-m", "crosswire", "analyze", str(corpus), "--db", str(db)]
    return command + (["--config", str(config)] if config else [])


def stored_count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=2) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--full", action="store_true", help="every default stage, not just clean+language")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = write_jsonl_corpus(tmp / "feed.jsonl", args.articles)
        config = None
        if not args.full:
            config = tmp / "light.toml"
            config.write_text('[pipeline]\nstages = ["clean", "language"]\nbatch_size = 16\n', encoding="utf-8")
        reference, victim = tmp / "reference.db", tmp / "victim.db"
        started = time.perf_counter()
        subprocess.run(analyze_command(corpus, reference, config), check=True, capture_output=True)
        uninterrupted = time.perf_counter() - started

        kills, integrity_failures, counts = 0, 0, []
        while kills < args.kills:
            process = subprocess.Popen(analyze_command(corpus, victim, config),
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.05, max(0.1, uninterrupted * 0.9)))
            if process.poll() is not None:  # finished before the kill: start over on a fresh store
                for suffix in ("", "-wal", "-shm", ".lock"):
                    Path(f"{victim}{suffix}").unlink(missing_ok=True)
                continue
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            kills += 1
            with sqlite3.connect(victim) as conn:
                if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    integrity_failures += 1
            counts.append(stored_count(victim))
        subprocess.run(analyze_command(corpus, victim, config), check=True, capture_output=True)
        identical = exported_files(victim, tmp / "out-victim") == exported_files(reference, tmp / "out-reference")

    figures = {"articles": args.articles, "kills": kills, "integrity_failures": integrity_failures,
               "final_export_identical": identical, "stored_at_kill_min": min(counts), "stored_at_kill_max": max(counts),
               "uninterrupted_seconds": round(uninterrupted, 2)}
    print(json.dumps(figures, indent=2))
    sys.exit(0 if identical and not integrity_failures else 1)


if __name__ == "__main__":
    main()
