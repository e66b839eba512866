"""Where an event took place: a city or country named in its sentence, else the dateline."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from crosswire.actors import data
from crosswire.stages.entity_index import ents_in

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout"})
# "(Baku) Azerbaijan refused..." or "BAKU, Nov 16 (Reuters) -" at the very start of the text.
DATELINE = re.compile(r"^\s*(?:\((?P<paren>[A-Z][\w .'-]{1,40})\)|(?P<caps>[A-Z][A-Z .'-]{2,40}),)")


class Gazetteer:
    """City and country names to a location record ``{name, country, lat, lon}``."""

    def __init__(self) -> None:
        self._cities = data.cities()
        self._countries = data.country_names()

    def place(self, name: str) -> dict[str, Any] | None:
        """Location of a place name, or None when it is not a known city or country."""
        code = self._countries.get(name)
        if code is not None:  # "Armenia" is a country before it is a Colombian city
            return {"name": name, "country": code, "lat": None, "lon": None}
        city = self._cities.get(name) or self._cities.get(name.title())
        if city is not None:
            return {"name": city["name"], "country": city["country"], "lat": city["lat"], "lon": city["lon"]}
        return None

    def sentence_place(self, sent: Span, anchor: Token, skip: set[int]) -> dict[str, Any] | None:
        """The place of an event: a GPE/LOC after "in/at" near the trigger, else any city in the sentence."""
        best: tuple[int, dict[str, Any]] | None = None
        for ent in ents_in(sent):
            if ent.label_ not in ("GPE", "LOC", "FAC") or any(t.i in skip for t in ent):
                continue
            found = self.place(ent.text.removeprefix("the ").strip())
            if found is None:
                continue
            head = ent.root
            prep = head.head if head.dep_ == "pobj" else None
            score = 2
            if prep is not None and prep.lower_ in PLACE_PREPS:
                score = 0 if prep.head in (anchor, anchor.head) else 1
            elif found["lat"] is None or head.dep_ in ("nsubj", "nsubjpass", "dobj", "conj", "pobj"):
                continue  # a country or an argument outside "in/at" is an actor, not a place
            if found["lat"] is None:
                score += 1  # a city is more precise than a country
            if best is None or score < best[0]:
                best = (score, found)
        return best[1] if best is not None and best[0] < 3 else None

    def dateline(self, text: str) -> dict[str, Any] | None:
        """Location of the dateline at the start of an article, if any."""
        match = DATELINE.match(text[:80])
        if not match:
            return None
        name = (match.group("paren") or match.group("caps") or "").strip()
        return self.place(name) or self.place(name.title())
