"""Importing a file into a shelf: read it, leave out the papers the shelf already has, add the rest."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PapershelfError
from ..findings import count
from ..importers import ImportResult, import_file
from ..importers.merge import identity_keys
from ..importers.paperlist import PaperList
from ..model import NAME_PATTERN, Paper
from ..shelf import Shelf


@dataclass
class ImportRun:
    result: ImportResult        # every paper read, and the findings about the source
    fresh: list[Paper]          # new to the shelf: added (or, in a dry run, would be)
    present: list[Paper]        # already on the shelf: not added
    dry_run: bool

    def summary(self) -> dict[str, Any]:
        severities = count(self.result.findings)
        return {"read": len(self.result.papers), "added": 0 if self.dry_run else len(self.fresh),
                "would_add": len(self.fresh) if self.dry_run else 0, "already_on_shelf": len(self.present),
                "findings": dict(Counter(f.code for f in self.result.findings).most_common()),
                "errors": severities["error"], "warnings": severities["warning"], "info": severities["info"]}

    def to_json(self) -> dict[str, Any]:
        """What ``import --report json`` prints (the findings are added by the printer)."""
        return {"papers": [p.to_json() for p in self.result.papers],
                "added": [] if self.dry_run else [p.id for p in self.fresh],
                "already_on_shelf": [p.id for p in self.present], "summary": self.summary()}


def import_papers(shelf: Shelf, path: str | Path, *, topic: str | None = None, fmt: str | None = None,
                  into: str | Path | None = None, dry_run: bool = False, dates_from_git: bool = False,
                  include_sections: tuple[str, ...] = ()) -> ImportRun:
    """Read ``path`` (format from ``fmt`` or the suffix) and add the papers that are new.

    Already on the shelf = shares an id, arXiv id, DOI or normalised title with a shelf paper, so
    importing twice adds nothing. Two imported papers sharing a key were judged different papers
    by the importer (and reported): both are added. With ``dates_from_git`` each paper's ``added``
    is the date of the commit that first added it to the file (importers.gitdates).
    """
    if topic is not None and (not NAME_PATTERN.match(topic) or "/" in topic):
        raise PapershelfError(f"topic {topic!r} is not a topic id",
                              hint="use lower-case words joined by '-', e.g. knowledge-distillation")
    result = import_file(path, shelf.config, taken=shelf.ids(), topic=topic, fmt=fmt,
                         include_sections=include_sections)
    if dates_from_git:
        from ..importers.gitdates import date_from_git

        dated, undated = date_from_git(Path(path), list(result.papers))
        result.papers = PaperList(dated)
        result.findings.extend(undated)
    known: set[str] = set()
    for p in shelf.papers:
        known |= identity_keys(p)
    run = ImportRun(result, [], [], dry_run)
    for p in result.papers:
        (run.present if identity_keys(p) & known else run.fresh).append(p)
    if not dry_run and run.fresh:
        shelf.add(run.fresh, file=into)
    return run
