"""Report size and open time, and web-app latency under concurrent load.

    python bench/report.py report --articles 1000      # synthetic store -> report size, Chromium open time
    python bench/report.py report --db demo.db         # an existing store (e.g. the demo corpus)
    python bench/report.py web --articles 10000        # 20 concurrent clients on loopback: median/p95

Synthetic stores are generated here from invented names and template sentences (no corpus data).
Chromium: /usr/bin/chromium (override with CROSSWIRE_CHROMIUM).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crosswire.model import Actor, Article, ArticleAnalysis, Event, Mention, Quote, Removed  # noqa: E402
from crosswire.names import name_key  # noqa: E402
from crosswire.store.sqlite import Store  # noqa: E402

COUNTRIES = ["Ruvania", "Estavia", "Moravel", "Tessaly", "Quorin", "Varnland", "Ostrova", "Pellinor"]
PEOPLE = ["Tomas Brandt", "Ilse Varga", "Marek Oduya", "Sana Petrel", "Jonas Kell", "Aino Ramsey",
          "Pavel Grint", "Lea Moor", "Osric Dunne", "Nadia Fell"]
ROLES = ["foreign minister", "deputy foreign minister", "trade minister", "special envoy", "defence minister"]
OUTLETS = [f"Outlet {c}" for c in "ABCDEFGHIJKLMNOPQRST"]
TYPES = ["AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT", "THREATEN",
         "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
TOPICS = ["harbour", "pipeline", "border", "river", "election", "grain", "fisheries", "railway", "mining", "tariff"]
SENTENCES = [
    "{a} and {b} held talks on the {t} dispute in the capital on {d}.",
    "{p}, the {r} of {a}, said the {t} agreement would be signed next week.",
    "Officials in {b} accused {a} of delaying the {t} negotiations.",
    "{a} sent a delegation to {b} to discuss the {t} question.",
    "The {t} commission will meet again later this month, according to {b}.",
    "Protesters gathered outside the {t} ministry in {a} on {d}.",
    "{b} threatened to suspend {t} deliveries if {a} did not respond.",
    "Analysts said the {t} row had deepened mistrust between {a} and {b}.",
]
QUOTES = [
    "We will not accept any delay in the {t} agreement and we expect {b} to keep its word",
    "The {t} talks are the only way forward and {a} remains ready to negotiate in good faith",
    "Nobody in {a} wants the {t} dispute to escalate, but our patience has limits",
]
SWAPS = {"will": "shall", "any": "further", "only": "sole", "ready": "prepared", "wants": "wishes",
         "limits": "bounds", "expect": "trust"}


def synthetic_analyses(n: int, seed: int = 7) -> tuple[list[ArticleAnalysis], list[dict], list[dict], dict]:
    """``n`` invented articles in stories of about 10, with events, quotes, stories and claims."""
    rng = random.Random(seed)
    analyses, stories, claims, story_of = [], [], [], {}
    for s in range(0, n, 10):
        a, b = rng.sample(COUNTRIES, 2)
        topic = rng.choice(TOPICS)
        person = rng.choice(PEOPLE)
        month, day0 = rng.randint(1, 12), rng.randint(1, 18)
        ids, groups = [], [f"g{s}-{k}" for k in range(6)]
        quote = rng.choice(QUOTES).format(t=topic, a=a, b=b)
        roles = rng.sample(ROLES, 2)
        for i in range(s, min(s + 10, n)):
            aid = f"syn{i:06d}"
            day = f"2024-{month:02d}-{day0 + rng.randint(0, 9):02d}"
            parts = []
            for _ in range(rng.randint(10, 16)):
                parts.append(rng.choice(SENTENCES).format(a=a, b=b, p=person, r=rng.choice(roles), t=topic, d=day))
            wording = " ".join(SWAPS.get(w, w) if rng.random() < 0.15 else w for w in quote.split())
            role = roles[i % 2] if s % 30 == 0 else roles[0]
            parts.insert(2, f"\u201c{wording},\u201d said {person}, the {role}.")
            text = "\n\n".join(" ".join(parts[k:k + 3]) for k in range(0, len(parts), 3))
            q_start = text.index(wording)
            events = []
            for k in range(rng.randint(3, 7)):
                sentence_start = rng.randrange(0, max(1, len(text) - 80))
                kind = rng.choice(TYPES)
                src, tgt = (a, b) if rng.random() < 0.6 else (b, a)
                status = rng.choices(["reported", "planned", "historical", "hypothetical"], [6, 2, 1, 1])[0]
                events.append(Event(f"{aid}-e{k}", aid, kind, None, Actor(f"ent-{src}", src, src[:3].upper(), "GOV"),
                                    Actor(f"ent-{tgt}", tgt, tgt[:3].upper(), "GOV"),
                                    day if status != "historical" else "2019", "day", None, False, status,
                                    text[sentence_start:sentence_start + 80], sentence_start, sentence_start + 80,
                                    0.7, rng.choice(groups)))
            mentions = []
            for name, label in ((a, "GPE"), (b, "GPE"), (person, "PERSON")):
                at = text.find(name)
                if at >= 0:
                    mentions.append(Mention(aid, at, at + len(name), name, label, name_key(name)))
            article = Article(aid, f"synthetic/{aid}.txt", rng.choice(OUTLETS), f"{a} and {b}: {topic} dispute ({i})",
                              day, "metadata", "en", text,
                              (Removed("Home | World | Business", "navigation"), Removed("Share this article", "share")))
            analyses.append(ArticleAnalysis(article, (), tuple(mentions), (), (
                Quote(f"{aid}-q", aid, wording, q_start, q_start + len(wording), "direct", f"ent-{person}", person,
                      person.split()[-1], "said", f"qg{s}", name_key(person)),), tuple(events)))
            ids.append(aid)
            story_of[aid] = f"story{s}"
        stories.append({"id": f"story{s}", "label": f"{a}–{b} {topic} dispute", "articles": ids,
                        "start": f"2024-{month:02d}-{day0:02d}", "end": f"2024-{month:02d}-{day0 + 9:02d}",
                        "events": groups})
        by_role: dict[str, list[str]] = {}
        for aid, analysis in zip(ids, analyses[-len(ids):]):
            found = next(r for r in ROLES if f"the {r}." in analysis.article.text)
            by_role.setdefault(found, []).append(aid)
        claims.append({"id": f"claim{s}", "subject": f"ent-{person}", "subject_name": person, "attribute": "role",
                       "values": [{"value": r, "articles": arts, "evidence": [
                           {"article": x, "start": analyses[int(x[3:])].article.text.index(f"the {r}.") + 4,
                            "end": analyses[int(x[3:])].article.text.index(f"the {r}.") + 4 + len(r)} for x in arts]}
                           for r, arts in by_role.items()],
                       "status": "conflict" if len(by_role) > 1 else "agree", "independent_sources": len(ids)})
    return analyses, stories, claims, story_of


def build_store(path: Path, n: int) -> Path:
    """Write a synthetic store of ``n`` articles (reused when it exists with that many)."""
    if path.exists():
        with Store(path, readonly=True) as store:
            if store.count("articles") == n:
                return path
        path.unlink()
    analyses, stories, claims, story_of = synthetic_analyses(n)
    with Store(path) as store:
        run = store.start_run()
        for k in range(0, len(analyses), 500):
            store.write_batch(analyses[k:k + 500])
        with store.transaction() as db:
            db.executemany("INSERT INTO stories VALUES (?, ?)", [(s["id"], json.dumps(s)) for s in stories])
            db.executemany("INSERT INTO claims VALUES (?, ?)", [(c["id"], json.dumps(c)) for c in claims])
            db.executemany("UPDATE articles SET story = ? WHERE id = ?", [(s, a) for a, s in story_of.items()])
        from crosswire.corpus.entities import refresh_entities

        refresh_entities(store)
        store.finish_run(run, analysed=n, already_stored=0, skipped=[])
    return path


def chromium_open_seconds(path: Path, repeats: int = 3) -> list[float]:
    """Seconds from navigation to the report's ready flag in headless Chromium, per repeat."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CROSSWIRE_CHROMIUM", "/usr/bin/chromium")
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=args)
        for _ in range(repeats):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            started = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-ready]", state="attached", timeout=60_000)
            times.append(time.perf_counter() - started)
            page.close()
        browser.close()
    return times


