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


@app.command("check-links")
def check_links_command(
    only_new: Annotated[bool, typer.Option("--only-new", help="Check only links never checked before; "
                                           "others are reported from the cache.")] = False,
    concurrency: Annotated[int, typer.Option("--concurrency", "-c", min=1, max=64,
                                             help="Requests in flight to one host.")] = 8,
    fix: Annotated[bool, typer.Option("--fix", help="Replace permanently redirected links by their target.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="text, json or github.")] = "text",
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds for one request.")] = 10.0,
    run_timeout: Annotated[float, typer.Option("--run-timeout", min=1.0,
                                               help="Seconds for the whole run; links left are skipped.")] = 600.0,
    delay: Annotated[float, typer.Option("--delay", min=0.0, help="Politeness: seconds between request "
                                         "starts to one host.")] = 0.0,
    retries: Annotated[int, typer.Option("--retries", min=0, max=10,
                                         help="Extra attempts after a timeout, reset or 5xx.")] = 2,
    ttl: Annotated[float, typer.Option("--ttl", min=0.0, help="Hours a cached result stays fresh.")] = 168.0,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")] = False,
    shelf: ShelfOption = None,
) -> None:
    """Check every link of the shelf over HTTP; paper links are checked to lead to the right paper.

    Exits with status 1 when a link is broken or leads to another paper.

    [dim]Examples: papershelf check-links · papershelf check-links --only-new --format github ·
    papershelf check-links --fix[/]
    """
    from ..linkcheck import LinkCache, Settings, apply_suggestions, check_shelf
    from ..net import cache_path

    _check_format(format)
    s = open_shelf(shelf)
    settings = Settings(per_host=concurrency, delay=delay, timeout=timeout, run_timeout=run_timeout, retries=retries)
    cache = None if no_cache else LinkCache(cache_path(s), ttl=ttl * 3600)
    err = console(stderr=True)
    err.soft_wrap = True
    try:
        results, summary = check_shelf(s, settings, cache=cache, only_new=only_new,
                                       progress_factory=_progress_factory(err))
    finally:
        if cache is not None:
            cache.close()
    _locate_problems(s, results)
    if fix:
        from rich.markup import escape

        for r in apply_suggestions(s, results):
            err.print(f"fixed {escape(str(r.file))}:{r.line}: {escape(r.paper)} links.{r.kind}: {escape(r.url)} → "
                      f"{escape(r.suggestion or '')}")
            r.status, r.url, r.file, r.line = "ok", r.suggestion or r.url, None, None
            summary.redirected -= 1
            summary.ok += 1
    _print_link_results(results, summary, format, fix)
    if summary.broken or summary.mismatched:
        raise typer.Exit(1)


def _locate_problems(shelf, results) -> None:
    """File and line (of the link itself) for every result that is not ok; found by scanning the
    files once, so a big shelf costs no YAML parsing."""
    from ..lint.core import Entry, LintContext

    ctx = LintContext(shelf, [], [])
    for r in results:
        if r.status != "ok":
            r.file, r.line = ctx.locate(Entry(None, None, {"id": r.paper}), f"links.{r.kind}")


def _progress_factory(err):
    def factory(total: int):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        progress = Progress(TextColumn("checking links"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=err, transient=True, disable=not err.is_terminal)
        task = progress.add_task("links", total=total)
        progress.start()
        done = [0]

        def advance(_outcome) -> None:
            done[0] += 1
            progress.advance(task)
            if done[0] >= total:
                progress.stop()
        return advance
    return factory


def _print_link_results(results, summary, format: str, fixed: bool) -> None:
    from rich.markup import escape

    problems = [r for r in results if r.status != "ok"]
    if format == "json":
        print(json.dumps({"summary": {k: getattr(summary, k) for k in ("ok", "redirected", "broken", "mismatched",
                                                                         "skipped", "requests", "cached")},
                          "results": [r.to_json() for r in results]}, indent=2, ensure_ascii=False))
        return
    if format == "github":
        levels = {"broken": "error", "mismatched": "error", "redirected": "warning", "skipped": "notice"}
        for r in problems:
            extra = f" → {r.suggestion}" if r.suggestion else ""
            print(github_annotation(levels[r.status], f"{r.paper} links.{r.kind} {r.url}: {r.message}{extra}",
                                    r.file, r.line, f"link {r.status}"))
        return
    out = console()
    out.soft_wrap = True
    colours = {"broken": "red", "mismatched": "red", "redirected": "yellow", "skipped": "blue"}
    current = object()
    for r in sorted(problems, key=lambda r: (r.file or "", r.line or 0)):
        if r.file != current:
            current = r.file
            out.print(f"\n[bold underline]{escape(r.file or 'shelf')}[/]")
        suggestion = f" → {escape(r.suggestion)}" if r.suggestion else ""
        out.print(f"  {r.line or '-':>5}  [{colours[r.status]}]{r.status:<10}[/] [cyan]{escape(r.paper)}[/] "
                  f"links.{r.kind} {escape(r.url)}: {escape(r.message)}{suggestion}")
    hint = " (fix with --fix)" if summary.redirected and not fixed else ""
    out.print(f"\n{summary.ok} ok, {summary.redirected} redirected{hint}, {summary.broken} broken, "
              f"{summary.mismatched} mismatched, {summary.skipped} skipped · {summary.requests} requests, "
              f"{summary.cached} from cache, {summary.seconds:.2f} s")
