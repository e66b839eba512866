"""The CLI: every command has help; analyze, export, articles, show and search work end to end."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from tests.helpers import write_jsonl_corpus

runner = CliRunner()
COMMANDS = ["analyze", "watch", "report", "serve", "export", "articles", "quotes", "events", "stories", "claims", "sources", "show", "search"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output and len(result.output.splitlines()) > 5


def test_top_level_help_lists_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and all(c in result.output for c in COMMANDS)


def test_analyze_then_query_commands(tmp_path):
    corpus = write_jsonl_corpus(tmp_path / "feed.jsonl", 4)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{broken\n", encoding="utf-8")
    db, out = str(tmp_path / "c.db"), tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(corpus), str(bad), "--db", db, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output and "malformed JSON line" in result.output
    articles = [json.loads(line) for line in (out / "articles.jsonl").open()]
    assert len(articles) == 4
    required = {"id", "ref", "source", "title", "published", "published_from", "language", "text", "removed",
                "story", "duplicate_of", "quality"}
    assert all(required <= set(a) for a in articles)
    assert {a["published_from"] for a in articles} == {"metadata"}

    listed = runner.invoke(app, ["articles", "--db", db, "--source", "outlet1.example"])
    assert listed.exit_code == 0 and "art-1" not in listed.output  # titles shown, not refs, when present
    shown = runner.invoke(app, ["show", articles[0]["id"][:8], "--db", db])
    assert shown.exit_code == 0 and articles[0]["title"] in shown.output
    found = runner.invoke(app, ["search", "fisheries", "--db", db])
    assert found.exit_code == 0 and found.output.count("fisheries") >= 4
    quotes = runner.invoke(app, ["quotes", "--db", db, "--speaker", "Olsen"])
    assert quotes.exit_code == 0 and quotes.output.count("We made progress on quotas") == 4
    events = runner.invoke(app, ["events", "--db", db, "--type", "CONSULT"])
    assert events.exit_code == 0 and "CONSULT" in events.output and "Geneva" in events.output
    exported = runner.invoke(app, ["export", "--db", db, "--format", "parquet", "--out", str(tmp_path / "pq")])
    assert exported.exit_code == 0 and (tmp_path / "pq" / "articles.parquet").exists()


def test_nothing_analysable_exits_1_and_usage_error_exits_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(empty), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 1 and "empty" in result.output
    assert runner.invoke(app, ["export", "--db", str(tmp_path / "c.db"), "--format", "csv", "--out", "x"]).exit_code == 2
    assert runner.invoke(app, ["analyze"]).exit_code == 2


def test_show_unknown_or_ambiguous_id_says_what_to_do(tmp_path):
    corpus = write_jsonl_corpus(tmp_path / "feed.jsonl", 1)
    db = str(tmp_path / "c.db")
    runner.invoke(app, ["analyze", str(corpus), "--db", db])
    result = runner.invoke(app, ["show", "zzzz", "--db", db])
    assert result.exit_code == 1 and "crosswire articles" in result.output and "no article" in result.output
    corpus = write_jsonl_corpus(tmp_path / "more.jsonl", 40)  # 40 hex ids: some share a first character
    runner.invoke(app, ["analyze", str(corpus), "--db", db])
    ids = _ids(tmp_path, db)
    shared = next(i[0] for i in ids if sum(j.startswith(i[0]) for j in ids) > 1)
    result = runner.invoke(app, ["show", shared, "--db", db])
    assert result.exit_code == 1 and "give more characters" in result.output


def test_show_lists_removed_boilerplate_with_its_reason(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text("Harbour talks resume\n\nShare on Facebook\n\nThe two ministers met in Tromsø on Monday "
                    "to resume talks on the harbour dispute, officials said.\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert runner.invoke(app, ["analyze", str(page), "--db", db]).exit_code == 0
    shown = runner.invoke(app, ["show", _ids(tmp_path, db)[0], "--db", db])
    assert shown.exit_code == 0 and "[share] Share on Facebook" in shown.output


def _ids(tmp_path, db) -> list[str]:
    """Every article id in ``db``, read from a JSONL export."""
    assert runner.invoke(app, ["export", "--db", db, "--out", str(tmp_path / "ids")]).exit_code == 0
    lines = (tmp_path / "ids" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["id"] for line in lines]


def test_watch_refuses_a_path_that_is_not_a_folder(tmp_path):
    result = runner.invoke(app, ["watch", str(tmp_path / "missing"), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 2 and "not a folder" in result.output and "watching" not in result.output


def test_analyze_writes_the_report_too(tmp_path):
    corpus = write_jsonl_corpus(tmp_path / "feed.jsonl", 3)
    report = tmp_path / "r.html"
    result = runner.invoke(app, ["analyze", str(corpus), "--db", str(tmp_path / "c.db"), "--report", str(report)])
    assert result.exit_code == 0, result.output
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in page
    again = runner.invoke(app, ["report", "--db", str(tmp_path / "c.db"), "--out", str(tmp_path / "r2.html")])
    assert again.exit_code == 0 and (tmp_path / "r2.html").stat().st_size > 1000
