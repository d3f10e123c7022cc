"""Commands that read and edit papers: init, add, list, show, mark, prio, note, tag, rm, edit,
stats, queue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import ShelfOption, app, console, open_shelf, plain, say

FORMATS = ("table", "json", "csv", "ids")


def _parse_links(values: list[str] | None) -> dict[str, str]:
    from ..errors import PapershelfError

    links: dict[str, str] = {}
    for value in values or []:
        kind, sep, url = value.partition("=")
        if not sep:
            raise PapershelfError(f"--link {value!r} is not KIND=URL", hint="e.g. --link code=https://github.com/…")
        links[kind.strip()] = url.strip()
    return links


def _split(values: list[str] | None) -> list[str]:
    """Accept repeated options and comma-separated lists alike."""
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder for the new shelf (created if missing).")] = Path("."),
    title: Annotated[Optional[str], typer.Option(help="The list's title.")] = None,
    ci: Annotated[Optional[str], typer.Option(help="Also write a CI workflow: 'github'.")] = None,
) -> None:
    """Create a new shelf: shelf.toml with commented defaults and an empty papers/ folder."""
    from ..shelf import Shelf

    shelf = Shelf.init(folder, title=title)
    say(f"created shelf [bold]{plain(shelf.config.title)}[/] in {plain(shelf.root)}")
    if ci:
        from ..ci import write_workflow

        path = write_workflow(shelf.root, ci)
        say(f"wrote {plain(path)}")


@app.command()
def add(
    identifier: Annotated[Optional[str], typer.Argument(
        help="arXiv id or URL, DOI, OpenReview URL, paper URL or title: metadata is looked up.")] = None,
    title: Annotated[Optional[str], typer.Option(help="Title (adding by hand).")] = None,
    authors: Annotated[Optional[list[str]], typer.Option(help="Authors, comma-separated or repeated.")] = None,
    year: Annotated[Optional[int], typer.Option(help="Year of publication.")] = None,
    venue: Annotated[Optional[str], typer.Option(help="Venue; aliases such as NIPS become canonical.")] = None,
    topic: Annotated[Optional[list[str]], typer.Option(help="Topic id (repeatable).")] = None,
    section: Annotated[Optional[list[str]], typer.Option(help="Section/taxonomy path (repeatable).")] = None,
    tag: Annotated[Optional[list[str]], typer.Option(help="Tag (repeatable).")] = None,
    priority: Annotated[Optional[str], typer.Option(help="top or second.")] = None,
    link: Annotated[Optional[list[str]], typer.Option(help="KIND=URL, e.g. paper=https://… (repeatable).")] = None,
    file: Annotated[Optional[Path], typer.Option(help="YAML file to add to (default papers/<topic>.yaml).")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Write without asking.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the entry, write nothing.")] = False,
    offline: Annotated[bool, typer.Option(help="Use cached metadata only.")] = False,
    shelf: ShelfOption = None,
) -> None:
    """Add a paper by identifier (looked up) or by hand (--title …); prints the new id."""
    from ..app import add as api

    s = open_shelf(shelf)
    fields = dict(title=title, authors=_split(authors), year=year, venue=venue, topics=_split(topic),
                  sections=_split(section), tags=_split(tag), priority=priority, links=_parse_links(link))
    if identifier:
        paper = _add_by_identifier(s, identifier, fields, yes=yes, dry_run=dry_run, offline=offline, file=file)
    elif dry_run:
        _print_paper(api.new_paper(s, fields))
        return
    else:
        paper = api.add_by_hand(s, fields, file=file)
    if paper is not None:
        _warn_undeclared(s, paper.tags)
        print(paper.id)


def _add_by_identifier(s, identifier: str, fields: dict, *, yes: bool, dry_run: bool, offline: bool, file):
    """Look up, show what was found, ask (unless --yes), add; says why when nothing is added."""

    from ..app import add as api
    from ..errors import PapershelfError
    from .app import interactive

    if not (yes or dry_run or interactive()):
        raise PapershelfError("not adding without confirmation: input is not a terminal",
                              hint="pass --yes to add without asking, or --dry-run to only look")
    err = console(stderr=True)
    err.soft_wrap = True
    with err.status(f"looking up {plain(identifier)}…", spinner="dots"):
        found = api.look_up(s, identifier, fields, offline=offline)
    for style, label, texts in (("yellow", "warning:", found.warnings), ("dim", "note:", found.notes),
                                ("magenta", "conflict:", found.conflicts)):
        for text in texts:
            err.print(f"[{style}]{label}[/] {plain(text)}")
    if found.existing is not None:
        path, line = s.where(found.existing.id)
        where = f"{s.relative(path)}:{line}" if line else s.relative(path)
        err.print(f"[yellow]already on the shelf:[/] {plain(found.query)} is [cyan]{found.existing.id}[/] "
                  f"({plain(found.existing.title)}) at {plain(where)}; not added again")
        return None
    found.check()
    _describe(found.paper)
    if dry_run:
        err.print("[dim]dry run: nothing written[/]")
        return None

    def ask(paper) -> bool:
        return yes or typer.confirm("Add this paper?", default=True, err=True)

    added = api.add_candidate(s, found, confirm=ask, file=file)
    if added is None:
        err.print("not added")
        return None
    path = Path(file) if file else s.default_file(added)
    err.print(f"added [cyan]{added.id}[/] to {plain(s.relative(path if path.is_absolute() else s.root / path))}")
    return added


def _describe(paper) -> None:
    """The entry about to be written, with the sources its looked-up fields came from."""

    out = console(stderr=True)
    out.soft_wrap = True
    out.print(f"[bold]{plain(paper.title)}[/]  [cyan]{paper.id}[/]")
    if paper.authors:
        out.print(plain(", ".join(paper.authors)))
    out.print(plain(" ".join(x for x in (paper.venue or "", str(paper.year or "")) if x)) or "(no venue/year)")
    for label, values in (("topics", paper.topics), ("sections", paper.sections), ("tags", paper.tags)):
        if values:
            out.print(f"{label}: {plain(', '.join(values))}")
    if paper.priority:
        out.print(f"priority: {paper.priority}")
    for kind, url in paper.links.items():
        out.print(f"{kind}: {plain(url) if url else '(missing)'}")
    ids = ", ".join(f"{k} {v}" for k, v in paper.ids.items() if v)
    if ids:
        out.print(f"ids: {plain(ids)}")
    if paper.abstract:
        text = paper.abstract if len(paper.abstract) < 300 else paper.abstract[:297] + "…"
        out.print(f"[dim]{plain(text)}[/]")
    sources = sorted({p.source for p in paper.provenance.values()})
    if sources:
        out.print(f"[dim]looked up from: {plain(', '.join(sources))}[/]")


@app.command("list")
def list_(
    text: Annotated[Optional[str], typer.Argument(help="Text to find in id, title, authors, venue or notes.")] = None,
    venue: Annotated[Optional[str], typer.Option(help="Only this venue.")] = None,
    year: Annotated[Optional[str], typer.Option(help="A year (2020) or a range (2018-2021).")] = None,
    topic: Annotated[Optional[str], typer.Option(help="Only this topic.")] = None,
    section: Annotated[Optional[str], typer.Option(help="Only this section (and its sub-sections).")] = None,
    tag: Annotated[Optional[str], typer.Option(help="Only papers with this tag.")] = None,
    status: Annotated[Optional[str], typer.Option(help="unread, reading or read.")] = None,
    priority: Annotated[Optional[str], typer.Option(help="top, second or none.")] = None,
    sort: Annotated[str, typer.Option(help="year, venue, title or added.")] = "year",
    format: Annotated[str, typer.Option("--format", "-f", help="table, json, csv or ids.")] = "table",
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", help="At most this many papers.")] = None,
    shelf: ShelfOption = None,
) -> None:
    """List papers matching filters, as a table (default), JSON, CSV or bare ids."""
    from ..shelf import Query, parse_years

    from ..model import PRIORITIES, STATUSES

    _check_choice("--status", status, STATUSES)
    _check_choice("--priority", priority, (*PRIORITIES, "none"))
    _check_choice("--format", format, FORMATS)
    s = open_shelf(shelf)
    query = Query(text=text, venue=_canonical(s, venue), years=parse_years(year), topic=topic,
                  section=section, tag=tag, status=status, priority=priority)
    papers = s.query(query, sort=sort)
    if limit is not None:
        papers = papers[:limit]
    _emit(papers, format)


def _canonical(s, venue: str | None) -> str | None:
    from ..venues import canonical_venue

    return canonical_venue(venue, s.config.venue_aliases) if venue else None


def _check_choice(option: str, value: str | None, choices: tuple[str, ...]) -> None:
    from ..errors import PapershelfError

    if value is not None and value not in choices:
        raise PapershelfError(f"{option} {value!r} is not one of: {', '.join(choices)}")


def _emit(papers, format: str) -> None:
    if format == "json":
        print(json.dumps([p.to_json() for p in papers], ensure_ascii=False, indent=2))
    elif format == "csv":
        from ..export.tabular import to_csv

        print(to_csv(papers), end="")
    elif format == "ids":
        for p in papers:
            print(p.id)
    else:
        _table(papers)


MARKS = {"top": "★★", "second": "★", None: ""}
STATUS_MARKS = {"read": "✔", "reading": "…", "unread": ""}


def _table(papers) -> None:
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold", expand=False)
    for name, style in (("id", "cyan"), ("title", ""), ("venue", "magenta"), ("year", ""), ("prio", "yellow"),
                        ("read", "green")):
        table.add_column(name, style=style, overflow="fold", no_wrap=name != "title")
    for p in papers:
        table.add_row(p.id, plain(p.title), plain(p.venue or ""), str(p.year or ""), MARKS[p.priority],
                      STATUS_MARKS[p.status])
    out = console()
    out.print(table)
    out.print(f"{len(papers)} paper{'s' if len(papers) != 1 else ''}")


def _print_paper(p) -> None:

    out = console()
    out.print(f"[bold]{plain(p.title)}[/]  [cyan]{p.id}[/]")
    if p.authors:
        out.print(plain(", ".join(p.authors)))
    out.print(plain(" ".join(x for x in (p.venue or "", str(p.year or "")) if x)) or "(no venue/year)")
    flags = [f"priority: {p.priority}" if p.priority else "", f"status: {p.status}",
             f"read on {p.read_on}" if p.read_on else ""]
    out.print(" · ".join(f for f in flags if f))
    for label, values in (("topics", p.topics), ("sections", p.sections), ("tags", p.tags)):
        if values:
            out.print(f"{label}: {plain(', '.join(values))}")
    for kind, url in p.links.items():
        out.print(f"{kind}: {plain(url) if url else '[red](missing)[/]'}")
    for kind, value in p.ids.items():
        if value:
            out.print(f"{kind}: {plain(value)}")
    if p.added:
        out.print(f"added: {p.added}")
    if p.abstract:
        out.print(f"\n{plain(p.abstract)}")
    if p.notes:
        out.print(f"\n[italic]notes:[/] {plain(p.notes)}")


@app.command()
def show(
    ids: Annotated[list[str], typer.Argument(help="Paper id(s).")],
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    shelf: ShelfOption = None,
) -> None:
    """Show every field of one or more papers."""
    s = open_shelf(shelf)
    papers = [s.get(i) for i in ids]
    if format == "json":
        print(json.dumps([p.to_json() for p in papers], ensure_ascii=False, indent=2))
        return
    for n, p in enumerate(papers):
        if n:
            console().print()
        _print_paper(p)


@app.command()
def mark(
    args: Annotated[list[str], typer.Argument(help="ID… followed by read, reading or unread.", metavar="ID… STATUS")],
    shelf: ShelfOption = None,
) -> None:
    """Set the reading status of papers; `read` records today's date as read_on."""
    from ..app import papers as api
    from ..errors import PapershelfError
    from ..model import STATUSES

    *ids, status = args
    if status not in STATUSES or not ids:
        raise PapershelfError(f"usage: papershelf mark ID… {'|'.join(STATUSES)}")
    for p in api.mark(open_shelf(shelf), ids, status):
        say(f"{p.id}: {status}")


