"""The time grammar: word classes and rule regexes from ``lexicons/times.yaml``, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from crosswire.errors import ConfigError

LEXICON = "times.yaml"
# A match may not start inside a word or a number ("$1990", "1,990", "x2023").
_LEFT = r"(?<![\w$£€#@/.,:'’-])"
_LEFT_AFTER_DASH = r"(?<![\w$£€#@/.,:'’])"
_RIGHT = r"(?![\w@])"
_OPEN_CLASSES = frozenset({"UNIT", "PLAINUNIT", "SEASON", "PARTOFDAY", "WEEKDAY"})
_PLACEHOLDER = re.compile(r"\{([A-Z]+)\}")


@dataclass(frozen=True)
class Rule:
    """One grammar rule: a compiled regex, the normaliser kind and the default TIMEX3 type."""

    kind: str
    type: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Grammar:
    """Everything the recogniser and the normaliser need from the lexicon."""

    words: dict[str, dict[str, Any]]
    rules: tuple[Rule, ...]
    capitalised: frozenset[str]
    future_lemmas: frozenset[str]
    not_year_after: frozenset[str]

    def lookup(self, cls: str, surface: str) -> Any:
        """Value of ``surface`` in word class ``cls`` (spaces and case normalised), or None."""
        key = re.sub(r"\s+", " ", surface.lower().rstrip(".")).strip()
        table = self.words[cls]
        if key in table:
            return table[key]
        if key.endswith("s") and key[:-1] in table:  # plural unit
            return table[key[:-1]]
        if key.endswith("ies") and key[:-3] + "y" in table:  # centuries
            return table[key[:-3] + "y"]
        return None


def _alternation(table: dict[str, Any], whole_word: bool = True) -> str:
    """Regex alternation of a word class, longest first, spaces matching any whitespace.

    Unit classes leave the word open so the rule can add a plural "s".
    """
    keys = sorted(table, key=len, reverse=True)
    parts = [re.escape(k).replace(r"\ ", r"\s+") for k in keys]
    return "(?:" + "|".join(parts) + ")" + ("(?![a-z])" if whole_word else "")


def _expand(template: str, words: dict[str, dict[str, Any]]) -> str:
    """Replace ``{CLASS}`` placeholders by the word class alternations."""

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in words:
            raise ConfigError(f"time lexicon: rule uses unknown word class {{{name}}}; "
                              f"add it under 'words' in {LEXICON}")
        return _alternation(words[name], whole_word=name not in _OPEN_CLASSES)

    return _PLACEHOLDER.sub(substitute, template)


def grammar_from_data(data: dict[str, Any]) -> Grammar:
    """Compile a grammar from the parsed lexicon (a dict shaped like ``times.yaml``)."""
    words = {name: {str(k).lower(): v for k, v in table.items()}
             for name, table in data["words"].items()}
    rules = []
    for spec in data["rules"]:
        body = _expand(spec["pattern"], words)
        left = _LEFT_AFTER_DASH if spec["kind"] in ("year", "month_day") else _LEFT
        try:
            regex = re.compile(f"{left}(?:{body}){_RIGHT}", re.IGNORECASE)
        except re.error as exc:
            raise ConfigError(f"time lexicon: rule {spec['kind']!r} is not a valid regex ({exc}); "
                              f"fix its pattern in {LEXICON}") from exc
        rules.append(Rule(spec["kind"], spec.get("type", "DATE"), regex))
    return Grammar(
        words=words, rules=tuple(rules), capitalised=frozenset(data.get("capitalised", ())),
        future_lemmas=frozenset(data.get("future_lemmas", ())),
        not_year_after=frozenset(data.get("not_year_after", ())),
    )


@lru_cache(maxsize=1)
def load_grammar() -> Grammar:
    """The packaged time grammar (parsed and compiled once per process)."""
    path = Path(__file__).resolve().parents[2] / "lexicons" / LEXICON
    text = path.read_text(encoding="utf-8")
    return grammar_from_data(yaml.safe_load(text))
