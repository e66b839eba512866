"""Copies: near-duplicate detection (MinHash LSH over word shingles, then verification).

Each article's MinHash (datasketch) is cut into bands; the band keys are stored in the
``lsh_buckets`` table, so finding the candidates of a new article is an indexed lookup, not a
pass over the corpus. Every candidate pair is verified on the texts and labelled:

* ``exact``: the same words (case and spacing aside);
* ``syndicated``: one text contains the other's shingles almost entirely (added boilerplate);
* ``rewrite``: the same sentence skeleton with many short word substitutions (a spun copy);
  the substitutions are listed;
* ``rewording``: the same content words in a different wording (a rewrite by hand), or a
  translation-like text whose sentences follow the other's in order, found between articles of
  one story by :func:`rewording_pairs`;
* otherwise independent (nothing stored).

>>> a = "Norway offered on Tuesday to mediate between the two countries after the flood. " * 3
>>> verify_pair(a, a.upper())["kind"]
'exact'
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from datasketch import MinHash

from crosswire.names import fold_accents

WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4  # words per shingle
NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: pairs above ~0.5 Jaccard share a bucket with high probability
SYNDICATED = 0.9  # shingle containment of the shorter text in the longer
REWRITE_RATIO = 0.55  # word-alignment ratio of a spun copy
MIN_SUBSTITUTIONS = 3
MAX_SUB_WORDS = 4  # a substitution replaces a short phrase, not a passage
REWORDING = 0.5  # content-stem Jaccard of a rewording
STEM = 5
# Translations from Romance languages (and many others) keep the source's genitives: "the minister
# of foreign affairs of X", "the releases of water". Native English news has "of" as ~2% of its
# words (median over the ECB+ news corpus; 99th percentile 6.5%); a text above this share reads as
# translated. A translation shares few words with its original (every word was chosen again), so
# bag-of-words scores cannot find it; the order of its sentences and of their content words can.
TRANSLATED_OF = 0.055
MIN_TRANSLATED_WORDS = 150  # a short text's share of "of" says little
SENTENCE_MATCH = 0.4  # in-order content-stem share (Dice of their LCS) of two aligned sentences
TRANSLATION_ALIGNED = 0.2  # share of the shorter text's content stems in aligned sentence pairs
CONTENT_STOP = frozenset("""the a an and or of to in on at by for with from as is are was were be been has have
had it its this that these those he she they we you i his her their our not no will would can could said
says also which who whom what when where while after before into over than then there here""".split())


def words_of(text: str) -> list[str]:
    """Lower-case words with accents folded."""
    return WORD.findall((text if text.isascii() else fold_accents(text)).lower())


def shingles(words: Sequence[str]) -> set[str]:
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def lsh_buckets(text: str, template: MinHash | None = None) -> list[str]:
    """The band keys of a text's MinHash: two texts sharing one are copy candidates.

    ``template`` (an empty MinHash) lends its permutations, so many texts are hashed without
    drawing them again.
    """
    grams = shingles(words_of(text))
    if not grams:
        return []
    if template is None:
        template = MinHash(num_perm=NUM_PERM, seed=1)
    minhash = MinHash(num_perm=NUM_PERM, seed=1, permutations=template.permutations, scheme=template.scheme)
    minhash.update_batch([g.encode("utf-8") for g in sorted(grams)])
    rows = NUM_PERM // BANDS
    keys = []
    for band in range(BANDS):
        values = minhash.hashvalues[band * rows:(band + 1) * rows]
        digest = hashlib.blake2b(values.tobytes(), digest_size=8).hexdigest()
        keys.append(f"{band}:{digest}")
    return keys


def _containment(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def verify_pair(text_a: str, text_b: str) -> dict[str, Any] | None:
    """The copy relation of two texts (kind, scores, substitutions), or None when independent."""
    return verified(_Text(text_a), _Text(text_b))


class _Text:
    """A text with its words computed once and what the checks need computed on first use (an
    article is verified against several)."""

    def __init__(self, text: str):
        self.text = text
        self.words = words_of(text)
        self._shingles: set[str] | None = None
        self._masks: dict[str, int] | None = None
        self._counts: Counter[str] | None = None
        self._sentences: list[tuple[str, ...]] | None = None

    @property
    def shingles(self) -> set[str]:
        if self._shingles is None:
            self._shingles = shingles(self.words)
        return self._shingles

    @property
    def counts(self) -> Counter[str]:
        if self._counts is None:
            self._counts = Counter(self.words)
        return self._counts

    @property
    def masks(self) -> dict[str, int]:
        """Word -> bit mask of its positions (for :func:`lcs_length`)."""
        if self._masks is None:
            self._masks = position_masks(self.words)
        return self._masks

    @property
    def sentences(self) -> list[tuple[str, ...]]:
        """The content stems of each sentence, in order."""
        if self._sentences is None:
            self._sentences = sentence_stems(self.text)
        return self._sentences

    @property
    def translated(self) -> bool:
        """Whether the text reads as translated (its share of "of", see ``TRANSLATED_OF``)."""
        n = len(self.words)
        return n >= MIN_TRANSLATED_WORDS and self.words.count("of") / n >= TRANSLATED_OF


def position_masks(sequence: Sequence[str]) -> dict[str, int]:
    """Item -> bit mask of the positions where it occurs."""
    masks: dict[str, int] = {}
    for i, item in enumerate(sequence):
        masks[item] = masks.get(item, 0) | (1 << i)
    return masks


def lcs_length(masks: Mapping[str, int], length: int, other: Iterable[str]) -> int:
    """Length of the longest common subsequence of a sequence (its ``position_masks`` and length)
    and ``other``.

    Bit-parallel (Hyyro's formulation of Allison and Dix): one big-integer step per item of
    ``other``, so two 500-word texts cost 500 steps instead of 250,000 cell updates.

    >>> lcs_length(position_masks("abcbdab"), 7, "bdcaba")
    4
    """
    full = (1 << length) - 1
    v = full
    for item in other:
        u = v & masks.get(item, 0)
        v = ((v + u) | (v - u)) & full
    return length - v.bit_count()


def alignment_can_reach(a: _Text, b: _Text, threshold: float) -> bool:
    """Whether ``SequenceMatcher(a.words, b.words).ratio()`` can reach ``threshold``.

    Upper bounds of the ratio, cheapest first: the lengths; the words the two have in common
    (counted with repeats); the longest common subsequence (the matcher's blocks form one).
    """
    la, lb = len(a.words), len(b.words)
    total = la + lb
    if not la or not lb or 2 * min(la, lb) < threshold * total:
        return False
    short, long_ = (a, b) if la <= lb else (b, a)
    counts = long_.counts
    if 2 * sum(min(n, counts.get(w, 0)) for w, n in short.counts.items()) < threshold * total:
        return False
    return 2 * lcs_length(long_.masks, len(long_.words), short.words) >= threshold * total


def verified(a: _Text, b: _Text) -> dict[str, Any] | None:
    """``verify_pair`` on prepared texts."""
    wa, wb = a.words, b.words
    if not wa or not wb:
        return None
    if wa == wb:
        return {"kind": "exact", "similarity": 1.0, "substitutions": []}
    containment = _containment(a.shingles, b.shingles)
    if containment >= SYNDICATED:
        return {"kind": "syndicated", "similarity": round(containment, 4), "substitutions": []}
    # The word alignment below is the costly step; most pairs of one story cannot reach its
    # threshold, and the bound proves it (same results, a fraction of the time).
    if not alignment_can_reach(a, b, REWRITE_RATIO):
        return None
    matcher = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False)
    ratio = matcher.ratio()
    if ratio < REWRITE_RATIO:
        return None
    raw_a, raw_b = WORD.findall(a.text), WORD.findall(b.text)
    substitutions = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and i2 - i1 <= MAX_SUB_WORDS and j2 - j1 <= MAX_SUB_WORDS:
            substitutions.append([" ".join(raw_a[i1:i2]), " ".join(raw_b[j1:j2])])
    if len(substitutions) < MIN_SUBSTITUTIONS:
        return {"kind": "syndicated", "similarity": round(ratio, 4), "substitutions": substitutions}
    return {"kind": "rewrite", "similarity": round(ratio, 4), "substitutions": substitutions}


def content_stems(text: str) -> frozenset[str]:
    """Stems of the content words of a text (for rewording detection)."""
    return frozenset(w[:STEM] for w in words_of(text) if w not in CONTENT_STOP and not w.isdigit())


def rewording_score(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’»)\]]*\s+|\n+")
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+")  # "2,000" and "2000" are one number


def sentence_stems(text: str) -> list[tuple[str, ...]]:
    """The content stems of each sentence of a text, in order; numbers kept whole (they survive a
    translation when words do not)."""
    found = []
    for sentence in SENTENCE_END.split(NUMBER.sub(lambda m: m.group().replace(",", ""), text)):
        stems = tuple(w if w.isdigit() else w[:STEM] for w in words_of(sentence) if w not in CONTENT_STOP)
        if stems:
            found.append(stems)
    return found


def aligned_share(a: _Text, b: _Text) -> float:
    """Share of the shorter text's content stems that an in-order alignment of the two texts'
    sentences matches, counting in each aligned pair the stems that also keep their order.

    Independent reports of one event share names and key words, but in other sentences and
    another order; a translation keeps the order of the facts and of most words in a sentence.
    """
    sa, sb = a.sentences, b.sentences
    if not sa or not sb:
        return 0.0
    masks = [position_masks(x) for x in sa]
    # best[j]: the most matched stems aligning the sentences of ``a`` so far with sb[:j]
    best = [0] * (len(sb) + 1)
    for x, mask in zip(sa, masks):
        row = [0] * (len(sb) + 1)
        for j, y in enumerate(sb, 1):
            row[j] = max(best[j], row[j - 1])
            if not mask.keys() & set(y):
                continue
            common = lcs_length(mask, len(x), y)
            if 2 * common / (len(x) + len(y)) >= SENTENCE_MATCH:
                row[j] = max(row[j], best[j - 1] + common)
        best = row
    return best[-1] / min(sum(map(len, sa)), sum(map(len, sb)))


def original_of(a: dict[str, Any], b: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(original, copy) of two articles: the earlier one, else the more idiomatic, else the longer.

    Each article is a dict with ``id``, ``published`` (or None), ``signals`` (rewrite signals)
    and ``length``.
    """
    def rank(x: dict[str, Any]) -> tuple:
        return (x["published"] or "9999", len(x["signals"]), -x["length"], x["id"])

    return (a, b) if rank(a) <= rank(b) else (b, a)


MAX_BUCKET = 200  # articles read from one LSH bucket: more identical texts add no information
MAX_COPY_CANDIDATES = 20  # candidates verified per new article, those sharing the most buckets first
# Two unrelated texts of one kind (news on one conflict) share a band now and then, and the
# number of such chance candidates grows with the corpus: in the synthetic feed a new article
# had 0.9 candidates at 9k articles and 2.3 at 50k, the extra ones sharing a single band with a
# report months older, and none of the 720 single-band pairs sampled was a copy (true copies
# share 3-16 bands; a spun copy that shares fewer is found inside its story by
# ``rewording_pairs``). So a single shared band is verified only between reports published
# within ``WEAK_CANDIDATE_DAYS`` of each other (or when either date is unknown).
WEAK_CANDIDATE_DAYS = 31


def _own_signals(quality: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Own-text rewrite signals kept in a stored quality object."""
    return [s for s in quality.get("signals", []) if s.get("kind") == "unidiomatic"]


def update_copies(tables, article_ids: Sequence[str], lexicon) -> dict[str, dict[str, Any]]:
    """Index new articles, verify their LSH candidates, store copy pairs; returns rewrite signals
    of the new articles (from their own text) keyed by article id."""
    from crosswire.corpus.rewrite import rewrite_signals

    own: dict[str, dict[str, Any]] = {}
    buckets: dict[str, list[str]] = {}
    summaries: dict[str, dict[str, Any]] = {}
    texts: dict[str, str] = {}
    template = MinHash(num_perm=NUM_PERM, seed=1)
    for article in tables.articles(article_ids):
        suspect, signals = rewrite_signals(article["text"], lexicon)
        own[article["id"]] = {"suspect": suspect, "signals": signals}
        texts[article["id"]] = article["text"]
        summaries[article["id"]] = _summary(article, signals)
        buckets[article["id"]] = lsh_buckets(article["text"], template)
    tables.write_buckets([(bucket, article) for article, found in buckets.items() for bucket in found])
    shared = {article: tables.bucket_neighbours(article, buckets[article], MAX_BUCKET) for article in sorted(own)}
    weak = {other for found in shared.values() for other, bands in found.items() if bands == 1}
    published = {**tables.published_of(weak - set(summaries)),
                 **{a: s["published"] for a, s in summaries.items()}}
    pairs = set()
    for article, found in shared.items():
        candidates = [o for o in found if found[o] > 1 or _near_in_time(published.get(article), published.get(o))]
        for other in sorted(candidates, key=lambda o: (-found[o], o))[:MAX_COPY_CANDIDATES]:
            pairs.add((min(article, other), max(article, other)))
    others = {x for pair in pairs for x in pair} - set(texts)
    for article in tables.articles(others):
        texts[article["id"]] = article["text"]
        summaries[article["id"]] = _summary(article, _own_signals(article["quality"]))
    prepared = {i: _Text(t) for i, t in texts.items()}
    copies = []
    for a_id, b_id in sorted(pairs):
        relation = verified(prepared[a_id], prepared[b_id])
        if relation is not None:
            copies.append(_copy_row(summaries[a_id], summaries[b_id], relation))
    tables.write_copies(copies)
    return own


def _near_in_time(a: str | None, b: str | None) -> bool:
    """Whether two publication dates (ISO, day first) are at most ``WEAK_CANDIDATE_DAYS`` apart;
    True when either is unknown or unreadable."""
    try:
        days = abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)
    except (TypeError, ValueError):
        return True
    return days <= WEAK_CANDIDATE_DAYS


def _summary(article: Mapping[str, Any], signals: list[dict[str, Any]]) -> dict[str, Any]:
    """What ``original_of`` ranks an article on."""
    published = article["published"] or ((article.get("published_range") or {}).get("earliest"))
    return {"id": article["id"], "published": published, "length": len(article["text"]),
            "signals": signals}


def _copy_row(a: dict[str, Any], b: dict[str, Any], relation: dict[str, Any]) -> tuple:
    """(copy, original, kind, record) for a verified pair of article summaries."""
    original, copy = original_of(a, b)
    if relation["kind"] == "rewrite" and original["id"] != a["id"]:
        relation = {**relation, "substitutions": [[y, x] for x, y in relation["substitutions"]]}
    return copy["id"], original["id"], relation["kind"], relation


def rewording_pairs(tables, pairs: Iterable[tuple[str, str]], own: Mapping[str, Mapping[str, Any]]) -> list[tuple]:
    """Copy rows for rewordings (translations, hand rewrites) among candidate pairs: articles of
    one story linked by a story edge that are not copies already. ``own`` gives the rewrite
    signals of new articles (stored ones are read from their quality).

    A pair is a rewording when it shares half its content stems (``REWORDING``), or when one text
    reads as translated and the other is its best in-order match (``TRANSLATION_ALIGNED``): the
    translated text is then the copy."""
    pairs = sorted({(min(a, b), max(a, b)) for a, b in pairs})
    if not pairs:
        return []
    articles = {a["id"]: a for a in tables.articles({x for pair in pairs for x in pair})}
    prepared = {i: _Text(a["text"]) for i, a in articles.items()}
    stems = {i: content_stems(a["text"]) for i, a in articles.items()}

    def summary(x: str) -> dict[str, Any]:
        signals = (own.get(x) or {}).get("signals", []) if x in own else _own_signals(articles[x]["quality"])
        return _summary(articles[x], list(signals))

    rows = []
    translations: dict[str, tuple[float, str]] = {}  # translated article -> (share, best match)
    for a, b in pairs:
        if a not in prepared or b not in prepared:
            continue
        # A spun copy changes too many words to share an LSH bucket, but not its sentence skeleton.
        relation = verified(prepared[a], prepared[b])
        if relation is not None:
            relation = relation if relation["kind"] == "rewrite" else None
        score = rewording_score(stems[a], stems[b])
        if relation is not None or score >= REWORDING:
            rows.append(_copy_row(summary(a), summary(b), relation or {"kind": "rewording", "similarity": round(score, 4),
                                                                        "substitutions": []}))
            continue
        for x, y in ((a, b), (b, a)):
            if prepared[x].translated and not prepared[y].translated:
                share = aligned_share(prepared[x], prepared[y])
                current = translations.get(x)
                # A translation has one original: keep the best match (ties: the smaller id).
                if share >= TRANSLATION_ALIGNED and (current is None or (-share, y) < (-current[0], current[1])):
                    translations[x] = (share, y)
    if not translations:
        return rows
    # An article already a copy keeps that original (a copy row per article, first one wins).
    copied = {row[0] for row in rows} | {c["copy"] for c in tables.copies_involving(sorted(translations))}
    for x, (share, y) in sorted(translations.items()):
        if x not in copied:
            rows.append((x, y, "rewording", {"kind": "rewording", "similarity": round(share, 4), "substitutions": [],
                                             "basis": "translation"}))
    return rows
