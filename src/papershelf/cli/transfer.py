"""Commands that move papers in and out: import, export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import ShelfOption, app, console, open_shelf, plain, say


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A .bib, .csv, .json, or Markdown/HTML list (.md, .html).")],
    topic: Annotated[Optional[str], typer.Option(help="Topic to give every imported paper.")] = None,
    into: Annotated[Optional[Path], typer.Option(help="YAML file to write the papers to.")] = None,
    format: Annotated[Optional[str], typer.Option("--format", help="bibtex, csv, json or markdown "
                                                  "(default: from the file's suffix).")] = None,
    include_section: Annotated[Optional[list[str]], typer.Option(
        "--include-section", help="Import this section of a Markdown list although it does not look like "
                                  "papers (repeatable; the heading's text or its slug).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would be imported; write nothing.")] = False,
    report: Annotated[str, typer.Option(help="text (findings and summary on stderr), json ({papers, findings, "
                                             "added, already_on_shelf, summary} on stdout), github or sarif "
                                             "(the findings on stdout).")] = "text",
    dates_from_git: Annotated[bool, typer.Option("--dates-from-git", help=(
        "Date each paper's `added` by the commit that first added it to FILE (the file must be in a git "
        "clone with its history)."))] = False,
    shelf: ShelfOption = None,
) -> None:
    """Import papers from a file. Papers already on the shelf (same id, arXiv id, DOI or title)
    are skipped, so importing twice adds nothing.

    Every entry of a Markdown list becomes a paper or a finding (code, line, message): see README "Importing lists"."""
    from .. import report as printer
    from ..app.imports import import_papers
    from ..importers.markdown import FINDING_CODES

    printer.check_format(report, "--report")
    run = import_papers(open_shelf(shelf), file, topic=topic, fmt=format, into=into, dry_run=dry_run,
                        dates_from_git=dates_from_git, include_sections=tuple(include_section or ()))
    findings = run.result.findings
    if report != "text":
        printer.emit(findings, report, document=run.to_json(),
                     rules={code: text for code, (_, text) in FINDING_CODES.items()})
        return
    err = console(stderr=True)
    err.soft_wrap = True
    printer.print_text(findings, err)
    summary = run.summary()
    if findings:
        say("findings: " + ", ".join(f"{code} \u00d7{n}" for code, n in summary["findings"].items()) +
            f" ({summary['errors']} errors, {summary['warnings']} warnings, {summary['info']} info)")
    verb = "would add" if dry_run else "added"
    where = f" to {into}" if into and run.fresh and not dry_run else ""
    say(f"{len(run.result.papers)} papers read from {plain(file.name)}: {verb} {len(run.fresh)}{plain(where)}, "
        f"{len(run.present)} already on the shelf, {len(findings)} findings")


@app.command()
def export(
    format: Annotated[str, typer.Argument(help="bibtex, csv, json or readme.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    topic: Annotated[Optional[str], typer.Option(help="Only papers of this topic.")] = None,
    shelf: ShelfOption = None,
) -> None:
    """Export the shelf (or one topic) as BibTeX, CSV, JSON or a GitHub README."""
    from ..formats import get
    from ..shelf import Query

    fmt = get(format, "export")
    s = open_shelf(shelf)
    papers = s.query(Query(topic=topic))
    text = fmt.export(papers, s)
    if output is None:
        print(text, end="")
        return
    from ..shelf.atomic import atomic_write

    atomic_write(output, text)
    say(f"wrote {len(papers)} papers to {plain(output)}")
