"""Resolve an actor phrase ("Azerbaijani President Ilham Aliyev") to country and sector.

The resolver reads only the words of the phrase; the event stage feeds it the phrase an event's
argument spans, and keeps per-article memory (a person's role stated elsewhere) itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crosswire.actors import data
from crosswire.model import Actor
from crosswire.names import name_key

MAX_NGRAM = 7
_TOKEN = re.compile(r"[^\W_][\w.'\u2019\-]*")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
# A country after these words is where the actor acts or whom it faces, not its own country.
_FOREIGN_PREPS = {"to", "in", "against", "with", "at", "over", "toward", "towards", "into", "on", "near"}
_RESIDENCE_PREPS = {"in", "of", "from"}
_PLACE_FILLERS = {"the", "south", "southern", "north", "northern", "east", "eastern", "west", "western", "central"}
# "Vietnamese-led", "US-backed", "Saudi-owned": the first part names whose the actor is.
_AFFILIATION_SUFFIXES = {"led", "backed", "based", "owned", "run", "sponsored", "funded", "supported", "controlled"}
_DETERMINERS = re.compile(r"^(the|a|an|this|that|these|those|its|their|his|her)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Role:
    """One time-bounded role of a dictionary actor."""

    country: str | None
    sector: str | None
    title: str | None
    start: str  # ISO date prefix; "" = open
    end: str  # ISO date prefix; "" = open


def _covers(role: Role, date: str) -> bool:
    """Whether an ISO date of any precision overlaps the role's [start, end]."""
    lo, hi = role.start or "0000", role.end or "9999"
    n = min(len(date), 10)
    return lo[:n] <= date[:n] and date[:n] <= hi[:n]


@dataclass(frozen=True)
class _Hit:
    """A table entry found at token position ``pos`` covering ``length`` tokens."""

    pos: int
    length: int
    kind: str  # country, demonym, capital, city, org, person, role
    value: Any


class ActorResolver:
    """Country and sector of actor phrases, from country data, organisations, roles and a dictionary.

    >>> r = ActorResolver.from_config()
    >>> a = r.resolve("Azerbaijani President Ilham Aliyev")
    >>> (a.country, a.sector)
    ('AZE', 'GOV')
    """

    def __init__(self, dictionary: list[dict[str, Any]]):
        self._exact: dict[str, list[tuple[str, Any]]] = {}  # case-sensitive keys
        self._folded: dict[str, list[tuple[str, Any]]] = {}  # lower-case keys
        for name, code in data.country_names().items():
            self._add(name, "country", code, fold=False)
        for name, code in data.demonyms().items():
            self._add(name, "demonym", code, fold=False)
        for name, code in data.big_cities().items():
            self._add(name, "city", code, fold=False)
        for name, code in data.capitals().items():
            self._add(name, "capital", code, fold=False)
        for org in data.organisations():
            for name in org["names"]:
                self._add(str(name), "org", (org.get("country"), org.get("sector")),
                          fold=str(name).islower())
        for word, sector in data.role_words().items():
            self._add(word, "role", sector, fold=True)
        for entry in dictionary:
            roles = tuple(Role(r.get("country"), r.get("sector"), r.get("title"),
                               str(r.get("from") or ""), str(r.get("until") or ""))
                          for r in entry.get("roles") or ())
            person = (entry["name"], roles)
            for name in [entry["name"], *(entry.get("aliases") or ())]:
                self._add(str(name), "person", person, fold=False)

    def is_role(self, word: str) -> bool:
        """Whether ``word`` (a lemma or phrase) is a role word such as "minister" or "rebels"."""
        return any(kind == "role" for kind, _ in self._folded.get(word.lower(), ()))

    def is_body(self, word: str) -> bool:
        """Whether ``word`` is a generic name of a body, such as "newspaper" or "rights group"."""
        return any(kind == "org" for kind, _ in self._folded.get(word.lower(), ()))

    @classmethod
    def from_config(cls, path: str | Path | None = None) -> ActorResolver:
        """A resolver with the packaged data and the actor dictionary at ``path`` (default: packaged)."""
        return cls(data.actor_dictionary(path))

    def _add(self, name: str, kind: str, value: Any, *, fold: bool) -> None:
        """Index ``name`` (as its token sequence) under ``kind``."""
        key = " ".join(_tokens(name))
        if not key:
            return
        table = self._folded if fold else self._exact
        table.setdefault(key.lower() if fold else key, []).append((kind, value))

    def is_name(self, words: str) -> bool:
        """Whether ``words`` (case-sensitive, single spaces) name a country, people, city or known actor."""
        return " ".join(_tokens(words)) in self._exact

    def hits(self, text: str) -> tuple[list[str], list[_Hit]]:
        """Tokens of ``text`` and the longest table entries found in it, left to right."""
        tokens = _tokens(text)
        found: list[_Hit] = []
        i = 0
        while i < len(tokens):
            step = 1
            for length in range(min(MAX_NGRAM, len(tokens) - i), 0, -1):
                key = " ".join(tokens[i:i + length])
                entries = self._exact.get(key, []) + self._folded.get(key.lower(), [])
                if entries:
                    found.extend(_Hit(i, length, kind, value) for kind, value in entries)
                    step = length
                    break
            i += step
        return tokens, found

    def resolve(self, text: str, *, date: str | None = None) -> Actor | None:
        """The actor ``text`` names, or None when nothing in it says who it is.

        ``date`` (ISO) selects the dictionary role that was current then.
        """
        name = _DETERMINERS.sub("", text.strip()).strip(" ,;:")
        if not name:
            return None
        tokens, found = self.hits(name)
        country, sector = self._country_sector(tokens, found, date)
        if country is None and sector is None:
            return None
        return Actor(entity=None, name=name, country=country, sector=sector, key=name_key(name))

    def _country_sector(self, tokens: list[str], found: list[_Hit],
                        date: str | None) -> tuple[str | None, str | None]:
        """Country and sector from the hits of one phrase (see module doc for precedence)."""
        named = [h for h in found if h.kind in ("country", "demonym", "capital", "city")]
        places = [h for h in named if h.pos == 0 or tokens[h.pos - 1].lower() not in _FOREIGN_PREPS]
        home = [h for h in named if h.kind != "demonym" and _after_residence(tokens, h.pos)]
        if home and all(_group_demonym(tokens, h) or h in home for h in places):
            places = home  # "rebels in the Ivory Coast", "ethnic Albanians in south Serbia"
        elif places and all(_group_demonym(tokens, h) for h in places):
            places = []  # "ethnic Albanians" alone: a people, not Albania's actor
        orgs = [h for h in found if h.kind == "org"]
        persons = [h for h in found if h.kind == "person"]
        roles = [h for h in found if h.kind == "role"]
        igo = next((h for h in orgs if str(h.value[0] or "").startswith("IGO:")), None)

        person_country = person_sector = None
        if persons:
            person_country, person_sector = _role_at(persons[-1].value[1], date)

        sector: str | None = None
        if igo is not None and not (persons and not roles and not places):
            country, sector = igo.value
        elif places:
            place = _best_place(places)
            country = place.value
            national = next((h for h in orgs if h.value[0] in (None, country)), None)
            sector = national.value[1] if national else None
            if sector is None and place.kind == "capital" and place.length == len(tokens):
                sector = "GOV"  # "Baku said": a capital standing alone is its government
            if sector is None and place.kind == "city" and place.length == len(tokens):
                sector = "CVL"
        elif orgs:
            country, sector = orgs[-1].value
        else:
            country = person_country
        if sector is None and roles:
            sector = roles[-1].value  # the role word nearest the head wins
        if sector is None and persons:
            sector = person_sector if person_country == country else None
        if sector is None and places and len(places) == 1 and places[0].length == len(tokens):
            kind = places[0].kind
            # A bare country acts through its government; a bare plural demonym is its people.
            sector = "GOV" if kind == "country" else ("CVL" if tokens[-1].endswith("s") else None)
        return country, sector


