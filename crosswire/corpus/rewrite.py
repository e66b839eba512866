"""Rewrite suspicion from an article's own text: unidiomatic substitutions in common collocations.

Article spinners swap words for "synonyms" one at a time ("peace track" -> "harmony track",
"ethnic Armenian" -> "cultural Armenian"). A two-word phrase that is not a known collocation but
becomes one when its words are swapped back (``lexicons/collocations.yaml``) is a signal; two
distinct signals make the article a suspect even when its original is not in the corpus.

>>> lexicon = collocation_lexicon()
>>> [s["spun"] for s in spun_phrases("Progress on the harmony track stalled.", lexicon)]
['harmony track']
>>> spun_phrases("Progress on the peace track stalled.", lexicon)
[]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from crosswire.errors import ConfigError

WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
NATION = re.compile(r"^[A-Z][a-z]+(?:an|ian|ese|i|ish|ic|ch|sh|k)$")  # Armenian, Iranian, Kazakh, Azerbaijani
MIN_SIGNALS = 2  # one odd phrase is a style choice; two are a pattern


@dataclass(frozen=True)
class CollocationLexicon:
    """Known collocations (lower case but the ``NATION`` wildcard) and spun word -> original words."""

    collocations: frozenset[str]
    spins: dict[str, tuple[str, ...]]


@functools.lru_cache(maxsize=1)
def collocation_lexicon() -> CollocationLexicon:
    """Load the packaged ``collocations.yaml``."""
    try:
        data = yaml.safe_load(resources.files("crosswire.lexicons").joinpath("collocations.yaml").read_text("utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"cannot read lexicon collocations.yaml: {error}; reinstall crosswire") from None
    spins = {str(k).lower(): tuple(str(v).lower() for v in vs) for k, vs in (data.get("spins") or {}).items()}
    collocations = frozenset(" ".join(w if w == "NATION" else w.lower() for w in str(c).split())
                             for c in data.get("collocations") or [])
    return CollocationLexicon(collocations, spins)


def _slot(word: str) -> str:
    """A word as it appears in a collocation: nationality words become the wildcard."""
    return "NATION" if NATION.match(word) else word.lower()


def _is_collocation(first: str, second: str, lexicon: CollocationLexicon) -> bool:
    return f"{first} {second}" in lexicon.collocations


def spun_phrases(text: str, lexicon: CollocationLexicon) -> list[dict[str, Any]]:
    """Each two-word phrase that looks like a spun collocation: spun text, idiom, offsets."""
    words = [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]
    found = []
    for (w1, s1, e1), (w2, s2, e2) in zip(words, words[1:]):
        a = w1.lower()
        # A swap back needs a spun word or a nationality in first place; most pairs have neither.
        if a not in lexicon.spins and w2.lower() not in lexicon.spins and not NATION.match(w1):
            continue
        if text[e1:s2].strip():
            continue  # punctuation between the words: not one phrase
        b = _slot(w2)
        if _is_collocation(a, b, lexicon) or _is_collocation(_slot(w1), b, lexicon):
            continue
        for o1 in dict.fromkeys((a, _slot(w1), *lexicon.spins.get(a, ()))):
            hit = None
            for o2 in (b, *lexicon.spins.get(w2.lower(), ())):
                if (o1, o2) != (a, b) and _is_collocation(o1, o2, lexicon):
                    hit = f"{w1 if o1 == 'NATION' else o1} {w2 if o2 == 'NATION' else o2}"
                    break
            if hit:
                found.append({"spun": text[s1:e2], "idiom": hit, "start": s1, "end": e2})
                break
    return found


def rewrite_signals(text: str, lexicon: CollocationLexicon) -> tuple[bool, list[dict[str, Any]]]:
    """(suspect, signals) of one article: suspect when it has ``MIN_SIGNALS`` distinct spun phrases."""
    phrases = spun_phrases(text, lexicon)
    distinct = {p["spun"].lower() for p in phrases}
    signals = [{"kind": "unidiomatic", "text": p["spun"], "expected": p["idiom"], "start": p["start"],
                "end": p["end"]} for p in phrases]
    return len(distinct) >= MIN_SIGNALS, signals
