"""Cross-document event coreference on mention features, shared by event groups and the ECB+ benchmark.

Mentions are only compared inside a block (a story, or a story thread plus a date). Inside it, a
pair is a candidate when the triggers share a lemma, a stem ("arrested" / "arrest", "shooting" /
"shoot") or a family of ``lexicons/event_synonyms.yaml`` ("quake" / "tremor"). A candidate pair
scores by how close its triggers are, then moves with three soft signals: how much the words
around the triggers agree (rarity-weighted overlap of ``arguments``), how many of the block's
articles use each trigger (the main event is in most reports; a trigger in one or two of them is
more often a side event), and how early the deeper of the two mentions sits in its article
(reports lead with their main event). Reporting and support verbs ("say", "take") score low,
because two reports are rarely one act. Clusters grow by average link: two clusters merge while
the mean score over all their cross pairs (pairs that are no candidate count 0) clears
``LINK_MIN``, so one stray link cannot chain two events. Contradictions forbid a merge outright:
different event types, days or negation anywhere in the two clusters, or two mentions with
disjoint known actors. The result does not depend on the order of the mentions.

Without ``arguments`` and ``sentence`` a pair links on the same lemma or stem alone; a family
match needs supporting evidence (a lead position or shared arguments).

>>> m = lambda i, doc, lemma: EventMention(i, doc, "s1", lemma)
>>> sorted(map(sorted, coreference_clusters([m("1", "a", "arrest"), m("2", "b", "arrested"), m("3", "b", "say")]).values()))
[['1', '2'], ['3']]
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from crosswire.errors import ConfigError

if TYPE_CHECKING:
    from spacy.tokens import Token

# Verbs that report or support other events: the same lemma twice rarely means one event.
LIGHT = frozenset("""say tell report state add note claim believe think know
be have do take get give come put set""".split())
SAME_LEMMA = 1.0
SAME_STEM = 0.9
SAME_FAMILY = 0.75
LIGHT_SCORE = 0.3  # a reporting or support verb: below LINK_MIN unless the lead or arguments lift it
# Argument agreement moves a pair's score by ARGUMENTS * (similarity - ARGUMENTS_EVEN), the
# similarity being a cosine of the two argument sets weighted by rarity inside the block.
ARGUMENTS = 0.3
ARGUMENTS_EVEN = 0.2
# Reports lead with their main event: a pair whose deeper mention sits in sentence ``d`` of its
# article moves by POSITION * (POSITION_EVEN - min(d, POSITION_CAP)) / POSITION_CAP, i.e. from +0.09
# in the lead to -0.21 at sentence 16 and beyond. Kept soft on purpose: ECB+ (main events in the
# first few sentences, annotated side events deep) rewards a strong penalty (1.2 / 5 / 8 gave CoNLL
# 0.755 there), but real reports carry their main event at sentences 4-19 and that penalty split every
# multi-article group of the seed articles. A depth relative to the article's length did no better
# on either (ECB+ articles are as long as real ones: median 12 sentences). Tuned on ECB+ topics
# 1-35 as the strongest penalty that leaves the seed and demo groups as context words alone make them.
POSITION = 0.3
POSITION_EVEN = 5
POSITION_CAP = 16
# A story's main event is reported by most of its articles; a side event ("a previous attack",
# "the 2004 tsunami") by one or two, and two side events sharing a word are more often two events.
# A pair moves by SHARE * (s - SHARE_EVEN), ``s`` being the smaller of the two trigger stems' shares
# of the block's articles (from +0.2 when every article uses both to -0.3 when none else does).
# Shares count at most SHARE_ARTICLES articles, so a secondary event that a dozen outlets of a
# large story report still counts as widely reported, and a block of fewer than SHARE_MIN_ARTICLES
# articles has no shares (with two, every pair across them would look widely reported). Tuned on
# ECB+ topics 1-35.
SHARE = 0.5
SHARE_EVEN = 0.6
SHARE_ARTICLES = 12
SHARE_MIN_ARTICLES = 3
LINK_MIN = 0.8

# Inflectional and nominalising endings, longest first: (ending, replacement).
SUFFIXES = (("ations", ""), ("ation", ""), ("ments", ""), ("ment", ""), ("ings", ""), ("ing", ""),
            ("ions", ""), ("ion", ""), ("ies", "y"), ("ied", "y"), ("ate", ""), ("ed", ""), ("es", ""),
            ("s", ""), ("e", ""))
STEM_MIN = 3  # never strip a word below three letters ("dies" -> "di", not "d")

# ``arguments`` read from a parse: content lemmas this many tokens either side of the trigger,
# inside its sentence, at most CONTEXT_MAX of them (the nearest: records stay short; no ECB+
# mention has more than 12).
CONTEXT_WINDOW = 8
CONTEXT_POS = frozenset({"NOUN", "PROPN", "NUM", "ADJ"})
CONTEXT_MAX = 12


@dataclass(frozen=True)
class EventMention:
    """One event mention: ``block`` bounds what it may corefer with (e.g. its story)."""

    id: str
    article: str
    block: str
    lemma: str
    type: str | None = None
    day: str | None = None  # ISO day when known at day precision
    actors: frozenset[str] = field(default_factory=frozenset)  # countries or entity keys of participants
    negated: bool = False
    # Lower-case terms for the participants, place, time and quantities around the trigger
    # (entity keys, argument head lemmas, numbers): soft evidence, never a veto.
    arguments: frozenset[str] = field(default_factory=frozenset)
    sentence: int | None = None  # index of the mention's sentence in its article (0: the headline or lead)


def context_words(trigger: Token, window: int = CONTEXT_WINDOW, limit: int = CONTEXT_MAX) -> frozenset[str]:
    """Lower-cased content lemmas near a trigger token in its sentence: its ``EventMention.arguments``."""
    sent = trigger.sent
    span = trigger.doc[max(trigger.i - window, sent.start):min(trigger.i + window + 1, sent.end)]
    words: list[str] = []
    for t in sorted(span, key=lambda t: (abs(t.i - trigger.i), t.i)):  # nearest first, for the cap
        if (t.i != trigger.i and not t.is_stop and t.pos_ in CONTEXT_POS and (t.is_alpha or t.like_num)
                and t.lemma_.lower() not in words):
            words.append(t.lemma_.lower())
            if len(words) == limit:
                break
    return frozenset(words)


def trigger_stem(word: str) -> str:
    """A light stem of a trigger word: "arrested", "arrests" -> "arrest"; "shooting" -> "shoot"."""
    word = re.sub(r"[^a-z0-9]", "", word.lower())
    for ending, replacement in SUFFIXES:
        if word.endswith(ending) and len(word) - len(ending) >= STEM_MIN and not word.endswith("ss"):
            word = word[: len(word) - len(ending)] + replacement
            break
    if len(word) > STEM_MIN and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # "stopp" (stopped) -> "stop"
    return word


@lru_cache(maxsize=4)
def trigger_families(name: str = "event_synonyms.yaml") -> dict[str, frozenset[str]]:
    """Stem -> the families it belongs to, from a packaged lexicon."""
    try:
        data = yaml.safe_load(resources.files("crosswire.lexicons").joinpath(name).read_text("utf-8"))
        families = data["families"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ConfigError(f"cannot read trigger families from lexicons/{name}: {exc}; "
                          "it needs a `families` mapping of name -> list of words") from exc
    out: dict[str, set[str]] = defaultdict(set)
    for family, words in families.items():
        for word in words:
            out[trigger_stem(str(word))].add(family)
    return {stem: frozenset(names) for stem, names in out.items()}


def trigger_similarity(a: str, b: str, families: Mapping[str, frozenset[str]]) -> float:
    """How close two trigger lemmas are: same lemma, same stem, same family, or 0."""
    a, b = a.lower(), b.lower()
    if a == b:
        return SAME_LEMMA
    sa, sb = trigger_stem(a), trigger_stem(b)
    if sa == sb:
        return SAME_STEM
    if families.get(sa, frozenset()) & families.get(sb, frozenset()):
        return SAME_FAMILY
    return 0.0


def argument_similarity(a: frozenset[str], b: frozenset[str], weight: Mapping[str, float]) -> float:
    """Cosine of two argument sets, each term weighted by ``weight`` (default 1)."""
    shared = a & b
    if not shared:
        return 0.0
    norm = (sum(weight.get(t, 1.0) ** 2 for t in a) * sum(weight.get(t, 1.0) ** 2 for t in b)) ** 0.5
    return sum(weight.get(t, 1.0) ** 2 for t in shared) / norm


def rarity_weights(members: Sequence[EventMention]) -> dict[str, float]:
    """Argument term -> inverse document frequency among the block's mentions (common terms tell little)."""
    counts: dict[str, int] = defaultdict(int)
    for m in members:
        for term in m.arguments:
            counts[term] += 1
    return {t: math.log(1 + len(members) / c) for t, c in counts.items()}


