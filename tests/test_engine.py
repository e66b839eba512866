"""The local engine: a process pool gives exactly the records one process gives."""

from __future__ import annotations

from crosswire.config import load_config
from crosswire.run import analyze
from tests.helpers import exported_files, write_jsonl_corpus


def test_two_workers_give_the_same_output_as_one(tmp_path):
    corpus = write_jsonl_corpus(tmp_path / "feed.jsonl", 24)
    config = load_config(overrides={"pipeline": {"stages": ["clean", "language", "parse", "entities"],
                                                 "batch_size": 4}})
    one = analyze([str(corpus)], db=tmp_path / "one.db", config=config, workers=1)
    two = analyze([str(corpus)], db=tmp_path / "two.db", config=config, workers=2)
    assert one.analysed == two.analysed == 24
    assert set(two.stage_seconds) == {"clean", "language", "parse", "entities"}
    assert exported_files(tmp_path / "one.db", tmp_path / "o1") == exported_files(tmp_path / "two.db", tmp_path / "o2")


def test_dask_local_cluster_gives_the_same_output_as_local(tmp_path):
    corpus = write_jsonl_corpus(tmp_path / "feed.jsonl", 12)
    config = load_config(overrides={"pipeline": {"stages": ["clean", "language", "parse", "entities", "times"],
                                                 "batch_size": 3}})
    local = analyze([str(corpus)], db=tmp_path / "local.db", config=config)
    dask = analyze([str(corpus)], db=tmp_path / "dask.db", config=config, engine="dask", workers=2)
    assert local.analysed == dask.analysed == 12
    assert exported_files(tmp_path / "local.db", tmp_path / "o1") == exported_files(tmp_path / "dask.db", tmp_path / "o2")
