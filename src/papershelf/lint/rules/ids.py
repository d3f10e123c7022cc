"""PS4xx: identifiers that are not well formed, or that disagree with the paper's link.

The Paper model rejects malformed ids when a shelf loads, so PS401-PS403 read the raw entry
(``scope="entry"``): lint reports, and where evident repairs, what stops the shelf loading.
"""

from __future__ import annotations

import datetime as dt
import re

from ...findings import Fix
from ...identifiers import (arxiv_from_url, doi_from_url, is_arxiv_id, is_doi, is_openreview_id, normalise_arxiv,
                            openreview_from_url)
from ..core import Report, rule


def _ids(entry) -> dict:
    ids = entry.raw.get("ids")
    return ids if isinstance(ids, dict) else {}


def _set_id(kind: str, repair):
    def apply(data: dict) -> None:
        ids = data.get("ids")
        if isinstance(ids, dict) and isinstance(ids.get(kind), str):
            fixed = repair(ids[kind])
            if fixed:
                ids[kind] = fixed
    return apply


def arxiv_problem(value: str, today: dt.date | None = None) -> str | None:
    if not is_arxiv_id(value):
        return "is not a well-formed arXiv id (e.g. 1503.02531 or cs/9901001, without version)"
    m = re.match(r"^(\d{2})(\d{2})\.(\d{4,5})$", value)
    if m:
        yy, mm, number = int(m.group(1)), int(m.group(2)), m.group(3)
        today = today or dt.date.today()
        if not 1 <= mm <= 12:
            return f"has month {mm:02d}"
        if (2000 + yy, mm) > (today.year, today.month) or (2000 + yy, mm) < (2007, 4):
            return f"is dated {2000 + yy}-{mm:02d}, when no such id was issued"
        if len(number) != (5 if yy >= 15 else 4):
            return f"has {len(number)} digits after the dot (ids from {2000 + yy} have {5 if yy >= 15 else 4})"
    return None


def repair_arxiv(value: str) -> str | None:
    found = arxiv_from_url(value) or normalise_arxiv(value.strip().removesuffix(".pdf"))
    return found if found and found != value and arxiv_problem(found) is None else None


def repair_doi(value: str) -> str | None:
    text = value.strip()
    found = doi_from_url(text) if text.lower().startswith("http") else None
    if not found:
        text = re.sub(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", "", text, flags=re.I).rstrip(".,;")
        found = text if is_doi(text) else None
    return found if found and found != value else None


def repair_openreview(value: str) -> str | None:
    found = openreview_from_url(value.strip()) if value.strip().lower().startswith("http") else None
    return found if found and found != value else None


def _malformed(entry, kind: str, valid, repair, what: str):
    value = _ids(entry).get(kind)
    if value is None or (isinstance(value, str) and valid(value)):
        return
    fixed = repair(value) if isinstance(value, str) else None
    yield Report(f"ids.{kind} {value!r} is not {what}", field=f"ids.{kind}",
                 fix=Fix(f"ids.{kind}: {value!r} → {fixed!r}", _set_id(kind, repair)) if fixed else None)


@rule("PS401", "malformed-arxiv-id", severity="error", scope="entry", fixable=True,
      summary="ids.arxiv is not a well-formed arXiv id (or names a month with no such id)")
def malformed_arxiv_id(entry, ctx):
    """A malformed arXiv id stops the shelf loading and breaks links, BibTeX and enrichment.
    An id given with a version (1503.02531v2), an ``arXiv:`` prefix or as a URL is repaired to
    the bare id; the version belongs in the link, not the id."""
    value = _ids(entry).get("arxiv")
    if value is None:
        return
    if not isinstance(value, str):
        # unquoted 1503.02530 is read as the number 1503.0253: the lost digit cannot be restored
        yield Report(f"ids.arxiv {value!r} is not text: quote it ('1503.02531')", field="ids.arxiv")
        return
    problem = arxiv_problem(value)
    if problem:
        fixed = repair_arxiv(value)
        yield Report(f"ids.arxiv {value!r} {problem}", field="ids.arxiv",
                     fix=Fix(f"ids.arxiv: {value!r} → {fixed!r}", _set_id("arxiv", repair_arxiv)) if fixed else None)


@rule("PS402", "malformed-doi", severity="error", scope="entry", fixable=True,
      summary="ids.doi is not a well-formed DOI (10.NNNN/suffix)")
def malformed_doi(entry, ctx):
    """A DOI is ``10.<registrant>/<suffix>``; a ``doi:`` prefix or a ``https://doi.org/`` URL in
    the id field is repaired to the bare DOI."""
    yield from _malformed(entry, "doi", is_doi, repair_doi, "a well-formed DOI (10.NNNN/suffix)")


@rule("PS403", "malformed-openreview-id", severity="error", scope="entry", fixable=True,
      summary="ids.openreview is not a well-formed OpenReview note id")
def malformed_openreview_id(entry, ctx):
    """OpenReview ids are the ``id=`` of a forum URL (6-20 letters, digits, ``_`` or ``-``); a
    whole forum URL in the id field is repaired to the id."""
    yield from _malformed(entry, "openreview", is_openreview_id, repair_openreview, "a well-formed OpenReview id")


@rule("PS404", "id-link-mismatch", severity="warning",
      summary="links.paper names another arXiv id, DOI or OpenReview id than the paper's ids")
def id_link_mismatch(paper, ctx):
    """When the link says arXiv 1503.02531 and ``ids.arxiv`` says 1503.02532, one of them belongs
    to another paper; enrichment and duplicate detection would follow the wrong one."""
    url = paper.links.get("paper")
    if not url:
        return
    for kind, extract in (("arxiv", arxiv_from_url), ("doi", doi_from_url), ("openreview", openreview_from_url)):
        in_link, in_ids = extract(url), paper.ids.get(kind)
        if in_link and in_ids and (in_link.casefold() if kind == "doi" else in_link) != (
                in_ids.casefold() if kind == "doi" else normalise_arxiv(in_ids) if kind == "arxiv" else in_ids):
            yield Report(f"links.paper names {kind} {in_link} but ids.{kind} is {in_ids}", field=f"ids.{kind}")
