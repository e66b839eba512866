"""A small hand-written store covering every view: two stories, a copy, a three-wording statement,
a role conflict, planned/historical events, and an article full of script-injection payloads.

Everything here is invented for the tests (Ruvania and Estavia are not real countries).
"""

from __future__ import annotations

import json
from pathlib import Path

from crosswire.corpus.entities import refresh_entities
from crosswire.model import Actor, Article, ArticleAnalysis, Event, Mention, Quote, Removed, TimeExpr
from crosswire.names import name_key
from crosswire.store.sqlite import Store

XSS_SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
XSS_IMG = '<img src=x onerror="window.__pwned=2;alert(2)">'
XSS_BREAKOUT = "</script><script>window.__pwned=3</script>"
XSS_TITLE = "<img src=x onerror=alert(3)>Port statement"

TEXTS = {
    "art-harbour-1": (
        "Ruvania's deputy trade minister Tomas Brandt said on Monday that the harbour talks with Estavia "
        "would resume on 14 May.\n\n"
        "\u201cWe will not accept any delay in signing the harbour agreement, and we expect Estavia to keep its word,\u201d "
        "Brandt told reporters.\n\n"
        "The Estavian coast guard seized two Ruvanian fishing boats last week, officials said."
    ),
    "art-harbour-2": (
        "Trade minister Tomas Brandt of Ruvania accused Estavia on Tuesday of stalling.\n\n"
        "\u201cWe shall not accept any further delay in signing the harbour deal, and we expect Estavia to keep its word,\u201d "
        "Brandt said.\n\n"
        "Talks are expected to resume on 14 May, according to both governments."
    ),
    "art-harbour-3": (
        "Trade minister Tomas Brandt of Ruvania accused Estavia on Tuesday of stalling.\n\n"
        "\u201cWe will never accept any delay in signing the harbour agreement, and we expect Estavia to honour its word,\u201d "
        "Brandt said.\n\n"
        "The two countries signed a fisheries accord in 2019. The coast guard seized two boats last week."
    ),
    "art-xss": (
        f"A reader posted {XSS_SCRIPT} in the comments, and another wrote {XSS_IMG} under it.\n\n"
        f"A third tried {XSS_BREAKOUT} to end the page's data block.\n\n"
        "\u201cNothing here should run,\u201d the port authority said."
    ),
    "art-flood-1": (
        "Floodwater reached the lower town of Merrow on 2 March, the river authority said. "
        "Estavia sent two rescue teams to Ruvania the same day."
    ),
}
META = {
    "art-harbour-1": ("Lakeside Gazette", "2024-05-06", "Ruvania says harbour talks will resume"),
    "art-harbour-2": ("Coastal Wire", "2024-05-07", "Ruvania accuses Estavia of stalling harbour deal"),
    "art-harbour-3": ("Northern Ledger", "2024-05-08", "Ruvania accuses Estavia of stalling"),
    "art-xss": ("<b>Evil Outlet</b>", "2024-05-08", XSS_TITLE),
    "art-flood-1": ("River Times", "2023-03-02", "Merrow flooded"),
}
HARBOUR = ["art-harbour-1", "art-harbour-2", "art-harbour-3", "art-xss"]
QUOTE_WORDINGS = {
    "art-harbour-1": "We will not accept any delay in signing the harbour agreement, and we expect Estavia to keep its word,",
    "art-harbour-2": "We shall not accept any further delay in signing the harbour deal, and we expect Estavia to keep its word,",
    "art-harbour-3": "We will never accept any delay in signing the harbour agreement, and we expect Estavia to honour its word,",
}
ROLE_SPANS = {"art-harbour-1": "deputy trade minister", "art-harbour-2": "Trade minister",
              "art-harbour-3": "Trade minister"}


def span(article: str, phrase: str) -> tuple[int, int]:
    """Offsets of ``phrase`` in a sample article's text."""
    start = TEXTS[article].index(phrase)
    return start, start + len(phrase)


