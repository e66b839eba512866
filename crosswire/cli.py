"""The command line: thin wrappers over the library that parse flags, call, and print."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from crosswire import __version__
from crosswire.config import load_config
from crosswire.errors import CrosswireError
from crosswire.run import RunSummary, analyze
from crosswire.store.export import export_jsonl, export_parquet
from crosswire.store.resolved import with_entity_ids
from crosswire.store.sqlite import Store

app = typer.Typer(
    help="Crosswire: turn overlapping news articles into a source-attributed record of who did what "
         "to whom, who said what, and where the sources agree or contradict each other.",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None,
)
console = Console(stderr=True, soft_wrap=True)
# Piped output keeps whole rows (Rich would wrap tables to 80 columns).
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 220)

DB_OPTION = typer.Option("crosswire.db", "--db", help="SQLite database (created if missing).")
READ_DB_OPTION = typer.Option("crosswire.db", "--db", help="SQLite database written by 'crosswire analyze' (only read).")


def _fail(error: CrosswireError, code: int = 1) -> None:
    console.print(f"[red]error:[/red] {escape(str(error))}")
    raise typer.Exit(code)


def _read_store(db: str, query):
    """``query(store)`` on the database opened read-only; a CrosswireError ends the command with its message."""
    try:
        with Store(db, readonly=True) as store:
            return query(store)
    except CrosswireError as error:
        _fail(error)


def _version(value: bool) -> None:
    if value:
        out.print(f"crosswire {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit.")) -> None:
    """Crosswire command line."""


@app.command("analyze")
def analyze_command(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...",
                                       help="Files, directories (read recursively), globs, or '-' for JSON lines on stdin. "
                                            "Formats: .txt, .html, .jsonl/.json, .warc, and .gz of any."),
    db: str = DB_OPTION,
    out_dir: Optional[Path] = typer.Option(None, "--out", help="Write the contract JSONL files for these inputs here."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes (each loads the model once)."),
    engine: str = typer.Option("local", "--engine",
                               help="'local' (this machine; --workers processes) or 'dask' (a LocalCluster of "
                                    "--workers processes, or the cluster at --scheduler)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786."),
    config_file: Optional[Path] = typer.Option(None, "--config", help="TOML file overriding the defaults."),
    report_file: Optional[Path] = typer.Option(None, "--report", help="Also write the self-contained HTML report here."),
) -> None:
    """Analyse news articles into the store (and optionally JSONL files and the HTML report).

    Exit status: 0 when every input was analysed or skipped with a reported reason; 1 when
    nothing could be analysed; 2 for usage errors.
    """
    if engine not in ("local", "dask"):
        console.print(f"[red]error:[/red] unknown engine {escape(engine)!r}; use --engine local or --engine dask")
        raise typer.Exit(2)
    if scheduler and engine != "dask":
        console.print("[red]error:[/red] --scheduler needs --engine dask")
        raise typer.Exit(2)
    try:
        config = load_config(config_file)
        summary = _analyze_with_progress(inputs, db, out_dir, config, workers, engine, scheduler)
        _print_summary(summary, db, out_dir)
        if report_file is not None:
            _write_report(db, report_file)
    except CrosswireError as error:
        _fail(error)
    raise typer.Exit(summary.exit_code)


def _write_report(db: str, report_file: Path) -> None:
    from crosswire.report import write_report

    with Store(db, readonly=True) as store:
        stats = write_report(store, report_file)
    console.print(f"report: {escape(str(stats.path))} ({stats.bytes / 1024:.0f} kB, {stats.articles} articles, "
                  f"{stats.stories} stories)")


def _analyze_with_progress(inputs, db, out_dir, config, workers, engine="local", scheduler=None) -> RunSummary:
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.fields[rate]}"),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("loading models…", rate="")

        def on_progress(summary: RunSummary) -> None:
            bar.update(task, description=f"{summary.analysed} analysed, {len(summary.skipped)} skipped",
                       rate=f"{summary.articles_per_second:.1f} articles/s")

        stdin = sys.stdin.buffer if "-" in inputs else None
        return analyze(inputs, db=db, out=out_dir, config=config, workers=workers, stdin=stdin,
                       progress=on_progress, engine=engine, scheduler=scheduler)


def _print_summary(summary: RunSummary, db: str, out_dir: Optional[Path]) -> None:
    table = Table(title="Crosswire run", show_header=False, title_justify="left")
    table.add_row("analysed", f"{summary.analysed} articles ({summary.articles_per_second:.1f} articles/s)")
    table.add_row("already in the store", str(summary.already_stored))
    table.add_row("skipped", str(len(summary.skipped)))
    table.add_row("entities updated", str(summary.entities))
    for note, count in sorted(summary.notes.items()):
        table.add_row("note", f"{escape(note)}: {count}")
    table.add_row("database", escape(str(db)))
    if out_dir is not None:
        table.add_row("JSONL output", escape(str(out_dir)))
    console.print(table)
    for ref, reason in summary.skipped:
        console.print(f"[yellow]skipped[/yellow] {escape(ref)}: {escape(reason)}")


@app.command("watch")
def watch_command(
    folder: Path = typer.Argument(..., help="Folder to watch (read recursively)."),
    db: str = DB_OPTION,
    interval: float = typer.Option(1.0, "--interval", min=0.1, help="Seconds between polls."),
    config_file: Optional[Path] = typer.Option(None, "--config", help="TOML file overriding the defaults."),
) -> None:
    """Analyse new files in a folder as they appear (Ctrl-C to stop). Models stay loaded."""
    from crosswire.watch import watch

    def report(summary: RunSummary) -> None:
        console.print(f"analysed {summary.analysed}, already stored {summary.already_stored}, "
                      f"skipped {len(summary.skipped)}")
        for ref, reason in summary.skipped:
            console.print(f"[yellow]skipped[/yellow] {escape(ref)}: {escape(reason)}")

    if not folder.is_dir():
        _fail(CrosswireError(f"{folder} is not a folder; give the folder new articles are written to"), 2)
    console.print(f"watching {escape(str(folder))} every {interval:g} s into {escape(db)}; Ctrl-C to stop")
    try:
        watch(folder, db=db, config=load_config(config_file), interval=interval, on_run=report)
    except CrosswireError as error:
        _fail(error)
    except KeyboardInterrupt:
        console.print("stopped")


@app.command("report")
def report_command(db: str = READ_DB_OPTION,
                   out_file: Path = typer.Option(..., "--out", help="HTML file to write (self-contained, works offline).")) -> None:
    """Write the self-contained HTML report of the store: stories, timelines, actors, statements, claims."""
    try:
        _write_report(db, out_file)
    except CrosswireError as error:
        _fail(error)


@app.command("serve")
def serve_command(
    db: str = READ_DB_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind. On anything but loopback the app requires a random access token, printed in the URL at start."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    rate_limit: Optional[float] = typer.Option(None, "--rate-limit", min=0.1,
                                               help="Requests a second per client (default: none on loopback, "
                                                    "20 on any other address)."),
) -> None:
    """Serve the web app and read-only JSON API over the store (opened read-only)."""
    import secrets

    try:
        import uvicorn

        from crosswire.web.app import LOOPBACK_HOSTS, create_app
    except ImportError:
        console.print("[red]error:[/red] the web app needs the 'web' extra: pip install -c constraints.txt -e '.[web]'")
        raise typer.Exit(1) from None
    loopback = host in ("127.0.0.1", "localhost", "::1")
    token = None if loopback else secrets.token_urlsafe(24)
    try:
        application = create_app(db, token=token, allowed_hosts=LOOPBACK_HOSTS if loopback else None,
                                 rate_limit=rate_limit or (None if loopback else 20.0))
    except CrosswireError as error:
        _fail(error)
    shown = f"http://{host}:{port}/" + (f"?token={token}" if token else "")
    console.print(f"serving {escape(db)} read-only at {shown}  (Ctrl-C to stop)")
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command("export")
def export_command(
    db: str = READ_DB_OPTION,
    fmt: str = typer.Option("jsonl", "--format", help="jsonl or parquet."),
    out_dir: Path = typer.Option(..., "--out", help="Folder to write one file per contract table into."),
) -> None:
    """Write every contract table (articles, entities, times, quotes, events, stories, claims) from the store."""
    if fmt not in ("jsonl", "parquet"):
        console.print(f"[red]error:[/red] --format must be jsonl or parquet, not {escape(fmt)!r}")
        raise typer.Exit(2)
    counts = _read_store(db, lambda store: (export_jsonl if fmt == "jsonl" else export_parquet)(store, out_dir))
    for table, count in counts.items():
        out.print(f"{table:10} {count:8d}  {out_dir / (table + '.' + fmt)}")


@app.command("articles")
def articles_command(
    db: str = READ_DB_OPTION,
    source: Optional[str] = typer.Option(None, help="Only this outlet."),
    since: Optional[str] = typer.Option(None, help="Published on or after this ISO date."),
    until: Optional[str] = typer.Option(None, help="Published on or before this ISO date."),
    language: Optional[str] = typer.Option(None, help="Only this language (ISO 639-1)."),
    limit: int = typer.Option(50, min=1, help="At most this many."),
) -> None:
    """List stored articles, newest first."""
    rows = _read_store(db, lambda store: store.list_articles(source=source, since=since, until=until,
                                                             language=language, limit=limit))
    table = Table("id", "published", "source", "lang", "title")
    for row in rows:
        table.add_row(row["id"], row["published"] or "—", escape(row["source"] or "—"), row["language"] or "—",
                      escape(row["title"] or row["ref"]))
    out.print(table)


@app.command("quotes")
def quotes_command(
    db: str = READ_DB_OPTION,
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Part of the speaker's name (or surface form)."),
    group: Optional[str] = typer.Option(None, "--group", help="Only this quote group (same statement across articles)."),
    limit: int = typer.Option(50, min=1, help="At most this many."),
) -> None:
    """List who said what: direct, partial and indirect quotes with their speakers and groups."""
    quotes = _read_store(db, lambda store: store.list_quotes(speaker=speaker, group=group, limit=limit))
    table = Table("speaker", "kind", "cue", "group", "article", "statement")
    for quote in quotes:
        who = quote["speaker_name"] or f"({quote['speaker_text'] or 'unknown'})"
        table.add_row(escape(who), quote["kind"], escape(quote["cue"] or ""), (quote["group"] or "—")[:8],
                      quote["article"][:8], escape(quote["text"][:120]))
    out.print(table)


@app.command("events")
def events_command(
    db: str = READ_DB_OPTION,
    actor: Optional[str] = typer.Option(None, "--actor", help="Country code (AZE, IGO:EU) or part of an actor's name."),
    event_type: Optional[str] = typer.Option(None, "--type", help="PLOVER type, e.g. REJECT, CONSULT."),
    since: Optional[str] = typer.Option(None, help="On or after this ISO date."),
    until: Optional[str] = typer.Option(None, help="On or before this ISO date."),
    limit: int = typer.Option(50, min=1, help="At most this many."),
) -> None:
    """List coded events (PLOVER): who did what to whom, when, with status and evidence."""
    events = _read_store(db, lambda store: with_entity_ids(store, "events", store.list_events(
        actor=actor, event_type=event_type, since=since, until=until, limit=limit)))
    table = Table("date", "type", "mode", "source", "target", "status", "article", "evidence")
    for event in events:
        status = ("not " if event["negated"] else "") + event["status"]
        table.add_row(event["date"] or "—", event["type"], event["mode"] or "", escape(_actor_label(event["source"])),
                      escape(_actor_label(event["target"])), status, event["article"][:8],
                      escape(event["sentence"][:90]))
    out.print(table)


def _actor_label(actor: Optional[dict]) -> str:
    if not actor:
        return "—"
    codes = "/".join(x for x in (actor.get("country"), actor.get("sector")) if x)
    return f"{actor['name']} ({codes})" if codes else actor["name"]


@app.command("stories")
def stories_command(db: str = READ_DB_OPTION, limit: int = typer.Option(50, min=1, help="At most this many.")) -> None:
    """List stories (one real-world episode each), newest first, with their sources and event groups."""
    from crosswire.corpus.views import story_rows

    rows = _read_store(db, lambda store: story_rows(store)[:limit])
    table = Table("story", "dates", "articles", "outlets", "event groups", "thread", "label")
    for row in rows:
        dates = row["start"] if row["start"] == row["end"] else f"{row['start'] or '?'} – {row['end'] or '?'}"
        outlets = str(row["sources"]) + (f" (+{row['unattributed']} unknown)" if row["unattributed"] else "")
        table.add_row(row["id"][:8], dates or "undated", str(row["articles"]), outlets, str(row["events"]),
                      (row["thread"] or "—")[:8], escape(row["label"] or ""))
    out.print(table)


@app.command("claims")
def claims_command(db: str = READ_DB_OPTION,
                   conflicts: bool = typer.Option(False, "--conflicts", help="Only claims the sources disagree on."),
                   limit: int = typer.Option(50, min=1, help="At most this many.")) -> None:
    """List facts asserted by the sources, conflicts first, each value with the articles that give it."""
    from crosswire.corpus.views import claim_rows

    rows = _read_store(db, lambda store: claim_rows(store, conflicts_only=conflicts)[:limit])
    table = Table("status", "subject", "attribute", "independent sources", "values (articles)")
    for row in rows:
        values = "; ".join(f"{v['value']} ({', '.join(a[:8] for a in v['articles'])})" for v in row["values"])
        table.add_row(row["status"], escape(row["subject_name"] or row["subject"]), row["attribute"],
                      str(row["independent_sources"]), escape(values))
    out.print(table)


@app.command("sources")
def sources_command(db: str = READ_DB_OPTION) -> None:
    """Source quality per outlet: articles, copies, rewrite suspects, boilerplate, share of claims in conflict."""
    from crosswire.corpus.views import source_rows

    rows = _read_store(db, lambda store: source_rows(store))
    table = Table("outlet", "articles", "copies", "rewrite suspects", "boilerplate", "claims", "in conflict")
    for row in rows:
        share = "—" if row["conflict_share"] is None else f"{row['conflict_share']:.0%}"
        table.add_row(escape(row["source"] or "(unknown)"), str(row["articles"]), str(row["copies"]),
                      str(row["rewrite_suspects"]), f"{row['boilerplate_ratio']:.0%}", str(row["claims"]), share)
    out.print(table)


@app.command("show")
def show_command(article_id: str = typer.Argument(..., help="Article id (or a unique prefix)."), db: str = READ_DB_OPTION) -> None:
    """Show an article's metadata and clean text, with the removed boilerplate listed."""
    def lookup(store: Store) -> tuple[Optional[dict], int]:
        record = store.article(article_id)
        return record, 1 if record is not None else store.count_id_prefix(article_id)  # count only to explain a miss

    record, matches = _read_store(db, lookup)
    if record is None:
        problem = (f"{escape(article_id)!r} is the start of {matches} article ids; give more characters" if matches > 1
                   else f"no article with id (or unique prefix) {escape(article_id)!r}")
        console.print(f"[red]error:[/red] {problem}; list them with 'crosswire articles'")
        raise typer.Exit(1)
    out.print(f"[bold]{escape(record['title'] or '(no title)')}[/bold]")
    out.print(f"{escape(record['source'] or 'unknown source')} · {record['published'] or 'undated'} "
              f"({record['published_from']}) · {record['language']} · {escape(record['ref'])}")
    out.print()
    out.print(escape(record["text"]))
    if record["removed"]:
        out.print()
        out.print("[dim]removed as boilerplate:[/dim]")
        for piece in record["removed"]:
            out.print(f"[dim]  - \\[{escape(piece['reason'])}] {escape(piece['text'])}[/dim]")


@app.command("search")
def search_command(query: str = typer.Argument(..., help="Words or an FTS5 query, e.g. '\"peace talks\" Geneva'."),
                   db: str = READ_DB_OPTION, limit: int = typer.Option(20, min=1, help="At most this many.")) -> None:
    """Full-text search over article titles and text."""
    rows = _read_store(db, lambda store: store.search(query, limit))
    if not rows:
        out.print("no matches")
    for row in rows:
        out.print(f"[bold]{row['id']}[/bold] {row['published'] or 'undated'} {escape(row['source'] or '—')}: "
                  f"{escape(row['title'] or '')}")
        out.print(f"    {escape(row['snippet'])}")
