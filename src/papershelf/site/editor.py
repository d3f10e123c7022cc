"""The browser editor's actions: what `papershelf serve` does when a page marks, prioritises,
tags, notes, removes, adds or undoes.

Every change goes through ``papershelf.app.papers`` (the one write path the CLI uses too) with
the version the page based it on, so an edit made meanwhile by the CLI or a text editor is
refused as a conflict instead of being overwritten. Knows nothing about HTTP (``edithttp.py``).
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..app import Conflict
from ..app import papers as app
from ..app.add import look_up
from ..config import load_config
from ..errors import PaperNotFound, PapershelfError
from ..model import PRIORITIES, STATUSES, Paper, describe_error
from ..shelf import reading_queue
from ..shelf.locate import ids_in
from .editindex import PaperIndex
from .lists import ListRenderer
from .pages import venue_slugs

UNDO_DEPTH = 20
SETTLE = 2.0  # seconds without an edit before the served site is rebuilt for the editor's writes
LOOKUPS_KEPT = 20
ADD_FIELDS = ("title", "authors", "year", "venue", "topics", "sections", "tags", "priority", "links")


class EditError(PapershelfError):
    """A refused edit: ``status`` is the HTTP status, ``field`` the form field to show it next to,
    ``paper`` the fresh state of a paper that changed meanwhile."""

    def __init__(self, message: str, *, status: int = 422, field: str | None = None,
                 paper: dict | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.status, self.field, self.paper = status, field, paper

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": self.message}
        if self.hint:
            out["hint"] = self.hint
        if self.field:
            out["field"] = self.field
        if self.paper:
            out["paper"] = self.paper
        return out


def state(paper: Paper) -> dict[str, Any]:
    """What the page shows and edits of a paper, with the version its edits are based on."""
    return {"id": paper.id, "title": paper.title, "status": paper.status, "priority": paper.priority,
            "tags": list(paper.tags), "notes": paper.notes or "", "version": app.version(paper),
            "read_on": paper.read_on.isoformat() if paper.read_on else None}


def summary(paper: Paper) -> dict[str, Any]:
    """``state`` plus what a queue entry or an add preview shows."""
    data = paper.to_json()
    return state(paper) | {k: data.get(k) for k in ("authors", "year", "venue", "topics", "sections", "links",
                                                    "ids", "abstract")}


def _text(body: dict, key: str, *, required: bool = True, limit: int = 100_000) -> str:
    value = body.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise EditError(f"{key} must be text", field=key, status=400)
    if len(value) > limit:
        raise EditError(f"{key} is longer than {limit:,} characters", field=key, status=413)
    return value


def _names(body: dict, key: str) -> list[str]:
    value = body.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise EditError(f"{key} must be a list of names", field=key, status=400)
    return [v.strip() for v in value if v.strip()]


@dataclass
class Undo:
    """How to take the last action back: the papers as they were, and the versions they got."""

    label: str
    before: list[tuple[Paper, str]]  # (paper as it was, file it was in)
    after: dict[str, str] = field(default_factory=dict)  # id -> version after the action (absent: removed)
    added: list[str] = field(default_factory=list)  # ids the action added
    follows: dict[str, str] = field(default_factory=dict)  # removed id -> the id after it in its file


def _next_id(path: Path, paper_id: str) -> str | None:
    """The id of the paper after ``paper_id`` in its file: where undoing its removal puts it back."""
    try:
        order = list(ids_in(path.read_bytes()))
    except OSError:
        return None
    at = order.index(paper_id) if paper_id in order else len(order)
    return order[at + 1] if at + 1 < len(order) else None


class Editor:
    """The editing side of one `papershelf serve`: its secret, paper index, undo stack and
    pending lookups. ``publish(event)`` is called after every write with what changed, so the
    server can tell every open page."""

    def __init__(self, shelf, *, publish: Callable[[dict], None] | None = None) -> None:
        self.shelf = shelf
        self.secret = secrets.token_urlsafe(24)
        self.publish = publish or (lambda event: None)
        self.lock = threading.RLock()  # one action at a time: undo entries stay in order
        self.index = PaperIndex(shelf)
        self.last_write = 0.0
        self.undo_stack: list[Undo] = []
        self.lookups: dict[str, Paper] = {}

    # -- reading ----------------------------------------------------------------------------

    def papers(self, ids: list[str]) -> dict[str, dict]:
        """Current state of these papers (missing ids are left out)."""
        with self.lock:
            index = self.index.papers()
            return {i: state(index[i]) for i in ids if i in index}

    def queue(self, limit: int = 500) -> dict[str, Any]:
        """What to read next, in `papershelf queue` order."""
        with self.lock:
            papers = reading_queue(self.index.papers().values())
        return {"total": len(papers), "papers": [summary(p) for p in papers[:limit]]}

    def queue_lines(self, limit: int = 500) -> str:
        """The queue as the site's compact lines (escaped), for a page read without JavaScript."""
        with self.lock:
            papers = list(self.index.papers().values())
        queue = reading_queue(papers)
        count = f"{len(queue)} unread paper{'s' if len(queue) != 1 else ''}" + (
            f" (showing the first {limit})" if len(queue) > limit else "")
        lines = ListRenderer(venue_slugs(papers)).lines(queue[:limit], "/") if queue else "<p>Nothing left to read.</p>"
        return f'<p class="ps-count-line">{count}</p>\n{lines}'

    def vocabulary(self) -> dict[str, Any]:
        """Declared topics, sections and tags: the choices the page offers."""
        cfg = self.shelf.config
        return {"topics": [[t.id, t.name] for t in cfg.topics], "sections": [[n.path, n.name] for n in cfg.taxonomy],
                "tags": [[k, v] for k, v in cfg.tags.items()], "undo": self.undo_label()}

    def undo_label(self) -> str | None:
        return self.undo_stack[-1].label if self.undo_stack else None

    def settle(self, stop: threading.Event) -> None:
        """Wait until no edit came for ``SETTLE`` seconds (or ``stop`` is set)."""
        while not stop.is_set():
            left = self.last_write + SETTLE - time.monotonic()
            if left <= 0:
                return
            stop.wait(left)

    @staticmethod
    def rebuild_in_background() -> None:
        """Give the calling thread (the server's rebuilds, and the engine it starts) a lower CPU
        priority than the threads answering saves; Linux keeps one per thread."""
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        except (AttributeError, OSError):  # not Linux, or not allowed: rebuilds keep their priority
            pass

    def files_changed(self, paths: list[Path]) -> bool:
        """Called by the watcher: whether the change is only the editor's own writes."""
        with self.lock:
            if self.shelf.config_path in paths:
                self.shelf.config = load_config(self.shelf.config_path)
            return self.index.changed(paths)

    # -- editing ----------------------------------------------------------------------------

    def act(self, body: dict) -> dict[str, Any]:
        """Run one action from a page (``body["action"]``); returns what the page shows next."""
        action = body.get("action")
        handlers = {"mark": self._mark, "priority": self._priority, "tag": self._tag, "note": self._note,
                    "remove": self._remove, "undo": self._undo, "lookup": self._lookup, "add": self._add}
        if action not in handlers:
            raise EditError(f"unknown action {action!r}", status=400)
        with self.lock:
            result = handlers[action](body)
            result["undo"] = self.undo_label()
            self.last_write = time.monotonic()
        return result

    def _before(self, body: dict) -> tuple[str, str | None, Paper]:
        """The edited paper's id, the version the page based the edit on, and the paper as it
        is now (the index, reloaded if it is behind the page)."""
        paper_id, base = _text(body, "id"), body.get("base")
        if not isinstance(base, str):
            raise EditError("the edit carries no version to check against", status=400, hint="reload the page")
        paper = self.index.papers().get(paper_id)
        if paper is None or app.version(paper) != base:
            self.index.stale()  # behind the file? read it again
            paper = self.index.papers().get(paper_id)
        if paper is None:
            raise EditError(f"no paper with id {paper_id!r} (removed meanwhile?)", status=404)
        return paper_id, base, paper

    def _conflict(self, exc: Conflict, what: str) -> EditError:
        self.index.stale()
        return EditError(f"not {what}: {exc.paper_id} was changed meanwhile (in its file, by the CLI or in "
                         "another tab); its current values are shown now", status=409, paper=state(exc.current))

    def _one(self, body: dict, label: str, run: Callable[[str, dict[str, str]], list[Paper]],
             field_name: str) -> dict[str, Any]:
        """Run an edit of one paper based on ``body["base"]`` and record how to undo it."""
        paper_id, base, before = self._before(body)
        try:
            changed = run(paper_id, {paper_id: base})
        except Conflict as exc:
            raise self._conflict(exc, "saved") from None
        except PaperNotFound:
            raise EditError(f"no paper with id {paper_id!r} (removed meanwhile?)", status=404) from None
        except PapershelfError as exc:
            raise EditError(exc.message, field=field_name, hint=exc.hint) from None
        if not changed:
            return {"paper": state(before)}
        paper = changed[0]
        self.index.wrote(changed)
        self._record(Undo(f"{label} ({paper_id})", [(before, self.index.file_of(paper_id))],
                          {paper_id: app.version(paper)}))
        self.publish({"paper": state(paper)})
        return {"paper": state(paper)}

    def _mark(self, body: dict) -> dict[str, Any]:
        status = body.get("status")
        if status not in STATUSES:
            raise EditError(f"status must be one of {', '.join(STATUSES)}", field="status", status=400)
        return self._one(body, f"mark as {status}",
                         lambda pid, base: app.mark(self.shelf, [pid], status, base=base), "status")

    def _priority(self, body: dict) -> dict[str, Any]:
        priority = body.get("priority")
        if priority is not None and priority not in PRIORITIES:
            raise EditError("priority must be top, second or none", field="priority", status=400)
        return self._one(body, f"set priority {priority or 'none'}",
                         lambda pid, base: app.prioritise(self.shelf, [pid], priority, base=base), "priority")

    def _tag(self, body: dict) -> dict[str, Any]:
        add, remove = _names(body, "add"), _names(body, "remove")
        declared = self.shelf.config.tags
        for name in add:
            if name not in declared:
                raise EditError(f"tag {name!r} is not declared in shelf.toml", field="tags",
                                hint=f"declare it under [tags] in shelf.toml, or pick one of: "
                                     f"{', '.join(declared) or '(none declared yet)'}")
        what = " ".join([*(f"+{t}" for t in add), *(f"-{t}" for t in remove)])
        return self._one(body, f"tag {what}",
                         lambda pid, base: app.tag(self.shelf, [pid], add=add, remove=remove, base=base), "tags")

    def _note(self, body: dict) -> dict[str, Any]:
        text = _text(body, "text", required=False)
        return self._one(body, "edit note", lambda pid, base: app.note(self.shelf, pid, text, base=base), "notes")

    def _remove(self, body: dict) -> dict[str, Any]:
        paper_id, base, before = self._before(body)
        path = self.index.file_of(paper_id)
        follows = _next_id(path, paper_id)
        try:
            app.remove(self.shelf, [paper_id], base={paper_id: base})
        except Conflict as exc:
            raise self._conflict(exc, "removed") from None
        self.index.wrote(removed=[paper_id])
        self._record(Undo(f"remove {paper_id}", [(before, path)], follows={paper_id: follows} if follows else {}))
        self.publish({"removed": paper_id})
        return {"removed": paper_id}

    def _record(self, undo: Undo) -> None:
        self.undo_stack.append(undo)
        del self.undo_stack[:-UNDO_DEPTH]

    def _undo(self, body: dict) -> dict[str, Any]:
        if not self.undo_stack:
            raise EditError("nothing to undo", status=409)
        undo = self.undo_stack.pop()
        restored: list[Paper] = []
        try:
            for paper_id in undo.added:
                app.remove(self.shelf, [paper_id], base={paper_id: undo.after[paper_id]})
                self.index.wrote(removed=[paper_id])
            for paper, path in undo.before:
                if paper.id in undo.after:
                    current = self.index.papers()[paper.id]
                    restored += app.edit(self.shelf, paper.id, _restoring(current, paper),
                                         base={paper.id: undo.after[paper.id]})
                else:
                    restored += app.add(self.shelf, [paper], file=path, before=undo.follows.get(paper.id))
                self.index.wrote(restored[-1:], file=path)
        except Conflict as exc:
            raise EditError(f"cannot undo “{undo.label}”: {exc.paper_id} was changed since", status=409,
                            paper=state(exc.current)) from None
        for paper_id in undo.added:
            self.publish({"removed": paper_id})
        for paper in restored:
            self.publish({"paper": state(paper)})
        return {"undone": undo.label, "papers": [state(p) for p in restored], "removed": undo.added}

    # -- adding -----------------------------------------------------------------------------

    def _lookup(self, body: dict) -> dict[str, Any]:
        """Resolve an identifier or title as `papershelf add IDENTIFIER` does; nothing is written."""
        identifier = _text(body, "identifier", limit=2000).strip()
        offline = bool(body.get("offline"))
        try:
            found = look_up(self.shelf, identifier, offline=offline)
        except PapershelfError as exc:
            raise EditError(exc.message, field="identifier", hint=exc.hint) from None
        if found.existing is not None:
            raise EditError(f"already on the shelf as {found.existing.id} ({found.existing.title})",
                            field="identifier")
        if found.problem is not None or found.paper is None:
            unreachable = "; ".join(found.warnings)
            message = found.problem.message if found.problem else f"found nothing for {found.query!r}"
            raise EditError(message + (f" — {unreachable}" if unreachable else ""), field="identifier",
                            hint=found.problem.hint if found.problem else None)
        token = secrets.token_urlsafe(8)
        self.lookups[token] = found.paper
        for old in list(self.lookups)[:-LOOKUPS_KEPT]:
            del self.lookups[old]
        return {"lookup": token, "proposal": summary(found.paper), "warnings": [*found.warnings, *found.conflicts],
                "offline": offline, "sources": sorted({p.source for p in found.paper.provenance.values()})}

    def _add(self, body: dict) -> dict[str, Any]:
        """Write a looked-up entry with the fields the reader chose or corrected."""
        proposal = self.lookups.get(str(body.get("lookup")))
        if proposal is None:
            raise EditError("this lookup has expired", status=409, hint="look the paper up again")
        data = proposal.to_dict()
        for key in ADD_FIELDS:
            if key in body:
                data[key] = body[key]
        paper = validate({k: v for k, v in data.items() if v not in (None, "", [], {})})
        cfg = self.shelf.config
        declared = {"topics": [t.id for t in cfg.topics], "sections": [n.path for n in cfg.taxonomy],
                    "tags": list(cfg.tags)}
        for key, known in declared.items():
            unknown = [n for n in getattr(paper, key) if n not in known]
            if unknown:
                raise EditError(f"{key[:-1]} {unknown[0]!r} is not declared in shelf.toml", field=key)
        try:
            (added,) = app.add(self.shelf, [paper])
        except PapershelfError as exc:
            raise EditError(exc.message, hint=exc.hint) from None
        self.lookups.pop(str(body.get("lookup")), None)
        self.index.wrote([added])
        self._record(Undo(f"add {added.id}", [], {added.id: app.version(added)}, added=[added.id]))
        self.publish({"added": state(added)})
        return {"added": summary(added), "file": self.shelf.relative(self.index.file_of(added.id))}


def validate(data: dict[str, Any]) -> Paper:
    """A Paper from form data, refused with the field the problem is in."""
    try:
        return Paper.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"]
        raise EditError(describe_error(err), field=str(loc[0]) if loc else None) from None


def _restoring(current: Paper, paper: Paper) -> dict[str, Any]:
    """The changes that give ``current`` back the fields ``paper`` had (None clears a field)."""
    current, old = current.to_dict(), paper.to_dict()
    return {k: old.get(k) for k in {*current, *old} if current.get(k) != old.get(k)}
