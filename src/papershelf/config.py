"""``shelf.toml``: the shelf's settings (title, topics, taxonomy, aliases, sources, lint)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import PapershelfError
from .model import NAME_PATTERN, URL_PATTERN


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Topic(_Strict):
    id: str
    name: str
    description: str = ""

    @field_validator("id")
    @classmethod
    def _name(cls, value: str) -> str:
        if not NAME_PATTERN.match(value) or "/" in value:
            raise ValueError(f"topic id {value!r} must be lower-case words joined by '-'")
        return value


class TaxonomyNode(_Strict):
    """One node of the section tree; its parent is the path without the last part."""

    path: str
    name: str
    description: str = ""

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        if not NAME_PATTERN.match(value):
            raise ValueError(f"taxonomy path {value!r} must be lower-case names joined by '/'")
        return value

    @property
    def parent(self) -> str | None:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else None


class Source(_Strict):
    base_url: str | None = None
    rate_limit: float | None = Field(default=None, description="seconds between requests")
    enabled: bool = True


def _check_url(value: str) -> str:
    """A URL setting is empty or an absolute http(s) URL with nothing that could end an HTML
    attribute (issue 14: a quote in site_url reached <link rel=canonical>)."""
    if value and not (URL_PATTERN.match(value) and not re.search(r'["<>\'`\\]', value)):
        raise ValueError(f"{value!r} is not an http(s) URL (like https://example.org/list/)")
    return value


class VenueSettings(_Strict):
    aliases: dict[str, str] = Field(default_factory=dict)
    # The venue's website, by venue ("CVPR") or venue and year ("CVPR 2021"): venue pages link them.
    sites: dict[str, str] = Field(default_factory=dict)

    @field_validator("sites")
    @classmethod
    def _urls(cls, value: dict[str, str]) -> dict[str, str]:
        for url in value.values():
            _check_url(url)
        return value


class CatalogSettings(_Strict):
    path: str = Field(default="", description="the catalog database; relative to the shelf; empty: the user cache")


class LintSettings(_Strict):
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, str] = Field(default_factory=dict)


class ShelfConfig(_Strict):
    title: str = "Reading list"
    description: str = ""
    site_url: str = ""
    repo_url: str = ""
    contact: str = ""
    papers_dir: str = "papers"
    topics: list[Topic] = Field(default_factory=list)
    taxonomy: list[TaxonomyNode] = Field(default_factory=list)
    tags: dict[str, str] = Field(default_factory=dict)
    venues: VenueSettings = Field(default_factory=VenueSettings)
    sources: dict[str, Source] = Field(default_factory=dict)
    lint: LintSettings = Field(default_factory=LintSettings)
    catalog: CatalogSettings = Field(default_factory=CatalogSettings)

    @field_validator("site_url", "repo_url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _check_url(value)

    @field_validator("papers_dir")
    @classmethod
    def _inside(cls, value: str) -> str:
        parts = Path(value).parts
        if not value.strip() or Path(value).is_absolute() or ".." in parts or "\\" in value:
            raise ValueError(f"{value!r} must be a folder inside the shelf, written relative to shelf.toml "
                             "(no '..', not absolute)")
        if "\0" in value or any(len(part.encode("utf-8", "surrogatepass")) > 255 for part in parts):
            raise ValueError(f"{value[:60]!r} is not a folder name this system can use "
                             "(a name of at most 255 bytes, no NUL character)")
        return value

    @property
    def venue_aliases(self) -> dict[str, str]:
        return self.venues.aliases

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def taxonomy_node(self, path: str) -> TaxonomyNode | None:
        return next((n for n in self.taxonomy if n.path == path), None)


def _line_of(text: str, key: Any) -> int | None:
    """Best-effort line of a key in TOML text (tomllib keeps no positions)."""
    if not isinstance(key, str):
        return None
    pattern = re.compile(rf"^\s*(?:\[+[^\]]*\b{re.escape(key)}\b[^\]]*\]+|\"?{re.escape(key)}\"?\s*=)", re.M)
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def load_config(path: Path) -> ShelfConfig:
    """Read and validate ``shelf.toml``; any problem becomes one PapershelfError with a line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PapershelfError(f"cannot read: {exc.strerror}", file=path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise PapershelfError("not UTF-8 text", file=path, line=line, hint="save shelf.toml as UTF-8") from None
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise PapershelfError("not valid TOML: nested too deeply", file=path,
                              hint="shelf.toml holds settings: a few levels of tables are enough") from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise PapershelfError(f"not valid TOML: {exc}", file=path, line=int(m.group(1)) if m else None,
                              hint="fix the syntax; see the commented defaults from `papershelf init`") from None
    except ValueError as exc:  # tomllib's own limits, e.g. an integer of thousands of digits
        raise PapershelfError(f"not valid TOML: {exc}", file=path,
                              hint="shelf.toml holds settings: numbers are small") from None
    try:
        return ShelfConfig.model_validate(data)
    except RecursionError:
        raise PapershelfError("a setting is nested too deeply", file=path) from None
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        key = next((p for p in reversed(err["loc"]) if isinstance(p, str)), None)
        msg = "unknown setting" if err["type"] == "extra_forbidden" else err["msg"]
        raise PapershelfError(f"{loc}: {msg}", file=path, line=_line_of(text, key),
                              hint="check the spelling against the commented defaults from `papershelf init`") from None


DEFAULT_CONFIG = '''\
# papershelf shelf settings. Every key is optional; the values below are the defaults.

# Shown as the site's and the README's title and introduction.
title = "{title}"
description = ""

# Where the published site and the repository live (used in the feed and README links).
site_url = ""
repo_url = ""

# Your e-mail address: sent to metadata APIs (Crossref, arXiv) so they can reach you.
contact = ""

# Folder (relative to this file) holding papers/**/*.yaml.
papers_dir = "papers"

# Top-level collections of the list. Papers name them in `topics: [...]`.
# [[topics]]
# id = "knowledge-distillation"
# name = "Knowledge Distillation"
# description = "Papers on transferring knowledge from teacher to student models."

# The section tree. Papers name nodes in `sections: [...]`; the parent of a/b is a.
# [[taxonomy]]
# path = "kd-taxonomy"
# name = "Knowledge Distillation taxonomy"
# [[taxonomy]]
# path = "kd-taxonomy/response-based"
# name = "Response-based knowledge"

# Tags papers may carry, with a description each.
# [tags]
# survey = "Surveys and overviews"

# Your own venue aliases, on top of the built-in ones (NIPS -> NeurIPS, ...).
# [venues.aliases]
# "Conf. on Foo" = "FOO"

# Metadata sources: point any of them at a mirror (environment variables override).
# [sources.arxiv]
# base_url = "https://export.arxiv.org/api/query"
# rate_limit = 3.0

# The paper catalog (`papershelf catalog add`): default is catalog.sqlite in your cache folder.
# [catalog]
# path = "catalog.sqlite"

# Lint: rules to skip and severities to change.
# [lint]
# ignore = []
# severity = {{ PS101 = "warning" }}
'''