def stem_shares(members: Sequence[EventMention], cap: int = SHARE_ARTICLES) -> dict[str, float]:
    """Trigger stem -> share of the block's articles that use it (out of at most ``cap`` articles);
    empty when the block has fewer than ``SHARE_MIN_ARTICLES`` articles."""
    articles: dict[str, set[str]] = defaultdict(set)
    for m in members:
        articles[trigger_stem(m.lemma)].add(m.article)
    total = min(len({m.article for m in members}), cap)
    if total < SHARE_MIN_ARTICLES:
        return {}
    return {stem: min(1.0, len(ids) / total) for stem, ids in articles.items()}


def pair_score(a: EventMention, b: EventMention, families: Mapping[str, frozenset[str]],
               light: frozenset[str] = LIGHT, weight: Mapping[str, float] | None = None,
               shares: Mapping[str, float] | None = None) -> float | None:
    """Evidence that two mentions of one block corefer; None when they cannot.

    ``weight`` is ``rarity_weights`` and ``shares`` is ``stem_shares`` of the block (each signal is
    left out when not given).
    """
    if a.type and b.type and a.type != b.type:
        return None
    if a.actors and b.actors and not (a.actors & b.actors):
        return None
    score = trigger_similarity(a.lemma, b.lemma, families)
    if not score:
        return 0.0
    if a.lemma.lower() in light or b.lemma.lower() in light:
        score = min(score, LIGHT_SCORE)
    if a.arguments and b.arguments:
        score += ARGUMENTS * (argument_similarity(a.arguments, b.arguments, weight or {}) - ARGUMENTS_EVEN)
    if a.sentence is not None and b.sentence is not None:
        depth = min(max(a.sentence, b.sentence), POSITION_CAP)
        score += POSITION * (POSITION_EVEN - depth) / POSITION_CAP
    if shares:
        share = min(shares.get(trigger_stem(a.lemma), 0.0), shares.get(trigger_stem(b.lemma), 0.0))
        score += SHARE * (share - SHARE_EVEN)
    return score


