"""The event stage's data: trigger entries and status words (``lexicons/event_*.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from crosswire.errors import ConfigError

LEXICON_DIR = Path(__file__).resolve().parents[2] / "lexicons"
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
# spaCy coarse tags searched in each lexicon section.
SECTION_POS = {"verbs": ("VERB",), "nouns": ("NOUN", "PROPN"), "adjectives": ("ADJ",)}


@dataclass(frozen=True)
class Entry:
    """One trigger entry: what it codes and the constraints under which it applies."""

    type: str
    mode: str | None = None
    prt: frozenset[str] = frozenset()
    prep: frozenset[str] = frozenset()
    obj: frozenset[str] = frozenset()
    child: frozenset[str] = frozenset()
    mod: frozenset[str] = frozenset()
    gov: frozenset[str] = frozenset()
    neg: bool = False
    takes: bool = False
    needs_complement: bool = False
    stance: bool = False
    by_sector: tuple[tuple[str | None, str, str | None], ...] = ()
    wraps: str | None = None  # which `complements` table codes the embedded event (default: type)
    conf: float = 0.8
    section: str = "verbs"

    @property
    def specific(self) -> bool:
        """Whether the entry names its object (it then beats a light-verb reading)."""
        return bool(self.obj or self.prt or self.child)


@dataclass(frozen=True)
class Complement:
    """How a wrapper type codes the event it embeds."""

    retype: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    status: str = "reported"
    negate: bool = False


@dataclass(frozen=True)
class ModalRule:
    """A `modal_recode` group: its modals, the recoding table and when it applies."""

    modals: frozenset[str]
    table: dict[str, tuple[str, str | None]]
    needs_source: bool = False  # "the move could lead to attacks" states no one's intent
    verbs_only: bool = False
    governors: frozenset[str] = frozenset()  # verbs that state the same as the modal ("plans to")
    wrappers: bool = False  # also recode stances and wrappers ("must be ready to", "must agree to")


@dataclass(frozen=True)
class Lexicon:
    """All event-stage word data, indexed for lookup by (coarse POS, lemma)."""

    entries: dict[tuple[str, str], tuple[Entry, ...]]
    complements: dict[str, Complement]
    light_verbs: frozenset[str]
    status: dict[str, Any]
    modals: dict[str, ModalRule] = field(default_factory=dict)

    def modal_recoding(self, modal: str) -> ModalRule | None:
        """How an event under the modal auxiliary ``modal`` is recoded (`modal_recode` table)."""
        return next((rule for rule in self.modals.values() if modal in rule.modals), None)

    def candidates(self, pos: str, lemma: str) -> tuple[Entry, ...]:
        """Entries for a token of coarse tag ``pos`` and lower-case ``lemma``, in file order."""
        return self.entries.get((pos, lemma), ())

    def words(self, name: str) -> frozenset[str]:
        """A word list of the status lexicon."""
        return frozenset(str(w) for w in self.status.get(name, ()))


def _entry(raw: dict[str, Any], section: str, where: str) -> Entry:
    """Validate and build one entry."""
    kind = raw.get("type")
    if kind not in PLOVER_TYPES:
        raise ConfigError(f"{where}: type {kind!r} is not a PLOVER type; use one of {', '.join(PLOVER_TYPES)}")
    by_sector = []
    for sector, coded in (raw.get("by_sector") or {}).items():
        new_type, _, new_mode = str(coded).partition("/")
        by_sector.append((None if sector in (None, "null") else str(sector), new_type, new_mode or None))
    words = lambda key: frozenset(str(w).lower() for w in raw.get(key) or ())  # noqa: E731
    return Entry(type=kind, mode=raw.get("mode"), prt=words("prt"), prep=words("prep"), obj=words("obj"),
                 child=words("child"), mod=words("mod"), gov=words("gov"), neg=bool(raw.get("neg")),
                 takes=bool(raw.get("takes")), needs_complement=bool(raw.get("needs_complement")),
                 stance=bool(raw.get("stance")), by_sector=tuple(by_sector), wraps=raw.get("wraps"),
                 conf=float(raw.get("conf", 0.8)), section=section)


def _read(path: Path) -> dict[str, Any]:
    """YAML mapping at ``path`` with a helpful error."""
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"event lexicon {path}: cannot be read ({exc}); fix the file") from exc
    if not isinstance(loaded, dict):
        raise ConfigError(f"event lexicon {path}: expected a mapping at the top level")
    return loaded


def build_lexicon(triggers: Path, status: Path) -> Lexicon:
    """Lexicon from the trigger and status YAML files."""
    raw = _read(triggers)
    entries: dict[tuple[str, str], list[Entry]] = {}
    for section, tags in SECTION_POS.items():
        for i, item in enumerate(raw.get(section) or ()):
            entry = _entry(item, section, f"{triggers.name} {section}[{i}]")
            for lemma in item.get("lemmas") or ():
                for tag in tags:
                    entries.setdefault((tag, str(lemma).lower()), []).append(entry)
    complements = {}
    for wrapper, spec in (raw.get("complements") or {}).items():
        retype = {str(k): (v[0], v[1]) for k, v in (spec.get("map") or {}).items()}
        complements[wrapper] = Complement(retype=retype, status=spec.get("status", "reported"),
                                          negate=bool(spec.get("negate")))
    modals = {}
    for name, spec in (raw.get("modal_recode") or {}).items():
        table = {}
        for key, coded in (spec.get("map") or {}).items():
            new_type, _, new_mode = str(coded).partition("/")
            if new_type not in PLOVER_TYPES:
                raise ConfigError(f"{triggers.name} modal_recode.{name}: {new_type!r} is not a PLOVER type")
            table[str(key)] = (new_type, new_mode or None)
        modals[name] = ModalRule(frozenset(str(w) for w in spec.get("modals") or ()), table,
                                 needs_source=bool(spec.get("needs_source")), verbs_only=bool(spec.get("verbs_only")),
                                 governors=frozenset(str(w) for w in spec.get("governors") or ()),
                                 wrappers=bool(spec.get("wrappers")))
    return Lexicon(entries={k: tuple(v) for k, v in entries.items()}, complements=complements,
                   light_verbs=frozenset(raw.get("light_verbs") or ()), status=_read(status), modals=modals)


@lru_cache(maxsize=4)
def packaged_lexicon() -> Lexicon:
    """The lexicon shipped in ``crosswire/lexicons`` (pure loader of packaged files, so cached)."""
    return build_lexicon(LEXICON_DIR / "event_triggers.yaml", LEXICON_DIR / "event_status.yaml")
