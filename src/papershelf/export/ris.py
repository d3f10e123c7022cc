"""RIS export: the tagged format EndNote, Zotero and Mendeley all read. One ``TAG  - value`` line
per field; line breaks inside a value never reach the file (a title cannot start a new record),
notes and abstracts are written one line per ``N1``/``AB``; tags are ``KW`` lines and
papershelf's own fields a last ``N1`` line (see :mod:`papershelf.exchange`)."""

from __future__ import annotations

from collections.abc import Iterable

from ..exchange import note_lines, one_line
from ..model import Paper
from ..venues import lookup


def ris_type(p: Paper) -> str:
    venue = lookup(p.venue or "")
    if venue is not None and venue.kind == "journal":
        return "JOUR"
    if venue is not None and venue.kind == "preprint" or not p.venue:
        return "GEN"
    return "CPAPER"


def ris_name(name: str) -> str:
    """``Geoffrey Hinton`` → ``Hinton, Geoffrey`` (RIS's order); a name with a comma stays as written."""
    words = name.split()
    if len(words) >= 2 and "," not in name:
        return f"{words[-1]}, {' '.join(words[:-1])}"
    return one_line(name)


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def ris_record(p: Paper) -> list[tuple[str, str]]:
    rows = [("TY", ris_type(p)), ("ID", p.id), ("TI", one_line(p.title))]
    rows += [("AU", ris_name(a)) for a in p.authors]
    if p.year:
        rows.append(("PY", str(p.year)))
    if p.venue:
        rows.append(("T2", one_line(p.venue)))
    if p.links.get("paper"):
        rows.append(("UR", p.links["paper"]))
    if p.ids.get("doi"):
        rows.append(("DO", p.ids["doi"]))
    if p.abstract:
        rows += [("AB", line) for line in _lines(p.abstract)]
    rows += [("KW", t) for t in p.tags]
    rows += [("N1", line) for line in note_lines(p)]
    return [*rows, ("ER", "")]


def to_ris(papers: Iterable[Paper]) -> str:
    out: list[str] = []
    for p in papers:
        out += [f"{tag}  - {value}".rstrip() if tag == "ER" else f"{tag}  - {value}" for tag, value in ris_record(p)]
        out.append("")
    return "\n".join(out)
