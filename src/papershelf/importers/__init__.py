"""Turning outside files into papers. Importers return data; the shelf writes it.

``import_file`` picks the reader from the file's suffix: .bib, .csv, .json (papershelf's own or
CSL-JSON, told apart by their fields), .ris, .md/.markdown/.html.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from ..config import ShelfConfig
from ..errors import PapershelfError
from .base import Finding, ImportResult
from .build import PaperBuilder
from .merge import new_papers

FORMATS = {".bib": "bibtex", ".bibtex": "bibtex", ".csv": "csv", ".json": "json", ".csljson": "csl",
           ".ris": "ris", ".md": "markdown", ".markdown": "markdown", ".html": "markdown", ".htm": "markdown"}
# format -> (module, reader function): each reader takes (path, text, builder) and returns an ImportResult
READERS = {"bibtex": ("bibtex", "read_bibtex"), "csv": ("tabular", "read_csv"), "json": ("tabular", "read_json"),
           "csl": ("csl", "read_csl"), "ris": ("ris", "read_ris"), "markdown": ("markdown", "read_markdown")}


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PapershelfError("no such file", file=path) from None
    except IsADirectoryError:
        raise PapershelfError("is a folder, not a file", file=path) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise PapershelfError(f"not UTF-8 text (byte {exc.start})", file=path, line=line,
                              hint="save the file as UTF-8") from None
    except OSError as exc:
        raise PapershelfError(f"cannot read: {exc.strerror or exc}", file=path) from None


def import_file(path: str | Path, config: ShelfConfig, *, taken: set[str] | None = None,
                topic: str | None = None, fmt: str | None = None,
                include_sections: tuple[str, ...] = ()) -> ImportResult:
    """Read ``path`` into validated papers plus findings; nothing is written. ``include_sections``
    names sections of a Markdown list to import although they do not look like papers."""
    path = Path(path)
    fmt = fmt or FORMATS.get(path.suffix.lower())
    if fmt not in READERS:
        raise PapershelfError(f"cannot tell the format of {path.name}" if fmt is None else f"unknown import format {fmt!r}",
                              file=path, hint=f"use a file ending in {', '.join(sorted(FORMATS))} or pass "
                                              f"--format {'|'.join(READERS)}")
    text = _read_text(path)
    builder = PaperBuilder(config, taken or set(), topic)
    module, function = READERS[fmt]
    reader = getattr(import_module(f"{__name__}.{module}"), function)
    try:
        result = reader(path, text, builder, include_sections) if fmt == "markdown" else reader(path, text, builder)
    except RecursionError:
        raise PapershelfError("nested too deeply to read", file=path,
                              hint="is this really a reading list? flatten the nesting") from None
    for f in result.findings:
        f.file = f.file or str(path)
    return result


__all__ = ["FORMATS", "READERS", "Finding", "ImportResult", "PaperBuilder", "import_file", "new_papers"]
