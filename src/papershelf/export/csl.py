"""CSL-JSON export: what Zotero, Mendeley, pandoc and citeproc read. Tags become ``keyword``;
priority, status and the rest ride in ``note`` (see :mod:`papershelf.exchange`)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..exchange import note_lines
from ..model import Paper
from ..venues import lookup


def csl_type(p: Paper) -> str:
    """No venue or a preprint server: article; a journal: article-journal; else paper-conference."""
    venue = lookup(p.venue or "")
    if not p.venue or (venue is not None and venue.kind == "preprint"):
        return "article"
    return "article-journal" if venue is not None and venue.kind == "journal" else "paper-conference"


def csl_name(name: str) -> dict[str, str]:
    """``Geoffrey Hinton`` → family/given; a name whose spacing a split would change stays literal."""
    words = name.split()
    if len(words) >= 2 and " ".join(words) == name and "," not in name:
        return {"family": words[-1], "given": " ".join(words[:-1])}
    return {"literal": name}


def csl_item(p: Paper) -> dict:
    item: dict = {"id": p.id, "type": csl_type(p), "title": p.title}
    if p.authors:
        item["author"] = [csl_name(a) for a in p.authors]
    if p.year:
        item["issued"] = {"date-parts": [[p.year]]}
    if p.venue:
        item["container-title"] = p.venue
    if p.links.get("paper"):
        item["URL"] = p.links["paper"]
    if p.ids.get("doi"):
        item["DOI"] = p.ids["doi"]
    if p.abstract:
        item["abstract"] = p.abstract
    if p.tags:
        item["keyword"] = ", ".join(p.tags)
    lines = note_lines(p)
    if lines:
        item["note"] = "\n".join(lines)
    return item


def to_csl_json(papers: Iterable[Paper]) -> str:
    return json.dumps([csl_item(p) for p in papers], ensure_ascii=False, indent=2) + "\n"
