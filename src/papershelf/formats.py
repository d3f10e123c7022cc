"""The formats papers are read from and written to, and how papers are spelled in them.

``FORMATS`` is the registry: a format's name maps to its file suffixes, its reader (an importer:
``read(path, text, builder) -> ImportResult``) and its writer (an exporter: ``write(papers) -> str``,
or ``write(shelf, papers)`` when ``writer_needs_shelf``). Readers and writers are named as
``"module:function"`` and imported only when used, so this module stays at the bottom of the
layers (no I/O, nothing imported from above). The rest of the module is shared by readers and
writers: LaTeX escaping for BibTeX, and the CSV row layout.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from .errors import PapershelfError
from .model import ID_KINDS, LINK_KINDS, Paper


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    suffixes: tuple[str, ...] = ()
    reader: str | None = None          # "module:function", see the module docstring
    writer: str | None = None
    writer_needs_shelf: bool = False

    def read(self) -> Callable:
        return _load(self.reader, self.name, "import")

    def export(self, papers: list[Paper], shelf=None) -> str:
        write = _load(self.writer, self.name, "export")
        return write(shelf, papers) if self.writer_needs_shelf else write(papers)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("bibtex", "BibTeX entries (.bib)", (".bib", ".bibtex"), "papershelf.importers.bibtex:read_bibtex",
           "papershelf.export.bibtex:to_bibtex"),
    Format("csv", "one paper per row, the columns of CSV_COLUMNS", (".csv",), "papershelf.importers.tabular:read_csv",
           "papershelf.export.tabular:to_csv"),
    Format("json", "a list of papers as in the YAML files", (".json",), "papershelf.importers.tabular:read_json",
           "papershelf.export.tabular:to_json"),
    Format("csl", "CSL-JSON items (Zotero, Mendeley, pandoc); a .json file of CSL items is read as such",
           (".csljson",), "papershelf.importers.csl:read_csl", "papershelf.export.csl:to_csl_json"),
    Format("ris", "RIS records (EndNote, Zotero, Mendeley)", (".ris",), "papershelf.importers.ris:read_ris",
           "papershelf.export.ris:to_ris"),
    Format("markdown", "a hand-written reading list in Markdown or HTML (an awesome list, an MkDocs page)",
           (".md", ".markdown", ".html", ".htm"), "papershelf.importers.markdown:read_markdown"),
    Format("readme", "a GitHub README for the list: venue × year table, sections, legend",
           writer="papershelf.export.readme:render_readme", writer_needs_shelf=True),
)}


def readable() -> list[str]:
    return [f.name for f in FORMATS.values() if f.reader]


def writable() -> list[str]:
    return [f.name for f in FORMATS.values() if f.writer]


def by_suffix(suffix: str) -> Format | None:
    return next((f for f in FORMATS.values() if f.reader and suffix.lower() in f.suffixes), None)


def get(name: str, use: str) -> Format:
    """The format ``name`` that can be used for ``use`` ("import" or "export")."""
    names = readable() if use == "import" else writable()
    if name not in names:
        raise PapershelfError(f"unknown {use} format {name!r}", hint=f"use one of {', '.join(names)}")
    return FORMATS[name]


def _load(ref: str | None, name: str, use: str) -> Callable:
    if ref is None:
        raise PapershelfError(f"{name} is not an {use} format")
    module, _, attr = ref.partition(":")
    return getattr(importlib.import_module(module), attr)

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
            fields[column] = int(value) if value.isascii() and value.isdigit() and len(value) <= 4 else value
        else:
            fields[column] = value
    return fields