def candidate_pairs(members: Sequence[EventMention], families: Mapping[str, frozenset[str]]) -> set[tuple[int, int]]:
    """Index pairs of a block whose triggers share a stem or a family."""
    buckets: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(members):
        stem = trigger_stem(m.lemma)
        buckets["=" + stem].append(i)
        for family in families.get(stem, ()):
            buckets[family].append(i)
    return {(x, y) for ids in buckets.values() for k, x in enumerate(ids) for y in ids[k + 1:]}


def block_clusters(members: Sequence[EventMention], families: Mapping[str, frozenset[str]],
                   light: frozenset[str]) -> list[list[int]]:
    """Average-link clusters (member indexes) of one block's mentions."""
    total: dict[int, dict[int, float]] = defaultdict(dict)  # cluster -> cluster -> summed pair score
    banned: dict[int, set[int]] = defaultdict(set)
    weight, shares = rarity_weights(members), stem_shares(members)
    for x, y in sorted(candidate_pairs(members, families)):
        score = pair_score(members[x], members[y], families, light, weight, shares)
        if score is None:
            banned[x].add(y)
            banned[y].add(x)
        elif score:
            total[x][y] = total[y][x] = score
    clusters = {i: [i] for i in range(len(members))}
    # What each cluster has committed to: merging never mixes two days, types or polarities.
    days = {i: {m.day} - {None} for i, m in enumerate(members)}
    types = {i: {m.type} - {None} for i, m in enumerate(members)}
    polarity = {i: {m.negated} for i, m in enumerate(members)}
    heap = [(-s, x, y) for x, row in total.items() for y, s in row.items() if x < y]
    heapq.heapify(heap)
    while heap:
        neg, x, y = heapq.heappop(heap)
        if x not in clusters or y not in clusters:
            continue
        average = total[x].get(y, 0.0) / (len(clusters[x]) * len(clusters[y]))
        if abs(average + neg) > 1e-12:  # stale entry: the pair was re-scored after a merge
            continue
        if average < LINK_MIN:
            break
        if (y in banned[x] or len(days[x] | days[y]) > 1 or len(types[x] | types[y]) > 1
                or len(polarity[x] | polarity[y]) > 1):
            continue
        clusters[x] += clusters.pop(y)  # x < y: the merged cluster keeps the smaller index
        days[x] |= days.pop(y)
        types[x] |= types.pop(y)
        polarity[x] |= polarity.pop(y)
        for other in banned.pop(y, set()):
            banned[other].discard(y)
            if other in clusters:
                banned[other].add(x)
                banned[x].add(other)
        for other, score in total.pop(y).items():
            del total[other][y]
            if other != x:
                total[x][other] = total[other][x] = total[x].get(other, 0.0) + score
        total[x].pop(x, None)
        for other, score in total[x].items():
            a, b = min(x, other), max(x, other)
            heapq.heappush(heap, (-score / (len(clusters[a]) * len(clusters[b])), a, b))
    return list(clusters.values())


def coreference_clusters(mentions: Sequence[EventMention], families: Mapping[str, frozenset[str]] | None = None,
                         light: Iterable[str] = LIGHT) -> dict[str, list[str]]:
    """Clusters of coreferent mentions, keyed by their smallest mention id."""
    families = trigger_families() if families is None else families
    light = frozenset(light)
    blocks: dict[str, list[EventMention]] = defaultdict(list)
    for m in sorted(mentions, key=lambda m: m.id):
        blocks[m.block].append(m)
    out: dict[str, list[str]] = {}
    for block in sorted(blocks):
        members = blocks[block]
        for cluster in block_clusters(members, families, light):
            ids = sorted(members[i].id for i in cluster)
            out[ids[0]] = ids
    return out
