"""The catalog's readers, by name: each turns one dump format into CatalogRecords.

``detect(path)`` picks the reader from the file's name and first record, so ``catalog add``
needs no format option; an unknown shape is a clear error, not a guess.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import arxiv, bibtex, csl, paperlists
from .base import CatalogInputError, Item, Skipped, first_json_value, head, read_problem

__all__ = ["READERS", "Reader", "CatalogInputError", "Item", "Skipped", "detect", "source_name"]


@dataclass(frozen=True)
class Reader:
    name: str          # the first part of a source name: paperlists/cvpr2021
    label: str
    download: str      # where a person gets such dumps (shown in errors and the README)
    read: Callable[[Path, str, Callable[[int], None] | None], Iterator[Item]]
    sniff: Callable[[Any, bool], bool] | None = None   # first record, whether in a JSON array


READERS: dict[str, Reader] = {r.name: r for r in (
    Reader("paperlists", "Paper Copilot paperlists JSON", "https://github.com/papercopilot/paperlists",
           paperlists.read, paperlists.sniff),
    Reader("arxiv", "arXiv metadata snapshot (JSON lines)", "https://www.kaggle.com/datasets/Cornell-University/arxiv",
           arxiv.read, arxiv.sniff),
    Reader("csl", "CSL-JSON", "an export of Zotero, Pandoc or citation.js", csl.read, csl.sniff),
    Reader("bibtex", "BibTeX", "an export of any reference manager or DBLP", bibtex.read),
)}

SUFFIXES = (".gz", ".json", ".jsonl", ".ndjson", ".bib", ".bibtex")


def source_name(reader: Reader, path: Path) -> str:
    """``paperlists/cvpr2021`` for ``…/cvpr2021.json.gz``: the reader and the file's stem."""
    name = path.name
    while True:
        lower = name.lower()
        suffix = next((s for s in SUFFIXES if lower.endswith(s)), None)
        if suffix is None or len(name) == len(suffix):
            break
        name = name[: -len(suffix)]
    return f"{reader.name}/{name}"


def detect(path: Path) -> Reader:
    """The reader for a dump, from its suffix (BibTeX) or its first record (JSON formats)."""
    lower = path.name.lower().removesuffix(".gz")
    if lower.endswith((".bib", ".bibtex")):
        return READERS["bibtex"]
    start = head(path, 4096).lstrip()
    if start.startswith("@"):
        return READERS["bibtex"]
    if not start.startswith(("[", "{")):
        raise CatalogInputError(f"not a catalog dump papershelf reads (it starts with {start[:30]!r})",
                                hint=_formats_hint())
    array = start.startswith("[")
    try:
        first = first_json_value(path)
    except CatalogInputError as exc:
        raise CatalogInputError(exc.message, record=1, hint=_formats_hint()) from None
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise CatalogInputError(read_problem(exc), record=1) from None
    for reader in READERS.values():
        if reader.sniff is not None and reader.sniff(first, array):
            return reader
    keys = ", ".join(sorted(first)[:12]) if isinstance(first, dict) else type(first).__name__
    shape = "a JSON array" if array else "JSON (lines)"
    raise CatalogInputError(f"{shape} of another shape: the first record has {keys or 'nothing'}",
                            record=1, hint=_formats_hint())


def _formats_hint() -> str:
    return "catalog add reads " + "; ".join(f"{r.label} ({r.download})" for r in READERS.values())
