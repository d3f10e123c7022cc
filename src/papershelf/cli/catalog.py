"""`papershelf catalog add|stats|search`: the local paper catalog."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import ShelfOption, app, console

catalog_app = typer.Typer(help="A local catalog of papers from open dumps (Paper Copilot paperlists, the arXiv "
                          "snapshot, BibTeX, CSL-JSON), for offline enrich and discovery.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")

DbOption = Annotated[Optional[Path], typer.Option(
    "--db", help="Catalog database (default: $PAPERSHELF_CATALOG, else [catalog] path in shelf.toml, else catalog.sqlite in the user cache).",
    show_default=False)]


def optional_shelf(shelf: Path | None):
    """The shelf when there is one (its [catalog] path applies); the catalog works without."""
    from ..errors import ShelfNotFound
    from ..shelf import Shelf

    if shelf is not None:
        return Shelf.find(shelf)
    try:
        return Shelf.find()
    except ShelfNotFound:
        return None


def _check_format(value: str, choices: tuple[str, ...]) -> str:
    from ..errors import PapershelfError

    if value not in choices:
        raise PapershelfError(f"--format {value!r} is not one of {', '.join(choices)}")
    return value


@catalog_app.command("add")
def add_command(
    paths: Annotated[list[Path], typer.Argument(help="Dump files, or folders of them (.json, .json.gz, .jsonl, .bib).",
                                                show_default=False)],
    format: Annotated[str, typer.Option("--format", "-f", help="text or json (findings and counts).")] = "text",
    db: DbOption = None,
    shelf: ShelfOption = None,
) -> None:
    """Index paper dumps; a file unchanged since the last run is skipped, a changed one replaced.

    A file that cannot be read (truncated, another shape) is reported and left out whole; the rest
    of the catalog is unchanged. Exits with status 1 when a file failed.

    [dim]Example: papershelf catalog add ~/dumps/paperlists/[/]
    """
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

    from ..app.catalog import add_dumps

    _check_format(format, ("text", "json"))
    err = console(stderr=True)
    with Progress(TextColumn("[bold]indexing[/]"), BarColumn(), DownloadColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=format == "json") as bar:
        task = bar.add_task("dumps", total=None)
        report = add_dumps(paths, shelf=optional_shelf(shelf), db=db, progress=lambda n: bar.advance(task, n),
                           size=lambda n: bar.update(task, total=n))
    if format == "json":
        print(json.dumps({"catalog": str(report.path), "papers": report.total,
                          "findings": [f.to_json() for f in report.findings]}, indent=2))
    else:
        _print_findings(report.findings)
        indexed = [f for f in report.files if f.status == "indexed"]
        unchanged = sum(f.status == "unchanged" for f in report.files)
        err.print(f"{sum(f.records for f in indexed)} papers from {len(indexed)} file(s) indexed"
                  + (f", {unchanged} unchanged" if unchanged else "")
                  + (f", [red]{len(report.failed)} failed[/]" if report.failed else "")
                  + f"; the catalog ({report.path}) holds {report.total} papers")
    if report.failed:
        raise typer.Exit(1)


def _print_findings(findings, shown: int = 10) -> None:
    from rich.markup import escape

    err = console(stderr=True)
    skipped = [f for f in findings if f.severity == "warning"]
    for f in [f for f in findings if f.severity == "error"] + skipped[:shown]:
        colour = "red" if f.severity == "error" else "yellow"
        err.print(f"[{colour}]{f.severity}:[/] {escape(f.file or '')}: {escape(f.message)}", soft_wrap=True)
        if f.data.get("hint"):
            err.print(f"  hint: {escape(f.data['hint'])}", soft_wrap=True)
    if len(skipped) > shown:
        err.print(f"[yellow]… and {len(skipped) - shown} more skipped records[/] (--format json lists them all)")


@catalog_app.command("stats")
def stats_command(
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    db: DbOption = None,
    shelf: ShelfOption = None,
) -> None:
    """What the catalog holds: papers per source, and how many have abstracts, ids and links."""
    from rich.table import Table

    from ..app.catalog import catalog_stats

    _check_format(format, ("text", "json"))
    stats = catalog_stats(shelf=optional_shelf(shelf), db=db)
    if format == "json":
        print(json.dumps(stats, indent=2))
        return
    out = console()
    fields = stats["fields"]
    out.print(f"{stats['path']}: {fields['papers']} papers, {stats['bytes'] / 1e6:.1f} MB")
    out.print("  " + ", ".join(f"{k} {v}" for k, v in fields.items() if k != "papers"))
    table = Table("source", "format", "papers", "indexed", box=None, header_style="bold")
    for s in stats["sources"]:
        table.add_row(s["source"], s["format"], str(s["records"]), s["indexed_at"])
    out.print(table)


@catalog_app.command("search")
def search_command(
    text: Annotated[str, typer.Argument(help="Words to find in titles, authors and abstracts.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many results.")] = 20,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    db: DbOption = None,
    shelf: ShelfOption = None,
) -> None:
    """Full-text search of the catalog, best matches first (every word must appear; the last may
    be a prefix).

    [dim]Example: papershelf catalog search "knowledge distillation" -n 5[/]
    """
    from rich.markup import escape
    from rich.table import Table

    from ..app.catalog import search_catalog

    _check_format(format, ("table", "json"))
    hits = search_catalog(text, limit=limit, shelf=optional_shelf(shelf), db=db)
    if format == "json":
        print(json.dumps([h.to_json() for h in hits], indent=2, ensure_ascii=False))
        return
    if not hits:
        console(stderr=True).print("no matches")
        return
    table = Table("title", "authors", "venue", "year", "source", box=None, header_style="bold")
    for h in hits:
        authors = ", ".join(h.authors[:3]) + (" et al." if len(h.authors) > 3 else "")
        table.add_row(escape(h.title), escape(authors), escape(h.venue or ""), str(h.year or ""), escape(h.source))
    console().print(table)
