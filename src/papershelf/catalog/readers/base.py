"""What every catalog reader shares: opening plain or gzipped dumps with a byte counter,
streaming JSON arrays and JSON lines record by record (a 4 GB dump never sits in memory), and
the error that stops a file without touching the rest of the catalog."""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..record import CatalogRecord, collapse

CHUNK = 1 << 16
# A single record larger than this is not a paper: the file is not a paper list.
MAX_RECORD_BYTES = 16 << 20
GZIP_MAGIC = b"\x1f\x8b"


class CatalogInputError(Exception):
    """A dump that cannot be indexed (unreadable, truncated, another shape): the file is skipped
    and nothing of it is kept. ``record`` is the 1-based record number where reading stopped."""

    def __init__(self, message: str, *, record: int | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.record = record
        self.hint = hint


@dataclass
class Skipped:
    """One record a reader left out (no title, not an object), with where and why."""

    record: int
    message: str
    code: str = "CAT003"
    key: str | None = None


Item = CatalogRecord | Skipped


class _Counting(io.RawIOBase):
    """A raw file that reports how many bytes were read from disk (progress for gzipped dumps)."""

    def __init__(self, raw: BinaryIO, progress: Callable[[int], None] | None) -> None:
        self.raw, self.progress = raw, progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.raw.readinto(buffer)
        if n and self.progress:
            self.progress(n)
        return n or 0

    def close(self) -> None:
        self.raw.close()
        super().close()


def open_text(path: Path, progress: Callable[[int], None] | None = None) -> io.TextIOBase:
    """The dump as UTF-8 text, gunzipped when it starts with the gzip magic (whatever its name)."""
    raw = open(path, "rb")  # noqa: SIM115 - closed with the returned stream
    magic = raw.read(2)
    raw.seek(0)
    stream: BinaryIO = io.BufferedReader(_Counting(raw, progress), CHUNK)
    if magic == GZIP_MAGIC:
        stream = gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[assignment]
    return io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict")


def head(path: Path, size: int = 65536) -> str:
    """The first characters of the (decompressed) dump, for format detection."""
    try:
        with open_text(path) as text:
            return text.read(size)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise CatalogInputError(read_problem(exc), record=None) from None


def read_problem(exc: BaseException) -> str:
    """A reading failure phrased for a person."""
    if isinstance(exc, (EOFError, gzip.BadGzipFile, zlib.error)):
        return f"the gzip stream is truncated or corrupt ({exc or type(exc).__name__})"
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text ({exc.reason} at byte {exc.start} of a chunk)"
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or exc}"
    return str(exc)


def guarded(items: Iterator[tuple[int, Any]]) -> Iterator[tuple[int, Any]]:
    """Turn a read failure (truncated gzip, bad UTF-8) into a CatalogInputError naming the
    record being read when it happened."""
    number = 0
    try:
        for number, value in items:
            yield number, value
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise CatalogInputError(read_problem(exc), record=number + 1) from None


def iter_json_array(text: io.TextIOBase, start: str = "") -> Iterator[tuple[int, Any]]:
    """Yield (record number, value) for each element of a top-level JSON array, reading in
    chunks: memory stays bounded by the largest record, not the file. ``start`` is text already
    read from the stream."""
    return guarded(_array_items(text, start))


def _array_items(text: io.TextIOBase, start: str) -> Iterator[tuple[int, Any]]:
    decoder = json.JSONDecoder()
    buf = _skip_ws(text, start)
    if not buf.startswith("["):
        raise CatalogInputError(f"expected a JSON array of papers, found {_what(buf)}", record=None)
    pos, number = 1, 0
    while True:
        buf, pos = _fill(text, buf, pos)
        if pos < len(buf) and buf[pos] == "]":
            return
        if number:
            if pos >= len(buf) or buf[pos] != ",":
                raise CatalogInputError("the JSON array is cut short or malformed after this record"
                                        if pos >= len(buf) else f"expected ',' or ']' after this record, "
                                        f"found {buf[pos:pos + 20]!r}", record=number)
            buf, pos = _fill(text, buf, pos + 1)
        number += 1
        while True:
            try:
                value, end = decoder.raw_decode(buf, pos)
                break
            except json.JSONDecodeError as exc:
                more = text.read(CHUNK)
                if not more:
                    raise CatalogInputError(f"not valid JSON: {exc.msg}" if pos < len(buf)
                                            else "the JSON array is cut short", record=number) from None
                buf = buf[pos:] + more
                pos = 0
                if len(buf) > MAX_RECORD_BYTES:
                    raise CatalogInputError(f"a record larger than {MAX_RECORD_BYTES >> 20} MB: "
                                            "not a list of papers", record=number) from None
        yield number, value
        pos = end
        if pos > CHUNK:
            buf, pos = buf[pos:], 0


def _skip_ws(text: io.TextIOBase, buf: str) -> str:
    while True:
        buf = buf.lstrip()
        if buf:
            return buf
        buf = text.read(CHUNK)
        if not buf:
            return ""


def _fill(text: io.TextIOBase, buf: str, pos: int) -> tuple[str, int]:
    """Move past whitespace, reading more when the buffer runs out."""
    while True:
        while pos < len(buf) and buf[pos] in " \t\r\n":
            pos += 1
        if pos < len(buf):
            return buf, pos
        more = text.read(CHUNK)
        if not more:
            return buf, pos
        buf, pos = more, 0


def _what(buf: str) -> str:
    if not buf:
        return "an empty file"
    if buf.startswith("{"):
        return "a JSON object"
    return repr(buf[:30])


def iter_json_lines(text: io.TextIOBase) -> Iterator[tuple[int, Any]]:
    """Yield (line number, value) for each non-blank line of a JSON lines file."""
    return guarded(_line_items(text))


def _line_items(text: io.TextIOBase) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(text, 1):
        if len(line) > MAX_RECORD_BYTES:
            raise CatalogInputError(f"a line longer than {MAX_RECORD_BYTES >> 20} MB: not a paper record",
                                    record=number)
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise CatalogInputError(f"not valid JSON: {exc.msg} (column {exc.colno})", record=number) from None


def first_json_value(path: Path) -> Any:
    """The first record of a JSON array or JSON lines dump (None when there is none)."""
    with open_text(path) as text:
        start = text.read(65536).lstrip()
        if start.startswith("["):
            return next((value for _, value in iter_json_array(text, start)), None)
        line = (start + text.readline()).split("\n", 1)[0]
        try:
            return json.loads(line)
        except json.JSONDecodeError:
            return None


def text_field(record: dict[str, Any], *names: str) -> str | None:
    """The first non-empty string among ``names`` of a record, whitespace collapsed."""
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and (text := collapse(value)):
            return text
    return None


def convert(values: Iterator[tuple[int, Any]], make: Callable[[dict[str, Any]], CatalogRecord | None],
            why_not: Callable[[dict[str, Any]], str] = lambda raw: "has no title") -> Iterator[Item]:
    """Records from raw JSON values; a value that is not an object, or that ``make`` cannot turn
    into a record, becomes a Skipped saying why."""
    for number, raw in values:
        if not isinstance(raw, dict):
            yield Skipped(number, f"not a JSON object ({type(raw).__name__})", code="CAT004")
            continue
        record = make(raw)
        yield record if record is not None else Skipped(number, why_not(raw), key=text_field(raw, "id"))
