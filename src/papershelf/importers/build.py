"""Turning loose imported fields into validated Papers with fresh, unique ids.

Records from JSON, CSV, BibTeX, RIS or CSL-JSON can hold anything (numbers for names, a list as
an id, a URL with a broken host): their shape is checked first, so a bad record becomes one clear
finding naming the field, never a crash, and the others are still imported.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from urllib.parse import urlsplit

from pydantic import ValidationError

from ..config import ShelfConfig
from ..model import NAME_PATTERN, Paper, _suffixes, base_id, describe_error
from ..venues import canonical_venue
from .base import Finding, ImportResult

_TEXT = ("id", "title", "venue", "priority", "status", "read_on", "added", "abstract", "notes")
_LISTS = ("authors", "topics", "sections", "tags")
_MAPS = ("links", "ids", "provenance")
MAX_TEXT = 200_000  # characters in one field: more is not a paper's metadata


def _kind(value: object) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "an object",
            type(None): "null"}.get(type(value), "text")


def as_tag(text: str) -> str:
    """A keyword as a tag: kept when it already is one (``a_b``, ``kd/x``), else slugged."""
    from .markdown.vocab import slug

    text = text.strip()
    return text if NAME_PATTERN.match(text) else slug(text)


_NETLOC_END = re.compile(r"[/?#]")


@lru_cache(maxsize=1_024)
def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a link (a host urllib cannot read, such as ``https://[oops``), or None.
    urllib only objects to brackets, a port, or a non-ASCII host: a plain ASCII URL whose host part
    has no ``:`` is answered without splitting it (an import asks for every URL several times)."""
    if url.isascii() and "[" not in url and "]" not in url and not any(c in url for c in "\t\r\n"):
        _, slashes, rest = url.partition("//")
        if not slashes or ":" not in _NETLOC_END.split(rest, maxsplit=1)[0]:
            return None
    try:
        _ = urlsplit(url).port
    except ValueError as exc:
        return f"malformed URL {url[:80]!r} ({exc})"
    return None


def shape_problem(fields: dict) -> str | None:
    """The first field whose type no paper can have, phrased for a curator; None when all fit."""
    for key in _TEXT:
        value = fields.get(key)
        if value is not None and not isinstance(value, str) and not (key in ("read_on", "added")
                                                                    and isinstance(value, dt.date)):
            return f"field {key!r} must be text, not {_kind(value)}"
        if isinstance(value, str) and len(value) > MAX_TEXT:
            return f"field {key!r} is {len(value):,} characters long (at most {MAX_TEXT:,})"
    year = fields.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int | str)):
        return f"field 'year' must be a number, not {_kind(year)}"
    if isinstance(year, str) and not (year.strip().isascii() and year.strip().isdigit() and len(year.strip()) <= 4):
        return f"field 'year' must be a year such as 2021, not {year[:20]!r}"
    for key in _LISTS:
        value = fields.get(key)
        if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            return f"field {key!r} must be a list of text, not {_kind(value)}" + (
                " holding other values" if isinstance(value, list) else "")
    for key in _MAPS:
        value = fields.get(key)
        if value is not None and not isinstance(value, dict):
            return f"field {key!r} must be an object, not {_kind(value)}"
    for key in ("links", "ids"):
        for kind, value in (fields.get(key) or {}).items():
            if value is not None and not isinstance(value, str):
                return f"field '{key}.{kind}' must be text or null, not {_kind(value)}"
            if key == "links" and value and (why := url_problem(value)):
                return f"field 'links.{kind}': {why}"
    return None


def skipped(label: str, problem: str, line: int | None = None, *, code: str = "IMP001",
            record: str | None = None) -> Finding:
    """The one finding for a record left out (``{label} skipped: {problem}``), naming the record
    and the problem in its data; every importer reports a bad record this way."""
    return Finding(code, "error", f"{label} skipped: {problem}", line=line,
                   data={"record": record or label, "problem": problem})


class PaperBuilder:
    """Validates imported entries; an invalid one becomes a finding, never a crash."""

    def __init__(self, config: ShelfConfig, taken: Iterable[str] = (), topic: str | None = None) -> None:
        self.config = config
        self.taken = set(taken)
        self.topic = topic
        self.today = dt.date.today()
        self._candidates: dict[str, Iterator[str]] = {}

    def fresh_id(self, base: str) -> str:
        """``base`` or its first free suffixed form; resumes where the last search for the same
        base stopped, so 10,000 records sharing one id take linear time."""
        candidates = self._candidates.setdefault(base, itertools.chain([base], (base + s for s in _suffixes())))
        return next(c for c in candidates if c not in self.taken)

    def build(self, fields: dict) -> Paper:
        fields = {k: v for k, v in fields.items() if v not in (None, "", [], {})}
        if fields.get("venue"):
            fields["venue"] = canonical_venue(str(fields["venue"]), self.config.venue_aliases)
        if isinstance(fields.get("year"), str):
            fields["year"] = int(fields["year"].strip())
        if self.topic and self.topic not in fields.get("topics", []):
            fields["topics"] = [*fields.get("topics", []), self.topic]
        fields.setdefault("added", self.today)
        pid = fields.get("id")
        if not pid or pid in self.taken:
            year = fields.get("year") if isinstance(fields.get("year"), int) else None
            fields["id"] = self.fresh_id(pid or base_id(str(fields.get("title", "")),
                                                        list(fields.get("authors", [])), year))
        paper = Paper.model_validate(fields)
        self.taken.add(paper.id)
        return paper

    def add(self, result: ImportResult, fields: dict, *, line: int | None, label: str) -> Paper | None:
        problem = shape_problem(fields)
        if problem is None:
            try:
                paper = self.build(fields)
            except ValidationError as exc:
                problem = describe_error(exc.errors()[0])
        if problem is not None:
            result.findings.append(skipped(label, problem, line, code="IMP002"))
            return None
        result.papers.append(paper)
        return paper
