"""The corpus stages give the same stories and entities whether articles come one batch at a
time, all at once, or are recomputed from scratch (the running counts must not drift)."""

import json
import random

import pytest

from crosswire.corpus.runner import run_corpus_stages
from crosswire.model import Article, ArticleAnalysis, Mention
from crosswire.names import name_key
from crosswire.store.sqlite import Store

PEOPLE = ["Mara Vellin", "Tobias Kranz", "Ines Corvo", "Dario Corvo", "Ruta Palsson", "Oleg Marek", "Vellin", "Mr Corvo"]
PLACES = ["Dornhall", "Kestrel Bay", "Ostravia", "Lumen Falls"]
WORDS = "flood talks ceasefire dam release protest aid border detained envoy river villages".split()


def invented_corpus(n: int, seed: int = 3) -> list[ArticleAnalysis]:
    """``n`` invented articles about a few episodes, with shared names, exact copies and undated articles."""
    rng = random.Random(seed)
    episodes = [(rng.sample(PEOPLE, 2), rng.choice(PLACES), f"2024-0{1 + e % 9}-{10 + e:02d}", rng.sample(WORDS, 4))
                for e in range(12)]
    analyses, previous = [], None
    for i in range(n):
        people, place, day, words = episodes[rng.randrange(len(episodes))]
        if previous and rng.random() < 0.15:
            title, text = previous
        else:
            text = " ".join(f"{rng.choice(people)} spoke about the {rng.choice(words)} in {place} and the "
                            f"{rng.choice(words)}." for _ in range(rng.randint(3, 6)))
            title = f"{place} {words[0]}"
        previous = (title, text)
        article_id = f"art{i:04d}"
        mentions, seen = [], set()
        for name in people + [place]:
            start = text.find(name)
            if start >= 0 and (start, start + len(name)) not in seen:
                seen.add((start, start + len(name)))
                label = "GPE" if name == place else "PERSON"
                mentions.append(Mention(article_id, start, start + len(name), name, label, name_key(name)))
        # Some wire copy comes without a date: it may join any episode's story. Few enough that no
        # cap on undated candidates binds (MAX_UNDATED_ANCHORED): where one does, batches may differ.
        dated = i % 27 != 5
        article = Article(article_id, f"invented:{i}", f"outlet{i % 5}", title, day if dated else None,
                          "metadata" if dated else "none", "en", f"{text} (no. {i})", ())
        analyses.append(ArticleAnalysis(article, mentions=tuple(mentions)))
    return analyses


def snapshot(store: Store) -> tuple:
    """Stories (article -> story id), entities and key -> entity of a store."""
    db = store.db
    return tuple(sorted(map(tuple, db.execute(sql))) for sql in (
        "SELECT id, story FROM articles", "SELECT id, record FROM entities", "SELECT key, entity FROM entity_keys"))


@pytest.fixture(scope="module")
def corpus():
    return invented_corpus(160)


def run_in_batches(path, analyses, size):
    store = Store(path)
    for offset in range(0, len(analyses), size):
        batch = analyses[offset:offset + size]
        store.write_batch(batch)
        run_corpus_stages(store, [a.article.id for a in batch], full=False)
    return store


def test_batches_give_the_same_stories_and_entities_as_all_at_once(tmp_path, corpus):
    together = snapshot(run_in_batches(tmp_path / "all.db", corpus, len(corpus)))
    batched_store = run_in_batches(tmp_path / "batched.db", corpus, 23)
    assert snapshot(batched_store) == together
    stories = {story for _, story in together[0]}
    assert 3 < len(stories) < len(corpus)  # the corpus does cluster, and not into one blob
    # A full recomputation from the stored mentions agrees with the running counts.
    run_corpus_stages(batched_store, [], full=True)
    assert snapshot(batched_store) == together


def test_entity_counts_follow_the_mentions(tmp_path, corpus):
    store = run_in_batches(tmp_path / "counts.db", corpus, 40)
    expected = {key: n for key, n in store.db.execute(
        "SELECT key, COUNT(DISTINCT article) FROM mentions GROUP BY key")}
    assert dict(store.db.execute("SELECT key, articles FROM key_articles").fetchall()) == expected
    by_name = {e["name"]: e for e in (json.loads(r[0]) for r in store.db.execute("SELECT record FROM entities"))}
    assert by_name["Dornhall"]["articles"] == expected[name_key("Dornhall")]


