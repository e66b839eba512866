"""Stories: articles about one real-world event or episode, clustered incrementally.

Each article gets a small weighted term vector (content-word stems, entity keys, the days it
mentions) and a date. Two articles are *linked* when their cosine similarity passes
``LINK_MIN`` and their dates are close (for an article without a date, the days of the year
it names, as a year-less dateline gives them: see ``seasons_compatible``); the links are stored
(``story_edges``). A story is an average-link cluster inside a connected component of strong
links (``STORY_MIN``; see ``strong_links``). Both the links and the clustering depend only on the
articles themselves (no corpus statistics), and only the stories around new articles are re-clustered
(``update_stories``), so adding articles one batch at a time gives the stories of adding them all
at once (tested; not guaranteed when a batch splits a story whose part would join an untouched
story, or when a cap on candidates binds: ``MAX_CANDIDATES``, ``MAX_UNDATED``,
``MAX_UNDATED_ANCHORED``), and a batch costs
the size of its episodes rather than of a conflict.

>>> a = story_vector("Quake hits Chile", "A strong earthquake hit Chile on Monday.", ["chile"], ["2010-02-27"])
>>> b = story_vector("Chile quake", "The earthquake in Chile killed hundreds.", ["chile"], ["2010-02-27"])
>>> round(cosine(a, b), 2) > 0.3
True
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from functools import cached_property

from crosswire.names import fold_accents

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
STEM = 7  # a word's first letters stand in for its lemma: "refused"/"refuses" (tuned on ECB+)
TITLE_WEIGHT = 4.0
ENTITY_WEIGHT = 2.5
DAY_WEIGHT = 3.0
MAX_TERMS = 120  # terms kept per article: enough to compare, small enough to store
BLOCK_TERMS = 12  # strongest terms indexed for finding candidates
LINK_MIN = 0.20  # a stored link: the two articles may be about one episode
STORY_MIN = 0.30  # average similarity at which two clusters are one story
MAX_DAYS = 10  # articles further apart in time are different episodes
MAX_POSTING = 1000  # a term shared by more articles than this inside a date window is too common to block on
MIN_SHARED = 2  # block terms a candidate must share (one shared name or word rarely makes a story)
MAX_CANDIDATES = 100  # candidates scored per new article, those sharing the most block terms first
MAX_UNDATED = 20  # undated candidates scored per new article (see new_edges)
MAX_UNDATED_POSTING = 500  # a term of more undated articles than this is too common to find them by
MAX_UNDATED_ANCHORED = 5  # undated candidates of an undated article that a dated report already places in time

STOPWORDS = frozenset("""about above after again against all also although among and another any are around
as at back be because been before being below between both but by can cannot could did does doing down
during each even every few for from further had has have having he her here hers herself him himself his
how however if in into is it its itself just last least less like made make many may might more most much
must my myself near new next no nor not now of off on once one only or other our ours out over own part
per said same say says saying she should since so some still such than that the their theirs them then
there these they this those through thus to told too two under until up upon very was we were what when
where whether which while who whom whose why will with within without would year years you your
between among across toward towards
according added also told reported reports report week weeks month months day days today yesterday
monday tuesday wednesday thursday friday saturday sunday time times first second third people percent
january february march april may june july august september october november december news""".split())


@dataclass(frozen=True)
class StoryFeatures:
    """What stories are clustered on: an article's date (or None), its weighted terms and, when
    it has no date, the days of a year it names ("MM-DD", as a year-less dateline gives)."""

    article: str
    date: str | None
    terms: dict[str, float]
    yearless: tuple[str, ...] = ()

    @cached_property
    def days_of_year(self) -> frozenset[int]:
        """Days of a leap year the article speaks from: its date's, else those it names."""
        return frozenset(filter(None, map(_day_of_year, [self.date[5:10]] if self.date else self.yearless)))

    def index_dates(self) -> tuple[str, ...]:
        """The dates its block terms are indexed under: its date; else "~MM-DD" for each day of
        a year it names; else '' (an undated article that may be of any time)."""
        if self.date:
            return (self.date,)
        return tuple(sorted({f"~{day}" for day in self.yearless if _day_of_year(day)})) or ("",)

    def undated_seasons(self) -> tuple[str, ...] | None:
        """The index dates of the undated articles it may be linked to (``seasons_compatible``):
        '' and the "~MM-DD" within ``MAX_DAYS`` of its days of the year; None: all of them."""
        return season_dates(self.days_of_year) if self.days_of_year else None

    def block_terms(self) -> list[str]:
        """The terms indexed to find candidate neighbours: entities and days first, then the strongest."""
        ranked = sorted(self.terms, key=lambda t: (-self.terms[t], t))
        marked = [t for t in ranked if t.startswith(("e:", "d:"))][:BLOCK_TERMS]
        plain = [t for t in ranked if not t.startswith(("e:", "d:"))][:BLOCK_TERMS]
        return marked + plain


