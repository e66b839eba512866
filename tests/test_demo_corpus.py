"""The fictional demo corpus keeps its structural promises (no Crosswire code is used here).

Every file parses, carries the fictional marker where its format allows one, is listed in the
MANIFEST, and every piece of ground truth the MANIFEST states (evidence strings, quotes, copies,
name variants, boilerplate lines) really occurs in the articles it names.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DEMO = EXAMPLES / "fictional-demo"
MANIFEST = DEMO / "MANIFEST.md"

BLOCK_TAGS = {"p", "h1", "h2", "h3", "div", "li", "ul", "header", "footer", "nav", "article",
              "aside", "section", "main", "title", "br", "form"}


class _PageParser(HTMLParser):
    """Collects the title, the meta tags and the visible text (one line per block) of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.meta: dict[str, str] = {}
        self.tags: list[str] = []
        self.parts: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("name") or attrs.get("property")
            if key:
                self.meta[key] = attrs.get("content") or ""
        if tag == "title":
            self._in_title = True
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        else:
            self.parts.append(data)

    def text(self) -> str:
        """Visible text, blocks separated by newlines, whitespace inside a block collapsed."""
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


def parse_page(markup: str) -> _PageParser:
    """The parsed page (title, meta, text) of an HTML document or fragment."""
    parser = _PageParser()
    parser.feed(markup)
    parser.close()
    return parser


@lru_cache(maxsize=1)
def manifest() -> dict:
    """The YAML ground-truth block of MANIFEST.md."""
    found = re.search(r"```yaml\n(.*?)```", MANIFEST.read_text(encoding="utf-8"), re.S)
    assert found, "MANIFEST.md has no ```yaml block"
    return yaml.safe_load(found.group(1))


def corpus_files() -> list[Path]:
    """Every article file of the demo corpus (MANIFEST excluded)."""
    return sorted(p for p in DEMO.iterdir() if p.is_file() and p.name != "MANIFEST.md")


