"""`papershelf enrich`: fill gaps in existing papers from open scholarly metadata."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .app import ShelfOption, app, open_shelf, plain


def _fmt(value) -> str:
    if isinstance(value, list):
        text = ", ".join(str(v) for v in value)
    else:
        text = str(value)
    return text if len(text) <= 70 else text[:69] + "…"


ENRICH_HELP = (
    "Fill gaps (authors, year, venue, abstract, ids, code links…) from arXiv, Semantic Scholar, DBLP, "
    "Crossref, OpenReview and Hugging Face.\n\n"
    "What a curator typed is never replaced without --overwrite; every filled field records its source "
    "and date in `provenance`, and is refreshed by later runs. A preprint that has since appeared at a venue "
    "gets a proposal (venue, year, published link), marked `?`: accepted with --yes or --overwrite, or asked "
    "for in a terminal.\n\n"
    "With --source catalog the papers are looked up in the local catalog instead (offline; see `papershelf "
    "catalog`); a match by title below 92% confidence is proposed (`?`) rather than written.\n\n"
    "Output: `+` filled, `~` refreshed, `!` overwritten, `?` proposed. Example: "
    "papershelf enrich --missing-only --fields authors,abstract"
)


@app.command(help=ENRICH_HELP)
def enrich(
    ids: Annotated[Optional[list[str]], typer.Argument(help="Paper ids (default: every paper).",
                                                       metavar="ID", show_default=False)] = None,
    missing_only: Annotated[bool, typer.Option("--missing-only", help=(
        "Only papers with an empty field, and only fill empty fields (do not refresh earlier look-ups)."))] = False,
    fields: Annotated[Optional[str], typer.Option("--fields", help=(
        "Comma-separated fields to fill: title, authors, year, venue, abstract, ids, links "
        "(or links.code, ids.doi, …). Default: all."), show_default=False)] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help=(
        "Replace values a curator typed when a source disagrees (and accept published-venue proposals)."))] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=(
        "Accept every proposal (preprint → published venue, year and link) without asking."))] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change, write nothing.")] = False,
    offline: Annotated[bool, typer.Option("--offline", help="Use cached responses only; no network.")] = False,
    source: Annotated[str, typer.Option("--source", help=(
        "apis: the scholarly APIs; catalog: the local catalog (`papershelf catalog add`), offline, matching by "
        "identifier then title; a title match below 92% confidence is proposed, not written."))] = "apis",
    shelf: ShelfOption = None,
) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..app import enrich as api
    from .app import interactive

    s = open_shelf(shelf)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    with Progress(TextColumn("[bold]enriching[/]"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("lookups", total=0)
        report = api.plan(s, ids, fields=fields, overwrite=overwrite, missing_only=missing_only, offline=offline,
                          source=source,
                          progress=lambda n: bar.advance(task, n),
                          total=lambda n: bar.update(task, total=(bar.tasks[0].total or 0) + n))
    if not report.plans and not report.skipped:
        err.print("no papers to enrich")
        return
    changed_fields = _print_plans(report, err)
    proposals = [p for p in report.plans if p.proposals]
    if dry_run:
        err.print(f"dry run: {changed_fields} field(s) would change, {len(proposals)} proposal(s); nothing written")
        return

    answers: dict[str, bool] = {}

    def accept(plan) -> bool:
        if yes:
            answers[plan.paper_id] = True
        elif interactive():
            summary = ", ".join(f"{c.field} → {_fmt(c.new)}" for c in plan.proposals)
            answers[plan.paper_id] = typer.confirm(
                f"{plan.paper_id} ({plan.title[:50]}): {plan.reason or 'published version found'}: {summary}. Apply?",
                default=True, err=True)
        return answers.get(plan.paper_id, False)

    changed = api.apply(s, report.plans, accept=accept)
    accepted = sum(answers.values())
    skipped = len(proposals) - len(answers)
    err.print(f"enriched {len(changed)} paper(s): {changed_fields} field(s) filled or refreshed"
              + (f", {accepted} proposal(s) applied" if accepted else "")
              + (f"; {report.skipped} paper(s) already complete" if report.skipped else ""))
    if skipped:
        err.print(f"[yellow]{skipped} proposal(s) not applied[/] (marked ?): rerun with --yes to accept them, "
                  "or answer interactively in a terminal")


def _print_plans(report, err) -> int:
    """Every change and proposal on stdout, warnings and conflicts on stderr; returns how many
    fields would change. Stdout lines go out a few hundred per print (rich's per-call cost is
    most of the time of printing 30,000 changes), flushed before anything goes to stderr."""
    from rich.console import Console

    out = Console(highlight=False, soft_wrap=True)
    lines: list[str] = []

    def flush() -> None:
        if lines:
            out.print("\n".join(lines))
            lines.clear()

    for w in report.warnings:
        err.print(f"[yellow]warning:[/] {plain(w)}")
    for n in report.notes:
        err.print(f"[dim]note: {plain(n)}[/]")
    changed_fields = 0
    for plan in report.plans:
        for c in plan.conflicts:
            flush()
            err.print(f"[magenta]conflict[/] [cyan]{plan.paper_id}[/]: {plain(c)}")
        if not plan.found and not plan.changes:
            continue
        for c in plan.changes:
            changed_fields += 1
            verb = {"fill": "+", "refresh": "~", "overwrite": "!"}[c.action]
            old = f"{plain(_fmt(c.old))} → " if c.old not in (None, [], "") else ""
            lines.append(f"{verb} [cyan]{plan.paper_id}[/] {c.field}: {old}{plain(_fmt(c.new))} [dim]({c.source})[/]")
        for c in plan.proposals:
            lines.append(f"? [cyan]{plan.paper_id}[/] {c.field}: {plain(_fmt(c.old))} → {plain(_fmt(c.new))} "
                         f"[dim]({c.source}, {plain(plan.reason or 'published version')})[/]")
        if len(lines) >= 200:
            flush()
    flush()
    not_found = [p.paper_id for p in report.plans if not p.found]
    if not_found:
        err.print(f"[dim]{len(not_found)} paper(s) not found in any source: {plain(', '.join(not_found[:10]))}"
                  f"{' …' if len(not_found) > 10 else ''}[/]")
    return changed_fields
