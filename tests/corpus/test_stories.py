"""Stories: incremental clustering equals clustering everything at once; time splits episodes."""

from crosswire.corpus.stories import (STORY_MIN, StoryFeatures, cluster_component, connected_components,
                                      link_score, story_vector)

DOCS = {
    "a1": ("Quake hits coastal Chile", "A strong earthquake struck coastal Chile, killing dozens in Concepcion.",
           ["chile", "concepcion"], "2010-02-27"),
    "a2": ("Chile earthquake toll rises", "The earthquake in Chile killed hundreds near Concepcion, rescuers said.",
           ["chile", "concepcion"], "2010-02-28"),
    "a3": ("Chile quake: aid arrives", "Aid reached Concepcion after the Chile earthquake destroyed homes.",
           ["chile", "concepcion"], "2010-03-01"),
    "b1": ("Quake hits coastal Chile again", "A strong earthquake struck coastal Chile near Iquique, killing six.",
           ["chile", "iquique"], "2014-04-02"),
    "c1": ("Actress checks into rehab", "The actress checked into a rehab clinic in Malibu, her agent said.",
           ["malibu"], None),
}


def features(ids):
    return {i: StoryFeatures(i, DOCS[i][3], story_vector(DOCS[i][0], DOCS[i][1], DOCS[i][2], [])) for i in ids}


def stories(ids):
    f = features(ids)
    edges = {}
    for a in sorted(f):
        for b in sorted(f):
            if a < b and link_score(f[a], f[b]) >= 0.2:
                edges[(a, b)] = link_score(f[a], f[b])
    return sorted(tuple(c) for comp in connected_components(f, edges) for c in cluster_component(comp, edges))


def test_same_episode_is_one_story_and_a_later_one_is_another():
    result = stories(DOCS)
    assert ("a1", "a2", "a3") in result
    assert ("b1",) in result and ("c1",) in result


def test_batches_give_the_same_stories_as_all_at_once(tmp_path):
    from crosswire.corpus.runner import run_corpus_stages
    from crosswire.model import Article, ArticleAnalysis, Mention
    from crosswire.store.sqlite import Store

    def analysis(i):
        title, text, keys, date = DOCS[i]
        article = Article(i, i, "outlet-" + i, title, date, "metadata" if date else "none", "en", text, ())
        mentions = tuple(Mention(i, text.lower().find(k), text.lower().find(k) + len(k), k.title(), "GPE", k)
                         for k in keys if k in text.lower())
        return ArticleAnalysis(article, mentions=mentions)

    def run(batches):
        store = Store(tmp_path / f"{len(batches)}.db")
        for batch in batches:
            store.write_batch([analysis(i) for i in batch])
            run_corpus_stages(store, batch, full=False)
        rows = store.db.execute("SELECT id, story FROM articles").fetchall()
        groups = {}
        for article, story in rows:
            groups.setdefault(story, []).append(article)
        return sorted(sorted(g) for g in groups.values()), {r[0]: r[1] for r in rows}

    together, ids_together = run([sorted(DOCS)])
    one_by_one, ids_one_by_one = run([["a3"], ["c1", "a1"], ["b1"], ["a2"]])
    assert together == one_by_one
    assert ids_together == ids_one_by_one
    assert ["a1", "a2", "a3"] in together



def test_a_link_between_a_dated_and_an_undated_article_needs_more_to_be_strong():
    """An undated article matches every date, so only a near-identical report links it to a
    dated one strongly enough to join components; a moderate one still counts in the averages."""
    from crosswire.corpus.stories import UNDATED_STRONG, strong_links

    moderate, close = STORY_MIN + 0.05, UNDATED_STRONG + 0.01
    edges = {("d1", "d2"): moderate, ("d1", "u1"): moderate, ("u1", "u2"): moderate, ("d2", "u3"): close}
    assert sorted(strong_links(edges, {"u1", "u2", "u3"})) == [("d1", "d2"), ("d2", "u3"), ("u1", "u2")]
    assert len(strong_links(edges)) == 4  # all dated: the plain threshold
    strong = strong_links(edges, {"u1", "u2", "u3"})
    clusters = [c for comp in connected_components(["d1", "d2", "u1", "u2", "u3"], strong)
                for c in cluster_component(comp, edges)]
    assert ["u1", "u2"] in clusters and not any({"d1", "u1"} <= set(c) for c in clusters)


