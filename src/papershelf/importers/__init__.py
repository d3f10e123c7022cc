"""Turning outside files into papers. Importers return data; the shelf writes it.

``import_file`` picks the reader from the file's suffix: .bib, .csv, .json, .md/.markdown/.html.
"""

from __future__ import annotations

from pathlib import Path

from ..config import ShelfConfig
from ..errors import PapershelfError
from .base import Finding, ImportResult
from .build import PaperBuilder
from .merge import new_papers

FORMATS = {".bib": "bibtex", ".bibtex": "bibtex", ".csv": "csv", ".json": "json",
           ".md": "markdown", ".markdown": "markdown", ".html": "markdown", ".htm": "markdown"}


def import_file(path: str | Path, config: ShelfConfig, *, taken: set[str] | None = None,
                topic: str | None = None, fmt: str | None = None) -> ImportResult:
    """Read ``path`` into validated papers plus findings; nothing is written."""
    path = Path(path)
    fmt = fmt or FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise PapershelfError(f"cannot tell the format of {path.name}", file=path,
                              hint=f"use one of {', '.join(sorted(FORMATS))} or pass --format")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PapershelfError("no such file", file=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PapershelfError(f"cannot read: {exc}", file=path, hint="is it a UTF-8 text file?") from None
    builder = PaperBuilder(config, taken or set(), topic)
    if fmt == "bibtex":
        from .bibtex import read_bibtex

        return read_bibtex(path, text, builder)
    if fmt == "csv":
        from .tabular import read_csv

        return read_csv(path, text, builder)
    if fmt == "json":
        from .tabular import read_json

        return read_json(path, text, builder)
    if fmt == "markdown":
        from .markdown import read_markdown

        return read_markdown(path, text, builder)
    raise PapershelfError(f"unknown import format {fmt!r}")


__all__ = ["FORMATS", "Finding", "ImportResult", "PaperBuilder", "import_file", "new_papers"]