def bench_report(args: argparse.Namespace) -> dict:
    from crosswire.report import write_report

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    db = Path(args.db) if args.db else build_store(work / f"synthetic-{args.articles}.db", args.articles)
    out = work / (db.stem + ".html")
    with Store(db, readonly=True) as store:
        stats = write_report(store, out)
    opened = chromium_open_seconds(out, args.repeats)
    return {"db": str(db), "articles": stats.articles, "stories": stats.stories, "report_bytes": stats.bytes,
            "build_seconds": stats.seconds, "open_seconds": [round(t, 3) for t in opened],
            "open_median_seconds": round(statistics.median(opened), 3)}


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, url: str) -> int:
    """One keep-alive HTTP/1.1 GET; returns the status (a minimal client keeps the load script's
    own CPU use small next to the server's on a shared machine)."""
    writer.write(f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    await reader.readexactly(length)
    return status


async def _load(port: int, urls: dict[str, list[str]], clients: int, per_endpoint: int) -> dict:
    """``clients`` concurrent keep-alive connections; per endpoint ``per_endpoint`` requests."""
    connections = [await asyncio.open_connection("127.0.0.1", port) for _ in range(clients)]
    results: dict[str, list[float]] = {name: [] for name in urls}
    errors: dict[str, int] = {name: 0 for name in urls}
    for name, choices in urls.items():
        queue: asyncio.Queue[str] = asyncio.Queue()
        for k in range(per_endpoint):
            queue.put_nowait(choices[k % len(choices)])

        async def worker(reader, writer) -> None:
            while not queue.empty():
                url = queue.get_nowait()
                started = time.perf_counter()
                status = await _get(reader, writer, url)
                results[name].append(time.perf_counter() - started)
                errors[name] += status != 200

        await asyncio.gather(*(worker(r, w) for r, w in connections))
    for _, writer in connections:
        writer.close()
    report = {}
    for name, times in results.items():
        times.sort()
        report[name] = {"requests": len(times), "errors": errors[name],
                        "median_ms": round(statistics.median(times) * 1000, 1),
                        "p95_ms": round(times[int(len(times) * 0.95) - 1] * 1000, 1)}
    return report


def bench_web(args: argparse.Namespace) -> dict:
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    db = Path(args.db) if args.db else build_store(work / f"synthetic-{args.articles}.db", args.articles)
    with Store(db, readonly=True) as store:
        ids = [r[0] for r in store.db.execute("SELECT id FROM articles ORDER BY random() LIMIT 400")]
        total = store.count("articles")
    rng = random.Random(3)
    words = TOPICS + COUNTRIES + ["negotiations", "delegation", "protesters", "commission", "patience"]
    pages = max(1, total // 50)
    urls = {
        "list (api)": [f"/api/articles?limit=50&offset={rng.randrange(pages) * 50}" for _ in range(200)],
        "search (api)": [f"/api/search?q={rng.choice(words)}+{rng.choice(words)}&limit=20" for _ in range(200)],
        "detail (api)": [f"/api/articles/{i}" for i in ids],
        "list (page)": [f"/articles?page={rng.randrange(1, pages + 1)}" for _ in range(200)],
        "search (page)": [f"/articles?q={rng.choice(words)}" for _ in range(200)],
        "detail (page)": [f"/articles/{i}" for i in ids],
    }
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = ("import sys, uvicorn; from crosswire.web.app import create_app; "
            f"uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port={port}, log_level='warning')")
    server = subprocess.Popen([sys.executable, "-c", code, str(db)], cwd=ROOT)
    try:
        import httpx

        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/status").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the app did not start within 30 s")
            time.sleep(0.2)
        asyncio.run(_load(port, {k: v[:20] for k, v in urls.items()}, args.clients, 40))  # warm-up
        latency = asyncio.run(_load(port, urls, args.clients, args.requests))
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {"db": str(db), "articles": total, "clients": args.clients, "latency": latency}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["report", "web"])
    parser.add_argument("--articles", type=int, default=1000, help="size of the synthetic store")
    parser.add_argument("--db", help="use this store instead of a synthetic one")
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "crosswire-bench"),
                        help="folder for synthetic stores and reports")
    parser.add_argument("--repeats", type=int, default=3, help="report: times to open it")
    parser.add_argument("--clients", type=int, default=20, help="web: concurrent clients")
    parser.add_argument("--requests", type=int, default=400, help="web: requests per endpoint")
    args = parser.parse_args()
    result = bench_report(args) if args.what == "report" else bench_web(args)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
