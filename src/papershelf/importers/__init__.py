"""Turning outside files into papers. Importers return data; the shelf writes it.

``import_file`` picks the reader from the file's suffix: .bib, .csv, .json (papershelf's own or
CSL-JSON, told apart by their fields), .ris, .md/.markdown/.html.
"""

from __future__ import annotations

from pathlib import Path

from .. import formats
from ..config import ShelfConfig
from ..errors import PapershelfError
from .base import Finding, ImportResult
from .build import PaperBuilder


def read_text(path: Path) -> str:
    """A file to import as text (UTF-8, byte-order mark dropped), or one clear PapershelfError."""
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
    found = formats.get(fmt, "import") if fmt else formats.by_suffix(path.suffix)
    if found is None:
        suffixes = sorted(s for f in formats.FORMATS.values() if f.reader for s in f.suffixes)
        raise PapershelfError(f"cannot tell the format of {path.name}", file=path,
                              hint=f"use one of {', '.join(suffixes)} or pass --format")
    builder = PaperBuilder(config, taken or set(), topic)
    reader = found.read()
    extra = (include_sections,) if found.name == "markdown" else ()
    text = read_text(path)
    try:
        result = reader(path, text, builder, *extra)
    except RecursionError:
        raise PapershelfError("nested too deeply to read", file=path,
                              hint="is this really a reading list? flatten the nesting") from None
    result.findings.fill_file(str(path))
    return result


__all__ = ["Finding", "ImportResult", "PaperBuilder", "import_file"]
