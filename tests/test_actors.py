"""Actor resolution: countries, demonyms, capitals, organisations, roles, the YAML dictionary."""

from __future__ import annotations

import pytest

from crosswire.actors import ActorResolver, ArticleActors
from crosswire.errors import ConfigError


@pytest.fixture(scope="module")
def resolver():
    return ActorResolver.from_config()


@pytest.mark.parametrize("phrase, country, sector", [
    ("Kenyan troops", "KEN", "MIL"),                                  # demonym + role
    ("Nairobi", "KEN", "GOV"),                                         # capital alone = government
    ("the Ministry of Foreign Affairs of Peru", "PER", "GOV"),         # ministry pattern
    ("the Chilean Foreign Ministry", "CHL", "GOV"),
    ("the State Department", "USA", "GOV"),                            # organisation list
    ("the European Commission", "IGO:EU", "IGO"),
    ("United Nations", "IGO:UN", "IGO"),
    ("Norwegian Prime Minister Kari Nordmann", "NOR", "GOV"),          # role-bearing person
    ("the Ghanaian ambassador to Japan", "GHA", "GOV"),                # own country, not the host
    ("Bolivia", "BOL", "GOV"),
])
def test_phrases_resolve_to_country_and_sector(resolver, phrase, country, sector):
    actor = resolver.resolve(phrase)
    assert actor is not None and (actor.country, actor.sector) == (country, sector)


def test_unknown_phrase_resolves_to_nothing(resolver):
    assert resolver.resolve("the weather") is None


def test_dictionary_roles_are_time_bounded(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("- name: Ana Example\n  aliases: [Example]\n  roles:\n"
                    "    - {country: CHL, sector: OPP, from: 2001, until: 2005-06-30}\n"
                    "    - {country: CHL, sector: GOV, from: 2005-07-01}\n", encoding="utf-8")
    resolver = ActorResolver.from_config(path)
    assert resolver.resolve("Example", date="2003-02-01").sector == "OPP"
    assert resolver.resolve("Example", date="2010-01-01").sector == "GOV"
    before = resolver.resolve("Ana Example", date="1990-01-01")
    assert (before.country, before.sector) == ("CHL", None)


def test_bad_dictionary_is_a_config_error(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("just: a mapping\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="expected a list"):
        ActorResolver.from_config(path)


def test_article_memory_carries_a_role_to_the_surname(resolver):
    actors = ArticleActors(resolver)
    actors.resolve("Egyptian Foreign Minister Omar Samples", name="Omar Samples", person=True)
    later = actors.resolve("Samples", name="Samples")
    assert (later.country, later.sector) == ("EGY", "GOV")
    assert actors.last_person is not None


def test_residence_and_ethnic_groups():
    from crosswire.actors import ActorResolver
    r = ActorResolver.from_config()
    assert (r.resolve("rebels in the Ivory Coast").country, r.resolve("rebels in the Ivory Coast").sector) == ("CIV", "REB")
    assert r.resolve("ethnic Albanians in south Serbia").country == "SRB"
    assert r.resolve("Americans in Iraq").country == "USA"
    assert r.resolve("Mr O\u2019Brien").country == "USA"


def test_transnational_ngos_get_an_international_code():
    resolver = ActorResolver.from_config()
    amnesty = resolver.resolve("the rights watchdog Amnesty International")
    assert amnesty.country.startswith("IGO:") and amnesty.sector == "NGO"
    assert resolver.resolve("Sudanese Red Crescent volunteers").country == "SDN"


def test_affiliation_compounds_name_the_country():
    actor = ActorResolver.from_config().resolve("Kenyan-led forces")
    assert (actor.country, actor.sector) == ("KEN", "MIL")
