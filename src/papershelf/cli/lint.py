"""Commands that keep a shelf healthy: lint and check-links."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .app import ShelfOption, app, console, open_records, open_shelf, plain

FORMAT_HELP = "text (grouped by file), json, github (GitHub Actions annotations) or sarif (SARIF 2.1.0)."


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
    format: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)] = "text",
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
    from .. import report
    from ..app.lint import lint, rule_descriptions
    from ..findings import count
    from ..lint import get_rule

    if explain:
        console().print(get_rule(explain).explain(), markup=False)
        return
    if rules:
        _print_rules()
        return
    report.check_format(format)
    run = lint(open_shelf(shelf), select=select, ignore=ignore, online=online, fix=fix)
    if run.applied:
        err = _print_fixed(f"{plain(str(c.file))}:{c.line}: {c.code} {plain(c.paper)}: {plain(c.description)}"
                           for c in run.applied)
        err.print(f"[green]{len(run.applied)} fix{'es' if len(run.applied) != 1 else ''} applied[/]")
    out = console()
    out.soft_wrap = True
    report.emit(run.findings, format, console=out, rules=rule_descriptions(), fixable_hint=not fix)
    if format == "text":
        _lint_summary(out, run.findings, fix)
    if count(run.findings)["error"]:
        raise typer.Exit(1)


def _print_fixed(lines):
    """One ``fixed <where>: <what>`` line on stderr per applied fix; returns that console."""
    err = console(stderr=True)
    err.soft_wrap = True
    for line in lines:
        err.print(f"fixed {line}")
    return err


def _lint_summary(out, findings, fix_applied: bool) -> None:
    from .. import report

    if not findings:
        out.print("[green]no problems found[/]")
        return
    fixable = sum(1 for f in findings if f.fixable)
    hint = f" ({fixable} fixable with --fix)" if fixable and not fix_applied else ""
    out.print(f"\n{report.summary(findings)}{hint}")


@app.command("check-links")
def check_links_command(
    only_new: Annotated[bool, typer.Option("--only-new", help="Check only links never checked before; "
                                           "others are reported from the cache.")] = False,
    concurrency: Annotated[int, typer.Option("--concurrency", "-c", min=1, max=64,
                                             help="Requests in flight to one host.")] = 8,
    fix: Annotated[bool, typer.Option("--fix", help="Replace permanently redirected links by their target.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)] = "text",
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

    from .. import report
    from ..app.links import DESCRIPTIONS, check_links
    from ..linkcheck import Settings

    report.check_format(format)
    settings = Settings(per_host=concurrency, delay=delay, timeout=timeout, run_timeout=run_timeout, retries=retries)
    # rich (a console, a progress bar) is imported only when something is shown with it.
    run = check_links(open_records(shelf), settings, ttl=None if no_cache else ttl * 3600, only_new=only_new, fix=fix,
                      progress_factory=_progress_factory if _stderr_is_terminal() else None)
    if run.fixed:
        _print_fixed(f"{plain(str(r.file))}:{r.line}: {plain(r.paper)} links.{r.kind}: {plain(r.url)} → "
                     f"{plain(r.suggestion or '')}" for r in run.fixed)
    out = None
    if format == "text":
        out = console()
        out.soft_wrap = True
    summary = run.summary
    document = None  # the JSON document around the findings: every result, the summary
    if format == "json":
        document = {"summary": {k: getattr(summary, k) for k in ("ok", "redirected", "broken", "mismatched",
                                                                 "skipped", "requests", "cached")},
                    "results": [r.to_json() for r in run.results]}
    report.emit(run.findings, format, console=out, document=document, rules=DESCRIPTIONS, fixable_hint=False)
    if format == "text":
        hint = " (fix with --fix)" if summary.redirected and not fix else ""
        out.print(f"\n{summary.ok} ok, {summary.redirected} redirected{hint}, {summary.broken} broken, "
                  f"{summary.mismatched} mismatched, {summary.skipped} skipped · {summary.requests} requests, "
                  f"{summary.cached} from cache, {summary.seconds:.2f} s")
    if run.failed:
        raise typer.Exit(1)


def _stderr_is_terminal() -> bool:
    import sys

    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _progress_factory(total: int):
    """A progress bar on stderr (a terminal) for ``total`` links: a callable advanced once per link."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    err = console(stderr=True)
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