RUVANIA = Actor("ent-ruvania", "Ruvania", "RUV", "GOV")
ESTAVIA = Actor("ent-estavia", "Estavia", "EST", "GOV")
BRANDT = Actor("ent-brandt", "Tomas Brandt", "RUV", "GOV")


def _event(article: str, eid: str, kind: str, phrase: str, source: Actor | None, target: Actor | None,
           date: str | None, status: str, group: str, negated: bool = False) -> Event:
    start, end = span(article, phrase)
    return Event(eid, article, kind, None, source, target, date, "day" if date and len(date) == 10 else None,
                 None, negated, status, phrase, start, end, 0.8, group)


def _quote(article: str, qid: str, text: str, speaker: str | None, name: str, group: str) -> Quote:
    start, end = span(article, text)
    return Quote(qid, article, text, start, end, "direct", speaker, name, name.split()[-1], "said", group,
                 name_key(name))


def _mentions(article: str) -> list[Mention]:
    found = []
    for name, label in (("Tomas Brandt", "PERSON"), ("Ruvania", "GPE"), ("Estavia", "GPE")):
        at = TEXTS[article].find(name)
        if at >= 0:
            found.append(Mention(article, at, at + len(name), name, label, name_key(name)))
    return found


def analyses() -> list[ArticleAnalysis]:
    """The sample articles with their per-article records."""
    events = {
        "art-harbour-1": [
            _event("art-harbour-1", "ev-1a", "CONSULT", "the harbour talks with Estavia would resume on 14 May",
                   RUVANIA, ESTAVIA, "2024-05-14", "planned", "grp-talks"),
            _event("art-harbour-1", "ev-1b", "COERCE", "seized two Ruvanian fishing boats last week",
                   ESTAVIA, RUVANIA, "2024-W18", "reported", "grp-seizure"),
        ],
        "art-harbour-2": [
            _event("art-harbour-2", "ev-2a", "ACCUSE", "accused Estavia on Tuesday of stalling",
                   BRANDT, ESTAVIA, "2024-05-07", "reported", "grp-accuse"),
            _event("art-harbour-2", "ev-2b", "CONSULT", "Talks are expected to resume on 14 May",
                   RUVANIA, ESTAVIA, "2024-05-14", "planned", "grp-talks"),
        ],
        "art-harbour-3": [
            _event("art-harbour-3", "ev-3a", "ACCUSE", "accused Estavia on Tuesday of stalling",
                   BRANDT, ESTAVIA, "2024-05-07", "reported", "grp-accuse"),
            _event("art-harbour-3", "ev-3b", "AGREE", "signed a fisheries accord in 2019",
                   RUVANIA, ESTAVIA, "2019", "historical", "grp-accord"),
            _event("art-harbour-3", "ev-3c", "COERCE", "seized two boats last week",
                   ESTAVIA, RUVANIA, "2024-W18", "reported", "grp-seizure"),
        ],
        "art-xss": [
            _event("art-xss", "ev-x", "REJECT", "Nothing here should run",
                   Actor(None, "<script>window.__pwned=5</script>", None, None), RUVANIA, "2024-05-08",
                   "reported", "grp-xss"),
        ],
        "art-flood-1": [
            _event("art-flood-1", "ev-f", "AID", "Estavia sent two rescue teams to Ruvania",
                   ESTAVIA, RUVANIA, "2023-03-02", "reported", "grp-rescue"),
        ],
    }
    quotes = {a: [_quote(a, f"q-{a}", text, "ent-brandt", "Tomas Brandt", "qg-harbour")]
              for a, text in QUOTE_WORDINGS.items()}
    quotes["art-xss"] = [_quote("art-xss", "q-xss", "Nothing here should run,", None,
                                '<svg onload="window.__pwned=4">', "qg-xss")]
    times = {"art-harbour-1": [TimeExpr("art-harbour-1", "14 May", *span("art-harbour-1", "14 May"), "DATE",
                                        "2024-05-14", "published:2024-05-06")]}
    result = []
    for article_id, text in TEXTS.items():
        source, published, title = META[article_id]
        removed = (Removed("Home | World | Sport", "navigation"),
                   Removed(f"Share this {XSS_IMG}", "share"))
        article = Article(article_id, f"sample/{article_id}.txt", source, title, published, "metadata", "en",
                          text, removed)
        result.append(ArticleAnalysis(article, (), tuple(_mentions(article_id)), tuple(times.get(article_id, ())),
                                      tuple(quotes.get(article_id, ())), tuple(events.get(article_id, ()))))
    return result