def test_an_undated_article_links_only_to_reports_near_the_days_of_the_year_it_names():
    """A year-less dateline ("CONCEPCION, 27 Feb -") places an undated report near 27 February of
    some year: a near-identical dated report of 1 March (of any year, even across New Year)
    links to it, one of September does not; without named days nothing is ruled out."""
    from crosswire.corpus.stories import seasons_compatible

    title, text, keys, _ = DOCS["a1"]
    terms = story_vector(title, text, keys, [])
    undated = StoryFeatures("u", None, terms, ("02-27",))
    assert link_score(undated, StoryFeatures("d1", "2010-03-01", terms)) > 0.5
    assert link_score(undated, StoryFeatures("d2", "2014-03-01", terms)) > 0.5
    assert link_score(undated, StoryFeatures("d3", "2010-09-20", terms)) == 0.0
    assert link_score(StoryFeatures("u0", None, terms), StoryFeatures("d3", "2010-09-20", terms)) > 0.5
    new_year = StoryFeatures("n", None, terms, ("12-28",))
    assert seasons_compatible(new_year, StoryFeatures("d4", "2011-01-03", terms))
    assert not seasons_compatible(new_year, StoryFeatures("d5", "2011-01-20", terms))
    # Two undated reports: near if any of their named days are; a day that is no day counts for none.
    assert seasons_compatible(undated, StoryFeatures("u2", None, terms, ("06-01", "03-05")))
    assert not seasons_compatible(undated, StoryFeatures("u3", None, terms, ("06-01",)))
    assert seasons_compatible(undated, StoryFeatures("u4", None, terms, ("02-30",)))


def test_the_days_an_undated_article_names_are_stored_and_keep_it_from_far_reports(tmp_path):
    """Through the store: the year-less days of an undated article's time expressions go with its
    story features, and a later dated article far from them is not linked to it."""
    from crosswire.corpus.stories import update_stories
    from crosswire.model import Article, ArticleAnalysis, TimeExpr
    from crosswire.store.corpus_tables import CorpusTables
    from crosswire.store.sqlite import Store

    title, text, _, _ = DOCS["a1"]
    dateline = "CONCEPCION, 27 Feb - "
    store = Store(tmp_path / "s.db")
    undated = ArticleAnalysis(Article("u", "u", "wire", title, None, "none", "en", dateline + text, ()),
                              times=(TimeExpr("u", "27 Feb", 12, 18, "DATE", "XXXX-02-27", None),))
    store.write_batch([undated])
    tables = CorpusTables(store)
    update_stories(tables, ["u"])
    assert tables.features(["u"])["u"][2] == ("02-27",)
    store.write_batch([ArticleAnalysis(Article(a, a, "outlet", title, d, "metadata", "en", text, ()))
                       for a, d in (("near", "2012-03-02"), ("far", "2012-08-02"))])
    _, _, edges = update_stories(tables, ["near", "far"])
    assert [(a, b) for a, b, _ in edges] == [("near", "u")]  # "far" is far from both
    assert tables.stories_of(["u"])["u"] == tables.stories_of(["near"])["near"] != tables.stories_of(["far"])["far"]


