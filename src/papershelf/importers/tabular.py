"""Importing papershelf's own CSV and JSON exports (and compatible files)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..errors import PapershelfError
from ..formats import row_to_fields
from ..findings import Finding
from .base import ImportResult
from .build import PaperBuilder


def read_json(path: Path, text: str, builder: PaperBuilder) -> ImportResult:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PapershelfError(f"not valid JSON: {exc.msg}", file=path, line=exc.lineno) from None
    if isinstance(data, dict) and "papers" in data:
        data = data["papers"]
    if not isinstance(data, list):
        raise PapershelfError("expected a JSON array of papers", file=path, line=1)
    result = ImportResult(path)
    for n, item in enumerate(data, 1):
        if not isinstance(item, dict):
            result.findings.append(Finding("IMP001", "error", f"item {n} is not an object: skipped"))
            continue
        builder.add(result, item, line=None, label=f"item {n}")
    return result


def read_csv(path: Path, text: str, builder: PaperBuilder) -> ImportResult:
    result = ImportResult(path)
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "title" not in reader.fieldnames:
        raise PapershelfError("a CSV import needs a header row with at least a 'title' column", file=path, line=1)
    for row in reader:
        try:
            fields = row_to_fields(row)
        except (ValueError, json.JSONDecodeError) as exc:
            result.findings.append(Finding("IMP001", "error", f"unreadable row: {exc}", line=reader.line_num))
            continue
        builder.add(result, fields, line=reader.line_num, label=f"row {reader.line_num}")
    return result

