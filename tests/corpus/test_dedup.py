"""Copies: exact, syndicated and spun copies, rewordings and translations inside a story, and
rewrite suspicion from an article's own text."""

import difflib
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.corpus.dedup import (REWRITE_RATIO, TRANSLATION_ALIGNED, _Text, aligned_share, alignment_can_reach,
                                    lcs_length, lsh_buckets, position_masks, rewording_pairs, update_copies,
                                    verify_pair)
from crosswire.corpus.rewrite import collocation_lexicon, rewrite_signals
from crosswire.run import analyze

DEMO = Path(__file__).resolve().parents[2] / "examples" / "fictional-demo"

BODY = ("Norway offered on Tuesday to mediate between the two neighbours after the flood. "
        "The foreign ministry said peace talks could resume in Oslo next month if both sides agree. "
        "Officials said the expert talks had failed because water was released without notice. ")

# One invented episode told three times: an English report, a stilted translation of it (the word
# choices of a translator working from French) and an independent report with the same names.
ORIGINAL = """Portugal rejects Chilean call for fisheries talks in Reykjavik

Portugal on Monday rejected a Chilean proposal to hold fisheries talks in Reykjavik on 9 May, accusing Chilean trawlers of breaking the 2016 quota agreement.
"We cannot sit down in Reykjavik while Chilean boats keep fishing beyond the agreed limits," Fisheries Minister Lucia Ferraz told reporters in Lisbon.
Ferraz said the navy had counted 12 Chilean trawlers inside the protected zone last week.
Portugal also froze its seat on the joint quota committee and recalled its observer from Valparaiso.
In Santiago, Fisheries Minister Tomas Arriaga called the accusation unfounded and said Chile had reported every catch to the committee.
He said the trawlers had carried 1,200 tonnes of hake and had sailed with permits.
Iceland, which offered to host the talks, said its invitation still stood.
Special envoy Helga Brandt is expected to visit Lisbon on Thursday.
The two countries have argued over the southern hake stock since the 1990s.
The 2016 agreement requires each side to report catches within three days, in exchange for shared access to the Azores banks.
"""
TRANSLATED = """Portugal refuses the negotiations of Reykjavik offered by Chile

Portugal refused on Monday the offer of Chile to organise the negotiations on fishing in Reykjavik on May 9, accusing the ships of Chile of the violation of the accord of 2016 on the quotas.
"It is not possible for us to sit in Reykjavik while the vessels of Chile continue to fish beyond the limits of the accord," has declared the minister of the sea, Mrs Lucia Ferraz, to the press in Lisbon.
According to Mrs Ferraz, the marine of Portugal has observed 12 ships of Chile inside the zone of protection during the last week.
Portugal has suspended also its place in the commission of the quotas and has called back its representative of Valparaiso.
The minister of the sea of Chile, Mr Tomas Arriaga, qualified the accusation of baseless in Santiago and affirmed that Chile had declared each capture to the commission.
The ships transported 1200 tonnes of hake and possessed the licences of navigation, he added.
Iceland, which proposed to receive the negotiations, indicated that its invitation remains valid.
The special envoy of Iceland, Mrs Helga Brandt, must go to Lisbon on Thursday.
The two countries are opposed since three decades on the stock of hake of the south.
The accord of 2016 obliges each party to declare the captures in three days, in exchange of the access shared to the banks of the Azores.
"""
INDEPENDENT = """Iceland keeps offer of Reykjavik talks open

Iceland said on Tuesday that its offer to host talks between Portugal and Chile remained open, a day after Lisbon turned down a meeting in Reykjavik.
Special envoy Helga Brandt will fly to Lisbon on Thursday and could travel on to Santiago next week, the Icelandic foreign ministry said.
Chile's Fisheries Minister Tomas Arriaga said he would welcome Icelandic mediation and denied that his country's fleet had broken any rules.
Portuguese officials say 12 Chilean trawlers entered a protected zone near the Azores, while Chile says the boats held valid permits.
Lucia Ferraz, Portugal's fisheries minister, has made the quota dispute a central issue since taking office in 2019.
Analysts in Lisbon said the hake stock has fallen by a third over the past decade.
Fishing groups on both sides urged the governments to return to the committee before the summer season opens.
The dispute dates back to the 1990s, and a 2016 agreement on catch reports was meant to settle it.
"""


class _Tables:
    """The two reads ``rewording_pairs`` makes of the store, over texts in memory."""

    def __init__(self, texts: dict[str, str]):
        self.texts = texts

    def articles(self, ids):
        for i in sorted(ids):
            yield {"id": i, "text": self.texts[i], "published": None, "published_range": None,
                   "quality": {"signals": []}}

    def copies_involving(self, ids):
        return []


def _rewordings(texts: dict[str, str], pairs) -> list[tuple[str, str, str]]:
    return [(copy, original, kind) for copy, original, kind, _ in rewording_pairs(_Tables(texts), pairs, {})]


