"""``papershelf add IDENTIFIER``: resolve what a curator pasted into a complete entry, show it,
confirm, and write it through ``shelf.add``."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

from ..errors import PapershelfError
from ..identifiers import Identifier, ids_from_url, parse_identifier
from ..model import Paper, Provenance, normalise_title
from .plan import SCALARS
from .resolve import Lookup, Resolution

ID_KINDS = ("arxiv", "doi", "openreview", "dblp", "s2", "pmid")


def _stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def interactive() -> bool:
    """Whether a person can answer a question (stdin is a terminal)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def find_on_shelf(shelf, ids: dict[str, str], title: str | None = None) -> Paper | None:
    """The shelf paper with one of these identifiers (in its ids or links), or this exact title."""
    wanted = {(k, v.lower()) for k, v in ids.items() if v and k in ("arxiv", "doi", "openreview")}
    norm = normalise_title(title) if title else None
    for paper in shelf.papers:
        have = {(k, v.lower()) for k, v in paper.ids.items() if v}
        for url in paper.links.values():
            if url:
                have |= {(k, v.lower()) for k, v in ids_from_url(url).items()}
        if wanted & have or (norm and normalise_title(paper.title) == norm):
            return paper
    return None


def _already(shelf, paper: Paper, what: str) -> None:
    path, line = shelf.where(paper.id)
    where = f"{shelf.relative(path)}:{line}" if line else shelf.relative(path)
    _stderr().print(f"[yellow]already on the shelf:[/] {escape(what)} is [cyan]{paper.id}[/] "
                    f"({escape(paper.title)}) at {escape(where)}; not added again")


def escape(text: str) -> str:
    from rich.markup import escape as _escape

    return _escape(str(text))


def build_fields(res: Resolution, given: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict]]:
    """Paper fields from the resolution with the user's own values winning; plus provenance."""
    today = dt.date.today()
    fields: dict[str, Any] = {}
    provenance: dict[str, dict] = {}

    def note(name: str, value) -> None:
        provenance[name] = Provenance(source=value.source, date=today,
                                      url=value.url if value.url.startswith(("http://", "https://")) else None
                                      ).model_dump(exclude_none=True)

    for name in SCALARS:
        if given.get(name) not in (None, "", [], {}):
            fields[name] = given[name]
        elif res.values.get(name) is not None:
            fields[name] = res.values[name].value
            note(name, res.values[name])
    ids: dict[str, str] = {}
    for kind in ID_KINDS:
        value = res.values.get(f"ids.{kind}")
        if value is not None:
            ids[kind] = value.value
            note(f"ids.{kind}", value)
    links: dict[str, str | None] = {}
    for key, value in res.values.items():
        if key.startswith("links."):
            links[key[6:]] = value.value
            note(key, value)
    for kind, url in (given.get("links") or {}).items():
        links[kind] = url
        provenance.pop(f"links.{kind}", None)
    for name in ("topics", "sections", "tags", "priority"):
        if given.get(name) not in (None, "", [], {}):
            fields[name] = given[name]
    fields["ids"], fields["links"] = ids, links
    return fields, provenance


def describe(paper: Paper, res: Resolution | None = None) -> None:
    """Show the entry about to be written, with where each looked-up field came from."""
    out = _stderr()
    out.print(f"[bold]{escape(paper.title)}[/]  [cyan]{paper.id}[/]")
    if paper.authors:
        out.print(escape(", ".join(paper.authors)))
    out.print(" ".join(x for x in (paper.venue or "", str(paper.year or "")) if x) or "(no venue/year)")
    for label, values in (("topics", paper.topics), ("sections", paper.sections), ("tags", paper.tags)):
        if values:
            out.print(f"{label}: {escape(', '.join(values))}")
    if paper.priority:
        out.print(f"priority: {paper.priority}")
    for kind, url in paper.links.items():
        out.print(f"{kind}: {escape(url) if url else '(missing)'}")
    ids = ", ".join(f"{k} {v}" for k, v in paper.ids.items() if v)
    if ids:
        out.print(f"ids: {escape(ids)}")
    if paper.abstract:
        text = paper.abstract if len(paper.abstract) < 300 else paper.abstract[:297] + "…"
        out.print(f"[dim]{escape(text)}[/]")
    sources = sorted({p.source for p in paper.provenance.values()})
    if sources:
        out.print(f"[dim]looked up from: {escape(', '.join(sources))}[/]")