@app.command()
def prio(
    args: Annotated[list[str], typer.Argument(help="ID… followed by top, second or none.", metavar="ID… PRIORITY")],
    shelf: ShelfOption = None,
) -> None:
    """Set the reading priority of papers (none removes it)."""
    from ..app import papers as api
    from ..errors import PapershelfError
    from ..model import PRIORITIES

    *ids, level = args
    if level not in (*PRIORITIES, "none") or not ids:
        raise PapershelfError(f"usage: papershelf prio ID… {'|'.join(PRIORITIES)}|none")
    for p in api.prioritise(open_shelf(shelf), ids, None if level == "none" else level):
        say(f"{p.id}: priority {level}")


@app.command()
def note(
    paper_id: Annotated[str, typer.Argument(metavar="ID", help="Paper id.")],
    text: Annotated[str, typer.Argument(help="The note; an empty string removes it.")],
    append: Annotated[bool, typer.Option("--append", "-a", help="Add to the existing note.")] = False,
    shelf: ShelfOption = None,
) -> None:
    """Set (or with --append, extend) a paper's notes."""
    from ..app import papers as api

    api.note(open_shelf(shelf), paper_id, text, append=append)
    say(f"{paper_id}: note saved")


@app.command(context_settings={"ignore_unknown_options": True})
def tag(
    args: Annotated[list[str], typer.Argument(help="ID… then +tag / -tag changes.", metavar="ID… +TAG|-TAG…")],
    shelf: ShelfOption = None,
) -> None:
    """Add (+name) or remove (-name) tags on papers."""
    from ..app import papers as api
    from ..errors import PapershelfError

    ids = [a for a in args if not a.startswith(("+", "-"))]
    added = [a[1:] for a in args if a.startswith("+")]
    removed = [a[1:] for a in args if a.startswith("-")]
    if not ids or not (added or removed):
        raise PapershelfError("usage: papershelf tag ID… +tag -other", hint="prefix tags with + to add, - to remove")
    opened = open_shelf(shelf)
    for p in api.tag(opened, ids, add=added, remove=removed):
        say(f"{p.id}: tags {plain(', '.join(p.tags)) or '(none)'}")
    _warn_undeclared(opened, added)


