"""Round-trip edits of papers as raw mappings, for repairs of entries the Paper model rejects.

``Shelf.edit`` hands a validated Paper to its callback, so it cannot open a paper whose link
reads ``hhttps://…``; lint's safe fixes repair exactly such entries. ``edit_raw`` gives the
callback the item as plain data instead, and writes the result with the same round-trip,
locked, atomic machinery (comments and layout kept, only changed keys touched).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import PaperNotFound, PapershelfError
from ..model import Paper
from . import files as shelf_files
from .store import PaperFile, _plain, apply_changes, locked


def _valid(data: dict[str, Any]) -> bool:
    try:
        Paper.model_validate(data)
    except ValidationError:
        return False
    return True


def edit_raw(shelf, ids: Iterable[str], change: Callable[[str, dict[str, Any]], dict[str, Any]]) -> list[str]:
    """Apply ``change(paper_id, data)`` to the raw mapping of each paper and write what changed.

    A paper that was valid must stay valid (else nothing is written and a PapershelfError is
    raised); an invalid one may stay invalid (a repair may fix only one of its problems).
    Returns the ids whose entry changed.
    """
    ids = list(dict.fromkeys(ids))
    changed: list[str] = []
    with locked(shelf.state_dir / "lock"):
        paths = shelf.files()
        by_file: dict[Path, list[str]] = {}
        for paper_id in ids:
            path = shelf_files.find_id_in_files(paths, paper_id)
            if path is None:
                raise PaperNotFound(f"no paper with id {paper_id!r}",
                                    hint="`papershelf list TEXT --format ids` finds ids")
            by_file.setdefault(path, []).append(paper_id)
        staged: list[PaperFile] = []
        for path, file_ids in by_file.items():
            doc = PaperFile(path)
            dirty = False
            for paper_id in file_ids:
                index = doc.index_of(paper_id)
                if index is None:
                    raise PaperNotFound(f"no paper with id {paper_id!r}", file=shelf.relative(path))
                before = _plain(doc.items[index])
                after = change(paper_id, _plain(doc.items[index]))
                if after == before:
                    continue
                if after.get("id") != paper_id:
                    raise PapershelfError(f"cannot change the id of {paper_id!r} here")
                if _valid(before) and not _valid(after):
                    raise PapershelfError(f"paper {paper_id!r}: the change would make it invalid",
                                          file=shelf.relative(path), line=shelf_files.locate(path, index))
                apply_changes(doc.items[index], after)
                changed.append(paper_id)
                dirty = True
            if dirty:
                staged.append(doc)
        for doc in staged:
            doc.save()
        shelf.invalidate()
    return changed
