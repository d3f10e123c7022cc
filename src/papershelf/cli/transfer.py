"""Commands that move papers in and out: import, export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import ShelfOption, app, console, open_shelf, plain, say

EXPORT_FORMATS = ("bibtex", "csv", "json", "readme")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A .bib, .csv, .json, or Markdown/HTML list (.md, .html).")],
    topic: Annotated[Optional[str], typer.Option(help="Topic to give every imported paper.")] = None,
    into: Annotated[Optional[Path], typer.Option(help="YAML file to write the papers to.")] = None,
    format: Annotated[Optional[str], typer.Option("--format", help="bibtex, csv, json or markdown "
                                                  "(default: from the file's suffix).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would be imported; write nothing.")] = False,
    report: Annotated[str, typer.Option(help="text (findings and summary on stderr) or json ({papers, findings, "
                                                  "added, already_on_shelf, summary} on stdout).")] = "text",
    shelf: ShelfOption = None,
) -> None:
    """Import papers from a file. Papers already on the shelf (same id, arXiv id, DOI or title)
    are skipped, so importing twice adds nothing.

    Every entry of a Markdown list becomes a paper or a finding (code, line, message): see README "Importing lists"."""
    from collections import Counter

    from ..errors import PapershelfError
    from ..importers import import_file
    from ..importers.merge import identity_keys
    from ..model import NAME_PATTERN

    if report not in ("text", "json"):
        raise PapershelfError(f"--report {report!r} is not text or json", hint="use --report text or --report json")
    if topic is not None and (not NAME_PATTERN.match(topic) or "/" in topic):
        raise PapershelfError(f"--topic {topic!r} is not a topic id",
                              hint="use lower-case words joined by '-', e.g. knowledge-distillation")
    s = open_shelf(shelf)
    result = import_file(file, s.config, taken=s.ids(), topic=topic, fmt=format)
    # Already on the shelf = shares an id, arXiv id, DOI or normalised title with a shelf paper.
    # Two imported papers sharing a key were judged different papers by the importer (and
    # reported): both are added.
    known: set[str] = set()
    for p in s.papers:
        known |= identity_keys(p)
    fresh = [p for p in result.papers if not identity_keys(p) & known]
    present = [p for p in result.papers if identity_keys(p) & known]
    if not dry_run and fresh:
        s.add(fresh, file=into)
    severities = Counter(f.severity for f in result.findings)
    summary = {"read": len(result.papers), "added": 0 if dry_run else len(fresh),
               "would_add": len(fresh) if dry_run else 0, "already_on_shelf": len(present),
               "findings": dict(Counter(f.code for f in result.findings).most_common()),
               "errors": severities.get("error", 0), "warnings": severities.get("warning", 0),
               "info": severities.get("info", 0)}
    if report == "json":
        data = result.to_json()
        data["added"] = [] if dry_run else [p.id for p in fresh]
        data["already_on_shelf"] = [p.id for p in present]
        data["summary"] = summary
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        from rich.console import Console

        out = Console(stderr=True, highlight=False, emoji=False)  # ":star:" in a message stays ":star:"
        colour = {"error": "red", "warning": "yellow", "info": "blue"}
        for f in result.findings:
            where = f"line {f.line}: " if f.line else ""
            paper = f" [{f.paper}]" if f.paper else ""
            out.print(f"[{colour.get(f.severity, 'white')}]{f.code}[/] {where}{plain(f.message)}{plain(paper)}")
        verb = "would add" if dry_run else "added"
        if result.findings:
            say("findings: " + ", ".join(f"{code} \u00d7{n}" for code, n in summary["findings"].items()) +
                f" ({summary['errors']} errors, {summary['warnings']} warnings, {summary['info']} info)")
        where = f" to {into}" if into and fresh and not dry_run else ""
        say(f"{len(result.papers)} papers read from {plain(file.name)}: {verb} {len(fresh)}{plain(where)}, "
            f"{len(present)} already on the shelf, {len(result.findings)} findings")


def _print_findings(findings) -> None:

    colour = {"error": "red", "warning": "yellow", "info": "blue"}
    out = console(stderr=True)
    for f in findings:
        where = f"line {f.line}: " if f.line else ""
        paper = f" [{f.paper}]" if f.paper else ""
        out.print(f"[{colour.get(f.severity, 'white')}]{f.code}[/] {where}{plain(f.message)}{plain(paper)}")


@app.command()
def export(
    format: Annotated[str, typer.Argument(help="bibtex, csv, json or readme.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    topic: Annotated[Optional[str], typer.Option(help="Only papers of this topic.")] = None,
    shelf: ShelfOption = None,
) -> None:
    """Export the shelf (or one topic) as BibTeX, CSV, JSON or a GitHub README."""
    from ..errors import PapershelfError
    from ..shelf import Query

    if format not in EXPORT_FORMATS:
        raise PapershelfError(f"unknown export format {format!r}", hint=f"use one of {', '.join(EXPORT_FORMATS)}")
    s = open_shelf(shelf)
    papers = s.query(Query(topic=topic))
    if format == "bibtex":
        from ..export.bibtex import to_bibtex

        text = to_bibtex(papers)
    elif format == "csv":
        from ..export.tabular import to_csv

        text = to_csv(papers)
    elif format == "json":
        from ..export.tabular import to_json

        text = to_json(papers)
    else:
        from ..export.readme import render_readme

        text = render_readme(s, papers)
    if output is None:
        print(text, end="")
        return
    from ..shelf.atomic import atomic_write

    atomic_write(output, text)
    say(f"wrote {len(papers)} papers to {plain(output)}")
