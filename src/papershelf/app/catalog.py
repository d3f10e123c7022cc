"""Catalog use cases: index dumps, describe and search the catalog (the CLI and Python share them).

    report = add_dumps(["~/dumps/paperlists/"], shelf=shelf)
    hits = search_catalog("knowledge distillation", shelf=shelf)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog import default_path
from ..catalog.readers import SUFFIXES
from ..catalog.record import CatalogRecord
from ..catalog.store import Catalog, FileResult
from ..errors import PapershelfError
from ..findings import Finding


def catalog_path(shelf=None, db: str | Path | None = None) -> Path:
    """``db`` when given, else the shelf's ``[catalog] path``, else the user cache's catalog."""
    return Path(db).expanduser() if db else default_path(shelf)


def open_catalog(shelf=None, db: str | Path | None = None, *, must_exist: bool = False) -> Catalog:
    path = catalog_path(shelf, db)
    if must_exist and not path.exists():
        raise PapershelfError(f"no catalog at {path}",
                              hint="index paper dumps first: papershelf catalog add PATH… (see the README for downloads)")
    return Catalog.open(path)


def dump_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files to index: each file given, and the dumps (``*.json[.gz]``, ``*.jsonl``, ``*.bib``…)
    inside each folder given, sorted."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.name.lower().endswith(SUFFIXES))
            if not found:
                raise PapershelfError(f"no dump files (*.json, *.json.gz, *.jsonl, *.bib) in {path}")
            out.extend(found)
        elif path.exists():
            out.append(path)
        else:
            raise PapershelfError(f"no such file or folder: {path}")
    return out


@dataclass
class AddReport:
    path: Path
    files: list[FileResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    total: int = 0

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]


def add_dumps(paths: Iterable[str | Path], *, shelf=None, db: str | Path | None = None,
              progress: Callable[[int], None] | None = None,
              size: Callable[[int], None] | None = None) -> AddReport:
    """Index dumps into the catalog; ``size(total_bytes)`` is told the work ahead, then
    ``progress(bytes)`` as it is done."""
    files = dump_files(paths)
    if size:
        size(sum(p.stat().st_size for p in files))
    with open_catalog(shelf, db) as catalog:
        report = AddReport(catalog.path)
        report.findings = catalog.add(files, progress, results=report.files)
        report.total = catalog.count()
    return report


def catalog_stats(*, shelf=None, db: str | Path | None = None) -> dict[str, Any]:
    """Papers per source and how many have each field, plus the database's size."""
    with open_catalog(shelf, db, must_exist=True) as catalog:
        return {"path": str(catalog.path), "bytes": catalog.path.stat().st_size,
                "fields": catalog.field_counts(), "sources": catalog.sources()}


def search_catalog(text: str, *, limit: int = 20, shelf=None, db: str | Path | None = None) -> list[CatalogRecord]:
    with open_catalog(shelf, db, must_exist=True) as catalog:
        return catalog.search(text, limit)
