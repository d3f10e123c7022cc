"""The Paper type: what one entry of a reading list is, and what makes it valid.

Pure data: no I/O. Validation is strict (unknown fields are errors) because a typo in a
hand-edited YAML file must be reported, not silently dropped.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import string
import unicodedata
from collections.abc import Container, Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .identifiers import is_arxiv_id, is_doi, is_openreview_id

LINK_KINDS = ("paper", "code", "project", "supp", "video", "poster", "slides", "data", "blog", "demo", "other")
ID_KINDS = ("arxiv", "doi", "openreview", "dblp", "s2", "pmid")
PRIORITIES = ("top", "second")
STATUSES = ("unread", "reading", "read")
# The order fields are written in: the same for every paper, so files diff cleanly.
FIELD_ORDER = ("id", "title", "authors", "year", "venue", "topics", "sections", "tags", "links",
               "ids", "priority", "status", "read_on", "added", "abstract", "notes", "provenance")

LinkKind = Literal["paper", "code", "project", "supp", "video", "poster", "slides", "data", "blog", "demo", "other"]
IdKind = Literal["arxiv", "doi", "openreview", "dblp", "s2", "pmid"]
Priority = Literal["top", "second"]
Status = Literal["unread", "reading", "read"]

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9\-_]*(/[a-z0-9][a-z0-9\-_]*)*$")


def describe_error(err: Mapping[str, Any], skip: int = 0) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) phrased for a curator;
    ``skip`` drops leading parts of its location (a list index, say)."""
    where = ".".join(str(p) for p in list(err["loc"])[skip:])
    if err["type"] == "extra_forbidden":
        return f"unknown field {where!r}"
    if err["type"] == "missing":
        return f"missing required field {where!r}"
    text = err["msg"].removeprefix("Value error, ")
    return f"{where}: {text}" if where else text


def max_year() -> int:
    return dt.date.today().year + 1


def check_url(url: str) -> str:
    """Accept only absolute http(s) URLs without whitespace: the only links ever emitted."""
    if not URL_PATTERN.match(url):
        raise ValueError(f"not an http(s) URL: {url!r}")
    return url


class Provenance(BaseModel):
    """Where an automatically filled field came from, so a later run can refresh or explain it."""

    model_config = ConfigDict(extra="forbid")
    source: str
    date: dt.date
    url: str | None = None


class Paper(BaseModel):
    """One paper on a shelf. Field names match the YAML keys."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    id: str
    title: Annotated[str, Field(min_length=1)]
    authors: list[str] = Field(default_factory=list)
    year: int | None = None
    venue: str | None = None
    topics: list[str] = Field(default_factory=list)
    sections: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    # A kind mapped to None records "the list has a placeholder here, but no link".
    links: dict[LinkKind, str | None] = Field(default_factory=dict)
    ids: dict[IdKind, str | None] = Field(default_factory=dict)
    priority: Priority | None = None
    status: Status = "unread"
    read_on: dt.date | None = None
    added: dt.date | None = None
    abstract: str | None = None
    notes: str | None = None
    provenance: dict[str, Provenance] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(f"id {value!r} may hold only letters, digits and . _ : - (e.g. hinton2015distilling)")
        return value

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("title is empty")
        return value

    @field_validator("year")
    @classmethod
    def _plausible_year(cls, value: int | None) -> int | None:
        if value is not None and not 1900 <= value <= max_year():
            raise ValueError(f"year {value} is not between 1900 and {max_year()}")
        return value

    @field_validator("links")
    @classmethod
    def _http_links(cls, value: dict[str, str | None]) -> dict[str, str | None]:
        for url in value.values():
            if url is not None:
                check_url(url)
        return value

    @field_validator("topics", "sections", "tags")
    @classmethod
    def _names(cls, value: list[str]) -> list[str]:
        for name in value:
            if not NAME_PATTERN.match(name):
                raise ValueError(f"{name!r} is not a name: use lower-case words joined by '-' (and '/' for paths)")
        return value

    @model_validator(mode="after")
    def _well_formed_ids(self) -> Paper:
        checks = {"arxiv": is_arxiv_id, "doi": is_doi, "openreview": is_openreview_id}
        for kind, value in self.ids.items():
            if value is not None and kind in checks and not checks[kind](value):
                raise ValueError(f"ids.{kind} {value!r} is not a well-formed {kind} identifier")
        return self

    def to_dict(self) -> dict[str, Any]:
        """The YAML form: canonical key order, empty and default values left out."""
        data = self.model_dump(mode="python", exclude_defaults=True)
        out: dict[str, Any] = {"id": self.id, "title": self.title}
        for key in FIELD_ORDER[2:]:
            if key in data and data[key] not in (None, [], {}):
                out[key] = data[key]
        if "provenance" in out:
            out["provenance"] = {k: {kk: vv for kk, vv in v.items() if vv is not None}
                                 for k, v in out["provenance"].items()}
        return out

    def to_json(self) -> dict[str, Any]:
        """JSON-friendly form (dates as ISO strings), same fields as the YAML."""
        data = self.to_dict()
        for key in ("read_on", "added"):
            if key in data:
                data[key] = data[key].isoformat()
        for prov in data.get("provenance", {}).values():
            prov["date"] = prov["date"].isoformat()
        return data

    @property
    def is_read(self) -> bool:
        return self.status == "read"


_STOPWORDS = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "via", "by", "is", "are",
              "from", "towards", "toward", "at", "as", "do", "does", "what", "how", "when", "why"}


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def normalise_title(title: str) -> str:
    """Title reduced for comparison: case, accents, punctuation and spacing removed."""
    folded = title.lower() if title.isascii() else ascii_fold(title).casefold()  # NFKD keeps ASCII as it is
    return " ".join(re.findall(r"[a-z0-9]+", folded))


def base_id(title: str, authors: list[str], year: int | None) -> str:
    """A citation-style key: first author's family name, year, first significant title word."""
    surname = ""
    if authors:
        first = authors[0].strip()
        # "Hinton, G." or "Geoffrey Hinton"
        family = first.split(",")[0] if "," in first else (first.split() or [""])[-1]
        surname = re.sub(r"[^a-z]", "", ascii_fold(family).lower())
    words = [w for w in normalise_title(title).split() if w not in _STOPWORDS] or normalise_title(title).split()
    word = words[0] if words else "paper"
    if not surname:
        surname = word
        word = words[1] if len(words) > 1 else ""
    return f"{surname}{year or ''}{word}" or "paper"


def _suffixes():
    """b, c, … z, then aa, ab, …: the ``a`` of the first clash is the unsuffixed id itself."""
    for length in itertools.count(1):
        for letters in itertools.product(string.ascii_lowercase, repeat=length):
            if letters != ("a",):
                yield "".join(letters)


def unique_id(base: str, taken: Container[str]) -> str:
    """``base``, or ``base`` with the first free suffix (``…b``, ``…c``) when it is taken."""
    if base not in taken:
        return base
    return next(base + s for s in _suffixes() if base + s not in taken)