def report(fetcher_warnings: list[str], notes: list[str], conflicts: list[str]) -> None:
    out = _stderr()
    for w in fetcher_warnings:
        out.print(f"[yellow]warning:[/] {escape(w)}")
    for n in notes:
        out.print(f"[dim]note: {escape(n)}[/]")
    for c in conflicts:
        out.print(f"[magenta]conflict:[/] {escape(c)}")


_BARE_HOSTS = re.compile(r"^(?:www\.)?(?:export\.)?(?:arxiv\.org|(?:dx\.)?doi\.org|openreview\.net|huggingface\.co)/",
                         re.I)
_HF_PAPER = re.compile(r"^https?://(?:www\.)?huggingface\.co/papers/(?P<id>[^/?#]+)", re.I)


def _with_scheme(text: str) -> str:
    """Accept pasted URLs without ``https://`` and Hugging Face paper pages (= arXiv ids)."""
    text = text.strip()
    if _BARE_HOSTS.match(text):
        text = "https://" + text
    m = _HF_PAPER.match(text)
    return f"arXiv:{m.group('id')}" if m else text


def add_by_identifier(shelf, identifier: str, fields: dict[str, Any], *, yes: bool = False,
                      dry_run: bool = False, offline: bool = False, file: str | Path | None = None) -> Paper | None:
    """Resolve ``identifier`` (arXiv id/URL, DOI/DOI URL, OpenReview URL, title), show the entry,
    confirm (unless ``yes``) and add it. Returns the new paper, or None when nothing was added."""
    from .service import resolve

    if not (yes or dry_run or interactive()):
        raise PapershelfError("not adding without confirmation: input is not a terminal",
                              hint="pass --yes to add without asking, or --dry-run to only look")
    ident: Identifier = parse_identifier(_with_scheme(identifier))
    given = {k: v for k, v in fields.items() if v not in (None, "", [], {})}
    extra_links: dict[str, str] = {}
    if ident.kind == "url":
        if not given.get("title"):
            raise PapershelfError(f"cannot look up {identifier!r}: it is not an arXiv, DOI or OpenReview URL",
                                  hint="give the paper's title too (--title …), or its arXiv id or DOI")
        extra_links["paper"] = ident.value
        ident = Identifier("title", given["title"])
    # Known before asking anyone: the identifier, or exactly this title.
    if ident.kind == "title":
        existing = find_on_shelf(shelf, {}, ident.value)
    else:
        existing = find_on_shelf(shelf, {ident.kind: ident.value})
    if existing is not None:
        _already(shelf, existing, str(ident))
        return None
    lookup = Lookup(key=identifier, title=ident.value if ident.kind == "title" else None,
                    year=given.get("year") if ident.kind == "title" else None,
                    ids={} if ident.kind == "title" else {ident.kind: ident.value})
    out = _stderr()
    with out.status(f"looking up {escape(str(ident))}…", spinner="dots"):
        (res,), fetcher = resolve(shelf, [lookup], offline=offline)
    report(fetcher.warnings, fetcher.notes, res.conflicts)
    if not res.found:
        where = "in the cache (--offline)" if offline else "in any source"
        raise PapershelfError(f"found nothing for {str(ident)!r} {where}",
                              hint="check the identifier, or add by hand: papershelf add --title … --authors … "
                                   "--year … --venue …")
    values, provenance = build_fields(res, given | ({"links": {**extra_links, **given.get("links", {})}}
                                                    if extra_links else {}))
    if ident.kind in ("arxiv", "doi", "openreview"):
        values["ids"].setdefault(ident.kind, ident.value)
    if not values.get("title"):
        raise PapershelfError(f"the sources know {str(ident)!r} but give no title", hint="pass --title")
    resolved_ids = {k: v for k, v in values["ids"].items() if v}
    existing = find_on_shelf(shelf, resolved_ids, values["title"])
    if existing is not None:
        _already(shelf, existing, str(ident))
        return None
    paper = shelf.new_paper(**values)
    if provenance:
        paper = Paper.model_validate({**paper.to_dict(), "provenance": provenance})
    describe(paper, res)
    if dry_run:
        out.print("[dim]dry run: nothing written[/]")
        return None
    if not yes:
        import typer

        if not typer.confirm("Add this paper?", default=True, err=True):
            out.print("not added")
            return None
    added = shelf.add([paper], file=file)[0]
    path = Path(file) if file else shelf.default_file(added)
    out.print(f"added [cyan]{added.id}[/] to {escape(shelf.relative(path if path.is_absolute() else shelf.root / path))}")
    return added
