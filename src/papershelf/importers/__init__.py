"""Turning outside files into papers. Importers return data; the shelf writes it.

``import_file`` picks the reader from ``papershelf.formats`` by name or by the file's suffix.
"""

from __future__ import annotations

from pathlib import Path

from .. import formats
from ..config import ShelfConfig
from ..errors import PapershelfError
from .base import ImportResult
from .build import PaperBuilder


def import_file(path: str | Path, config: ShelfConfig, *, taken: set[str] | None = None,
                topic: str | None = None, fmt: str | None = None) -> ImportResult:
    """Read ``path`` into validated papers plus findings (each naming ``path``); nothing is written."""
    path = Path(path)
    found = formats.get(fmt, "import") if fmt else formats.by_suffix(path.suffix)
    if found is None:
        suffixes = sorted(s for f in formats.FORMATS.values() if f.reader for s in f.suffixes)
        raise PapershelfError(f"cannot tell the format of {path.name}", file=path,
                              hint=f"use one of {', '.join(suffixes)} or pass --format")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PapershelfError("no such file", file=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PapershelfError(f"cannot read: {exc}", file=path, hint="is it a UTF-8 text file?") from None
    result = found.read()(path, text, PaperBuilder(config, taken or set(), topic))
    for finding in result.findings:
        finding.file = finding.file or str(path)
    return result


__all__ = ["ImportResult", "PaperBuilder", "import_file"]
