"""Importing papershelf's own CSV and JSON exports (and compatible files).

Whatever the file holds, the result is papers plus findings (a record of the wrong shape names its
field) or one clear error for a file that cannot be read at all (not JSON, nested too deep, a
number too long to read)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..errors import PapershelfError
from ..formats import row_to_fields
from .base import Finding, ImportResult
from .build import PaperBuilder


def load_json(path: Path, text: str):
    """``json.loads`` with its every failure (syntax, nesting, huge numbers) as a clear error."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise PapershelfError(f"not valid JSON: {exc.msg}", file=path, line=exc.lineno) from None
    except RecursionError:
        raise PapershelfError("JSON nested too deeply to be a list of papers", file=path) from None
    except ValueError as exc:  # a number of thousands of digits
        raise PapershelfError(f"JSON value cannot be read: {exc}", file=path,
                              hint="numbers must be short (a year, not thousands of digits)") from None


def read_json(path: Path, text: str, builder: PaperBuilder) -> ImportResult:
    from .csl import looks_like_csl, read_csl_data

    data = load_json(path, text)
    if looks_like_csl(data):
        return read_csl_data(path, data, builder)
    if isinstance(data, dict) and "papers" in data:
        data = data["papers"]
    if not isinstance(data, list):
        raise PapershelfError("expected a JSON array of papers", file=path, line=1)
    result = ImportResult(path)
    for n in range(1, len(data) + 1):
        item, data[n - 1] = data[n - 1], None  # freed once read: the records and papers are not all held at once
        if not isinstance(item, dict):
            result.findings.append(Finding("IMP001", "error", f"item {n} is not an object: skipped",
                                           data={"record": f"item {n}"}))
            continue
        builder.add(result, item, line=None, label=f"item {n}")
    return result


def _rows(reader: csv.DictReader, result: ImportResult):
    """The rows of a CSV file; a row the csv module refuses (a field over its 128 KB limit, a stray
    NUL) becomes a finding and reading goes on with the next one."""
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            result.findings.append(Finding("IMP001", "error", f"row at line {line} skipped: {exc}", line=line,
                                           data={"record": f"line {line}", "problem": str(exc)}))
            if reader.line_num < line:  # nothing consumed: give up rather than loop
                return
            continue
        yield row


def read_csv(path: Path, text: str, builder: PaperBuilder) -> ImportResult:
    result = ImportResult(path)
    reader = csv.DictReader(io.StringIO(text))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise PapershelfError(f"CSV header cannot be read: {exc}", file=path, line=1) from None
    if not fieldnames or "title" not in fieldnames:
        raise PapershelfError("a CSV import needs a header row with at least a 'title' column", file=path, line=1)
    for row in _rows(reader, result):
        line = reader.line_num
        try:
            fields = row_to_fields(row)
        except (ValueError, RecursionError) as exc:
            problem = "a JSON column is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            result.findings.append(Finding("IMP001", "error", f"row {line} skipped: {problem}", line=line,
                                           data={"record": f"row {line}", "problem": problem}))
            continue
        builder.add(result, fields, line=line, label=f"row {line}")
    return result