def _warn_undeclared(shelf, tags) -> None:
    """Tags missing from shelf.toml are accepted with a warning (``app.papers.undeclared_tags``)."""
    from ..app.papers import undeclared_tags

    for warning in undeclared_tags(shelf, tags):
        say(f"[yellow]warning:[/] {plain(warning)}")


@app.command()
def rm(
    ids: Annotated[list[str], typer.Argument(help="Paper id(s) to remove.", metavar="ID…")],
    shelf: ShelfOption = None,
) -> None:
    """Remove papers from the shelf."""
    from ..app import papers as api

    for p in api.remove(open_shelf(shelf), ids):
        say(f"removed {p.id}: {plain(p.title)}")


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def edit(
    ctx: typer.Context,
    paper_id: Annotated[str, typer.Argument(metavar="ID", help="Paper id.")],
    shelf: ShelfOption = None,
) -> None:
    """Set fields: `edit ID --title "…" --year 2021 --authors "A, B" --link code=URL --clear notes`.

    Lists (authors, topics, sections, tags) are comma-separated; `--link KIND=URL` sets a link,
    `--link KIND=` removes it; `--clear FIELD` removes a field.
    """
    from ..app import papers as api
    from ..app.papers import EDITABLE
    from ..errors import PapershelfError

    changes, links, clears = _parse_edit_args(ctx.args)
    if not (changes or links or clears):
        raise PapershelfError("nothing to change", hint=f"fields: --{' --'.join(api.EDITABLE)} --link KIND=URL --clear FIELD")
    fields = {**changes, **({"links": links} if links else {}), **dict.fromkeys(clears)}
    opened = open_shelf(shelf)
    p = api.edit(opened, paper_id, fields)[0]
    say(f"{p.id}: updated {', '.join([*changes, *(f'links.{k}' for k in links), *clears])}")
    _warn_undeclared(opened, changes.get("tags", ()))