def stories_and_claims() -> tuple[list[dict], list[dict]]:
    """Contract-shaped story and claim records."""
    stories = [
        {"id": "story-harbour", "label": "Harbour talks between Ruvania and Estavia", "articles": HARBOUR,
         "start": "2024-05-06", "end": "2024-05-08",
         "events": ["grp-talks", "grp-seizure", "grp-accuse", "grp-accord", "grp-xss"]},
        {"id": "story-flood", "label": "Merrow flood", "articles": ["art-flood-1"],
         "start": "2023-03-02", "end": "2023-03-02", "events": ["grp-rescue"]},
    ]

    def evidence(article: str, phrase: str) -> dict:
        start, end = span(article, phrase)
        return {"article": article, "start": start, "end": end}

    claims = [
        {"id": "claim-role", "subject": "ent-brandt", "subject_name": "Tomas Brandt", "attribute": "role",
         "values": [
             {"value": "deputy trade minister", "articles": ["art-harbour-1"],
              "evidence": [evidence("art-harbour-1", ROLE_SPANS["art-harbour-1"])]},
             {"value": "trade minister", "articles": ["art-harbour-2", "art-harbour-3"],
              "evidence": [evidence(a, ROLE_SPANS[a]) for a in ("art-harbour-2", "art-harbour-3")]},
         ], "status": "conflict", "independent_sources": 2},
        {"id": "claim-talks-date", "subject": "grp-talks", "subject_name": "harbour talks", "attribute": "date",
         "values": [{"value": "2024-05-14", "articles": ["art-harbour-1", "art-harbour-2"],
                     "evidence": [evidence("art-harbour-1", "14 May"), evidence("art-harbour-2", "14 May")]}],
         "status": "agree", "independent_sources": 2},
        {"id": "claim-xss", "subject": "grp-xss", "subject_name": XSS_SCRIPT, "attribute": "outcome",
         "values": [{"value": XSS_IMG, "articles": ["art-xss"],
                     "evidence": [evidence("art-xss", "Nothing here should run")]},
                    {"value": "nothing", "articles": ["art-harbour-1"], "evidence": []}],
         "status": "conflict", "independent_sources": 2},
    ]
    return stories, claims


def build_sample_store(path: Path) -> Path:
    """Write the sample store at ``path`` and return the path."""
    with Store(path) as store:
        run = store.start_run()
        store.write_batch(analyses())
        refresh_entities(store)
        stories, claims = stories_and_claims()
        with store.transaction() as db:
            db.executemany("INSERT INTO stories VALUES (?, ?)", [(s["id"], json.dumps(s)) for s in stories])
            db.executemany("INSERT INTO claims VALUES (?, ?)", [(c["id"], json.dumps(c)) for c in claims])
            for story in stories:
                db.executemany("UPDATE articles SET story = ? WHERE id = ?", [(story["id"], a) for a in story["articles"]])
            db.execute("UPDATE articles SET duplicate_of = 'art-harbour-2', quality = ? WHERE id = 'art-harbour-3'",
                       (json.dumps({"rewrite_suspect": True, "signals": ["reworded quote", "changed title"]}),))
        store.finish_run(run, analysed=len(TEXTS), already_stored=0, skipped=[("sample/empty.txt", "empty file")])
    return path
