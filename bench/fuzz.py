"""Coverage-guided fuzzing (atheris) of every reader and the text-level stages, time-bounded.

    python bench/fuzz.py                       # every target, 20,000 inputs each
    python bench/fuzz.py --targets jsonl,html --runs 100000
    python bench/fuzz.py --seconds 60          # every target for 60 s each

Each target runs in its own process (libFuzzer fuzzes once per process). A target fails on
any exception other than a CrosswireError with a message, or on a broken property (offsets
that do not slice to the recorded text, kept text that is not from the input).
Needs ``pip install atheris==3.0.0`` (not part of any extra: it builds against clang on some
platforms).
"""

from __future__ import annotations

import argparse
import gzip
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS = ("text", "html", "jsonl", "warc", "gzip", "clean", "times")


def _check_items(items) -> None:
    from crosswire.ingest.readers import Skipped
    from crosswire.model import RawArticle

    for item in items:
        if isinstance(item, Skipped):
            assert item.ref and item.reason, "a skip without a name or reason"
        else:
            assert isinstance(item, RawArticle) and item.body.strip(), "an empty article"


def make_target(name: str):
    """The one-input function for target ``name``."""
    from crosswire.errors import CrosswireError
    from crosswire.ingest.readers import Limits, read_bytes

    limits = Limits(max_file_bytes=1 << 20, max_record_bytes=1 << 16, max_decompressed_bytes=1 << 20)

    if name in ("text", "jsonl", "warc"):
        def target(data: bytes) -> None:
            _check_items(read_bytes(data, "fuzz", name, limits))
    elif name == "gzip":
        def target(data: bytes) -> None:
            from crosswire.ingest.decode import gunzip_bounded
            try:
                gunzip_bounded(gzip.compress(data)[: max(len(data) // 2, 10)] if data[:1] == b"x" else data, "fuzz",
                               max_bytes=1 << 20, max_ratio=50)
            except CrosswireError as error:
                assert str(error)
    elif name == "html":
        from crosswire.ingest.html import extract_html

        def target(data: bytes) -> None:
            try:
                extract = extract_html(data.decode("utf-8", "replace"), ref="fuzz.html")
            except CrosswireError as error:
                assert str(error)
                return
            assert "<script" not in extract.text.lower()
    elif name == "clean":
        from crosswire.stages.clean import Cleaner

        cleaner = Cleaner()

        def target(data: bytes) -> None:
            raw = data.decode("utf-8", "replace")
            cleaned = cleaner.clean(raw)
            sources = [line.strip() for line in raw.splitlines()]
            for line in cleaned.text.splitlines():
                assert not line.strip() or any(line.strip() in s for s in sources), "kept text not from input"
    elif name == "times":
        from crosswire.stages.times import find_times

        def target(data: bytes) -> None:
            text = data.decode("utf-8", "replace")
            for anchor in (None, "2024-02-29"):
                for expr in find_times(text, article_id="fuzz", anchor=anchor):
                    assert text[expr.start:expr.end] == expr.text, "offsets do not slice to the text"
    else:
        raise SystemExit(f"unknown target {name!r}; known: {', '.join(TARGETS)}")
    return target


def run_one(name: str, libfuzzer_args: list[str]) -> None:
    """Child process: fuzz one target (never returns)."""
    import atheris

    with atheris.instrument_imports():
        target = make_target(name)
    atheris.Setup([sys.argv[0], *libfuzzer_args], target)
    atheris.Fuzz()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", default=",".join(TARGETS))
    parser.add_argument("--runs", type=int, default=20000, help="inputs per target")
    parser.add_argument("--seconds", type=int, default=0, help="time per target instead of a run count")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.child:
        run_one(args.child, rest)
        return
    limit = [f"-max_total_time={args.seconds}"] if args.seconds else [f"-runs={args.runs}"]
    total, failures = 0, []
    for name in args.targets.split(","):
        started = time.perf_counter()
        result = subprocess.run([sys.executable, __file__, "--child", name, *limit, "-timeout=10", "-rss_limit_mb=2048"],
                                capture_output=True, text=True)
        log = result.stdout + result.stderr
        done = re.findall(r"Done (\d+) runs", log)
        runs = int(done[-1]) if done else 0
        total += runs
        status = "ok" if result.returncode == 0 else "FAILED"
        if result.returncode != 0:
            failures.append(name)
            print(log[-3000:])
        print(f"{name:6} {status:6} {runs:8d} inputs  {time.perf_counter() - started:6.1f} s")
    print(f"total inputs: {total:,}; failing targets: {', '.join(failures) or 'none'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