def _parse_edit_args(args: list[str]) -> tuple[dict, dict, list[str]]:
    from ..app.papers import EDITABLE
    from ..errors import PapershelfError

    changes: dict = {}
    links: dict[str, str] = {}
    clears: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg.startswith("--"):
            raise PapershelfError(f"unexpected argument {arg!r}", hint="use --field value pairs")
        name, sep, value = arg[2:].partition("=")
        if not sep:
            if i + 1 >= len(args):
                raise PapershelfError(f"--{name} needs a value")
            value = args[i + 1]
            i += 1
        i += 1
        field = name.replace("-", "_")
        if field == "link":
            kind, has_sep, url = value.partition("=")
            if not has_sep:
                raise PapershelfError(f"--link {value!r} is not KIND=URL", hint="KIND= with no URL removes the link")
            links[kind.strip()] = url.strip()
        elif field == "clear":
            if value not in EDITABLE:
                raise PapershelfError(f"--clear {value!r}: not a field", hint=f"fields: {', '.join(EDITABLE)}")
            clears.append(value)
        elif field in ("authors", "topics", "sections", "tags"):
            changes[field] = [v.strip() for v in value.split(",") if v.strip()]
        elif field in EDITABLE:
            changes[field] = value
        else:
            raise PapershelfError(f"--{name}: not a field you can edit", hint=f"fields: {', '.join(EDITABLE)}")
    return changes, links, clears


