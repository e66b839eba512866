"""Per-article actor memory: a role the article states once applies to later bare mentions."""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz

from crosswire.actors.resolver import ActorResolver
from crosswire.model import Actor
from crosswire.names import name_key


# Spelling variants of one surname in one article ("O'Brien" / "O'Brian", "Aliyev" / "Aliev").
NEAR_NAME_SCORE = 80
MIN_NEAR_NAME_LENGTH = 5


def _near_name(surname: str, known: dict[str, Actor]) -> str | None:
    """The remembered single-word name closest in spelling to ``surname``, if close enough."""
    if len(surname) < MIN_NEAR_NAME_LENGTH:
        return None
    best = max(((fuzz.ratio(surname, k), k) for k in known if " " not in k and k[:1] == surname[:1]),
               default=None)
    return best[1] if best is not None and best[0] >= NEAR_NAME_SCORE else None


class ArticleActors:
    """Who is who in one article.

    "Azerbaijani President Ilham Aliyev" teaches that "Aliyev" is AZE GOV; "the Ministry of
    Foreign Affairs of Azerbaijan" teaches what "the ministry" means later on.

    >>> actors = ArticleActors(ActorResolver.from_config())
    >>> actors.resolve("French President Jean Dupont", name="Jean Dupont", person=True).country
    'FRA'
    >>> actors.resolve("Dupont", name="Dupont").country
    'FRA'
    """

    def __init__(self, resolver: ActorResolver, date: str | None = None):
        self.resolver = resolver
        self.date = date
        self._by_name: dict[str, Actor] = {}
        self._by_head: dict[str, Actor] = {}
        self.last_person: Actor | None = None
        self.last_actor: Actor | None = None

    def resolve(self, phrase: str, *, name: str | None = None, head: str | None = None,
                person: bool = False, remember: bool = True) -> Actor | None:
        """The actor of ``phrase``; ``name`` is the entity name inside it, ``head`` its head lemma.

        The phrase's own words win; then what the article said about the same name or head.
        """
        actor = self.resolver.resolve(phrase, date=self.date)
        shown = name or (actor.name if actor else phrase.strip())
        if actor is not None:
            actor = replace(actor, name=shown, key=name_key(shown))
        if actor is None or actor.country is None:
            known = self._recalled(name, head)
            if known is not None:
                sector = actor.sector if actor and actor.sector else known.sector
                actor = Actor(entity=None, name=shown, country=known.country, sector=sector,
                              key=name_key(shown))
        if actor is not None and remember:
            self._remember(actor, name, head, person)
        return actor

    def _recalled(self, name: str | None, head: str | None) -> Actor | None:
        """What the article said earlier about this name (or its surname) or this head noun."""
        if name:
            key = name_key(name)
            if key in self._by_name:
                return self._by_name[key]
            surname = key.split()[-1] if key else ""
            if surname in self._by_name:
                return self._by_name[surname]
            near = _near_name(surname, self._by_name)
            if near is not None:  # "O'Brian" in a rewritten copy is the "O'Brien" named earlier
                return self._by_name[near]
        if head and head.lower() in self._by_head:
            return self._by_head[head.lower()]
        return None

    def _remember(self, actor: Actor, name: str | None, head: str | None, person: bool) -> None:
        """Keep a resolved actor for later bare mentions of its name, surname or head noun."""
        if actor.country is None:
            return
        if name:
            key = name_key(name)
            self._by_name.setdefault(key, actor)
            if person and " " in key:
                self._by_name.setdefault(key.split()[-1], actor)
        if head:
            self._by_head[head.lower()] = actor
        if person:
            self.last_person = actor
        self.last_actor = actor
