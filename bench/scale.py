"""Scaling benchmark of the corpus stages on a seeded synthetic corpus.

Generates N articles about N/8 synthetic episodes (shared people, places, dates and wording,
with exact and spun copies), stores them with their mentions, then times
``run_corpus_stages`` fed batch by batch, in a fresh process per size so peak memory (max RSS)
is that size's alone.

    .venv/bin/python bench/scale.py --sizes 1000 10000 100000 [--batch 1000]

With ``--write DIR`` it only stores each size's articles (no corpus stage) in
``DIR/scale-N.db``, in seconds rather than the hours real parsing takes, for
``bench/corpus_replay.py --interleave`` to time the stages of two sizes side by side.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SYLLABLES = "ka ri mo ta len sor vi ha du ne bal tur gor mi sa lo pe ran zu".split()
WORDS = ("talks meeting flood border ministers agreement dispute river villages aid offer refused accused "
         "release protest envoy visit commission water dam hydrologists release statement").split()


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def synthetic_analyses(n: int, seed: int = 7, spread: bool = False, feed: bool = False, undated: float = 0.0):
    """Yield ``n`` ArticleAnalysis objects of a seeded synthetic corpus.

    Episodes fall on days of 2010-2024 (a bigger corpus is denser in time), or with ``spread``
    one episode per day on average from 2000 on (a bigger corpus covers more time). Articles
    pick their episode at random (a backfill in no order), or with ``feed`` (implies
    ``spread``) from the few episodes current at their position, so they arrive in date order
    the way a news feed's do. A feed's episodes also share recurring officials (a minister is in
    every episode of their country), and a share ``undated`` of its articles have no date, as wire
    copy dated only by a year-less dateline often has none: together they make the undated
    articles that look like every episode of their country, which blocking must keep bounded.
    Such an article opens with that dateline ("KARIMO, 14 May - "), found as a time expression
    whose year is unknown ("XXXX-05-14"), as the time stage finds it.
    """
    import datetime as dt

    from crosswire.model import Article, ArticleAnalysis, Mention, TimeExpr
    from crosswire.names import name_key

    spread = spread or feed
    rng = random.Random(seed)
    officials = [f"{_name(rng, 2)} {_name(rng, 3)}" for _ in range(60)] if feed else []  # recur across episodes
    episodes = []
    for e in range(max(1, n // 8)):
        people = [f"{_name(rng, 2)} {_name(rng, 3)}" for _ in range(3)]
        if feed:
            people[0] = officials[e % len(officials)]
        places = [_name(rng, 2) for _ in range(2)]
        if spread:
            day = (dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(max(1, n // 8)))).isoformat()
        else:
            day = f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        words = rng.sample(WORDS, 6) + [_name(rng, 3).lower() for _ in range(4)]
        episodes.append((people, places, day, words))
    if feed:
        episodes.sort(key=lambda e: e[2])
    previous = None
    for i in range(n):
        if feed:  # about eight articles per episode, each within a few episodes of its position
            current = min(len(episodes) - 1, max(0, i * len(episodes) // n + rng.randint(-2, 2)))
            people, places, day, words = episodes[current]
        else:
            people, places, day, words = episodes[rng.randrange(len(episodes))]
        if previous is not None and rng.random() < 0.1:
            text, title = previous[0], previous[1]  # a copy of the previous article
        else:
            sentences = [f"{rng.choice(people)} said the {rng.choice(words)} in {rng.choice(places)} "
                         f"would {rng.choice(words)} the {rng.choice(words)} with {rng.choice(people)}."
                         for _ in range(rng.randint(6, 14))]
            text, title = " ".join(sentences), f"{places[0]} {words[0]} {words[1]}"
        previous = (text, title)
        article_id = f"{i:08d}"
        mentions = []
        for name in people + places:
            start = text.find(name)
            if start >= 0:
                mentions.append(Mention(article_id, start, start + len(name), name,
                                        "PERSON" if " " in name else "GPE", name_key(name)))
        dated = not (undated and rng.random() < undated)
        times = ()
        if not dated:
            published = dt.date.fromisoformat(day)
            when = f"{published.day} {published:%B}"
            dateline = f"{places[0].upper()}, {when} - "
            text = dateline + text
            mentions = [Mention(m.article, m.start + len(dateline), m.end + len(dateline), m.text, m.label, m.key)
                        for m in mentions]
            start = len(places[0]) + 2
            times = (TimeExpr(article_id, when, start, start + len(when), "DATE", f"XXXX-{day[5:]}", None),)
        article = Article(article_id, f"synthetic:{i}", f"outlet{i % 50}", title, day if dated else None,
                          "metadata" if dated else "none", "en", text + f" ({i})", ())
        yield ArticleAnalysis(article, mentions=tuple(mentions), times=times)


def run_size(n: int, batch: int, spread: bool = False, feed: bool = False, undated: float = 0.0) -> dict:
    from crosswire.corpus.runner import run_corpus_stages
    from crosswire.store.sqlite import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "scale.db")
        pending, corpus_seconds, stages = [], 0.0, Counter()

        def run_batch() -> None:
            nonlocal corpus_seconds
            store.write_batch(pending)
            started = time.perf_counter()
            summary = run_corpus_stages(store, [a.article.id for a in pending], full=False)
            corpus_seconds += time.perf_counter() - started
            stages.update(summary.seconds)
            pending.clear()

        for analysis in synthetic_analyses(n, spread=spread, feed=feed, undated=undated):
            pending.append(analysis)
            if len(pending) == batch:
                run_batch()
        if pending:
            run_batch()
        stories = store.count("stories")
        store.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"articles": n, "corpus_seconds": round(corpus_seconds, 2), "stories": stories, "peak_mb": round(peak_mb),
            "stage_seconds": {stage: round(seconds, 1) for stage, seconds in stages.items()}}


def write_store(n: int, folder: Path, batch: int, spread: bool, feed: bool, undated: float) -> Path:
    """Store ``n`` synthetic articles in ``folder/scale-N.db`` without running the corpus stages."""
    from crosswire.store.sqlite import Store

    path = folder / f"scale-{n}.db"
    if path.exists():
        raise SystemExit(f"{path} already exists: remove it or choose another --write folder")
    folder.mkdir(parents=True, exist_ok=True)
    with Store(path) as store:
        pending = []
        for analysis in synthetic_analyses(n, spread=spread, feed=feed, undated=undated):
            pending.append(analysis)
            if len(pending) == batch:
                store.write_batch(pending)
                pending.clear()
        if pending:
            store.write_batch(pending)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--spread", action="store_true",
                        help="one episode per day on average (time span grows with the corpus)")
    parser.add_argument("--feed", action="store_true",
                        help="like --spread, with articles arriving in date order as from a news feed")
    parser.add_argument("--undated", type=float, default=0.07,
                        help="with --feed: share of articles without a date (default 0.07, as in bench/synthetic.py)")
    parser.add_argument("--write", type=Path, metavar="DIR",
                        help="only store each size's articles in DIR/scale-N.db, for bench/corpus_replay.py")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        for n in args.sizes:
            path = write_store(n, args.write, args.batch, args.spread, args.feed, args.undated if args.feed else 0.0)
            print(f"{n:,} articles stored in {path}", flush=True)
        return
    if args.one:
        print(json.dumps(run_size(args.one, args.batch, args.spread, args.feed, args.undated if args.feed else 0.0)))
        return
    results = []
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--batch", str(args.batch),
                              *(["--spread"] if args.spread else []), *(["--feed"] if args.feed else []),
                              "--undated", str(args.undated)],
                             capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(results[-1], flush=True)
    for a, b in zip(results, results[1:]):
        print(f"{a['articles']} -> {b['articles']}: time x{b['corpus_seconds'] / a['corpus_seconds']:.1f}")


if __name__ == "__main__":
    main()