def test_one_run_is_processed_in_chunks_with_the_same_result(tmp_path, corpus):
    together = snapshot(run_in_batches(tmp_path / "whole.db", corpus, len(corpus)))
    store = Store(tmp_path / "chunked.db")
    store.write_batch(corpus)
    summary = run_corpus_stages(store, [a.article.id for a in corpus], full=False, chunk=17)
    assert summary.articles == len(corpus)
    assert snapshot(store) == together


def test_stories_around_new_articles_come_from_strong_links_only(tmp_path, corpus):
    from crosswire.store.corpus_tables import CorpusTables

    store = run_in_batches(tmp_path / "links.db", corpus, len(corpus))
    edges = store.db.execute("SELECT a, b, score FROM story_edges").fetchall()
    strong = {(a, b) for a, b, score in edges if score >= 0.3}
    weak = [(a, b) for a, b, score in edges if score < 0.3]
    assert weak and strong
    seed = weak[0][0]  # an article with a weak link: only its strong links count
    found = CorpusTables(store).strong_neighbours([seed], lambda score, mixed: score >= 0.3)
    assert found == {seed} | {x for pair in strong if seed in pair for x in pair}


def titled_corpus(n: int, seed: int = 5) -> list[ArticleAnalysis]:
    """``n`` invented articles naming a few officials with titles that vary by outlet, and some
    copies. The first ten name "Vellin" alone; later ones "Mara Vellin", whom the short form
    then joins (in batches, an entity whose keys change after its claim was written)."""
    rng = random.Random(seed)
    titles = ["Foreign Minister", "Deputy Foreign Minister", "Interior Minister", "Envoy"]
    analyses, previous = [], None
    for i in range(n):
        article_id = f"t{i:04d}"
        if previous and rng.random() < 0.2:
            text, named = previous
        else:
            people = ["Vellin" if i < 10 else "Mara Vellin", "Tobias Kranz", "Ines Corvo"]
            text, named = "", []
            for name in rng.sample(people, 2):
                text += f"{rng.choice(titles)} "
                named.append((name, len(text)))
                text += f"{name} spoke about the {rng.choice(WORDS)} in {rng.choice(PLACES)}. "
        previous = (text, named)
        mentions = tuple(Mention(article_id, start, start + len(name), name, "PERSON", name_key(name))
                         for name, start in named)
        article = Article(article_id, f"titled:{i}", f"outlet{i % 4}", "Officials", f"2024-03-{1 + i % 9:02d}",
                          "metadata", "en", f"{text}(no. {i})", ())
        analyses.append(ArticleAnalysis(article, mentions=mentions))
    return analyses


def test_title_claims_settled_after_batches_equal_a_rebuild_from_all_evidence(tmp_path):
    """Batches only mark the people they title and each run settles the marked claims; whatever
    the batch size, the stored claims must equal what rebuilding every person's claim gives."""
    from crosswire.corpus.claims import role_claim_id, role_claims
    from crosswire.store.corpus_tables import CorpusTables

    def role_records(store):
        return {r[0]: json.loads(r[1]) for r in store.db.execute("SELECT id, record FROM claims")
                if json.loads(r[1])["attribute"] == "role"}

    corpus = titled_corpus(90)
    together = role_records(run_in_batches(tmp_path / "all.db", corpus, len(corpus)))
    for size in (7, 30):
        store = run_in_batches(tmp_path / f"b{size}.db", corpus, size)
        tables = CorpusTables(store)
        entities = {r[0] for r in store.db.execute("SELECT id FROM entities WHERE type = 'PERSON'")}
        rebuilt = {role_claim_id(r["subject"]): r for r in role_claims(tables, entities, {})}
        assert role_records(store) == rebuilt == together
    assert len(together) >= 3
    assert any(c["status"] == "conflict" and c["independent_sources"] < len({a for v in c["values"] for a in v["articles"]})
               for c in together.values())  # titles disagree, and copies are collapsed


