"""Name normalisation shared by entity grouping, quote speakers and event actors."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"'s?$")
_NON_WORD = re.compile(r"[^\w' -]+")
_SPACES = re.compile(r"\s+")


def fold_accents(text: str) -> str:
    """'Pashinyan' stays, 'Aliyév' -> 'Aliyev': strip combining marks after NFKD."""
    if text.isascii():  # nothing to decompose (the common case, and hot in quote grouping)
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(name: str) -> str:
    """Normalised grouping key for an entity name.

    >>> name_key("The U.S. State Department's")
    'u s state department'
    >>> name_key("James O\u2019Brien") == name_key("James O'Brien")
    True
    """
    text = fold_accents(name).translate(_APOSTROPHES).strip()
    text = _POSSESSIVE.sub("", text)
    text = _LEADING_ARTICLE.sub("", text)
    text = _NON_WORD.sub(" ", text.replace(".", " ")).replace("-", " ")
    return _SPACES.sub(" ", text).strip().lower()