def _stems(text: str) -> Counter[str]:
    words = WORD.findall((text if text.isascii() else fold_accents(text)).lower())
    return Counter(w[:STEM] for w in words if w not in STOPWORDS)


def story_vector(title: str | None, text: str, entity_keys: Iterable[str], days: Iterable[str]) -> dict[str, float]:
    """A unit-length weighted term vector of one article (log-damped counts)."""
    weights: dict[str, float] = defaultdict(float)
    for stem, count in _stems(text).items():
        weights[stem] += 1 + math.log(count)
    for stem in _stems(title or ""):
        weights[stem] += TITLE_WEIGHT
    for key, count in Counter(entity_keys).items():
        weights[f"e:{key}"] += ENTITY_WEIGHT * (1 + math.log(count))
    for day in set(days):
        weights[f"d:{day}"] += DAY_WEIGHT
    kept = sorted(weights, key=lambda t: (-weights[t], t))[:MAX_TERMS]
    norm = math.sqrt(sum(weights[t] ** 2 for t in kept)) or 1.0
    return {t: round(weights[t] / norm, 5) for t in kept}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine similarity of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    # Skipping absent terms adds the same products in the same order as adding zeros did.
    return sum(w * b[t] for t, w in a.items() if t in b)


def article_date(published: str | None, published_range: Mapping[str, str] | None,
                 days: Iterable[str] = ()) -> str | None:
    """The day an article speaks from: its publication date, else the end of a narrow range,
    else the latest day it mentions inside its range."""
    if published:
        return published[:10]
    if published_range and published_range.get("earliest") and published_range.get("latest"):
        earliest, latest = _day(published_range["earliest"]), _day(published_range["latest"])
        if earliest and latest and (latest - earliest).days <= MAX_DAYS:
            return latest.isoformat()
        inside = sorted(d for d in (_day(x) for x in days) if d and earliest and latest and earliest <= d <= latest)
        if inside:
            return inside[-1].isoformat()
    return None


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


def _day_of_year(month_day: str) -> int | None:
    """"05-14" -> 135, its place in a leap year (so 29 February has one); None if not a day."""
    try:
        return dt.date.fromisoformat(f"2000-{month_day}").timetuple().tm_yday
    except ValueError:
        return None


def season_dates(days_of_year: Iterable[int]) -> tuple[str, ...]:
    """'' and the index dates ("~MM-DD") of the days within ``MAX_DAYS`` of these days of a leap
    year, counted round the turn of the year: where undated articles that may be near them are
    indexed.

    >>> season_dates([1])[:3], season_dates([1])[-1], len(season_dates([1]))
    (('', '~01-01', '~01-02'), '~12-31', 22)
    """
    found = {(dt.date(2000, 1, 1) + dt.timedelta(days=(day - 1 + offset) % 366)).strftime("~%m-%d")
             for day in days_of_year for offset in range(-MAX_DAYS, MAX_DAYS + 1)}
    return ("", *sorted(found))


