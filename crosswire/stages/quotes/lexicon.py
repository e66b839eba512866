"""The quote stage's word lists (``crosswire/lexicons/quote_*.yaml``), loaded once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from crosswire.errors import ConfigError

LEXICON_DIR = Path(__file__).resolve().parents[2] / "lexicons"


@dataclass(frozen=True)
class QuoteLexicon:
    """Cue words and speaker words, as frozen sets for fast lookup."""

    speech: frozenset[str]
    belief: frozenset[str]
    naming: frozenset[str]
    directive: frozenset[str]
    directive_particles: dict[str, frozenset[str]]
    prepositional: tuple[tuple[str, ...], ...]
    inverted_forms: frozenset[str]
    pronouns: dict[str, str]
    titles: dict[str, str]
    gendered_roles: dict[str, str]
    org_nouns: frozenset[str]
    role_nouns: frozenset[str]
    document_nouns: frozenset[str]
    object_cues: frozenset[str] = frozenset()
    object_particles: dict[str, frozenset[str]] = field(default_factory=dict)
    intention: frozenset[str] = frozenset()
    prepositional_objects: dict[str, frozenset[str]] = field(default_factory=dict)
    noun_cues: frozenset[str] = frozenset()
    noun_particles: frozenset[str] = frozenset()

    @property
    def cue_lemmas(self) -> frozenset[str]:
        """Every verb lemma that can attribute a direct quote."""
        return self.speech | self.belief


def _read_yaml(name: str) -> dict[str, Any]:
    """Parse one packaged lexicon file, with an error that names it."""
    path = LEXICON_DIR / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"quote lexicon {name} cannot be read ({exc}); reinstall crosswire or "
                          "fix the YAML") from None
    if not isinstance(data, dict):
        raise ConfigError(f"quote lexicon {name} must be a YAML mapping; fix the file")
    return data


def _word_map(data: dict[str, Any], key: str) -> dict[str, frozenset[str]]:
    return {str(k).lower(): frozenset(str(w).lower() for w in v or ()) for k, v in
            (data.get(key) or {}).items()}


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data.get(key) or ())


@lru_cache(maxsize=1)
def load_quote_lexicon() -> QuoteLexicon:
    """The packaged cue and speaker lexicons (pure loader of data files, so cached)."""
    cues = _read_yaml("quote_cues.yaml")
    speakers = _read_yaml("quote_speakers.yaml")
    return QuoteLexicon(
        speech=_words(cues, "speech"),
        belief=_words(cues, "belief"),
        naming=_words(cues, "naming"),
        directive=_words(cues, "directive"),
        directive_particles=_word_map(cues, "directive_particles"),
        prepositional=tuple(tuple(w.lower() for w in p) for p in cues.get("prepositional") or ()),
        inverted_forms=_words(cues, "inverted_forms"),
        pronouns={k.lower(): v for k, v in (speakers.get("pronouns") or {}).items()},
        titles={k.lower(): v for k, v in (speakers.get("titles") or {}).items()},
        gendered_roles={k.lower(): v for k, v in (speakers.get("gendered_roles") or {}).items()},
        org_nouns=_words(speakers, "org_nouns"),
        role_nouns=_words(speakers, "role_nouns"),
        document_nouns=_words(speakers, "document_nouns"),
        object_cues=_words(cues, "object_cues"),
        object_particles=_word_map(cues, "object_particles"),
        intention=_words(cues, "intention"),
        prepositional_objects=_word_map(cues, "prepositional_objects"),
        noun_cues=_words(cues, "noun_cues"),
        noun_particles=_words(cues, "noun_particles"),
    )
