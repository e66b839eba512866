"""Entity resolution across articles: one entity for the spellings and short forms of one person.

Name keys (``crosswire.names.name_key``) already fold case, accents and apostrophes. Here:

* **variants**: person keys with the same number of words whose consonant skeletons agree
  word by word and whose spelling is close ("pashinyan"/"pashinian", "aliyev"/"aliev",
  "o'brien"/"o'brian") are one person;
* **short forms**: a bare surname ("miller", "mr miller") joins the one full name with that
  surname found in the stories where the short form occurs; when two full names share the
  surname there ("Anna Lindqvist", "Per Lindqvist") it joins neither. Different full names
  are never merged on a shared surname.

The result is an alias map key -> canonical key that ``refresh_entities`` turns into
``entity_keys`` rows, several keys to one entity.

>>> sorted(variant_groups({"nikol pashinyan": 3, "nikol pashinian": 2, "ilham aliyev": 4}).values())
[['ilham aliyev'], ['nikol pashinian', 'nikol pashinyan']]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from rapidfuzz import fuzz

HONORIFICS = frozenset("mr mrs ms miss dr prof sir madam mr. president minister".split())
# "Mr Lindqvist" and "Ms Lindqvist" are two people: the honorific's gender is part of a short form.
GENDER = {"mr": "m", "mr.": "m", "sir": "m", "mrs": "f", "ms": "f", "miss": "f", "madam": "f"}
VOWELS = re.compile(r"[aeiouyhw']")
SPELLING = 80  # rapidfuzz ratio of two spellings of one name


def name_words(key: str) -> list[str]:
    """The words of a person key without honorifics ("mr o'brien" -> ["o'brien"])."""
    return [w for w in key.split() if w not in HONORIFICS]


def skeleton(word: str) -> str:
    """First letter plus the consonants, doubled letters collapsed: 'pashinyan' -> 'psnn'."""
    word = word.replace("'", "")
    if not word:
        return ""
    rest = VOWELS.sub("", word[1:])
    collapsed = "".join(c for i, c in enumerate(rest) if i == 0 or c != rest[i - 1])
    return word[0] + collapsed


def _signature(key: str) -> tuple[str, ...]:
    """Skeletons of the name's words, plus the honorific's gender for a one-word name."""
    words = name_words(key)
    genders = {GENDER[w] for w in key.split() if w in GENDER}
    gender = (next(iter(genders)),) if len(words) == 1 and len(genders) == 1 else ()
    return tuple(skeleton(w) for w in words) + gender


def same_spelling(a: str, b: str) -> bool:
    """Two spellings of one name word: close, and neither a mere extension of the other
    ("azerbaijan"/"azerbaijani", "armenia"/"armenian" are a country and its demonym)."""
    if a != b and (a.startswith(b) or b.startswith(a)):
        return False
    return fuzz.ratio(a, b) >= SPELLING


def surname(key: str) -> str | None:
    """The skeleton of a person key's last word (what resolution blocks on)."""
    words = name_words(key)
    return skeleton(words[-1]) if words else None


class KeyShapes:
    """Signatures, surnames, words and entity ids of name keys, each computed once per run: every
    batch re-reads the person keys of its surnames, mostly the same ones, and they grow in number
    with the corpus. Belongs to one run (``run_corpus_stages``)."""

    def __init__(self) -> None:
        self._signatures: dict[str, tuple[str, ...]] = {}
        self._surnames: dict[str, str | None] = {}
        self._words: dict[str, tuple[str, ...]] = {}
        self._entities: dict[str, str] = {}

    def words(self, key: str) -> tuple[str, ...]:
        """``name_words`` of a key."""
        if key not in self._words:
            self._words[key] = tuple(name_words(key))
        return self._words[key]

    def entity(self, key: str) -> str:
        """The entity id of a canonical key (a content hash)."""
        if key not in self._entities:
            from crosswire.corpus.entities import entity_id
            self._entities[key] = entity_id(key)
        return self._entities[key]

    def signature(self, key: str) -> tuple[str, ...]:
        if key not in self._signatures:
            self._signatures[key] = _signature(key)
        return self._signatures[key]

    def surname(self, key: str) -> str | None:
        if key not in self._surnames:
            self._surnames[key] = surname(key)
        return self._surnames[key]


def variant_groups(counts: Mapping[str, int], shapes: KeyShapes | None = None) -> dict[str, list[str]]:
    """Spelling variants among person keys: canonical key (most mentioned) -> its keys."""
    shapes = shapes or KeyShapes()
    by_signature: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key in counts:
        if shapes.words(key):
            by_signature[shapes.signature(key)].append(key)
    groups: dict[str, list[str]] = {}
    for keys in by_signature.values():
        keys = sorted(keys, key=lambda k: (-counts[k], k))
        clusters: list[list[str]] = []
        for key in keys:
            words = shapes.words(key)
            for cluster in clusters:
                head = shapes.words(cluster[0])
                if len(head) == len(words) and all(same_spelling(a, b) for a, b in zip(head, words)):
                    cluster.append(key)
                    break
            else:
                clusters.append([key])
        for cluster in clusters:
            groups[cluster[0]] = sorted(cluster)
    return groups