def seasons_compatible(a: StoryFeatures, b: StoryFeatures) -> bool:
    """Whether two articles, one of them undated, may be within ``MAX_DAYS`` of each other in
    some year: an undated article that names days of a year ("KESTREL BAY, 14 May -") is near one
    of them. True when either names none (nothing to compare) or both are dated (their dates decide)."""
    if a.date and b.date:
        return True
    days_a, days_b = a.days_of_year, b.days_of_year
    if not days_a or not days_b:
        return True
    return any(min(abs(x - y), 366 - abs(x - y)) <= MAX_DAYS for x in days_a for y in days_b)


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Unknown dates are compatible; known ones must be within ``MAX_DAYS``."""
    da, db = _day(a), _day(b)
    return da is None or db is None or abs((da - db).days) <= MAX_DAYS


UNDATED_FACTOR = 0.8  # a dated and an undated article: time cannot confirm the link
# ... nor keep it to one episode, so for such a link to join components the text must: reports
# of other episodes of one conflict share its people, places and wording. In the first 10k
# articles of the synthetic feed (bench/synthetic.py) an undated report reaches cosine 0.65 with
# 42 of 2.6 M blocked candidates from other episodes and with 87% of its own episode's reports.
# At the plain threshold (cosine 0.375) each undated report was strongly linked to ~90 reports
# of other episodes at 10k articles, ten times as many at 100k: hubs whose stories every batch
# re-clustered.
UNDATED_STRONG = 0.52  # = 0.8 x cosine 0.65


def link_score(a: StoryFeatures, b: StoryFeatures) -> float:
    """Similarity of two articles for story clustering; 0 when their dates, or the days of the
    year an undated one names, are too far apart."""
    if not dates_compatible(a.date, b.date) or not seasons_compatible(a, b):
        return 0.0
    factor = UNDATED_FACTOR if (a.date is None) != (b.date is None) else 1.0
    return cosine(a.terms, b.terms) * factor


def is_strong(score: float, mixed: bool, threshold: float = STORY_MIN) -> bool:
    """Whether a link can join two clusters (see ``strong_links``); ``mixed``: a dated and an undated article."""
    return score >= (max(threshold, UNDATED_STRONG) if mixed else threshold)


SCALE = 100_000  # edge scores are summed as integers, so sums do not depend on the order of addition


def cluster_component(members: Sequence[str], edges: Mapping[tuple[str, str], float],
                      threshold: float = STORY_MIN) -> list[list[str]]:
    """Average-link clusters of one component (pairs without an edge count as 0).

    Deterministic for a given set of members and edges: the best pair is merged first, ties
    broken by the smallest cluster ids (a cluster's id is its smallest member), so input order
    does not matter. A heap of candidate pairs with lazy invalidation keeps each merge at the
    cost of the merged clusters' neighbours, not of every pair.
    """
    clusters: dict[str, list[str]] = {m: [m] for m in sorted(members)}
    links: dict[str, dict[str, int]] = {m: {} for m in clusters}
    for (x, y), score in edges.items():
        if x in clusters and y in clusters and x != y:
            links[x][y] = links[x].get(y, 0) + round(score * SCALE)
            links[y][x] = links[x][y]
    version = {m: 0 for m in clusters}
    heap: list[tuple[float, str, str, int, int]] = []

    def push(x: str, y: str) -> None:
        x, y = min(x, y), max(x, y)
        average = links[x][y] / (SCALE * len(clusters[x]) * len(clusters[y]))
        if average >= threshold:
            heapq.heappush(heap, (-average, x, y, version[x], version[y]))

    for x in links:
        for y in links[x]:
            if x < y:
                push(x, y)
    while heap:
        negative, x, y, vx, vy = heapq.heappop(heap)
        if x not in clusters or y not in clusters or version[x] != vx or version[y] != vy:
            continue
        if -negative <= threshold:
            break
        clusters[x].extend(clusters.pop(y))  # x < y: y joins x, whose id stays the smallest member
        for z, total in links.pop(y).items():
            links[z].pop(y, None)
            if z != x:
                links[x][z] = links[x].get(z, 0) + total
                links[z][x] = links[x][z]
        links[x].pop(y, None)
        version[x] += 1
        del version[y]
        for z in links[x]:
            push(x, z)
    return [sorted(c) for c in sorted(clusters.values())]


def strong_links(edges: Mapping[tuple[str, str], float], undated: Set[str] = frozenset(),
                 threshold: float = STORY_MIN) -> list[tuple[str, str]]:
    """The links that can join two clusters: an average above ``threshold`` needs one link above it.

    So every story lies inside one component of strong links, and clustering each such
    component alone gives the clusters of clustering them all together. Weak links only make
    chains across episodes, which would make the components (and the work of re-clustering one)
    grow with the corpus. A link between a dated and an ``undated`` article is strong only from
    ``UNDATED_STRONG``, for the same reason: a story is then the average-link cluster inside a
    component of these links, by definition rather than as a consequence.
    """
    return [pair for pair, score in edges.items()
            if is_strong(score, (pair[0] in undated) != (pair[1] in undated), threshold)]


def connected_components(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components, each sorted, in a stable order."""
    parent = {n: n for n in nodes}

    def find(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for n in parent:
        groups[find(n)].append(n)
    return sorted(sorted(g) for g in groups.values())


def story_label(titles: Sequence[str | None], vectors: Sequence[Mapping[str, float]]) -> str:
    """A story's label: the title of its most central article (ties: shortest, then alphabetical)."""
    best, best_key = None, None
    for i, title in enumerate(titles):
        if not title:
            continue
        centrality = sum(cosine(vectors[i], v) for j, v in enumerate(vectors) if j != i)
        key = (-round(centrality, 6), len(title), title)
        if best_key is None or key < best_key:
            best, best_key = title, key
    return best or "(untitled)"


# -- store-bound part ------------------------------------------------------------------------

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
THREAD_MIN = 0.25  # entity-profile similarity of two stories of one conflict
PROFILE_TERMS = 40  # entity terms kept in a story's profile
MAX_THREAD_POSTING = 300  # an entity in more stories than this does not find thread candidates
MAX_THREAD_CANDIDATES = 30  # stories compared with a written story to find its thread


def article_features(tables, article_ids: Sequence[str]) -> list[StoryFeatures]:
    """Story features of articles, computed from the stored text, mentions and time expressions."""
    keys: dict[str, list[str]] = defaultdict(list)
    for row in tables.mentions(article_ids):
        if row["label"] in ENTITY_LABELS:
            keys[row["article"]].append(row["key"])
    days, yearless = tables.day_values(article_ids)
    features = []
    for article in tables.articles(article_ids):
        vector = story_vector(article["title"], article["text"], keys.get(article["id"], []),
                              days.get(article["id"], []))
        date = article_date(article["published"], article["published_range"], days.get(article["id"], []))
        named = () if date else tuple(sorted(set(yearless.get(article["id"], []))))
        features.append(StoryFeatures(article["id"], date, vector, named))
    return features


def best_candidates(shared: Mapping[str, int], own_terms: int, limit: int = MAX_CANDIDATES) -> list[str]:
    """The candidates worth scoring: those sharing ``MIN_SHARED`` block terms (one, for an article
    with fewer terms), most shared first, ties by id, at most ``limit``."""
    least = min(MIN_SHARED, max(own_terms, 1))
    ranked = sorted((c for c, n in shared.items() if n >= least), key=lambda c: (-shared[c], c))
    return ranked[:limit]


def date_window(date: str | None) -> tuple[str, str] | None:
    """The ISO days an article dated ``date`` may share a story with (None: any)."""
    day = _day(date)
    if day is None:
        return None
    span = dt.timedelta(days=MAX_DAYS)
    return (day - span).isoformat(), (day + span).isoformat()


def new_edges(tables, new: Sequence[StoryFeatures]) -> list[tuple[str, str, float]]:
    """Links between new articles and every stored article they may share a story with.

    Candidates come from the blocking index (shared strong terms inside the date window), so
    the work grows with the new articles and their neighbourhoods, not with the corpus.
    Undated articles fit every window, and in a feed they pile up over the years: every article
    takes only its ``MAX_UNDATED`` best undated candidates, found through terms that at most
    ``MAX_UNDATED_POSTING`` undated articles carry. Without these caps each new article was
    compared with the undated reports of every earlier episode of its conflict, and the work
    of a batch grew with the feed; in a corpus without any dates (ECB+) they cost 0.004 B-cubed F1.
    Undated articles that name days of a year are indexed under them ("~05-14"), and only those
    near the new article's days are read (``season_dates``): the others could not be linked
    (``seasons_compatible``), yet each dated article of a feed counted them, one posting entry
    per shared term, some 970 entries per article at 10k articles and three times as many at 100k.

    An undated article strongly linked to a dated candidate is *anchored*: that report puts it in
    its episode, so it takes only its ``MAX_UNDATED_ANCHORED`` best undated candidates. The
    others were mostly undated reports of earlier episodes of its conflict, linked strongly
    enough (cosine 0.30-0.40) to make the batch re-cluster their stories, never enough to join
    them: in the synthetic feed the stories a batch touched this way went from 200 at 9k
    articles to 480 at 50k. A corpus without dates (ECB+) has no anchored article.
    """
    candidates, memo = {}, {}  # memo: the articles of a batch share their common terms' postings
    for f in new:
        terms = f.block_terms()
        dated, undated = tables.term_neighbours(terms, date_window(f.date), MAX_POSTING, MAX_UNDATED_POSTING, memo,
                                                f.undated_seasons())
        dated.pop(f.article, None)
        undated.pop(f.article, None)
        candidates[f.article] = (best_candidates(dated, len(terms)),
                                 best_candidates(undated, len(terms), MAX_UNDATED))
    known = {f.article: f for f in new}
    wanted = {other for dated, undated in candidates.values() for other in dated + undated}
    stored = tables.features(wanted - set(known)) if candidates else {}
    for other, (date, terms, named) in stored.items():
        known[other] = StoryFeatures(other, date, terms, named)
    edges: dict[tuple[str, str], float] = {}

    def scores(f: StoryFeatures, others: list[str]) -> list[float]:
        found = []
        for other in others:
            if other in known:
                pair = (min(f.article, other), max(f.article, other))
                if pair not in edges:  # two new articles may be each other's candidates
                    edges[pair] = link_score(f, known[other])
                found.append(edges[pair])
        return found

    for f in new:
        dated, undated = candidates[f.article]
        dated_scores = scores(f, dated)
        # An undated article's dated candidates are all mixed links, strong from UNDATED_STRONG.
        anchored = f.date is None and any(s >= UNDATED_STRONG for s in dated_scores)
        scores(f, undated[:MAX_UNDATED_ANCHORED] if anchored else undated)
    return [(a, b, round(score, 5)) for (a, b), score in sorted(edges.items()) if score >= LINK_MIN]


def update_stories(tables, article_ids: Sequence[str]) -> tuple[set[str], set[str], list[tuple[str, str, float]]]:
    """Index and link new articles, re-cluster the stories around them; returns
    (stories written, stories removed, the new links).

    Around them: the new articles, the articles strongly linked to them, and every member of
    those articles' stories, with all links among these. A story none of whose members is
    strongly linked to a new article cannot gain or lose members by it, so it is left alone;
    re-clustering whole components instead made the work grow with the corpus wherever
    recurring names chain one episode to the next.
    """
    from crosswire.model import content_id

    new = article_features(tables, article_ids)
    tables.write_features([(f.article, f.date, f.terms, f.block_terms(), f.yearless, f.index_dates()) for f in new])
    edges = new_edges(tables, new)
    tables.write_edges(edges)
    nodes = tables.strong_neighbours([f.article for f in new], is_strong)
    story_of = tables.stories_of(nodes)
    old_stories = {story for story in story_of.values() if story}
    # Every member of a touched story is re-clustered, linked to a new article or not.
    extra = set(tables.articles_of_stories(old_stories)) - nodes
    nodes |= extra
    story_of.update(tables.stories_of(extra))
    component_edges = tables.edges_among(nodes)
    old_members: dict[str, set[str]] = defaultdict(set)
    for article, story in story_of.items():
        if story:
            old_members[story].add(article)
    clusters = {content_id("story", cluster[0]): cluster
                for component in connected_components(nodes, strong_links(component_edges, tables.undated(nodes)))
                for cluster in cluster_component(component, component_edges)}
    # Only stories whose membership changed are rewritten (a touched component mostly keeps its stories).
    changed = {story: cluster for story, cluster in clusters.items() if set(cluster) != old_members.get(story)}
    rewritten = {m for cluster in changed.values() for m in cluster}
    features = tables.features(rewritten)
    meta = tables.article_meta(rewritten)
    assignment: dict[str, str] = {}
    records = []
    for story, cluster in sorted(changed.items()):
        assignment.update({m: story for m in cluster if story_of[m] != story})
        dates = sorted(d for d in (features.get(m, (None, {}))[0] for m in cluster) if d)
        titles = [meta[m]["title"] for m in cluster]
        label = story_label(titles, [features.get(m, (None, {}))[1] for m in cluster])
        records.append({"id": story, "label": label, "articles": cluster,
                        "start": dates[0] if dates else None, "end": dates[-1] if dates else None,
                        "events": [], "thread": None})
    tables.set_stories_of(assignment)
    written = set(changed)
    removed = old_stories - set(clusters)
    _link_threads(tables, records, features, removed)
    tables.replace_stories(removed | written, records)
    return written, removed, edges


def _profile(members: Sequence[str], features: Mapping[str, tuple[str | None, dict[str, float]]]) -> dict[str, float]:
    """A story's entity profile: the summed entity weights of its articles, unit length, strongest terms."""
    total: dict[str, float] = defaultdict(float)
    for m in members:
        for term, weight in features.get(m, (None, {}))[1].items():
            if term.startswith("e:"):
                total[term] += weight
    kept = sorted(total, key=lambda t: (-total[t], t))[:PROFILE_TERMS]
    norm = math.sqrt(sum(total[t] ** 2 for t in kept)) or 1.0
    return {t: round(total[t] / norm, 5) for t in kept}


def _link_threads(tables, records: list[dict], features, removed: set[str]) -> None:
    """Put each written story in a thread with the stories whose entity profiles it shares.

    Each story's profile is stored with an index over its strongest entities, so the stories
    to compare with are an indexed lookup.
    """
    profiles = {r["id"]: _profile(r["articles"], features) for r in records}
    tables.replace_profiles(removed | set(profiles), [
        (story, profile, sorted(profile, key=lambda t: (-profile[t], t))[:BLOCK_TERMS])
        for story, profile in sorted(profiles.items())])
    threads_rows = []
    loaded: dict[str, dict[str, float]] = dict(profiles)
    for record in records:
        profile = profiles[record["id"]]
        top = sorted(profile, key=lambda t: (-profile[t], t))[:BLOCK_TERMS]
        shared = tables.profile_neighbours(top, MAX_THREAD_POSTING)
        shared.pop(record["id"], None)
        others = best_candidates(shared, len(top), MAX_THREAD_CANDIDATES)
        loaded.update(tables.profiles([o for o in others if o not in loaded]))
        linked = {record["id"]} | {story for story in others
                                   if story in loaded and cosine(profile, loaded[story]) >= THREAD_MIN}
        known = tables.threads(linked)
        thread = min({record["id"], *known.values(), *linked})
        record["thread"] = thread
        threads_rows.extend((s, thread) for s in sorted(linked))
    tables.write_threads(threads_rows)
