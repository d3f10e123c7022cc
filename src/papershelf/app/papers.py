"""Changing papers on a shelf: mark, prioritise, tag, note, edit, remove, add.

Every function takes the ids to change and an optional ``base`` (``{paper_id: version}``, see
``papershelf.app.version``): when a paper is no longer at that version the call raises
``Conflict`` and writes nothing. Each returns the papers as written (removed ones as they were).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import PapershelfError
from ..model import PRIORITIES, STATUSES, Paper
from ..shelf import Shelf
from ..venues import canonical_venue
from .versions import Change, Conflict, guarded, version

__all__ = ["EDITABLE", "Conflict", "add", "edit", "mark", "note", "prioritise", "remove", "tag", "undeclared_tags",
           "version"]

Base = Mapping[str, str] | None

# Fields ``edit`` sets directly; ``links`` and ``ids`` are merged kind by kind.
EDITABLE = ("title", "authors", "year", "venue", "topics", "sections", "tags", "priority", "status", "read_on",
            "added", "abstract", "notes")
MERGED = ("links", "ids")


def _apply(shelf: Shelf, ids: Iterable[str], change: Change, base: Base) -> list[Paper]:
    return shelf.edit(ids, guarded(change, base))


def _choice(what: str, value: str | None, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise PapershelfError(f"{what} {value!r} is not one of: {', '.join(choices)}")


def mark(shelf: Shelf, ids: Iterable[str], status: str, *, today: dt.date | None = None,
         base: Base = None) -> list[Paper]:
    """Set the reading status; ``read`` records ``today`` (default: the current date) as
    ``read_on``, any other status drops it."""
    _choice("status", status, STATUSES)
    read_on = today or dt.date.today()

    def change(p: Paper) -> Paper:
        data = p.to_dict()
        data["status"] = status
        if status == "read":
            data["read_on"] = read_on
        else:
            data.pop("read_on", None)
        return Paper.model_validate(data)

    return _apply(shelf, ids, change, base)


def prioritise(shelf: Shelf, ids: Iterable[str], priority: str | None, *, base: Base = None) -> list[Paper]:
    """Set the reading priority (``top``, ``second``); None removes it."""
    if priority is not None:
        _choice("priority", priority, PRIORITIES)
    return _apply(shelf, ids, lambda p: p.model_copy(update={"priority": priority}), base)


def tag(shelf: Shelf, ids: Iterable[str], add: Iterable[str] = (), remove: Iterable[str] = (), *,
        base: Base = None) -> list[Paper]:
    """Add tags (appended, each once) and remove tags; other tags keep their order."""
    add, remove = list(add), list(remove)
    both = sorted(set(add) & set(remove))
    if both:
        raise PapershelfError(f"tag {both[0]!r} is both added and removed")

    def change(p: Paper) -> Paper:
        tags = [t for t in p.tags if t not in remove]
        tags += [t for t in dict.fromkeys(add) if t not in tags]
        return p.model_copy(update={"tags": tags})

    return _apply(shelf, ids, change, base)


def undeclared_tags(shelf: Shelf, tags: Iterable[str]) -> list[str]:
    """A warning for each of ``tags`` that shelf.toml does not declare. The rule every front end
    follows (CLI, browser editor, this API): any well-formed tag may be added, and an undeclared
    one is accepted with this warning (lint's PS310 says the same), so a curator can tag first and
    describe the tag later. Topics and sections, unlike tags, must be declared (lint errors)."""
    declared = list(shelf.config.tags)
    missing = [name for name in dict.fromkeys(tags) if name not in declared]
    if not missing:
        return []
    from ..lint.rules.metadata import undeclared  # lint loads only when there is something to say

    return [undeclared("tags", name, declared) for name in missing]


def note(shelf: Shelf, paper_id: str, text: str, *, append: bool = False, base: Base = None) -> list[Paper]:
    """Set the paper's notes (an empty text removes them), or with ``append`` add a line to them."""
    def change(p: Paper) -> Paper:
        new = f"{p.notes}\n{text}" if append and p.notes else text
        return p.model_copy(update={"notes": new or None})

    return _apply(shelf, [paper_id], change, base)


def edit(shelf: Shelf, paper_id: str, changes: Mapping[str, Any], *, base: Base = None) -> list[Paper]:
    """Set fields of one paper. ``changes`` maps a field of ``EDITABLE`` to its new value (None
    removes the field); ``links`` and ``ids`` map kinds to values merged into the paper's (a kind
    mapped to None or "" is removed). The venue is made canonical; values are validated as when
    the shelf is loaded."""
    unknown = [f for f in changes if f not in EDITABLE and f not in MERGED]
    if unknown:
        raise PapershelfError(f"{unknown[0]!r} is not a field you can edit",
                              hint=f"fields: {', '.join((*EDITABLE, *MERGED))}")
    changes = dict(changes)
    if "venue" in changes:
        changes["venue"] = canonical_venue(changes["venue"], shelf.config.venue_aliases) if changes["venue"] else None

    def change(p: Paper) -> Paper:
        data = p.to_dict()
        for field, value in changes.items():
            if field in MERGED and value is not None:
                merged = {**data.get(field, {}), **value}
                value = {kind: v for kind, v in merged.items() if not (kind in value and v in (None, ""))}
            if value is None:
                data.pop(field, None)
            else:
                data[field] = value
        return Paper.model_validate(data)

    return _apply(shelf, [paper_id], change, base)


def remove(shelf: Shelf, ids: Iterable[str], *, base: Base = None) -> list[Paper]:
    """Remove papers from the shelf; returns them as they were."""
    return _apply(shelf, ids, lambda p: None, base)


def add(shelf: Shelf, papers: Iterable[Paper], *, file: str | Path | None = None,
        before: str | None = None) -> list[Paper]:
    """Append new papers (their ids must be free) to ``file``, or each to its default file
    (``papers/<first topic>.yaml``); ``before`` (an id in ``file``) puts them just before that
    paper, as undoing a removal does."""
    return shelf.add(papers, file=file, before=before)
