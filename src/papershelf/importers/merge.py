"""Deciding which imported papers are new to a shelf, so that importing twice adds nothing."""

from __future__ import annotations

from ..model import Paper, normalise_title


def identity_keys(p: Paper) -> set[str]:
    """Keys under which two entries are the same paper: id, arXiv id, DOI, normalised title."""
    keys = {f"id:{p.id}", f"title:{normalise_title(p.title)}"}
    for kind in ("arxiv", "doi", "openreview"):
        value = p.ids.get(kind)
        if value:
            keys.add(f"{kind}:{value.lower()}")
    return keys

