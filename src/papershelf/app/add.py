"""Adding papers: by hand (loose fields) or by identifier (looked up, confirmed, then written)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..enrich.add import Candidate, look_up
from ..errors import PapershelfError
from ..model import Paper
from ..shelf import Shelf

__all__ = ["Candidate", "add_by_hand", "add_by_identifier", "add_candidate", "look_up", "new_paper"]


def new_paper(shelf: Shelf, fields: dict[str, Any]) -> Paper:
    """A validated entry from loose fields (id generated, venue made canonical, ``added`` today);
    nothing is written."""
    if not fields.get("title"):
        raise PapershelfError("give an identifier to look up, or --title (and --authors, --year, --venue)",
                              hint="papershelf add arXiv:1503.02531   or   papershelf add --title 'My paper' …")
    return shelf.new_paper(**fields)


def add_by_hand(shelf: Shelf, fields: dict[str, Any], *, file: str | Path | None = None) -> Paper:
    """Write a new paper made from ``fields`` (see ``new_paper``); returns it."""
    return shelf.add([new_paper(shelf, fields)], file=file)[0]


def add_candidate(shelf: Shelf, candidate: Candidate, *, confirm: Callable[[Paper], bool] | None = None,
                  file: str | Path | None = None) -> Paper | None:
    """Write what ``look_up`` found when ``confirm(paper)`` agrees (no ``confirm``: always).
    Returns the paper written, or None: already on the shelf, or declined. Raises when the
    look-up found nothing usable."""
    candidate.check()
    if candidate.paper is None or (confirm is not None and not confirm(candidate.paper)):
        return None
    return shelf.add([candidate.paper], file=file)[0]


def add_by_identifier(shelf: Shelf, identifier: str, fields: dict[str, Any] | None = None, *,
                      confirm: Callable[[Paper], bool] | None = None, offline: bool = False,
                      file: str | Path | None = None) -> Paper | None:
    """Look ``identifier`` up (arXiv id or URL, DOI, OpenReview URL, title), and add the entry
    when ``confirm(paper)`` agrees; the user's ``fields`` win over the sources'. Returns the
    paper written, or None (already on the shelf, or declined)."""
    return add_candidate(shelf, look_up(shelf, identifier, fields, offline=offline), confirm=confirm, file=file)
