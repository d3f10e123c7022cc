"""Importing papershelf's own CSV and JSON exports (and compatible files).

Whatever the file holds, the result is papers plus findings (a record of the wrong shape names its
field) or one clear error for a file that cannot be read at all (not JSON, nested too deep, a
number too long to read)."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import PapershelfError
from ..formats import row_to_fields
from .base import Finding, ImportResult
from .build import PaperBuilder, skipped


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


_ARRAY = re.compile(r"[ \t\n\r]*\[")
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def load_json_items(path: Path, text: str):
    """``load_json``, except that a top-level array comes as an iterator of its elements, each
    decoded when it is reached: 1 MB of JSON records as Python objects took 8 MB at once. A file
    that is not valid JSON still gives ``load_json``'s error for the whole text, raised when the
    iteration reaches the fault (call again to iterate again)."""
    if not _ARRAY.match(text):
        return load_json(path, text)
    return _elements(path, text)


def _elements(path: Path, text: str) -> Iterator:
    try:
        yield from _array(text)
    except (ValueError, RecursionError):  # (a JSONDecodeError is a ValueError)
        load_json(path, text)  # the error json.loads gives for the whole text, with its line
        raise


def _array(text: str) -> Iterator:
    """The elements of the array ``text`` holds, by json's own grammar (``json.loads`` then checks
    that nothing but white space follows)."""
    pos = _skip(text, text.index("[") + 1)
    if text.startswith("]", pos):
        end = pos + 1
    else:
        while True:
            value, pos = _DECODER.raw_decode(text, pos)
            yield value
            pos = _skip(text, pos)
            if text.startswith("]", pos):
                end = pos + 1
                break
            if not text.startswith(",", pos):
                raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)
            pos = _skip(text, pos + 1)
    if _skip(text, end) != len(text):
        raise json.JSONDecodeError("Extra data", text, end)


def _skip(text: str, pos: int) -> int:
    """Where the white space (as JSON counts it) starting at ``pos`` ends."""
    return _SPACE.match(text, pos).end()  # type: ignore[union-attr]  (it matches the empty string)


def read_json(path: Path, text: str, builder: PaperBuilder) -> ImportResult:
    from .csl import looks_like_csl, read_csl_data

    data = load_json_items(path, text)
    csl = looks_like_csl(data)
    if isinstance(data, Iterator):
        data = load_json_items(path, text)  # again from the start: looks_like_csl read some of it
    if csl:
        return read_csl_data(path, data, builder)
    if isinstance(data, dict) and "papers" in data:
        data = data["papers"]
    if not isinstance(data, list | Iterator):
        raise PapershelfError("expected a JSON array of papers", file=path, line=1)
    result = ImportResult(path)
    for n, item in enumerate(data, 1):
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
            result.findings.append(skipped(f"row at line {line}", str(exc), line, record=f"line {line}"))
            if reader.line_num < line:  # nothing consumed: give up rather than loop
                return
            continue
        yield row


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their ends, split at ``\\n`` only, as ``io.StringIO`` gives them,
    one at a time (a StringIO holds 4 bytes a character: 4 MB for a 1 MB CSV file)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start) + 1 or len(text)
        yield text[start:end]
        start = end


def read_csv(path: Path, text: str, builder: PaperBuilder) -> ImportResult:
    result = ImportResult(path)
    reader = csv.DictReader(_lines(text))
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
            result.findings.append(skipped(f"row {line}", problem, line))
            continue
        builder.add(result, fields, line=line, label=f"row {line}")
    return result
