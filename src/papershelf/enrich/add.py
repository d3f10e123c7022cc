"""Adding a paper by identifier: resolve what a curator pasted (arXiv id or URL, DOI, OpenReview
URL, title) into a complete entry with provenance, and say whether the shelf already has it.
Returns data and writes nothing: ``papershelf.app.add`` asks and writes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import PapershelfError
from ..identifiers import Identifier, ids_from_url, parse_identifier
from ..model import ID_KINDS, Paper, Provenance, normalise_title
from .plan import SCALARS
from .resolve import Lookup, Resolution


@dataclass
class Candidate:
    """What a look-up found: the entry to add, or the shelf paper it already is."""

    query: str                           # the identifier as understood ("arXiv:1503.02531")
    paper: Paper | None = None           # the new entry (None when the shelf has it already)
    existing: Paper | None = None        # the shelf paper with this identifier or title
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    problem: PapershelfError | None = None  # why there is no entry (found nothing, no title)

    def check(self) -> None:
        """Raise the look-up's problem, if any (the caller shows the warnings first)."""
        if self.problem is not None:
            raise self.problem


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


def look_up(shelf, identifier: str, fields: dict[str, Any] | None = None, *, offline: bool = False) -> Candidate:
    """Resolve ``identifier`` against every enabled source; the user's own ``fields`` (title,
    venue, topics, links, …) win over the sources'. Nothing is written."""
    ident: Identifier = parse_identifier(_with_scheme(identifier))
    given = {k: v for k, v in (fields or {}).items() if v not in (None, "", [], {})}
    extra_links: dict[str, str] = {}
    if ident.kind == "url":
        if not given.get("title"):
            raise PapershelfError(f"cannot look up {identifier!r}: it is not an arXiv, DOI or OpenReview URL",
                                  hint="give the paper's title too (--title …), or its arXiv id or DOI")
        extra_links["paper"] = ident.value
        ident = Identifier("title", given["title"])
    # Known before asking anyone: the identifier, or exactly this title.
    existing = (find_on_shelf(shelf, {}, ident.value) if ident.kind == "title"
                else find_on_shelf(shelf, {ident.kind: ident.value}))
    if existing is not None:
        return Candidate(str(ident), existing=existing)
    res, found = _resolve(shelf, identifier, ident, given, offline)
    if found.problem is not None:
        return found
    if extra_links:
        given["links"] = {**extra_links, **given.get("links", {})}
    values, provenance = build_fields(res, given)
    if ident.kind in ("arxiv", "doi", "openreview"):
        values["ids"].setdefault(ident.kind, ident.value)
    if not values.get("title"):
        found.problem = PapershelfError(f"the sources know {str(ident)!r} but give no title", hint="pass --title")
        return found
    found.existing = find_on_shelf(shelf, {k: v for k, v in values["ids"].items() if v}, values["title"])
    if found.existing is None:
        paper = shelf.new_paper(**values)
        found.paper = Paper.model_validate({**paper.to_dict(), "provenance": provenance}) if provenance else paper
    return found


def _resolve(shelf, identifier: str, ident: Identifier, given: dict[str, Any],
             offline: bool) -> tuple[Resolution, Candidate]:
    from .service import resolve

    lookup = Lookup(key=identifier, title=ident.value if ident.kind == "title" else None,
                    year=given.get("year") if ident.kind == "title" else None,
                    ids={} if ident.kind == "title" else {ident.kind: ident.value})
    (res,), fetcher = resolve(shelf, [lookup], offline=offline)
    found = Candidate(str(ident), warnings=list(fetcher.warnings), notes=list(fetcher.notes),
                      conflicts=list(res.conflicts))
    if not res.found:
        where = "in the cache (--offline)" if offline else "in any source"
        found.problem = PapershelfError(
            f"found nothing for {str(ident)!r} {where}",
            hint="check the identifier, or add by hand: papershelf add --title … --authors … --year … --venue …")
    return res, found
