"""CSV and JSON: one row / object per paper, every field kept so an import gives it back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from ..formats import CSV_COLUMNS, guard_cell, paper_row
from ..model import Paper


def to_json(papers: Iterable[Paper]) -> str:
    return json.dumps([p.to_json() for p in papers], ensure_ascii=False, indent=2) + "\n"


def _one_line_end(value: str) -> str:
    """Line breaks as ``\\n`` (as YAML reads them): the csv module quotes a cell holding the
    row terminator, but would write a lone CR bare and split the row."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def to_csv(papers: Iterable[Paper]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for p in papers:
        writer.writerow({k: guard_cell(_one_line_end(v)) for k, v in paper_row(p).items()})
    return buffer.getvalue()
