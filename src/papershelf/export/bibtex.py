"""BibTeX export through bibtexparser 2: ids become citation keys, and papershelf's own fields
(priority, status, topics, links…) travel as extra fields so a round trip loses nothing.

No value can leave its field: BibTeX ends a ``{…}`` value at the brace that balances the first,
and it counts every brace, ``\\{`` and ``\\}`` included. So in text an unpaired brace is written as
a LaTeX command without braces and a backslash as ``\\textbackslash{}``, URLs and DOIs have
braces and backslashes percent-encoded, and JSON values carry braces inside strings as
``\\u007b``/``\\u007d``: every value is balanced by construction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from ..formats import UNPAIRED, latex_escape
from ..model import Paper
from ..venues import lookup


# An "@" opening a line inside a value starts a new entry for bibtexparser: it is grouped as "{@}",
# which BibTeX, LaTeX and papershelf's importer all read as "@".
_LINE_AT = re.compile(r"(\n[ \t]*)@")


def _text(value: str) -> str:
    """LaTeX-escaped text that cannot end its BibTeX field (see ``_braced``) nor open a new entry."""
    return _LINE_AT.sub(r"\1{@}", _braced(value))


def _braced(value: str) -> str:
    """LaTeX-escaped text whose braces cannot end its BibTeX field: paired braces become
    ``\\{``…``\\}``, a brace without a partner ``\\textbraceleft{}`` / ``\\textbraceright{}``."""
    if "{" not in value and "}" not in value:
        return latex_escape(value)
    unmatched: set[int] = set()
    opened: list[int] = []
    for m in re.finditer(r"[{}]", value):
        if m.group() == "{":
            opened.append(m.start())
        elif opened:
            opened.pop()
        else:
            unmatched.add(m.start())
    unmatched.update(opened)
    parts, last = [], 0
    for i in sorted(unmatched):
        parts.append(latex_escape(value[last:i]))
        parts.append(UNPAIRED[value[i]])
        last = i + 1
    parts.append(latex_escape(value[last:]))
    return "".join(parts)


def _verbatim(value: str) -> str:
    """A URL or DOI: braces and backslashes percent-encoded (the same address)."""
    return value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _json(value: Any) -> str:
    """Compact JSON whose strings carry no brace: only the structure's braces, balanced."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{_json(str(k))}:{_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_json(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False).replace("{", "\\u007b").replace("}", "\\u007d")

def entry_type(p: Paper) -> tuple[str, str | None]:
    """(BibTeX entry type, field holding the venue)."""
    venue = lookup(p.venue or "")
    if not p.venue:
        return "misc", None
    if venue and venue.kind == "journal":
        return "article", "journal"
    if venue and venue.kind == "preprint":
        return "misc", "howpublished"
    return "inproceedings", "booktitle"


def citation_fields(p: Paper) -> dict[str, str]:
    """The standard fields a reference manager reads: title, authors, year, venue, URL, DOI, arXiv."""
    _, venue_field = entry_type(p)
    fields: dict[str, str] = {"title": "{" + _text(p.title) + "}"}
    if p.authors:
        fields["author"] = " and ".join(_text(a) for a in p.authors)
    if p.year:
        fields["year"] = str(p.year)
    if venue_field and p.venue:
        fields[venue_field] = _text(p.venue)
    if p.links.get("paper"):
        fields["url"] = _verbatim(p.links["paper"])
    if p.ids.get("doi"):
        fields["doi"] = _verbatim(p.ids["doi"])
    if p.ids.get("arxiv"):
        fields["eprint"] = _verbatim(p.ids["arxiv"])
        fields["archiveprefix"] = "arXiv"
    return fields


def citation_entry(p: Paper) -> str:
    """One clean ``@type{id, …}`` entry with the standard fields only (for copying from a page)."""
    kind, _ = entry_type(p)
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in citation_fields(p).items())
    return f"@{kind}{{{p.id},\n{body}\n}}"


def paper_fields(p: Paper) -> dict[str, str]:
    """Every field of a paper: the citation fields plus papershelf's own, for a lossless export."""
    fields = citation_fields(p)
    if p.abstract:
        fields["abstract"] = _text(p.abstract)
    if p.notes:
        fields["note"] = _text(p.notes)
    if p.tags:
        fields["keywords"] = ", ".join(p.tags)
    extra = p.to_json()
    for key in ("topics", "sections"):
        if key in extra:
            fields[key] = ", ".join(extra[key])
    for key in ("priority", "status", "read_on", "added"):
        if key in extra:
            fields[key] = str(extra[key])
    other_links = {k: v for k, v in p.links.items() if k != "paper" or v is None}
    if other_links:
        fields["links"] = _json(other_links)
    other_ids = {k: v for k, v in p.ids.items() if k not in ("doi", "arxiv") and v}
    if other_ids:
        fields["ids"] = _json(other_ids)
    if "provenance" in extra:
        fields["provenance"] = _json(extra["provenance"])
    return fields


def to_bibtex(papers: Iterable[Paper]) -> str:
    import bibtexparser
    from bibtexparser.model import Entry, Field

    library = bibtexparser.Library()
    for p in papers:
        kind, _ = entry_type(p)
        library.add(Entry(kind, p.id, [Field(k, v) for k, v in paper_fields(p).items()]))
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    return bibtexparser.write_string(library, bibtex_format=fmt)
