"""The corpus stages on the fictional demo corpus, against the ground truth in its MANIFEST.md.

The demo is analysed once for this module with the full default pipeline (about 15 s).
"""

import json
import re
from pathlib import Path

import pytest
import yaml

from crosswire.corpus.views import story_rows
from crosswire.names import name_key
from crosswire.run import analyze
from crosswire.store.sqlite import Store

DEMO = Path(__file__).resolve().parents[2] / "examples" / "fictional-demo"
COPY_KINDS = {"translation": "rewording"}  # manifest kind -> the kind the output records


def _manifest() -> dict:
    text = (DEMO / "MANIFEST.md").read_text(encoding="utf-8")
    return yaml.safe_load(re.search(r"```yaml\n(.*?)```", text, re.S).group(1))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    analyze([str(DEMO)], db=out / "demo.db", out=out / "jsonl")
    read = lambda name: [json.loads(line) for line in (out / "jsonl" / name).read_text(encoding="utf-8").splitlines()]
    articles = read("articles.jsonl")
    manifest = _manifest()
    by_ref = {}
    for short, ref in manifest["files"].items():
        path, _, record = ref.partition("#")
        matches = [a for a in articles if (a["ref"] == record if record else a["ref"].endswith(path))]
        assert len(matches) == 1, short
        by_ref[short] = matches[0]
    return {"manifest": manifest, "articles": by_ref, "ids": {a["id"]: s for s, a in by_ref.items()}, "db": out / "demo.db",
            "stories": read("stories.jsonl"), "claims": read("claims.jsonl"), "entities": read("entities.jsonl")}


def test_stories_and_thread_are_the_manifest_episodes(demo):
    found = sorted(sorted(demo["ids"][a] for a in story["articles"]) for story in demo["stories"])
    expected = sorted(sorted(members) for members in demo["manifest"]["stories"].values())
    assert found == expected
    assert len({story["thread"] for story in demo["stories"]}) == 1


def test_exact_syndicated_and_spun_copies_point_to_their_originals(demo):
    articles = demo["articles"]
    for copy in demo["manifest"]["copies"]:
        found = articles[copy["copy"]]
        assert found["duplicate_of"] == articles[copy["original"]]["id"], copy["copy"]
        # The output contract has no "translation" kind: a translation-like rewording is a "rewording".
        assert found["quality"]["copy"]["kind"] == COPY_KINDS.get(copy["kind"], copy["kind"]), copy["copy"]
    spun = articles["a05"]["quality"]
    assert spun["rewrite_suspect"]
    substitutions = {tuple(s) for signal in spun["signals"] if signal["kind"] == "substitutions"
                     for s in signal["substitutions"]}
    assert ("peace talks", "harmony negotiations") in substitutions
    independent = [s for s in ("a06", "a07", "a08", "j1", "b01", "c01") if articles[s]["duplicate_of"] is None]
    assert len(independent) == 6


def test_displaced_count_and_title_conflicts_have_their_evidence(demo):
    ids = demo["ids"]
    conflicts = [c for c in demo["claims"] if c["status"] == "conflict"]
    values = {c["attribute"]: {v["value"]: sorted(ids[a] for a in v["articles"]) for v in c["values"]} for c in conflicts}
    assert values["count"]["nearly 2,000"] == ["a05"]
    assert values["count"]["3,500"] == ["a08"]
    assert {"a01", "a03"} <= set(values["count"]["more than 2,000"])
    assert values["role"] == {"Assistant Foreign Minister": ["a08"], "Deputy Foreign Minister": ["a03", "a06"]}
    for claim in conflicts:
        for value in claim["values"]:
            for evidence in value["evidence"]:
                article = demo["articles"][ids[evidence["article"]]]
                assert article["text"][evidence["start"]:evidence["end"]] == evidence["text"]


def test_spelling_variants_merge_and_people_sharing_a_surname_do_not(demo):
    names = [{e["name"], *e["aliases"]} for e in demo["entities"]]
    assert any({"Almaz Kerimov", "Almaz Karimov"} <= n for n in names)
    assert any({"Nurlan Seitkaliyev", "Nurlan Seitkaliev"} <= n for n in names)
    assert not any({"Anna Lindqvist", "Per Lindqvist"} <= n for n in names)
    assert not any({"Kazakhstan", "Kazakh"} <= n for n in names)


def test_story_rows_count_outlets_and_articles_without_one(demo):
    by_id = {a["id"]: a for a in demo["articles"].values()}
    with Store(demo["db"]) as store:
        rows = story_rows(store)
    assert sum(r["unattributed"] for r in rows) == sum(1 for a in by_id.values() if not a["source"]) > 0
    for row in rows:
        members = [by_id[i] for i in row["article_ids"]]
        assert row["sources"] == len({a["source"] for a in members if a["source"]})
        assert row["unattributed"] == sum(1 for a in members if not a["source"])


def _entity(demo, name):
    [entity] = [e for e in demo["entities"] if e["name"] == name]
    return entity


def test_people_carry_the_country_sector_and_titles_their_articles_give_them(demo):
    envoy = _entity(demo, "Anna Lindqvist")
    assert (envoy["country"], envoy["sector"]) == ("NOR", "GOV")
    titles = {role["title"]: role["articles"] for role in envoy["roles"]}
    assert "Special Envoy" in titles and len(titles["Special Envoy"]) == 2
    assert all(set(role["articles"]) <= {m["article"] for m in envoy["mentions"]} for role in envoy["roles"])
    place = _entity(demo, "Kyrgyzstan")
    assert (place["country"], place["sector"], place["roles"]) == ("KGZ", None, [])


def test_event_actors_name_their_entity(demo):
    by_id = {e["id"]: e for e in demo["entities"]}
    events = [json.loads(line) for line in (demo["db"].parent / "jsonl" / "events.jsonl").read_text().splitlines()]
    actors = [e[side] for e in events for side in ("source", "target") if e.get(side)]
    assert len(actors) >= 20
    linked = [a for a in actors if a["entity"]]
    assert len(linked) >= 0.8 * len(actors)
    for actor in linked:
        entity = by_id[actor["entity"]]
        assert name_key(actor["name"]) in {name_key(n) for n in [entity["name"], *entity["aliases"]]}, actor


def test_the_story_keys_backfill_of_an_older_store_matches_what_the_stages_maintain(demo):
    # Migration 4 fills story_keys for stores whose corpus stages ran before it existed; the
    # same query on a store the stages maintained must give exactly the maintained rows.
    from crosswire.store.schema import MIGRATIONS

    backfill = MIGRATIONS[3][2].split("INSERT OR IGNORE INTO story_keys", 1)[1].rstrip().rstrip(";")
    with Store(demo["db"]) as store:
        maintained = {tuple(r) for r in store.db.execute("SELECT story, surname, key FROM story_keys")}
        rebuilt = {tuple(r) for r in store.db.execute(backfill)}
    assert len({story for story, _, _ in maintained}) == len(demo["stories"]) and len(maintained) > 50
    assert rebuilt == maintained
