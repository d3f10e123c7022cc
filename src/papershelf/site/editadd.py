"""The "Add paper" box's lookup: what `papershelf add IDENTIFIER` proposes, without writing.

Uses the same steps as the CLI (``enrich.add``: identifier forms, shelf duplicates, every
source through the response cache, user values winning) and returns the proposed Paper with the
warnings a curator must see (a source unreachable, sources disagreeing).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..enrich.add import _with_scheme, build_fields, find_on_shelf
from ..enrich.resolve import Lookup
from ..enrich.service import resolve
from ..errors import PapershelfError
from ..identifiers import parse_identifier
from ..model import Paper


@dataclass
class Proposal:
    paper: Paper
    warnings: list[str] = field(default_factory=list)


def propose(shelf, identifier: str, *, offline: bool = False) -> Proposal:
    """The entry `papershelf add IDENTIFIER` would write; PapershelfError when there is none
    (already on the shelf, nothing found — with the sources that could not be reached)."""
    ident = parse_identifier(_with_scheme(identifier))
    if ident.kind == "url":
        raise PapershelfError(f"cannot look up {identifier!r}: it is not an arXiv, DOI or OpenReview URL",
                              hint="paste the paper's title, arXiv id or DOI instead")
    by_title = ident.kind == "title"
    _refuse_existing(shelf, {} if by_title else {ident.kind: ident.value}, ident.value if by_title else None)
    lookup = Lookup(key=identifier, title=ident.value if by_title else None, year=None,
                    ids={} if by_title else {ident.kind: ident.value})
    (res,), fetcher = resolve(shelf, [lookup], offline=offline)
    warnings = [*fetcher.warnings, *res.conflicts]
    if not res.found:
        where = "in the cache (offline)" if offline else "in any source"
        problems = f"; {'; '.join(fetcher.warnings)}" if fetcher.warnings else ""
        raise PapershelfError(f"found nothing for {str(ident)!r} {where}{problems}",
                              hint="check the identifier" + ("" if offline else ", or try again when online"))
    values, provenance = build_fields(res, {})
    if not by_title:
        values["ids"].setdefault(ident.kind, ident.value)
    if not values.get("title"):
        raise PapershelfError(f"the sources know {str(ident)!r} but give no title")
    _refuse_existing(shelf, {k: v for k, v in values["ids"].items() if v}, values["title"])
    paper = shelf.new_paper(**values)
    if provenance:
        paper = Paper.model_validate({**paper.to_dict(), "provenance": provenance})
    return Proposal(paper, warnings)


def _refuse_existing(shelf, ids: dict[str, str], title: str | None) -> None:
    existing = find_on_shelf(shelf, ids, title)
    if existing is not None:
        raise PapershelfError(f"already on the shelf as {existing.id} ({existing.title})")
