"""bench/corpus_replay.py: a store written without the corpus stages, replayed, equals a normal run."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from corpus_replay import corpus_free, replay_store  # noqa: E402

from crosswire.run import analyze  # noqa: E402
from crosswire.store.sqlite import Store  # noqa: E402
from tests.helpers import exported_files, write_jsonl_corpus  # noqa: E402


def test_replaying_the_corpus_stages_gives_what_one_run_gives(tmp_path):
    corpus = write_jsonl_corpus(tmp_path / "corpus.jsonl", 14)
    analyze([str(corpus)], db=tmp_path / "whole.db")
    analyze([str(corpus)], db=tmp_path / "per-article.db", corpus_stages=False)
    assert corpus_free(tmp_path / "per-article.db") is None
    assert "already run" in corpus_free(tmp_path / "whole.db")
    with Store(tmp_path / "per-article.db") as store:
        assert store.count("stories") == 0
        summary = replay_store(store)
    assert summary.articles == 14
    whole = exported_files(tmp_path / "whole.db", tmp_path / "whole")
    assert whole == exported_files(tmp_path / "per-article.db", tmp_path / "replayed")
    assert '"story": "' in whole["articles.jsonl"]  # the replay had stories to reproduce


def test_a_missing_or_foreign_file_is_refused_with_its_name(tmp_path):
    assert "no such file" in corpus_free(tmp_path / "absent.db")
    (tmp_path / "notes.db").write_text("not a database", encoding="utf-8")
    assert "notes.db: not a Crosswire store" in corpus_free(tmp_path / "notes.db")


def test_stores_replayed_in_turn_take_chunks_by_share_done_and_give_what_one_by_one_gives(tmp_path):
    from corpus_replay import run_in_turn, run_one_by_one

    stores = []
    for n in (10, 20):
        corpus = write_jsonl_corpus(tmp_path / f"corpus{n}.jsonl", n)
        stores.append(tmp_path / f"store{n}.db")
        analyze([str(corpus)], db=stores[-1], corpus_stages=False)
    results, order = run_in_turn(stores, tmp_path, chunk=5)
    # 2 chunks against 4: the small store's second chunk waits until the big one is half done.
    assert order == [0, 1, 1, 0, 1, 1]
    alone = run_one_by_one(stores, tmp_path, None, chunk=5)
    for side_by_side, one_by_one in zip(results, alone):
        assert side_by_side["interleaved"] and not one_by_one["interleaved"]
        for field in ("articles", "stories", "copies", "entities"):
            assert side_by_side[field] == one_by_one[field]
        assert side_by_side["stories"] > 0
        assert 0 < side_by_side["corpus_seconds"]
    assert [r["articles"] for r in results] == [10, 20]
    # One computes at a time: the stretches of work of both, in time order, follow the turns.
    spans = sorted((start, end, i) for i, r in enumerate(results) for start, end in r["work_spans"])
    assert [i for _, _, i in spans] == order
    assert all(end <= next_start for (_, end, _), (next_start, _, _) in zip(spans, spans[1:]))
    for db in stores:  # the originals stay free of corpus records, to be replayed again
        assert corpus_free(db) is None