def test_out_of_season_undated_reports_leave_the_undated_candidates_to_those_in_season(tmp_path):
    """Undated reports naming days of a year are indexed under them: a dated article finds only
    those near its day of the year (and those naming none), so MAX_UNDATED reports of another
    season, however alike, do not take the places of one in season."""
    from crosswire.corpus.stories import MAX_UNDATED, new_edges
    from crosswire.model import Article, ArticleAnalysis
    from crosswire.store.corpus_tables import CorpusTables
    from crosswire.store.sqlite import Store

    title, text, keys, _ = DOCS["a1"]
    alike = story_vector(title, text, keys, [])
    store = Store(tmp_path / "s.db")
    named = {f"far{k:02d}": ("08-15",) for k in range(MAX_UNDATED + 2)} | {"near": ("03-02",), "none": ()}
    store.write_batch([ArticleAnalysis(Article(a, a, "wire", title, None, "none", "en", text, ())) for a in named])
    store.write_batch([ArticleAnalysis(Article("new", "new", "outlet", title, "2011-02-26", "metadata", "en", text, ()))])
    features = [StoryFeatures(a, None, alike if a.startswith("far") else dict(list(alike.items())[:40]), days)
                for a, days in named.items()]
    tables = CorpusTables(store)
    tables.write_features([(f.article, f.date, f.terms, f.block_terms(), f.yearless, f.index_dates()) for f in features])
    assert {tuple(r) for r in store.db.execute("SELECT DISTINCT article, date FROM story_terms WHERE article IN ('near', 'none')")} \
        == {("near", "~03-02"), ("none", "")}
    new = StoryFeatures("new", "2011-02-26", alike)
    assert {a if b == "new" else b for a, b, _ in new_edges(tables, [new])} == {"near", "none"}
    # Undated itself and naming no day, an article may be of any season: it finds them all.
    _, undated = tables.term_neighbours(new.block_terms(), None, 10, 100, None, None)
    assert set(undated) == set(named)


def test_the_season_migration_moves_indexed_undated_terms_to_the_days_they_name(tmp_path):
    """Stores written before the season index keep undated terms under ''; the migration moves
    those of articles naming valid days to "~MM-DD" and leaves the rest where they are."""
    from crosswire.model import Article, ArticleAnalysis
    from crosswire.store.schema import MIGRATIONS
    from crosswire.store.sqlite import Store

    store = Store(tmp_path / "s.db")
    store.write_batch([ArticleAnalysis(Article(a, a, "wire", "T", None, "none", "en", "Text.", ())) for a in "uvw"])
    with store.transaction() as db:
        db.executemany("INSERT INTO story_features (article, date, record, yearless) VALUES (?, NULL, '{}', ?)",
                       [("u", '["05-14", "02-30"]'), ("v", '["02-30"]'), ("w", None)])
        db.executemany("INSERT INTO story_terms VALUES (?, '', ?)", [(t, a) for a in "uvw" for t in ("quake", "chile")])
    version, _, script = MIGRATIONS[-1]
    assert version == 9
    store.db.executescript(script)
    rows = sorted(tuple(r) for r in store.db.execute("SELECT article, date, term FROM story_terms"))
    assert rows == [("u", "~05-14", "chile"), ("u", "~05-14", "quake"),
                    ("v", "", "chile"), ("v", "", "quake"), ("w", "", "chile"), ("w", "", "quake")]


def _undated_pile(tmp_path, dated_title: str, dated_text: str):
    """A store with MAX_UNDATED + 4 undated reports of one quake, two dated articles
    (``dated_title``, ``dated_text``) and a new undated report; returns the articles the new one
    is linked to."""
    from crosswire.corpus.stories import MAX_UNDATED, new_edges
    from crosswire.model import Article, ArticleAnalysis
    from crosswire.store.corpus_tables import CorpusTables
    from crosswire.store.sqlite import Store

    store = Store(tmp_path / "s.db")
    text = "An earthquake struck coastal Chile near Concepcion; rescuers searched homes."
    dates = {f"u{k:02d}": None for k in range(MAX_UNDATED + 4)} | {"d1": "2010-02-27", "d2": "2010-03-01", "new": None}
    titles = {a: dated_title if d else "Chile earthquake" for a, d in dates.items()}
    texts = {a: dated_text if d else text for a, d in dates.items()}
    store.write_batch([ArticleAnalysis(Article(a, a, "outlet", titles[a], d, "metadata" if d else "none",
                                               "en", texts[a], ())) for a, d in dates.items()])
    tables = CorpusTables(store)
    features = {a: StoryFeatures(a, d, story_vector(titles[a], texts[a], ["chile"], [])) for a, d in dates.items()}
    tables.write_features([(f.article, f.date, f.terms, f.block_terms(), f.yearless, f.index_dates())
                           for f in features.values()])
    return {b if a == "new" else a for a, b, _ in new_edges(tables, [features["new"]])}


