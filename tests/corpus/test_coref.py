"""Cross-document event coreference: stems, trigger families, soft evidence and average link."""

import pytest

from crosswire.corpus.coref import (EventMention, argument_similarity, coreference_clusters, pair_score,
                                    stem_shares, trigger_families, trigger_similarity, trigger_stem)


def mention(i, article, lemma, *, block="s1", sentence=None, arguments=(), day=None, etype=None):
    return EventMention(i, article, block, lemma, etype, day, arguments=frozenset(arguments), sentence=sentence)


def together(clusters, *ids):
    return any(set(ids) <= set(members) for members in clusters.values())


@pytest.mark.parametrize("a, b", [("arrested", "arrests"), ("shooting", "shoot"), ("dies", "die"),
                                  ("stopped", "stop"), ("election", "elect"), ("nomination", "nominate")])
def test_inflected_and_nominal_forms_share_a_stem(a, b):
    assert trigger_stem(a) == trigger_stem(b)


def test_different_verbs_keep_different_stems():
    assert trigger_stem("arrest") != trigger_stem("arrive")
    assert trigger_stem("pass") == "pass"  # a double s is not a plural


def test_family_lexicon_links_synonyms_but_not_unrelated_triggers():
    families = trigger_families()
    assert trigger_similarity("quake", "tremor", families) > 0
    assert trigger_similarity("explosion", "blast", families) > 0
    assert trigger_similarity("quake", "arrest", families) == 0
    # "fire" sits in two families, which must not join a blaze to a sacking.
    assert trigger_similarity("blaze", "sack", families) == 0
    assert trigger_similarity("fire", "blaze", families) > 0 and trigger_similarity("fire", "sack", families) > 0


def test_trigger_similarity_prefers_exact_over_stem_over_family():
    families = trigger_families()
    assert (trigger_similarity("arrest", "arrest", families) > trigger_similarity("arrest", "arrested", families)
            > trigger_similarity("arrest", "detain", families))


def test_rare_shared_arguments_count_more_than_common_ones():
    weight = {"tuesday": 0.2, "harbour": 2.0}
    common = argument_similarity(frozenset({"tuesday", "ferry"}), frozenset({"tuesday", "bridge"}), weight)
    rare = argument_similarity(frozenset({"harbour", "ferry"}), frozenset({"harbour", "bridge"}), weight)
    assert 0 < common < rare
    assert argument_similarity(frozenset({"ferry"}), frozenset({"bridge"}), weight) == 0


def test_lead_mentions_score_higher_than_deep_ones():
    families = trigger_families()
    lead = pair_score(mention("1", "a", "collapse", sentence=0), mention("2", "b", "collapse", sentence=1), families)
    deep = pair_score(mention("1", "a", "collapse", sentence=14), mention("2", "b", "collapse", sentence=20), families)
    assert lead > deep


def test_a_main_event_reported_mid_article_still_corefers_on_its_lemma():
    # Real reports open with context and reach their main event late: "the proposed meeting" in
    # sentence 3 of one article and sentence 12 of another (ECB+-tuned depth penalties split these).
    mentions = [mention("1", "a", "meeting", sentence=3, arguments={"minister", "brussels"}),
                mention("2", "b", "meeting", sentence=12, arguments={"minister", "foreign", "level"})]
    assert together(coreference_clusters(mentions), "1", "2")


def test_synonyms_in_the_lead_corefer_but_need_evidence_alone():
    # "A quake shook the valley" / "The tremor cracked roads": two headlines about one event.
    lead = [mention("1", "a", "quake", sentence=0), mention("2", "b", "tremor", sentence=1)]
    assert together(coreference_clusters(lead), "1", "2")
    bare = [mention("1", "a", "quake"), mention("2", "b", "tremor")]
    assert not together(coreference_clusters(bare), "1", "2")


def test_reporting_verbs_do_not_corefer_on_their_lemma():
    # "The mayor said ..." / "A witness said ...": two different statements.
    says = [mention("1", "a", "say", sentence=6, arguments={"mayor"}),
            mention("2", "b", "say", sentence=7, arguments={"witness"})]
    assert not together(coreference_clusters(says), "1", "2")


def test_a_deep_side_event_with_other_arguments_stays_apart():
    # Lead: "Police arrested the ferry captain"; deep: "an earlier arrest of two dock workers".
    mentions = [mention("1", "a", "arrest", sentence=0, arguments={"police", "captain", "ferry"}),
                mention("2", "b", "arrest", sentence=1, arguments={"police", "captain"}),
                mention("3", "b", "arrest", sentence=15, arguments={"dock", "worker", "march"})]
    clusters = coreference_clusters(mentions)
    assert together(clusters, "1", "2")
    assert not together(clusters, "1", "3") and not together(clusters, "2", "3")


def test_average_link_does_not_chain_through_one_ambiguous_trigger():
    # "fire" links to both "blaze" and "shooting", but a blaze and a shooting are two events.
    mentions = [mention("1", "a", "blaze", sentence=0), mention("2", "b", "fire", sentence=0),
                mention("3", "c", "shooting", sentence=0)]
    clusters = coreference_clusters(mentions)
    assert not together(clusters, "1", "3")


def test_blocks_and_days_bound_coreference_whatever_the_order():
    mentions = [mention("1", "a", "flood", sentence=0, day="2024-05-01"),
                mention("2", "b", "flooding", sentence=0),
                mention("3", "c", "flood", sentence=0, day="2024-06-11"),
                mention("4", "d", "flood", sentence=0, block="s2")]
    clusters = coreference_clusters(mentions)
    assert not together(clusters, "1", "3")
    assert not any(together(clusters, "4", other) for other in "123")
    assert coreference_clusters(list(reversed(mentions))) == clusters


def test_stem_shares_count_articles_not_mentions_and_need_three_articles():
    block = [mention("1", "a", "attack"), mention("2", "a", "attacked"), mention("3", "b", "attacks"),
             mention("4", "c", "attack"), mention("5", "d", "attack"), mention("6", "d", "arrest")]
    shares = stem_shares(block)
    assert shares == {"attack": 1.0, "arrest": 0.25}
    assert stem_shares(block[:3]) == {}  # two articles: every shared stem would look widely reported
    assert stem_shares(block, cap=3) == {"attack": 1.0, "arrest": 1 / 3}  # out of at most three articles


def test_an_event_most_articles_report_links_where_a_side_event_of_two_does_not():
    # Six reports of a bridge collapse; two of them also mention an evacuation the others leave out.
    block = [mention(f"c{i}", art, "collapse", sentence=2) for i, art in enumerate("abcdef")]
    block += [mention("m1", "a", "evacuate", sentence=9), mention("m2", "b", "evacuate", sentence=9)]
    families, shares = trigger_families(), stem_shares(block)
    main = pair_score(block[0], block[1], families, shares=shares)
    side = pair_score(block[-2], block[-1], families, shares=shares)
    assert main > pair_score(block[0], block[1], families) > side
    clusters = coreference_clusters(block)
    assert together(clusters, *(f"c{i}" for i in range(6)))
    assert not together(clusters, "m1", "m2")
