"""CSV and JSON: one row / object per paper, every field kept so an import gives it back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from ..formats import CSV_COLUMNS, paper_row
from ..model import Paper


def to_json(papers: Iterable[Paper]) -> str:
    return json.dumps([p.to_json() for p in papers], ensure_ascii=False, indent=2) + "\n"


def to_csv(papers: Iterable[Paper]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for p in papers:
        writer.writerow(paper_row(p))
    return buffer.getvalue()