def person_aliases(counts: Mapping[str, int], partners, shapes: KeyShapes | None = None) -> dict[str, str]:
    """Alias map key -> canonical key over person keys.

    ``partners(keys, surname)`` gives the keys with that surname skeleton which share a story
    with any of ``keys`` (``CorpusTables.story_partners``): a short form is decided from the
    names of its own stories, however many people share its surname elsewhere in the corpus.
    """
    shapes = shapes or KeyShapes()
    aliases: dict[str, str] = {}
    groups = variant_groups(counts, shapes)
    for canonical, keys in groups.items():
        for key in keys:
            aliases[key] = canonical
    # Short forms are decided on spelling variants alone, never on another short form's decision
    # (which would make the result depend on the order the short forms are looked at).
    variant_of = dict(aliases)
    full_by_surname: dict[str, set[str]] = defaultdict(set)
    for canonical in groups:
        if len(shapes.words(canonical)) >= 2:
            full_by_surname[shapes.surname(canonical)].add(canonical)
    for canonical in groups:
        words = shapes.words(canonical)
        if len(words) != 1 or shapes.surname(canonical) not in full_by_surname:
            continue
        surname_skeleton = shapes.surname(canonical)
        met = {variant_of[k] for k in partners(groups[canonical], surname_skeleton) if k in variant_of} | {canonical}
        # "Mr X" and "Ms X" in the same stories: two people share the surname, so a bare "X" is ambiguous.
        if {"m", "f"} <= {_gender(m) for m in met if len(shapes.words(m)) == 1}:
            continue
        present = [c for c in sorted(full_by_surname[surname_skeleton] & met)
                   if same_spelling(shapes.words(c)[-1], words[0])]
        if len(present) == 1:
            for key in groups[canonical]:
                aliases[key] = aliases[present[0]]
    return {k: v for k, v in aliases.items() if k != v}


def _gender(key: str) -> str | None:
    """The gender of a one-word name's honorific ("mr miller" -> "m"), None without one."""
    signature = _signature(key)
    return signature[1] if len(signature) == 2 and len(name_words(key)) == 1 else None


def update_story_keys(tables, stories: Iterable[str], removed: Iterable[str], shapes: KeyShapes | None = None) -> None:
    """Record the name keys of the stories a batch wrote (what ``person_aliases`` looks up)."""
    shapes = shapes or KeyShapes()
    stories = sorted(set(stories))
    members = tables.articles_of_stories(stories)
    story_of = tables.stories_of(members)
    rows = {(story_of[row["article"]], shapes.surname(row["key"]) or "", row["key"])
            for row in tables.mentions(members) if row["article"] in story_of}
    tables.replace_story_keys(set(stories) | set(removed), sorted(rows))


def update_key_counts(tables, article_ids: Sequence[str]) -> None:
    """Add the mentions of new articles to the per-key counts resolution blocks on."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in tables.mentions(article_ids):
        counts[row["key"]][0] += row["label"] == "PERSON"
        counts[row["key"]][1] += 1
    tables.add_key_counts([(key, surname(key) or "", person, total)
                           for key, (person, total) in sorted(counts.items())])


def resolve_entities(tables, article_ids: Sequence[str] | None, shapes: KeyShapes | None = None,
                     changed: set[str] | None = None) -> int:
    """Refresh the entities of these articles' keys (all when None) with person aliases merged.

    Only person keys sharing a surname skeleton with a key of these articles are looked at
    (an indexed lookup in ``key_counts``), so the work follows the new articles. ``changed``,
    when given with ``article_ids``, receives the entities that gained or lost a stored key (both
    sides of a merge or a split; a key seen for the first time changes nothing stored).
    """
    from crosswire.corpus.entities import refresh_entities

    shapes = shapes or KeyShapes()
    if article_ids is None:
        keys = None
        surnames = {r[0] for r in tables.db.execute("SELECT DISTINCT surname FROM key_counts")}
    else:
        keys = tables.keys_of_articles(article_ids)
        surnames = {shapes.surname(k) for k in keys} - {None}
    relevant = tables.person_keys_by_surname(surnames)
    if keys is not None:
        relevant = _affected(relevant, keys, shapes)
    aliases = person_aliases(relevant, tables.story_partners, shapes)
    if keys is not None:
        # Besides the new articles' keys, only keys whose entity changes need rebuilding.
        now = tables.entity_of_keys(relevant)
        keys = set(keys) | {k for k in relevant if now.get(k) != shapes.entity(aliases.get(k, k))}
        canon = {aliases.get(k, k) for k in keys}
        keys |= {k for k in relevant if aliases.get(k, k) in canon}
        old = tables.entity_of_keys(keys)
        keys |= set(tables.keys_of_entities(set(old.values())))
        if changed is not None:
            old.update(tables.entity_of_keys(keys - set(old)))
            for key, before in old.items():
                after = shapes.entity(aliases.get(key, key))
                if before != after:
                    changed.update((before, after))
    return refresh_entities(tables.store, keys, aliases=aliases)


def _affected(relevant: Mapping[str, int], new_keys: set[str], shapes: KeyShapes) -> dict[str, int]:
    """The keys whose entity new keys can change: full names only through their own spelling
    variants (same signature), so a surname's other full names matter only when a one-word name
    with that surname exists (it may join any of them). Keeps the work per batch from growing
    with the number of people who share a common surname."""
    signatures = {shapes.signature(k) for k in new_keys if shapes.words(k)}
    one_word = {shapes.surname(k) for k in relevant if len(shapes.words(k)) == 1}
    one_word |= {shapes.surname(k) for k in new_keys if len(shapes.words(k)) == 1}
    return {k: n for k, n in relevant.items()
            if shapes.signature(k) in signatures or shapes.surname(k) in one_word}
