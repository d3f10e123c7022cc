"""From what the sources say to what changes on the shelf: never overwrite what a curator typed.

Each field of a paper is, relative to a resolved value:

- empty → **fill** (always);
- equal → nothing;
- filled earlier by enrich (it has ``provenance``) → **refresh** (unless ``missing_only``);
- typed by the curator → left alone, unless ``overwrite``; a preprint that has since appeared at a
  venue gets a **proposal** (venue, year, published link) that the user accepts.

Every applied change records ``provenance[field] = {source, date, url}``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..identifiers import arxiv_from_url, ids_from_url
from ..model import Paper, Provenance
from ..venues import canonical_venue
from .record import is_preprint_venue
from .resolve import Lookup, Resolution, Value

FIELDS = ("title", "authors", "year", "venue", "abstract", "ids", "links")
SCALARS = ("title", "authors", "year", "venue", "abstract")
LINKS = ("paper", "code", "project")


def parse_fields(text: str | None) -> tuple[str, ...]:
    """``authors,abstract,links.code`` → the selected field names (all when empty)."""
    from ..errors import PapershelfError

    if not text:
        return FIELDS
    chosen = tuple(f.strip() for f in text.split(",") if f.strip())
    for name in chosen:
        top, _, sub = name.partition(".")
        if top not in FIELDS or (sub and top not in ("ids", "links")):
            raise PapershelfError(f"--fields: {name!r} is not a field enrich fills",
                                  hint=f"choose from {', '.join(FIELDS)} (or links.code, ids.doi, …)")
    return chosen


def selected(name: str, fields: tuple[str, ...]) -> bool:
    return any(name == f or name.startswith(f + ".") for f in fields)


@dataclass
class Change:
    field: str          # "venue", "ids.doi", "links.code"
    old: Any
    new: Any
    source: str
    url: str
    action: str         # fill | refresh | overwrite | propose


@dataclass
class PaperPlan:
    paper_id: str
    title: str
    changes: list[Change] = field(default_factory=list)
    proposals: list[Change] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    found: bool = False
    reason: str = ""    # why the proposals are proposals (default: a published version was found)


def lookup_for(paper: Paper, fields: tuple[str, ...] = FIELDS, *, overwrite: bool = False) -> Lookup:
    """What to ask about a shelf paper: its title, year and every id its fields and links reveal."""
    ids = {k: v for k, v in paper.ids.items() if v and k in ("arxiv", "doi", "openreview", "s2")}
    for url in paper.links.values():
        if url:
            for kind, value in ids_from_url(url).items():
                ids.setdefault(kind, value)
    venue_open = paper.venue is None or is_preprint_venue(paper.venue) or "venue" in paper.provenance or overwrite
    want_venue = venue_open and (selected("venue", fields) or selected("year", fields))
    want_links = selected("links.code", fields) or selected("links.project", fields)
    want_links = want_links and (paper.links.get("code") is None or overwrite or "links.code" in paper.provenance)
    return Lookup(key=paper.id, title=paper.title, year=paper.year, ids=ids, venue=want_venue, links=want_links)


def missing(paper: Paper, fields: tuple[str, ...] = FIELDS) -> bool:
    """Whether a selected field of the paper is empty (what ``--missing-only`` looks for)."""
    checks = {"authors": not paper.authors, "year": paper.year is None, "venue": paper.venue is None,
              "abstract": paper.abstract is None, "links.paper": not paper.links.get("paper"),
              "links.code": "code" in paper.links and paper.links["code"] is None}
    return any(empty and selected(name, fields) for name, empty in checks.items())


def _current(paper: Paper, name: str) -> Any:
    top, _, sub = name.partition(".")
    if top == "ids":
        return paper.ids.get(sub)
    if top == "links":
        return paper.links.get(sub)
    return getattr(paper, top)


def _published_upgrade(paper: Paper, res: Resolution) -> bool:
    venue = res.values.get("venue")
    return bool(venue and venue.value and not is_preprint_venue(venue.value)
                and (paper.venue is None or is_preprint_venue(paper.venue)))


def plan_paper(paper: Paper, res: Resolution, fields: tuple[str, ...] = FIELDS, *, overwrite: bool = False,
               missing_only: bool = False, aliases: dict[str, str] | None = None) -> PaperPlan:
    plan = PaperPlan(paper.id, paper.title, conflicts=list(res.conflicts), found=res.found)
    upgrade = _published_upgrade(paper, res)
    names = [n for n in SCALARS] + sorted(k for k in res.values if k.startswith("ids.")) + \
        [f"links.{k}" for k in LINKS]
    for name in names:
        if not selected(name, fields):
            continue
        value: Value | None = res.values.get(name)
        if value is None or value.value in (None, "", []):
            continue
        new = canonical_venue(value.value, aliases) if name == "venue" else value.value
        old = _current(paper, name)
        if old in (None, "", []):
            action = "fill"
        elif old == new or (isinstance(old, str) and isinstance(new, str) and name.startswith("ids.")
                            and old.lower() == new.lower()):
            continue
        elif name in paper.provenance and not missing_only:
            action = "refresh"
        elif overwrite and not missing_only:
            action = "overwrite"
        elif upgrade and (name in ("venue", "year") or (name == "links.paper" and arxiv_from_url(old or ""))):
            action = "propose"
        else:
            if name.startswith("ids.") or name == "title":
                plan.conflicts.append(f"{name}: the shelf has {old!r}, {value.label} says {new!r} (kept; "
                                      "--overwrite to replace)")
            continue
        change = Change(name, old, new, value.source, value.url, action)
        (plan.proposals if action == "propose" else plan.changes).append(change)
    return plan


def apply_changes(paper: Paper, changes: list[Change], today: dt.date | None = None) -> Paper:
    """The paper with ``changes`` applied and their provenance recorded."""
    today = today or dt.date.today()
    data = paper.to_dict()
    provenance = dict(data.get("provenance", {}))
    for change in changes:
        top, _, sub = change.field.partition(".")
        if top in ("ids", "links"):
            data.setdefault(top, {})
            data[top] = dict(data[top])
            data[top][sub] = change.new
        else:
            data[top] = change.new
        provenance[change.field] = Provenance(source=change.source, date=today,
                                              url=change.url if change.url.startswith(("http://", "https://"))
                                              else None).model_dump(exclude_none=True)
    data["provenance"] = provenance
    return Paper.model_validate(data)
