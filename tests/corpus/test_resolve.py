"""Entity resolution: spelling variants and short forms merge; people sharing a surname do not."""

from crosswire.corpus.resolve import person_aliases, surname, variant_groups


def partners_in(stories: dict[str, set[str]]):
    """``person_aliases``'s partners lookup over a key -> stories map (what ``story_keys`` holds)."""
    def partners(keys, skeleton):
        mine = set().union(*(stories.get(k, set()) for k in keys))
        return {k for k, s in stories.items() if s & mine and surname(k) == skeleton}
    return partners


def test_transliteration_variants_are_one_person():
    groups = variant_groups({"nikol pashinyan": 3, "nikol pashinian": 1, "o'brien": 2, "o'brian": 1,
                             "aliyev": 2, "aliev": 1})
    assert sorted(groups["nikol pashinyan"]) == ["nikol pashinian", "nikol pashinyan"]
    assert sorted(groups["o'brien"]) == ["o'brian", "o'brien"]
    assert sorted(groups["aliyev"]) == ["aliev", "aliyev"]


def test_short_form_joins_the_only_full_name_in_its_stories():
    counts = {"matthew miller": 4, "miller": 2, "anna lindqvist": 2, "per lindqvist": 1, "mr lindqvist": 1}
    aliases = person_aliases(counts, partners_in({key: {"story-1"} for key in counts}))
    assert aliases["miller"] == "matthew miller"
    assert "mr lindqvist" not in aliases
    assert aliases.get("per lindqvist") != "anna lindqvist"


def test_short_form_in_another_story_stays_apart():
    stories = {"matthew miller": {"s1"}, "miller": {"s2"}}
    assert "miller" not in person_aliases({"matthew miller": 2, "miller": 1}, partners_in(stories))


def test_a_full_name_whose_surname_skeleton_is_a_gender_mark_does_not_block_a_short_form():
    # "Kamo Ma" has the signature ("km", "m"), the shape of "Mr Kamo"; it must not count as a
    # man called Kamo in the stories where "Ms Kamo" and "Kamo" appear.
    stories = {"ms kamo": {"s1"}, "kamo": {"s1"}, "kamo ma": {"s1"}, "lina kamo": {"s1"}}
    aliases = person_aliases({key: 1 for key in stories}, partners_in(stories))
    assert aliases.get("kamo") == "lina kamo"


def test_mr_and_ms_in_the_stories_of_a_bare_surname_leave_it_alone():
    stories = {"anna berg": {"s1"}, "berg": {"s1", "s2"}, "mr berg": {"s2"}, "ms berg": {"s2"}}
    assert "berg" not in person_aliases({key: 1 for key in stories}, partners_in(stories))
    stories["ms berg"] = {"s3"}  # she is in another story: "Berg" is Anna Berg's short form again
    aliases = person_aliases({key: 1 for key in stories}, partners_in(stories))
    assert aliases["berg"] == "anna berg"
    # "Mr Berg" shares a story with "Berg", not with Anna Berg: "Berg"'s decision does not carry him.
    assert "mr berg" not in aliases
