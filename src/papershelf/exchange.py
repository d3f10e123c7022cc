"""How papershelf's own fields travel in the formats reference managers exchange (CSL-JSON, RIS).

Those formats have places for title, names, year, venue, URL, DOI, abstract, notes and keywords
(papershelf's tags), but none for priority, status, topics, sections or the other links: these
travel as one last note line ``papershelf: {json}`` (Zotero keeps it in "Extra"), so a round trip
through Zotero, Mendeley or EndNote and back loses nothing. Pure functions, no I/O.
"""

from __future__ import annotations

import json

from .model import Paper

MARKER = "papershelf: "
OWN_FIELDS = ("priority", "status", "read_on", "added", "topics", "sections", "provenance")


def own_data(p: Paper) -> dict:
    """The fields only papershelf knows: priority, status, dates, topics, sections, extra links and ids."""
    data = p.to_json()
    out = {k: data[k] for k in OWN_FIELDS if k in data}
    links = {k: v for k, v in p.links.items() if k != "paper" or v is None}
    ids = {k: v for k, v in p.ids.items() if k != "doi" and v}
    if links:
        out["links"] = links
    if ids:
        out["ids"] = ids
    return out


def note_lines(p: Paper) -> list[str]:
    """The paper's notes as lines, then the ``papershelf:`` line. The line is written whenever a
    note line could be mistaken for it, so the reader can always trust the last one."""
    lines = p.notes.replace("\r\n", "\n").replace("\r", "\n").split("\n") if p.notes else []
    data = own_data(p)
    if data or any(line.startswith(MARKER.strip()) for line in lines):
        lines.append(MARKER + json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return lines


def split_notes(lines: list[str]) -> tuple[str | None, dict]:
    """(notes, papershelf's own fields) from note lines; the last ``papershelf:`` line is the data,
    a line that is not valid JSON is kept as a note."""
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].startswith(MARKER.strip()):
            try:
                data = json.loads(lines[i][len(MARKER.strip()):])
            except (ValueError, RecursionError):
                break
            if isinstance(data, dict):
                rest = lines[:i] + lines[i + 1:]
                return ("\n".join(rest) if rest else None), data
            break
    return ("\n".join(lines) if lines else None), {}


def one_line(text: str) -> str:
    """A value for a one-line field: every run of whitespace (line breaks too) is one space."""
    return " ".join(text.split())
