"""How papers are spelled in flat text formats, shared by the readers (importers) and the
writers (export): LaTeX escaping for BibTeX, and the CSV row layout. Pure functions, no I/O."""

from __future__ import annotations

import json

from .model import ID_KINDS, LINK_KINDS, Paper

# Characters LaTeX treats as special in text fields, escaped on export and restored on import.
LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_"}
_LATEX_TABLE = str.maketrans({**LATEX_SPECIAL, "{": r"\{", "}": r"\}"})


def latex_escape(text: str) -> str:
    return text.translate(_LATEX_TABLE)


def latex_unescape(text: str) -> str:
    for ch, escaped in [*LATEX_SPECIAL.items(), ("{", r"\{"), ("}", r"\}")]:
        text = text.replace(escaped, ch)
    return text


LIST_FIELDS = ("authors", "topics", "sections", "tags")
CSV_COLUMNS = ("id", "title", "authors", "year", "venue", "topics", "sections", "tags",
               *(f"link_{k}" for k in LINK_KINDS), *(f"id_{k}" for k in ID_KINDS),
               "priority", "status", "read_on", "added", "abstract", "notes", "provenance")
# In CSV a list is joined with "; " (authors' names contain commas: "Hinton, G.").
LIST_SEPARATOR = "; "
MISSING_LINK = "(missing)"


def paper_row(p: Paper) -> dict[str, str]:
    data = p.to_json()
    row = {c: "" for c in CSV_COLUMNS}
    for key, value in data.items():
        if key in LIST_FIELDS:
            row[key] = LIST_SEPARATOR.join(value)
        elif key == "links":
            for kind, url in value.items():
                row[f"link_{kind}"] = url if url is not None else MISSING_LINK
        elif key == "ids":
            for kind, ident in value.items():
                row[f"id_{kind}"] = ident or ""
        elif key == "provenance":
            row[key] = json.dumps(value, ensure_ascii=False)
        else:
            row[key] = "" if value is None else str(value)
    return row


def row_to_fields(row: dict[str, str]) -> dict:
    """The inverse of ``paper_row``: loose fields ready for validation."""
    fields: dict = {"links": {}, "ids": {}}
    for column, value in row.items():
        if column is None:
            continue
        value = (value or "").strip()
        if not value:
            continue
        if column in LIST_FIELDS:
            fields[column] = [v.strip() for v in value.split(";") if v.strip()]
        elif column.startswith("link_"):
            fields["links"][column[5:]] = None if value == MISSING_LINK else value
        elif column.startswith("id_"):
            fields["ids"][column[3:]] = value
        elif column == "provenance":
            fields[column] = json.loads(value)
        elif column == "year":
            fields[column] = int(value) if value.isascii() and value.isdigit() and len(value) <= 4 else value
        else:
            fields[column] = value
    return fields