def test_an_undated_article_scores_only_its_best_undated_candidates(tmp_path):
    """Undated reports pile up over a feed's years: an undated article scores at most MAX_UNDATED
    of them (those sharing the most block terms, ties by id), besides its dated candidates."""
    from crosswire.corpus.stories import MAX_UNDATED

    # The dated articles share the quake but are not close enough to place the new report in time.
    linked = _undated_pile(tmp_path, "Aid reaches Chile",
                           "Aid convoys reached Concepcion after the earthquake; officials counted damaged roads.")
    assert {"d1", "d2"} <= linked  # every dated candidate
    assert sorted(linked - {"d1", "d2"}) == [f"u{k:02d}" for k in range(MAX_UNDATED)]


def test_an_undated_article_a_dated_report_places_in_time_scores_fewer_undated_candidates(tmp_path):
    """Anchored by a near-identical dated report, an undated article takes only its
    MAX_UNDATED_ANCHORED best undated candidates (in a feed, the rest are reports of earlier
    episodes whose stories each batch would otherwise re-cluster)."""
    from crosswire.corpus.stories import MAX_UNDATED_ANCHORED

    linked = _undated_pile(tmp_path, "Chile earthquake",
                           "An earthquake struck coastal Chile near Concepcion; rescuers searched homes.")
    assert {"d1", "d2"} <= linked
    assert sorted(linked - {"d1", "d2"}) == [f"u{k:02d}" for k in range(MAX_UNDATED_ANCHORED)]

def _posted_store(tmp_path, articles):
    """A store holding ``articles`` (id -> date) with no story terms yet, and its corpus tables."""
    from crosswire.model import Article, ArticleAnalysis
    from crosswire.store.corpus_tables import CorpusTables
    from crosswire.store.sqlite import Store

    store = Store(tmp_path / "posted.db")
    store.write_batch([ArticleAnalysis(Article(a, a, "outlet", "Title", d, "metadata", "en", "Text.", ()))
                       for a, d in articles.items()])
    return store, CorpusTables(store)


def test_a_posting_over_its_limit_stays_skipped_and_one_under_it_is_read_again(tmp_path):
    """Postings only grow during a run, so a term found over its limit is not queried again;
    one under its limit is, since later batches add to it."""
    articles = {"p1": "2020-05-01", "p2": "2020-05-02", "p3": "2020-05-03"}
    store, tables = _posted_store(tmp_path, articles)
    window = ("2020-04-25", "2020-05-10")

    def post(article):
        tables.write_features([(article, articles[article], {"quake": 1.0}, ["quake"], (), (articles[article],))])

    def neighbours():
        return set(tables.term_neighbours(["quake"], window, 2, 2)[0])

    post("p1")
    assert neighbours() == {"p1"}
    post("p2")
    assert neighbours() == {"p1", "p2"}  # not the posting read before p2 was added
    post("p3")
    assert neighbours() == set()  # three articles: over the limit of two
    queries = []
    store.db.set_trace_callback(queries.append)
    assert neighbours() == set()
    store.db.set_trace_callback(None)
    assert not [q for q in queries if "BETWEEN" in q]


def test_links_among_articles_are_those_with_both_ends_among_them(tmp_path):
    _, tables = _posted_store(tmp_path, {})
    tables.write_edges([("a", "b", 0.5), ("a", "c", 0.4), ("b", "d", 0.3), ("c", "e", 0.25)])
    assert tables.edges_among({"a", "b", "c"}) == {("a", "b"): 0.5, ("a", "c"): 0.4}
    assert tables.edges_among({"d"}) == {}
