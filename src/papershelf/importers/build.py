"""Turning loose imported fields into validated Papers with fresh, unique ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import ValidationError

from ..config import ShelfConfig
from ..model import Paper, base_id, describe_error, unique_id
from ..venues import canonical_venue
from ..findings import Finding
from .base import ImportResult


class PaperBuilder:
    """Validates imported entries; an invalid one becomes a finding, never a crash."""

    def __init__(self, config: ShelfConfig, taken: Iterable[str] = (), topic: str | None = None) -> None:
        self.config = config
        self.taken = set(taken)
        self.topic = topic
        self.today = dt.date.today()

    def build(self, fields: dict) -> Paper:
        fields = {k: v for k, v in fields.items() if v not in (None, "", [], {})}
        if fields.get("venue"):
            fields["venue"] = canonical_venue(str(fields["venue"]), self.config.venue_aliases)
        if self.topic and self.topic not in fields.get("topics", []):
            fields["topics"] = [*fields.get("topics", []), self.topic]
        fields.setdefault("added", self.today)
        pid = fields.get("id")
        if not pid or pid in self.taken:
            fields["id"] = unique_id(pid or base_id(str(fields.get("title", "")), list(fields.get("authors", [])),
                                                    fields.get("year") if isinstance(fields.get("year"), int) else None),
                                     self.taken)
        paper = Paper.model_validate(fields)
        self.taken.add(paper.id)
        return paper

    def add(self, result: ImportResult, fields: dict, *, line: int | None, label: str) -> Paper | None:
        try:
            paper = self.build(fields)
        except ValidationError as exc:
            result.findings.append(Finding("IMP002", "error", f"{label} skipped: {describe_error(exc.errors()[0])}",
                                           line=line))
            return None
        result.papers.append(paper)
        return paper