def jsonl_records(path: Path) -> list[dict]:
    """The records of a JSON-lines file, one per non-empty line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@lru_cache(maxsize=1)
def article_texts() -> dict[str, str]:
    """Searchable text of every article, keyed by MANIFEST ref (file name, or file#record-id)."""
    texts = {}
    for path in corpus_files():
        if path.suffix == ".html":
            texts[path.name] = parse_page(path.read_text(encoding="utf-8")).text()
        elif path.suffix == ".txt":
            texts[path.name] = path.read_text(encoding="utf-8")
        elif path.suffix == ".jsonl":
            for record in jsonl_records(path):
                body = record.get("text") or parse_page(record["html"]).text()
                texts[f"{path.name}#{record['id']}"] = body
    return texts


def text_of(article_id: str) -> str:
    """Text of the article a MANIFEST short id (a01, j2, ...) names."""
    return article_texts()[manifest()["files"][article_id]]


def body_words(ref: str) -> int:
    """Word count of an article body (HTML: inside <article>; .txt: the whole file)."""
    if ref.endswith(".html"):
        markup = (DEMO / ref).read_text(encoding="utf-8")
        inner = re.search(r"<article.*?</article>", markup, re.S)
        assert inner, f"{ref} has no <article> element"
        return len(parse_page(inner.group(0)).text().split())
    return len(article_texts()[ref].split())


# --- every file parses and is marked -------------------------------------------------------


def test_corpus_has_the_promised_mix_of_formats():
    suffixes = [p.suffix for p in corpus_files()]
    assert set(suffixes) == {".txt", ".html", ".jsonl"}
    assert suffixes.count(".jsonl") == 1
    n_records = len(jsonl_records(next(p for p in corpus_files() if p.suffix == ".jsonl")))
    assert 3 <= n_records <= 4
    n_articles = len(article_texts())
    assert 14 <= n_articles <= 18
    # About half of the articles are scraped plain text.
    assert 0.35 <= suffixes.count(".txt") / n_articles <= 0.6
    assert suffixes.count(".html") >= 4


@pytest.mark.parametrize("path", [p for p in corpus_files() if p.suffix == ".html"], ids=lambda p: p.name)
def test_html_page_has_title_metadata_and_fictional_marker(path):
    page = parse_page(path.read_text(encoding="utf-8"))
    assert page.title.strip()
    assert page.meta.get("crosswire-demo") == "fictional"
    assert page.meta.get("og:site_name")
    assert page.meta.get("author")
    assert re.match(r"20\d\d-\d\d-\d\dT", page.meta.get("article:published_time", ""))
    assert page.tags.count("article") == 1
    # Boilerplate around the article is part of the promise: navigation or menu, and a footer.
    assert "footer" in page.tags and ({"nav", "ul"} & set(page.tags))


def test_jsonl_records_are_complete_and_fictional():
    path = next(p for p in corpus_files() if p.suffix == ".jsonl")
    records = jsonl_records(path)
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        assert {"id", "url", "title", "published", "source", "fictional"} <= set(record), record["id"]
        assert record["fictional"] is True
        assert (record.get("text") or record.get("html") or "").strip(), record["id"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", record["published"]), record["id"]


@pytest.mark.parametrize("path", [p for p in corpus_files() if p.suffix == ".txt"], ids=lambda p: p.name)
def test_txt_files_carry_no_marker_inside_the_body(path):
    text = path.read_text(encoding="utf-8").lower()
    assert "fictional" not in text and "crosswire" not in text


def test_readmes_declare_the_corpus_fiction():
    for doc in (EXAMPLES / "README.md", MANIFEST):
        text = doc.read_text(encoding="utf-8")
        assert "fiction" in text.lower(), doc
        assert ".txt" in text, f"{doc} must say the .txt files are fiction too"


def test_every_url_uses_the_reserved_example_domain():
    for path in corpus_files():
        for host in re.findall(r"https?://([^/\s\"'<>]+)", path.read_text(encoding="utf-8")):
            assert host.endswith(".example"), f"{path.name}: {host}"


@pytest.mark.parametrize("ref", sorted(article_texts()), ids=str)
def test_articles_are_short_news_length(ref):
    assert 150 <= body_words(ref) <= 450


# --- the MANIFEST lists every file and its ground truth holds ------------------------------


def test_manifest_lists_every_file_and_record():
    table = MANIFEST.read_text(encoding="utf-8")
    for path in corpus_files():
        assert f"`{path.name}`" in table, f"{path.name} missing from the MANIFEST table"
    assert sorted(manifest()["files"].values()) == sorted(article_texts())
    assert set(manifest()["articles"]) == set(manifest()["files"])
    stories = manifest()["stories"]
    assert sorted(a for members in stories.values() for a in members) == sorted(manifest()["files"])


def test_stated_titles_are_in_their_files():
    for short, facts in manifest()["articles"].items():
        ref = manifest()["files"][short]
        if ref.endswith(".html"):
            assert facts["title"] in parse_page((DEMO / ref).read_text(encoding="utf-8")).title
        elif "#" in ref:
            name, record_id = ref.split("#")
            record = next(r for r in jsonl_records(DEMO / name) if r["id"] == record_id)
            assert record["title"] == facts["title"]
        else:
            assert facts["title"] in text_of(short), short


def test_boilerplate_lines_are_whole_lines_of_their_file():
    for short, lines in manifest()["boilerplate"].items():
        file_lines = {line.strip() for line in text_of(short).splitlines()}
        for line in lines:
            assert str(line) in file_lines, f"{short}: {line!r}"


def test_dateline_sits_under_the_headline_and_undated_article_has_no_date():
    a06 = manifest()["articles"]["a06"]
    lines = [line for line in text_of("a06").splitlines() if line.strip()]
    assert lines[lines.index(a06["title"]) + 1] == a06["dateline"]
    undated = text_of("a09")
    assert not re.search(r"\b(1[89]|20)\d\d\b", undated)
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    assert not re.search(rf"\b({months})\b", undated)


def _evidence_pairs():
    """(article short id, string) for every evidence or quote text the MANIFEST states."""
    truth = manifest()
    for claim in truth["claims"]:
        for value in claim["values"]:
            assert len(value["articles"]) == len(value["evidence"]), claim["subject"]
            yield from zip(value["articles"], value["evidence"])
    for group in truth["quote_groups"]:
        for member in group["members"]:
            yield member["article"], member["text"]
            if member.get("speaker_text") not in (None, "he", "she"):
                yield member["article"], member["speaker_text"]
    for form in truth["quote_forms"]:
        yield form["article"], form["text"]
    for article, text, _value in truth["times"]:
        yield article, text
    for article, events in truth["events"].items():
        if article == "not_events":
            continue
        for event in events:
            yield article, event["evidence"]
    for trap in truth["events"]["not_events"]:
        yield trap["article"], trap["evidence"]
    for mention in truth["entities"]["mentions"]:
        yield mention["article"], mention["text"]


@pytest.mark.parametrize("article, evidence", list(_evidence_pairs()), ids=lambda v: str(v)[:40])
def test_manifest_evidence_occurs_verbatim_in_its_article(article, evidence):
    assert str(evidence) in text_of(article)


def test_refusal_statement_has_three_wordings():
    refusal = next(g for g in manifest()["quote_groups"] if g["id"] == "refusal")
    wordings = {m["wording"]: m["text"] for m in refusal["members"]}
    assert len(set(wordings.values())) == 3
    assert len({m["article"] for m in refusal["members"]}) == len(refusal["members"])


def test_multi_paragraph_quote_opens_each_paragraph_and_closes_once():
    paragraphs = [line for line in text_of("a03").splitlines() if line.startswith("“")]
    assert len(paragraphs) == 3
    assert [p.count("”") for p in paragraphs] == [0, 0, 1]


def test_exact_copy_has_the_same_title_and_body():
    copy = next(c for c in manifest()["copies"] if c["kind"] == "exact")
    original = text_of(copy["original"])
    title, body = original.split("\n\n", 1)
    assert text_of(copy["copy"]).strip() == body.strip()
    assert manifest()["articles"][copy["copy"]]["title"] == title


def test_syndicated_copy_repeats_every_paragraph_of_its_original():
    copy = next(c for c in manifest()["copies"] if c["kind"] == "syndicated")
    markup = (DEMO / manifest()["files"][copy["original"]]).read_text(encoding="utf-8")
    article = parse_page(re.search(r"<article.*?</article>", markup, re.S).group(0))
    paragraphs = [line for line in article.text().splitlines() if len(line.split()) > 8]
    copy_lines = set(text_of(copy["copy"]).splitlines())
    assert paragraphs and all(p in copy_lines for p in paragraphs)
    # Same body, but not the same text: the copy adds its own boilerplate.
    assert len(text_of(copy["copy"]).split()) > sum(len(p.split()) for p in paragraphs) + 20


def test_rewrite_substitutions_and_changed_facts_are_real():
    rewrite = next(c for c in manifest()["copies"] if c["kind"] == "rewrite")
    original, spun = text_of(rewrite["original"]), text_of(rewrite["copy"])
    for before, after in rewrite["substitutions"]:
        assert before in original and after in spun, (before, after)
        assert after not in original, after
    for fact in rewrite["changed_facts"]:
        assert fact["original"] in original and fact["original"] not in spun
        assert fact["rewrite"] in spun


def test_name_variants_occur_exactly_in_the_listed_articles():
    for person in manifest()["entities"]["distinct_people"]:
        pattern = re.compile("|".join(rf"\b{re.escape(v)}\b" for v in person["variants"]))
        found = {short for short in manifest()["files"] if pattern.search(text_of(short))}
        assert found == set(person["articles"]), person["name"]


def test_people_who_share_a_surname_appear_together():
    for first, second in manifest()["entities"]["must_not_merge"]:
        shared = [s for s in manifest()["files"] if first in text_of(s) and second in text_of(s)]
        assert shared, (first, second)


def test_event_groups_and_copies_name_known_articles():
    known = set(manifest()["files"])
    for group in manifest()["event_groups"]:
        assert set(group["articles"]) <= known, group["id"]
        assert 1 <= group["independent_sources"] <= len(group["articles"])
    for copy in manifest()["copies"]:
        assert {copy["copy"], copy["original"]} <= known
