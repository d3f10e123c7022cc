"""Commands that keep a shelf healthy: lint and check-links."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

from .app import ShelfOption, app, console, open_shelf

OUTPUT_FORMATS = ("text", "json", "github")


def _check_format(value: str) -> str:
    from ..errors import PapershelfError

    if value not in OUTPUT_FORMATS:
        raise PapershelfError(f"--format {value!r} is not one of {', '.join(OUTPUT_FORMATS)}")
    return value


def github_escape(text: str, property_: bool = False) -> str:
    """Escape text for a GitHub Actions workflow command (``::error file=…::message``)."""
    text = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_annotation(level: str, message: str, file: str | None = None, line: int | None = None,
                      title: str | None = None) -> str:
    level = {"error": "error", "warning": "warning"}.get(level, "notice")
    props = []
    if file:
        props.append(f"file={github_escape(file, True)}")
    if line:
        props.append(f"line={line}")
    if title:
        props.append(f"title={github_escape(title, True)}")
    return f"::{level} {','.join(props)}::{github_escape(message)}" if props else f"::{level}::{github_escape(message)}"


def _print_rules() -> None:
    from rich.table import Table

    from ..lint import all_rules

    table = Table("code", "name", "severity", "fix", "summary", box=None, header_style="bold")
    for r in all_rules():
        table.add_row(r.code, r.name, r.severity, "yes" if r.fixable else "", r.summary + (" (online)" if r.online else ""))
    console().print(table)


@app.command("lint")
def lint_command(
    fix: Annotated[bool, typer.Option("--fix", help="Apply the safe fixes (canonical venue, whitespace, "
                                      "hhttps → https, arXiv link form, …) and report each change.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="text (grouped by file), json (a list of findings) "
                                        "or github (GitHub Actions annotations).")] = "text",
    select: Annotated[Optional[list[str]], typer.Option(help="Only these rule codes or prefixes "
                                                        "(PS1 = all duplicate rules); comma-separated or repeated.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option(help="Skip these rule codes or prefixes (added to "
                                                        "shelf.toml [lint] ignore).")] = None,
    online: Annotated[bool, typer.Option("--online", help="Also run rules that use the network.")] = False,
    explain: Annotated[Optional[str], typer.Option("--explain", metavar="CODE",
                                                   help="Print what rule CODE checks and why, then exit.")] = None,
    rules: Annotated[bool, typer.Option("--rules", help="List every rule, then exit.")] = False,
    shelf: ShelfOption = None,
) -> None:
    """Check the shelf for duplicates, broken or non-canonical links, metadata and id problems.

    Exits with status 1 when an error-level finding remains (warnings alone pass).

    [dim]Examples: papershelf lint · papershelf lint --fix · papershelf lint --select PS1 --format json ·
    papershelf lint --explain PS101[/]
    """
    from ..lint import apply_fixes, get_rule, lint
    from ..lint.core import count

    if explain:
        console().print(get_rule(explain).explain(), markup=False)
        return
    if rules:
        _print_rules()
        return
    _check_format(format)
    s = open_shelf(shelf)
    findings = lint(s, select=select, ignore=ignore, online=online)
    applied = []
    if fix:
        for _ in range(3):  # a repair can reveal another fixable problem (hhttps → a pdf link)
            batch = apply_fixes(s, findings)
            if not batch:
                break
            applied.extend(batch)
            s.invalidate()
            findings = lint(s, select=select, ignore=ignore, online=online)
        from rich.markup import escape

        err = console(stderr=True)
        err.soft_wrap = True
        for change in applied:
            err.print(f"fixed {escape(str(change.file))}:{change.line}: {change.code} {escape(change.paper)}: "
                      f"{escape(change.description)}")
        if applied:
            err.print(f"[green]{len(applied)} fix{'es' if len(applied) != 1 else ''} applied[/]")
    _print_findings(findings, format, fix_applied=fix)
    if count(findings)["error"]:
        raise typer.Exit(1)


def _print_findings(findings, format: str, fix_applied: bool) -> None:
    from rich.markup import escape

    from ..lint.core import count

    if format == "json":
        print(json.dumps([f.to_json() for f in findings], indent=2, ensure_ascii=False))
        return
    if format == "github":
        for f in findings:
            print(github_annotation(f.severity, f"{f.message} [{f.paper}]" if f.paper else f.message, f.file, f.line,
                                    f"{f.code} {f.rule}"))
        return
    out = console()
    out.soft_wrap = True
    current = object()
    colours = {"error": "red", "warning": "yellow", "info": "blue"}
    for f in findings:
        if f.file != current:
            current = f.file
            out.print(f"\n[bold underline]{escape(f.file or 'shelf')}[/]")
        where = f"{f.line}" if f.line else "-"
        fixable = " [dim](fixable)[/]" if f.fixable and not fix_applied else ""
        paper = f" [cyan]{escape(f.paper)}[/]" if f.paper else ""
        out.print(f"  {where:>5}  [{colours.get(f.severity, 'white')}]{f.severity:<7}[/] [bold]{f.code}[/]"
                  f"{paper}  {escape(f.message)}{fixable}")
    counts = count(findings)
    fixable = sum(1 for f in findings if f.fixable)
    if not findings:
        out.print("[green]no problems found[/]")
        return
    summary = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in counts.items() if n)
    hint = f" ({fixable} fixable with --fix)" if fixable and not fix_applied else ""
    out.print(f"\n{summary}{hint}")
