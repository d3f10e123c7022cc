"""How papers are spelled in flat text formats, shared by the readers (importers) and the
writers (export): LaTeX escaping for BibTeX, and the CSV row layout. Pure functions, no I/O."""

from __future__ import annotations

import json
import re

from .model import ID_KINDS, LINK_KINDS, Paper

# Characters LaTeX treats as special in text fields, escaped on export and restored on import.
# A backslash becomes \textbackslash{}, so no user backslash can escape the character after it.
LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_"}
_LATEX_TABLE = str.maketrans({**LATEX_SPECIAL, "{": r"\{", "}": r"\}", "\\": r"\textbackslash{}"})
# A brace without a partner would end (or swallow) a BibTeX field: written as a command instead.
UNPAIRED = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
_LATEX_COMMANDS = {"textbackslash": "\\", "textbraceleft": "{", "textbraceright": "}"}
_LATEX_ESCAPED = re.compile(r"\\(textbackslash|textbraceleft|textbraceright)(?:\{\})?|\\([&%$#_{}])")


def latex_escape(text: str) -> str:
    return text.translate(_LATEX_TABLE)


def latex_unescape(text: str) -> str:
    return _LATEX_ESCAPED.sub(lambda m: m.group(2) or _LATEX_COMMANDS[m.group(1)], text)


LIST_FIELDS = ("authors", "topics", "sections", "tags")
CSV_COLUMNS = ("id", "title", "authors", "year", "venue", "topics", "sections", "tags",
               *(f"link_{k}" for k in LINK_KINDS), *(f"id_{k}" for k in ID_KINDS),
               "priority", "status", "read_on", "added", "abstract", "notes", "provenance")
# In CSV a list is joined with "; " (authors' names contain commas: "Hinton, G.").
LIST_SEPARATOR = "; "
MISSING_LINK = "(missing)"
# A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is written with a
# leading apostrophe, which the reader removes again.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def guard_cell(value: str) -> str:
    return "'" + value if _FORMULA.match(value) else value


def unguard_cell(value: str) -> str:
    return value[1:] if value.startswith("'") and _FORMULA.match(value, 1) else value


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
        value = unguard_cell(value or "").strip()
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
            fields[column] = int(value) if value.isdigit() else value
        else:
            fields[column] = value
    return fields
