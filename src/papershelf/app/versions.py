"""Paper versions for optimistic concurrency: an editor that showed version V of a paper may
only change it while it is still at V, so two people (or a person and a script) never silently
overwrite each other's edits."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping

from ..errors import PapershelfError
from ..model import Paper


class Conflict(PapershelfError):
    """The paper changed since the caller read it; ``current`` is the paper as it is now."""

    def __init__(self, paper_id: str, current: Paper) -> None:
        super().__init__(f"paper {paper_id!r} was changed by someone else since you read it",
                         hint="reload it and make your change again")
        self.paper_id = paper_id
        self.current = current


def version(paper: Paper) -> str:
    """A short hash of the paper's data: equal for equal papers, whoever loaded them."""
    text = json.dumps(paper.to_json(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


Change = Callable[[Paper], Paper | None]


def guarded(change: Change, base: Mapping[str, str] | None) -> Change:
    """``change`` that first checks the paper is still at the version in ``base``. The shelf
    calls it under its write lock with the paper as it is on disk, and writes nothing when any
    change raises, so the check and the write cannot be separated by another writer."""
    if not base:
        return change

    def check_then_change(paper: Paper) -> Paper | None:
        expected = base.get(paper.id)
        if expected is not None and version(paper) != expected:
            raise Conflict(paper.id, paper)
        return change(paper)

    return check_then_change