class _CandidateTables:
    """What ``update_copies`` reads and writes, with the bands each stored article shares with
    the new one given outright."""

    def __init__(self, published: dict[str, str | None], bands: dict[str, int]):
        self.published, self.bands, self.copies = published, bands, []

    def articles(self, ids):
        for i in sorted(ids):
            yield {"id": i, "text": BODY, "published": self.published[i], "published_range": None,
                   "quality": {"signals": []}}

    def write_buckets(self, rows):
        pass

    def bucket_neighbours(self, article, buckets, limit):
        return Counter(self.bands)

    def published_of(self, ids):
        return {i: self.published[i] for i in ids}

    def write_copies(self, rows):
        self.copies.extend(rows)


def test_a_single_shared_band_is_verified_only_between_reports_close_in_time():
    published = {"new": "2024-05-01", "old-1-band": "2022-01-10", "recent-1-band": "2024-04-20",
                 "undated-1-band": None, "old-3-bands": "2022-01-10"}
    tables = _CandidateTables(published, {"old-1-band": 1, "recent-1-band": 1, "undated-1-band": 1,
                                          "old-3-bands": 3})
    update_copies(tables, ["new"], collocation_lexicon())
    verified = {copy if original == "new" else original for copy, original, _, _ in tables.copies}
    assert verified == {"recent-1-band", "undated-1-band", "old-3-bands"}


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


def _lcs_by_table(a, b) -> int:
    previous = [0] * (len(b) + 1)
    for x in a:
        row = [0]
        for j, y in enumerate(b):
            row.append(previous[j] + 1 if x == y else max(previous[j + 1], row[j]))
        previous = row
    return previous[-1]


words = st.lists(st.sampled_from("the of talks in Oslo flood said water on release".split()), max_size=70)


@settings(max_examples=300, deadline=None)
@given(words, words)
def test_bit_parallel_lcs_equals_the_table_and_bounds_the_matcher(a, b):
    assert lcs_length(position_masks(a), len(a), b) == _lcs_by_table(a, b)
    ratio = difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()
    # The pre-filter may only skip pairs the word alignment would reject.
    if a and b and ratio >= REWRITE_RATIO:
        assert alignment_can_reach(_Text(" ".join(a)), _Text(" ".join(b)), REWRITE_RATIO)


def test_pre_filter_skips_independent_reports_but_not_a_spun_copy():
    spun = ORIGINAL.replace("talks", "negotiations").replace("trawlers", "draggers").replace("said", "stated")
    assert not alignment_can_reach(_Text(ORIGINAL), _Text(INDEPENDENT), REWRITE_RATIO)
    assert alignment_can_reach(_Text(ORIGINAL), _Text(spun), REWRITE_RATIO)
    assert verify_pair(ORIGINAL, spun)["kind"] == "rewrite"


def test_translation_like_text_is_a_rewording_of_its_original():
    texts = {"en": ORIGINAL, "fr": TRANSLATED, "other": INDEPENDENT}
    found = _rewordings(texts, [("en", "fr"), ("fr", "other"), ("en", "other")])
    assert found == [("fr", "en", "rewording")]


def test_independent_reports_with_the_same_names_are_not_rewordings():
    texts = {"en": ORIGINAL, "fr": TRANSLATED, "other": INDEPENDENT}
    assert _rewordings(texts, [("fr", "other")]) == []
    assert _rewordings(texts, [("en", "other")]) == []


def test_a_translation_must_keep_the_order_of_its_sentences():
    title, _, body = TRANSLATED.partition("\n\n")
    shuffled = title + "\n\n" + "\n".join(reversed(body.strip().splitlines())) + "\n"
    assert aligned_share(_Text(TRANSLATED), _Text(ORIGINAL)) >= TRANSLATION_ALIGNED
    assert aligned_share(_Text(shuffled), _Text(ORIGINAL)) < TRANSLATION_ALIGNED / 2
    assert _rewordings({"en": ORIGINAL, "fr": shuffled}, [("en", "fr")]) == []


@pytest.fixture(scope="module")
def demo_articles(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    analyze([str(DEMO)], db=out / "demo.db", out=out / "jsonl")
    return [json.loads(line) for line in (out / "jsonl" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def test_demo_copies_are_the_manifest_copies_and_the_translation_is_a_rewording(demo_articles):
    text = (DEMO / "MANIFEST.md").read_text(encoding="utf-8")
    manifest = yaml.safe_load(re.search(r"```yaml\n(.*?)```", text, re.S).group(1))
    ids = {}
    for short, ref in manifest["files"].items():
        path, _, record = ref.partition("#")
        ids[short] = next(a["id"] for a in demo_articles if (a["ref"] == record if record else a["ref"].endswith(path)))
    short_of = {i: s for s, i in ids.items()}
    kinds = {"translation": "rewording"}  # the store's kind for a translation
    expected = {(c["copy"], c["original"], kinds.get(c["kind"], c["kind"])) for c in manifest["copies"]}
    found = {(short_of[a["id"]], short_of[a["duplicate_of"]], a["quality"]["copy"]["kind"])
             for a in demo_articles if a["duplicate_of"]}
    assert ("a04", "a03", "rewording") in found
    assert found == expected