def test_conflict_shares_in_quality_follow_the_settled_title_claims(tmp_path):
    """Title claims are rebuilt after a run's last batch, after each batch's articles got their
    quality; the conflict share stored with every article must still count those claims."""
    store = run_in_batches(tmp_path / "shares.db", titled_corpus(90), 11)
    counted = {article: round(conflicts / total, 4) for article, conflicts, total in store.db.execute(
        "SELECT article, SUM(conflict), COUNT(*) FROM claim_articles GROUP BY article")}
    stored = {r[0]: json.loads(r[1])["conflict_share"] for r in store.db.execute("SELECT id, quality FROM articles")}
    assert stored == {article: counted.get(article) for article in stored}
    assert any(share for share in counted.values())  # some articles do cite a conflict


def test_title_claims_a_stopped_run_left_pending_are_settled_by_the_next_run(tmp_path, monkeypatch):
    from crosswire.corpus import runner
    from crosswire.corpus.claims import role_claim_id, role_claims
    from crosswire.store.corpus_tables import CorpusTables

    corpus = titled_corpus(40)
    with monkeypatch.context() as patched:
        patched.setattr(runner, "settle_role_claims", lambda tables: 0)  # the run stops before settling
        store = run_in_batches(tmp_path / "stopped.db", corpus, 20)
    pending = {r[0] for r in store.db.execute("SELECT entity FROM pending_roles")}
    assert pending
    assert not {r[0] for r in store.db.execute("SELECT id FROM claims")} & {role_claim_id(e) for e in pending}
    summary = run_corpus_stages(store, [], full=False)
    assert store.db.execute("SELECT COUNT(*) FROM pending_roles").fetchone()[0] == 0
    expected = role_claims(CorpusTables(store), pending, {})
    assert summary.claims == len(expected) > 0
    stored = {r[0]: json.loads(r[1]) for r in store.db.execute("SELECT id, record FROM claims")}
    assert all(stored[record["id"]] == record for record in expected)


def test_a_chunk_that_fails_leaves_no_corpus_record_of_its_own(tmp_path, corpus, monkeypatch):
    """Each chunk is one transaction: a failure in a late stage (claims) undoes the stories,
    copies and entities the chunk had written, and the chunks before it stay."""
    from crosswire.corpus import runner

    store = Store(tmp_path / "atomic.db")
    store.write_batch(corpus[:60])
    run_corpus_stages(store, [a.article.id for a in corpus[:40]], full=False)
    before = snapshot(store)
    tables = ("stories", "copies", "story_edges", "entities", "claims", "story_features")
    counts = {t: store.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}

    def fail(*args, **kwargs):
        raise RuntimeError("claims failed")

    monkeypatch.setattr(runner, "update_claims", fail)
    with pytest.raises(RuntimeError, match="claims failed"):
        run_corpus_stages(store, [a.article.id for a in corpus[40:60]], full=False)
    assert snapshot(store) == before
    assert counts == {t: store.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
    assert not store.db.in_transaction


def test_a_rerun_that_no_longer_titles_a_person_drops_the_article_from_their_claim(tmp_path, monkeypatch):
    """An article re-run under rules that find no title in it any more: the title claim that
    cited it is rebuilt without it (the article no longer marks the person through its evidence)."""
    from crosswire.corpus import claims
    from crosswire.corpus.claims import role_claims
    from crosswire.store.corpus_tables import CorpusTables

    store = run_in_batches(tmp_path / "rerun.db", titled_corpus(30), 30)
    cited = {r[0] for r in store.db.execute(
        "SELECT article FROM claim_articles WHERE scope IN (SELECT id FROM entities)")}
    article = sorted(cited)[0]
    found = claims.article_evidence
    monkeypatch.setattr(claims, "article_evidence",
                        lambda a, people, lexicon: [r for r in found(a, people, lexicon) if r[1] != "title"])
    run_corpus_stages(store, [article], full=False)
    entities = {r[0] for r in store.db.execute("SELECT id FROM entities WHERE type = 'PERSON'")}
    stored = {r[0]: json.loads(r[1]) for r in store.db.execute("SELECT id, record FROM claims")}
    rebuilt = role_claims(CorpusTables(store), entities, {})
    assert rebuilt and all(stored[record["id"]] == record for record in rebuilt)
    assert not any(article in v["articles"] for record in rebuilt for v in record["values"])
    assert store.db.execute("SELECT COUNT(*) FROM claim_articles WHERE article = ? AND scope IN "
                            "(SELECT id FROM entities)", (article,)).fetchone()[0] == 0