@app.command()
def stats(
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    shelf: ShelfOption = None,
) -> None:
    """Totals, reading progress, priorities and the venue × year table."""
    from rich.table import Table

    st = open_shelf(shelf).stats()
    if format == "json":
        print(json.dumps(st.to_json(), indent=2))
        return
    out = console()
    out.print(f"[bold]{st.total}[/] papers: {st.by_status['read']} read, {st.by_status['reading']} reading, "
              f"{st.by_status['unread']} unread")
    out.print(f"priority: {st.by_priority['top']} top, {st.by_priority['second']} second, "
              f"{st.by_priority['none']} none")
    if st.by_topic:
        out.print("topics: " + ", ".join(f"{t} {n}" for t, n in st.by_topic.items()))
    if st.venue_year:
        table = Table(title="venue × year (read/total)", header_style="bold")
        table.add_column("venue")
        for y in st.years:
            table.add_column(str(y), justify="right")
        table.add_column("total", justify="right", style="bold")
        for venue, row in st.venue_year.items():
            reads = st.read_venue_year.get(venue, {})
            cells = [f"{reads.get(y, 0)}/{row[y]}" if y in row else "" for y in st.years]
            table.add_row(plain(venue), *cells, str(sum(row.values())))
        out.print(table)


@app.command()
def queue(
    n: Annotated[int, typer.Option("-n", help="How many papers.")] = 10,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json, csv or ids.")] = "table",
    shelf: ShelfOption = None,
) -> None:
    """What to read next: unread papers, top priority first, then second, then the rest, newest first."""
    from ..shelf import reading_queue

    _check_choice("--format", format, FORMATS)
    _emit(reading_queue(open_shelf(shelf).papers)[:n], format)
