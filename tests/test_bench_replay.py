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
