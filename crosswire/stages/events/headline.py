"""Headlines in Title Case parse badly ("Kiribati Threatens to Expel Observers" tags the verbs as
names), so the event stage reads them in sentence case, known names kept."""

from __future__ import annotations

import re

from crosswire.actors import ActorResolver

_WORD = re.compile(r"[^\W\d_][\w'\u2019.\-]*")
# Short words a Title Case headline leaves in lower case anyway.
_MINOR = frozenset({"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with",
                    "from", "as", "into", "over", "after", "amid", "via", "per", "nor", "its", "his", "her"})
MAX_NAME_WORDS = 6
TITLE_CASE_SHARE = 0.6


def is_title_case(text: str) -> bool:
    """Whether most content words of ``text`` start with a capital ("Rebels Quit Peace Talks")."""
    words = [w for w in _WORD.findall(text) if w.lower() not in _MINOR]
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= TITLE_CASE_SHARE


def sentence_case(title: str, resolver: ActorResolver) -> str:
    """``title`` in sentence case when it is in Title Case: words of known names and acronyms kept.

    >>> sentence_case("Kiribati Threatens to Expel International Observers", ActorResolver.from_config())
    'Kiribati threatens to expel international observers'
    """
    if not is_title_case(title):
        return title
    words = list(_WORD.finditer(title))
    keep: set[int] = {0} if words else set()
    i = 0
    while i < len(words):
        step = 1
        for length in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
            if resolver.is_name(" ".join(m.group() for m in words[i:i + length])):
                keep.update(range(i, i + length))
                step = length
                break
        i += step
    out = list(title)
    for index, match in enumerate(words):
        word = match.group()
        if index in keep or word.isupper() or not word[0].isupper():
            continue
        if any(ch.isupper() for ch in word[1:]):
            continue  # "McDonald", "iPhone": a name's own casing
        out[match.start()] = word[0].lower()
    return "".join(out)
