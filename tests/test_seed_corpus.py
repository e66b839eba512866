"""Issue 6 acceptance: the whole pipeline on the five real seed articles (read from ../shared/seeds
at run time, never copied).

The seeds, by file-name prefix (the ``ref`` of each article record):

* 000: a news site's report of the State Department briefing and the Azerbaijani ministry's
  refusal of the 20 November 2023 Washington meeting ("Assistant Secretary ... O'Brien").
* 001: a Turkish aggregator's copy of a later, undated report (the Brussels meeting); it names
  "Assistant Secretary ... O'Brien" in the background.
* 002: a translated wire report of the refusal ("Deputy Secretary ... O'Brien", "Pashinian",
  "Aliev", "more than 100,000" displaced).
* 003: a machine-spun rewrite of a report of the refusal: no headline, "O'Brian", "Cultural Iranian",
  "harmony track", "nearly 100,000" displaced.
* 004: Caliber.az, May 2023, wrapped in site navigation and dated only by its dateline.

The pipeline runs once for the module (about 4 s, most of it loading spaCy).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from crosswire.run import analyze

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds (the five real seed articles) "
                                                           "is not beside the checkout")

TABLES = ("articles", "entities", "events", "claims", "stories", "quotes")
# The people the seeds name, with every spelling they use. No two distinct people in the seeds
# share a surname, so a person's spellings never occur in another person's mentions.
PEOPLE = {
    "Pashinyan": ("Pashinyan", "Pashinian"),
    "Aliyev": ("Aliyev", "Aliev"),
    "O'Brien": ("O’Brien", "O'Brien", "O’Brian"),
    "Miller": ("Miller",),
    "Blinken": ("Blinken",),
    "Bayramov": ("Bayramov",),
    "Mirzoyan": ("Mirzoyan",),
    "Macron": ("Macron",),
    "Scholz": ("Scholz",),
    "Michel": ("Michel",),
}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The exported contract tables of one analysis of the seeds, with the articles keyed by seed prefix."""
    out = tmp_path_factory.mktemp("seeds")
    analyze([str(SEEDS)], db=out / "seeds.db", out=out / "jsonl")
    tables = {name: _records(out / "jsonl" / f"{name}.jsonl") for name in TABLES}
    seed = {Path(a["ref"]).name[:3]: a for a in sorted(tables["articles"], key=lambda a: Path(a["ref"]).name)}
    assert sorted(seed) == ["000", "001", "002", "003", "004"]
    return SimpleNamespace(**tables, seed=seed, key={a["id"]: k for k, a in seed.items()},
                           text={a["id"]: a["text"] for a in tables["articles"]})


