"""`papershelf suggest [accept|dismiss]` and `papershelf classify`: what the shelf is missing,
and where unfiled papers belong."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import ShelfOption, app, console, open_shelf, say
from .catalog import DbOption, _check_format

suggest_app = typer.Typer(help="Catalog papers that fit the shelf, and the inbox to accept or dismiss them.")
app.add_typer(suggest_app, name="suggest")

TopicOption = Annotated[Optional[str], typer.Option("--topic", "-t", help="A topic id of shelf.toml.",
                                                    show_default=False)]
SectionOption = Annotated[Optional[str], typer.Option("--section", "-s", help="A taxonomy path of shelf.toml.",
                                                      show_default=False)]


@suggest_app.callback(invoke_without_command=True)
def suggest_command(
    ctx: typer.Context,
    topic: TopicOption = None,
    section: SectionOption = None,
    n: Annotated[int, typer.Option("-n", help="How many suggestions.")] = 50,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    embeddings: Annotated[bool, typer.Option(
        "--embeddings", help="Rank with sentence embeddings as well as words (needs "
                             "pip install 'papershelf[embeddings]'; the first run embeds the catalog).")] = False,
    db: DbOption = None,
    shelf: ShelfOption = None,
) -> None:
    """Rank catalog papers not on the shelf by how well they fit its papers (or one topic's, or
    one taxonomy node's), best first, each with the shelf papers it is nearest to.

    [dim]Example: papershelf suggest --topic knowledge-distillation -n 20[/]
    """
    if ctx.invoked_subcommand:
        return
    from ..app.catalog import open_catalog
    from ..app.discover import suggest

    _check_format(format, ("table", "json"))
    s = open_shelf(shelf)
    with open_catalog(s, db, must_exist=True) as catalog:
        found = suggest(s, catalog, topic=topic, section=section, n=n, embeddings=embeddings, progress=say)
    if format == "json":
        print(json.dumps([x.to_json() for x in found], indent=2, ensure_ascii=False))
        return
    _table(found)


def _table(found) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table("#", "score", "title", "venue", "nearest on the shelf", box=None, header_style="bold")
    # the key goes last, unbroken, so that it can be copied into `suggest accept`
    table.add_column("key", no_wrap=True, min_width=max((len(x.record.key) for x in found), default=3))
    for rank, x in enumerate(found, 1):
        r = x.record
        table.add_row(str(rank), f"{x.score:.2f}", escape(r.title),
                      escape(" ".join(str(v) for v in (r.venue, r.year) if v)),
                      escape(", ".join(pid for pid, _ in x.because[:2])), escape(r.key))
    out = console()
    out.print(table)
    say(f"{len(found)} suggestions; `papershelf suggest accept KEY…` adds, `papershelf suggest dismiss KEY…` "
        "hides for good")


KeysArgument = Annotated[list[str], typer.Argument(help="Catalog keys, as suggest prints them.", show_default=False)]


@suggest_app.command("accept")
def accept_command(
    keys: KeysArgument,
    topic: TopicOption = None,
    section: SectionOption = None,
    file: Annotated[Optional[Path], typer.Option("--file", help="YAML file to add to (default: "
                                                 "papers/<topic>.yaml, else papers/inbox.yaml).")] = None,
    db: DbOption = None,
    shelf: ShelfOption = None,
) -> None:
    """Add suggested papers to the shelf, with what the catalog knows of them, in the topic/section."""
    from ..app.catalog import open_catalog
    from ..app.discover import accept

    s = open_shelf(shelf)
    with open_catalog(s, db, must_exist=True) as catalog:
        added = accept(s, catalog, keys, topic=topic, section=section, file=file)
    for paper in added:
        print(paper.id)
    say(f"{len(added)} paper{'s' if len(added) != 1 else ''} added")


@suggest_app.command("dismiss")
def dismiss_command(keys: KeysArgument, db: DbOption = None, shelf: ShelfOption = None) -> None:
    """Never suggest these papers again (remembered in the shelf's dismissed.yaml)."""
    from ..app.catalog import open_catalog
    from ..app.discover import dismiss

    s = open_shelf(shelf)
    with open_catalog(s, db, must_exist=True) as catalog:
        new = dismiss(s, catalog, keys)
    say(f"{len(new)} paper{'s' if len(new) != 1 else ''} dismissed"
        + (f" ({len(keys) - len(new)} already were)" if len(new) < len(keys) else ""))


@app.command("classify")
def classify_command(
    taxonomy: Annotated[str, typer.Option("--taxonomy", help="The taxonomy root (a [[taxonomy]] path).",
                                          show_default=False)],
    topic: TopicOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="File every proposal without asking.")] = False,
    min_confidence: Annotated[float, typer.Option("--min-confidence", help="Propose only above this "
                                                  "probability (0–1).")] = 0.0,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    shelf: ShelfOption = None,
) -> None:
    """Propose a section of the taxonomy for each unfiled paper, learnt from the papers already
    filed there; file them with --yes, or one by one when asked in a terminal.

    [dim]Example: papershelf classify --taxonomy kd-taxonomy --min-confidence 0.5[/]
    """
    from ..app.discover import classify, file_sections

    _check_format(format, ("table", "json"))
    s = open_shelf(shelf)
    proposals = [p for p in classify(s, taxonomy, topic=topic) if p.confidence >= min_confidence]
    if format == "json":
        print(json.dumps([p.to_json() for p in proposals], indent=2, ensure_ascii=False))
    else:
        _proposal_table(proposals)
    if yes:
        chosen = proposals
    elif sys.stdin.isatty() and format == "table":
        chosen = [p for p in proposals if typer.confirm(f"{p.paper.id} → {p.section}?", default=False)]
    else:
        if proposals:
            say("nothing filed: pass --yes to file these proposals")
        return
    written = file_sections(s, chosen)
    say(f"{len(written)} paper{'s' if len(written) != 1 else ''} filed")


def _proposal_table(proposals) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table("paper", "title", "proposed section", "p", "next best", box=None, header_style="bold")
    for p in proposals:
        runner = f"{p.runner_up[0]} ({p.runner_up[1]:.2f})" if p.runner_up else ""
        table.add_row(escape(p.paper.id), escape(p.paper.title), escape(p.section), f"{p.confidence:.2f}",
                      escape(runner))
    console().print(table)
    say(f"{len(proposals)} proposal{'s' if len(proposals) != 1 else ''}")
