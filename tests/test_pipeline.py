"""The stage chain is checked when built; a failing stage costs one article, not the run."""

from __future__ import annotations

import pytest

from crosswire.config import load_config
from crosswire.errors import ConfigError, StageError
from crosswire.ingest.readers import Skipped
from crosswire.model import ArticleAnalysis, RawArticle
from crosswire.pipeline import Pipeline, build_stages
from crosswire.stages.base import Stage


def test_stage_chain_with_missing_requirement_fails_at_build_time():
    with pytest.raises(StageError, match="stage 'entities' needs doc.*provided by stage 'parse'"):
        build_stages(["clean", "language", "entities"])


def test_unknown_stage_is_named():
    with pytest.raises(StageError, match="unknown stage 'tokenise'"):
        build_stages(["clean", "tokenise"])


def test_unknown_config_setting_is_an_error_with_the_known_ones(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[parse]\nmodle = 'x'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting parse.modle; known: batch_size, max_chars, model"):
        load_config(path)


def test_missing_spacy_model_says_what_to_install():
    config = load_config(overrides={"parse": {"model": "no_such_model_xx"}})
    with pytest.raises(ConfigError, match="not installed"):
        Pipeline.from_config(config).setup()


class _ExplodingStage(Stage):
    name = "explode"
    requires = ("text",)

    def process(self, drafts):
        for draft in drafts:
            if "boom" in draft.text:
                raise RuntimeError("synthetic failure")


def test_a_stage_failure_skips_only_that_article():
    config = load_config(overrides={"pipeline": {"stages": ["clean", "language"]}})
    pipeline = Pipeline(build_stages(["clean", "language"]) + [_ExplodingStage()], config)
    raws = [RawArticle(ref=f"r{n}", body=f"Ministers met in Oslo on Monday for talks {word}.", kind="text")
            for n, word in enumerate(["calm", "boom", "quiet"])]
    results = pipeline.analyze_batch(raws)
    assert [type(r) for r in results] == [ArticleAnalysis, Skipped, ArticleAnalysis]
    assert results[1].ref == "r1" and "stage 'explode' failed: RuntimeError: synthetic failure" in results[1].reason


def test_full_pipeline_gives_mentions_with_exact_offsets():
    pipeline = Pipeline.from_config(load_config(overrides={"pipeline": {"stages": ["clean", "language", "parse", "entities"]}}))
    raw = RawArticle(ref="x", kind="text", body=(
        "Chile and Norway open water talks\n\nThe foreign minister of Chile, Carlos Mendoza, met Norwegian envoy "
        "Lars Berg in Geneva on Monday, the ministry said.\n"))
    [analysis] = pipeline.analyze_batch([raw])
    text = analysis.article.text
    assert analysis.article.title == "Chile and Norway open water talks"
    assert analysis.sentences and all(text[s:e].strip() for s, e in analysis.sentences)
    found = {(m.text, m.label) for m in analysis.mentions}
    assert {("Carlos Mendoza", "PERSON"), ("Geneva", "GPE")} <= found
    assert all(text[m.start:m.end] == m.text and m.article == raw.id for m in analysis.mentions)


def test_non_english_article_is_stored_and_flagged_not_parsed():
    pipeline = Pipeline.from_config(load_config(overrides={"pipeline": {"stages": ["clean", "language", "parse", "entities"]}}))
    raw = RawArticle(ref="fr", kind="text", body=(
        "Les ministres se sont réunis à Genève lundi pour discuter de l'accord sur la pêche. "
        "Les délégations ont promis de se revoir le mois prochain.\n"))
    [analysis] = pipeline.analyze_batch([raw])
    assert analysis.article.language == "fr"
    assert analysis.mentions == () and analysis.sentences == ()
    assert any("not English" in note for note in analysis.article.notes)


class _HangingStage(Stage):
    name = "hang"
    requires = ("text",)

    def process(self, drafts):
        import re

        for draft in drafts:
            if "pathological" in draft.text:
                re.match(r"(a+)+$", "a" * 64 + "b")  # catastrophic backtracking: never ends in practice


def test_an_article_over_its_time_budget_is_skipped_and_the_rest_go_on():
    config = load_config(overrides={"pipeline": {"stages": ["clean", "language"]}, "limits": {"article_seconds": 0.5}})
    pipeline = Pipeline(build_stages(["clean", "language"]) + [_HangingStage()], config)
    raws = [RawArticle(ref=f"r{n}", body=f"Ministers met in Oslo on Monday for {word} talks.", kind="text")
            for n, word in enumerate(["calm", "pathological", "quiet"])]
    results = pipeline.analyze_batch(raws)
    assert [type(r) for r in results] == [ArticleAnalysis, Skipped, ArticleAnalysis]
    assert "took longer than 0.5 s (limits.article_seconds)" in results[1].reason