def _after_residence(tokens: list[str], pos: int) -> bool:
    """Whether the place at ``pos`` follows "in", "of" or "from" ("in southern Serbia", "of the Ivory Coast")."""
    back = pos - 1
    while back >= 0 and back >= pos - 3 and tokens[back].lower() in _PLACE_FILLERS:
        back -= 1
    return back >= 0 and back < pos and tokens[back].lower() in _RESIDENCE_PREPS


def _group_demonym(tokens: list[str], hit: _Hit) -> bool:
    """Whether a demonym names an ethnic group rather than a nation ("ethnic Albanians", "Albanians of ...")."""
    if hit.kind != "demonym":
        return False
    before = tokens[hit.pos - 1].lower() if hit.pos > 0 else ""
    after = tokens[hit.pos + hit.length].lower() if hit.pos + hit.length < len(tokens) else ""
    return before == "ethnic" or after == "of" and tokens[hit.pos + hit.length - 1].endswith("s")


def _best_place(places: list[_Hit]) -> _Hit:
    """The place that names the actor's own country: the leftmost, capitals and cities last."""
    rank = {"country": 0, "demonym": 0, "capital": 1, "city": 2}
    return min(places, key=lambda h: (rank[h.kind], h.pos))


def _role_at(roles: tuple[Role, ...], date: str | None) -> tuple[str | None, str | None]:
    """Country and sector of the role current at ``date`` (latest role when no date).

    Outside every role the actor keeps the country of the nearest role but no sector.
    """
    if not roles:
        return None, None
    if date is None:
        latest = max(roles, key=lambda r: r.start)
        return latest.country, latest.sector
    for role in roles:
        if _covers(role, date):
            return role.country, role.sector
    nearest = min(roles, key=lambda r: min(abs(_year(r.start, date) - _year(date, date)),
                                           abs(_year(r.end, date) - _year(date, date))))
    return nearest.country, None


def _year(value: str, default: str) -> int:
    """Year of an ISO date prefix (open ends count as ``default``)."""
    return int((value or default)[:4])


def _tokens(text: str) -> list[str]:
    """Word tokens with possessives dropped ("Azerbaijan's" -> "Azerbaijan"); keeps "U.S."."""
    tokens = []
    for raw in _TOKEN.findall(text.replace("\u2019", "'")):  # "O’Brien" is "O'Brien"
        word = _POSSESSIVE.sub("", raw)
        base, dash, suffix = word.rpartition("-")
        if dash and base and suffix.lower() in _AFFILIATION_SUFFIXES:
            tokens.extend((base, suffix))  # "Vietnamese-led forces": Vietnamese forces
            continue
        if word.endswith(".") and word.count(".") == 1:
            word = word[:-1]  # sentence-final period, not an abbreviation like "U.S."
        if word:
            tokens.append(word)
    return tokens
