"""Deciding which imported papers are new to a shelf, so that importing twice adds nothing."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Paper, normalise_title


def identity_keys(p: Paper) -> set[str]:
    """Keys under which two entries are the same paper: id, arXiv id, DOI, normalised title."""
    keys = {f"id:{p.id}", f"title:{normalise_title(p.title)}"}
    for kind in ("arxiv", "doi", "openreview"):
        value = p.ids.get(kind)
        if value:
            keys.add(f"{kind}:{value.lower()}")
    return keys


def new_papers(existing: Iterable[Paper], incoming: Iterable[Paper]) -> tuple[list[Paper], list[Paper]]:
    """(papers to add, papers already on the shelf)."""
    known: set[str] = set()
    for p in existing:
        known |= identity_keys(p)
    fresh: list[Paper] = []
    present: list[Paper] = []
    for p in incoming:
        keys = identity_keys(p)
        if keys & known:
            present.append(p)
        else:
            fresh.append(p)
            known |= keys
    return fresh, present
