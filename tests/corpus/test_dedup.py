"""Copies: exact, syndicated and spun copies, and rewrite suspicion from an article's own text."""

from crosswire.corpus.dedup import lsh_buckets, verify_pair
from crosswire.corpus.rewrite import collocation_lexicon, rewrite_signals

BODY = ("Norway offered on Tuesday to mediate between the two neighbours after the flood. "
        "The foreign ministry said peace talks could resume in Oslo next month if both sides agree. "
        "Officials said the expert talks had failed because water was released without notice. ")


def test_copies_share_an_lsh_bucket_and_unrelated_texts_do_not():
    other = "A football club in the north signed a new goalkeeper for the winter season on Friday. " * 3
    assert set(lsh_buckets(BODY)) & set(lsh_buckets(BODY + " Share this article."))
    assert not set(lsh_buckets(BODY)) & set(lsh_buckets(other))


def test_labels_exact_syndicated_and_rewrite_with_substitutions():
    assert verify_pair(BODY, BODY.upper())["kind"] == "exact"
    assert verify_pair(BODY, "Home World Subscribe " + BODY + " All rights reserved.")["kind"] == "syndicated"
    spun = (BODY.replace("peace talks", "harmony negotiations").replace("foreign ministry", "overseas ministry")
            .replace("without notice", "without discover").replace("expert talks", "professional negotiations"))
    relation = verify_pair(BODY, spun)
    assert relation["kind"] == "rewrite"
    assert ["peace talks", "harmony negotiations"] in relation["substitutions"]


def test_spun_text_is_suspected_from_its_own_words_and_plain_text_is_not():
    spun = "Progress on the harmony track stalled. Cultural Armenian families fled after standardization negotiations."
    suspect, signals = rewrite_signals(spun, collocation_lexicon())
    assert suspect
    assert {s["expected"] for s in signals} >= {"peace track", "normalization talks", "ethnic Armenian"}
    assert rewrite_signals(BODY, collocation_lexicon()) == (False, [])