def _records(path: Path) -> list[dict]:
    """The records of a JSON-lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _surfaces(run, entity: dict) -> list[str]:
    """The text each mention of ``entity`` covers in its article."""
    return [run.text[m["article"]][m["start"]:m["end"]] for m in entity["mentions"]]


def _entities_spelled(run, *spellings: str, person_only: bool = True) -> list[dict]:
    """Entities (PERSON unless ``person_only`` is false) with a mention containing one of ``spellings``."""
    return [e for e in run.entities if (e["type"] == "PERSON" or not person_only)
            and any(s in surface for surface in _surfaces(run, e) for s in spellings)]


def _one_person(run, *spellings: str) -> dict:
    """The single PERSON entity spelled one of ``spellings`` (fails when there are none or several)."""
    found = _entities_spelled(run, *spellings)
    assert len(found) == 1, f"{spellings}: {[e['name'] for e in found]}"
    return found[0]


def _assert_exact_evidence(run, value: dict) -> None:
    """Every article asserting ``value`` has evidence, and each evidence text is its span of the clean text."""
    assert {e["article"] for e in value["evidence"]} == set(value["articles"]), value["value"]
    for evidence in value["evidence"]:
        assert evidence["start"] < evidence["end"]
        assert run.text[evidence["article"]][evidence["start"]:evidence["end"]] == evidence["text"]


# --- 1. stories --------------------------------------------------------------------------------


def test_november_reports_form_one_story_and_the_may_article_another(run):
    november = [k for k, a in run.seed.items() if "November 20, 2023" in a["text"]]  # the refused meeting
    may = [k for k, a in run.seed.items() if a["published"] == "2023-05-31"]
    assert (november, may) == (["000", "002", "003"], ["004"])
    stories = {s["id"]: s for s in run.stories}
    november_story, may_story = stories[run.seed["000"]["story"]], stories[run.seed["004"]["story"]]
    assert november_story["id"] != may_story["id"]
    assert sorted(run.key[a] for a in november_story["articles"]) == november
    assert [run.key[a] for a in may_story["articles"]] == may
    assert november_story["start"].startswith("2023-11") and november_story["end"].startswith("2023-11")
    assert may_story["start"] == may_story["end"] == "2023-05-31"


# --- 2. entities -------------------------------------------------------------------------------


def test_pashinyan_and_pashinian_are_one_person(run):
    person = _one_person(run, *PEOPLE["Pashinyan"])
    surfaces = _surfaces(run, person)
    assert any("Pashinyan" in s for s in surfaces) and any("Pashinian" in s for s in surfaces)
    assert {run.key[m["article"]] for m in person["mentions"]} == {"001", "002", "003", "004"}


def test_aliyev_and_aliev_are_one_person(run):
    person = _one_person(run, *PEOPLE["Aliyev"])
    surfaces = _surfaces(run, person)
    assert any("Aliyev" in s for s in surfaces) and any("Aliev" in s for s in surfaces)
    assert {run.key[m["article"]] for m in person["mentions"]} == {"001", "002", "003", "004"}


def test_obrien_with_curly_and_straight_apostrophe_is_one_person(run):
    person = _one_person(run, "O’Brien", "O'Brien")
    surfaces = _surfaces(run, person)
    assert any("O’Brien" in s for s in surfaces) and any("O'Brien" in s for s in surfaces)
    assert {run.key[m["article"]] for m in person["mentions"]} == {"000", "001", "002", "003"}


@pytest.mark.xfail(strict=True, reason="the parser tags neither 'O’Brian' in the spun seed as an entity, so the "
                                       "James O’Brien entity has no O’Brian mention or alias (the quotes stage "
                                       "does name him as their speaker)")
def test_obrian_in_the_spun_article_is_merged_into_obrien(run):
    person = _one_person(run, *PEOPLE["O'Brien"])
    assert "O’Brian" in _surfaces(run, person)


def test_obrian_quotes_are_attributed_to_james_obrien(run):
    spun = run.seed["003"]["id"]
    speakers = {q["speaker_name"] for q in run.quotes if q["article"] == spun and q["speaker_text"] == "O’Brian"}
    assert speakers == {"James O’Brien"}


def test_a_named_speaker_is_the_entity_of_that_person(run):
    person = _one_person(run, *PEOPLE["O'Brien"])
    his = [q for q in run.quotes if q["speaker_name"] in ("James O'Brien", "James O’Brien")]
    assert len({q["article"] for q in his}) >= 3
    assert {q["speaker"] for q in his} == {person["id"]}
    assert all(q["speaker"] is None for q in run.quotes if q["speaker_name"] is None)


@pytest.mark.xfail(strict=True, reason="'Mr Pashinian' in the translated seed is tagged ORG and stays an entity "
                                       "of its own beside the Pashinian PERSON")
def test_no_spelling_of_a_merged_name_is_left_in_another_entity(run):
    for person in ("Pashinyan", "Aliyev", "O'Brien"):
        found = _entities_spelled(run, *PEOPLE[person], person_only=False)
        assert len(found) == 1, f"{person}: {[(e['name'], e['type']) for e in found]}"


def test_distinct_people_are_not_merged(run):
    # Traps in the seeds: the spun seed calls Aliyev "the president of Pashinian and Azerbaijan";
    # the two foreign ministers, and Blinken, Miller and O'Brien of the State Department, appear together.
    owners: dict[str, set[str]] = {}
    for person, spellings in PEOPLE.items():
        owners.setdefault(_one_person(run, *spellings)["id"], set()).add(person)
    assert all(len(people) == 1 for people in owners.values()), owners
    for entity in (e for e in run.entities if e["id"] in owners):
        (person,) = owners[entity["id"]]
        strays = [s for s in _surfaces(run, entity) if not any(spelling in s for spelling in PEOPLE[person])]
        assert not strays, f"{entity['name']}: {strays}"


# --- 3. claims ---------------------------------------------------------------------------------


def test_obrien_title_conflict_has_evidence(run):
    obrien = _one_person(run, "O’Brien", "O'Brien")
    claims = [c for c in run.claims if c["subject"] == obrien["id"] and c["attribute"] == "role"]
    assert len(claims) == 1
    claim = claims[0]
    assert claim["status"] == "conflict"
    values = {v["value"]: v for v in claim["values"]}
    assert sorted(run.key[a] for a in values["Assistant Secretary"]["articles"]) == ["000", "001"]
    assert [run.key[a] for a in values["Deputy Secretary"]["articles"]] == ["002"]
    for title in ("Assistant Secretary", "Deputy Secretary"):
        _assert_exact_evidence(run, values[title])
        assert all(title in e["text"] and "Brien" in e["text"] for e in values[title]["evidence"])


def test_displaced_count_conflict_has_evidence(run):
    claims = [c for c in run.claims if c["attribute"] == "count"
              and {"more than 100,000", "nearly 100,000"} <= {v["value"] for v in c["values"]}]
    assert len(claims) == 1
    claim = claims[0]
    assert claim["status"] == "conflict" and "displaced" in claim["subject_name"]
    values = {v["value"]: v for v in claim["values"]}
    assert [run.key[a] for a in values["more than 100,000"]["articles"]] == ["002"]
    assert [run.key[a] for a in values["nearly 100,000"]["articles"]] == ["003"]
    for value in values.values():
        _assert_exact_evidence(run, value)
        assert all("100,000" in e["text"] for e in value["evidence"])


def test_every_claim_evidence_is_the_exact_text_of_its_span(run):
    for claim in run.claims:
        for value in claim["values"]:
            _assert_exact_evidence(run, value)


# --- 4. rewrite suspicion ----------------------------------------------------------------------


def _flagged_phrases(quality: dict) -> dict[str, str]:
    """Spun phrase -> the phrase it replaced, from both kinds of rewrite signal."""
    flagged = {}
    for signal in quality["signals"]:
        if signal["kind"] == "unidiomatic":
            flagged[signal["text"]] = signal["expected"]
        elif signal["kind"] == "substitutions":
            flagged.update({spun: original for original, spun in signal["substitutions"]})
    return flagged


def test_spun_article_is_the_only_rewrite_suspect_and_lists_its_substitutions(run):
    assert [k for k, a in run.seed.items() if a["quality"]["rewrite_suspect"]] == ["003"]
    spun = run.seed["003"]
    flagged = _flagged_phrases(spun["quality"])
    expected = {"standardization negotiations": "normalization talks", "harmony track": "peace track",
                "cultural Armenian": "ethnic Armenian"}
    assert {phrase: flagged.get(phrase) for phrase in expected} == expected
    assert flagged.get("Cultural Iranian", "").startswith("ethnic ")
    for signal in spun["quality"]["signals"]:
        if signal["kind"] == "unidiomatic":
            assert spun["text"][signal["start"]:signal["end"]] == signal["text"]


# --- 5. event groups ---------------------------------------------------------------------------


def _refusal_group(run) -> str:
    """The group of the REJECT events whose sentence names the Washington meeting of November 20."""
    groups = {e["group"] for e in run.events
              if e["type"] == "REJECT" and "Washington" in e["sentence"] and "November 20" in e["sentence"]}
    assert len(groups) == 1, groups
    return groups.pop()


def test_azerbaijans_refusal_is_one_event_group_reported_by_three_articles(run):
    group = _refusal_group(run)
    members = [e for e in run.events if e["group"] == group]
    assert sorted({run.key[e["article"]] for e in members}) == ["000", "002", "003"]
    assert {e["group_articles"] for e in members} == {3}
    assert all(e["type"] == "REJECT" and not e["negated"] for e in members)
    assert all((e["date"] or "").startswith("2023-11") for e in members)
    november_story = next(s for s in run.stories if s["id"] == run.seed["000"]["story"])
    assert group in november_story["events"]


@pytest.mark.xfail(strict=True, reason="each lead report of the refusal (002: 'refused on Thursday', 003: 'would "
                                       "not take part') is a one-article group dated 2023-11, apart from the "
                                       "statement's group dated 2023-11-20")
def test_lead_reports_of_the_refusal_join_its_group(run):
    group = _refusal_group(run)
    leads = {run.key[e["article"]]: e["group"] for e in run.events if e["type"] == "REJECT"
             and ("refused on Thursday" in e["sentence"] or "would not take part" in e["sentence"])}
    assert leads == {"002": group, "003": group}
