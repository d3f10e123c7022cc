"""The Shelf: a folder of YAML files seen as one validated collection of papers."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from ..config import DEFAULT_CONFIG, ShelfConfig, load_config
from ..errors import PapershelfError, PaperNotFound
from ..model import Paper, base_id, describe_error, unique_id
from ..venues import canonical_venue
from .cache import PaperCache, cache_dir
from .locate import FileIndex, find_ids_in_files, split_lines
from .query import Query, Stats, compute_stats, sort_papers
from .root import (CONFIG_NAME, YAML_SUFFIXES, check_papers_dir, find_root, paper_files, relative_to,
                   shelf_root)

if TYPE_CHECKING:
    from .store import PaperFile

STATE_DIR = ".papershelf"
_PAPER_LIST = TypeAdapter(list[Paper])


def _format_validation(exc: ValidationError) -> tuple[int | None, str | None, str]:
    """(item index, field, message) of the first error, phrased for a curator."""
    err = exc.errors()[0]
    loc = list(err["loc"])
    index = loc[0] if loc and isinstance(loc[0], int) else None
    rest = loc[1:] if index is not None else loc
    return index, (str(rest[0]) if rest else None), describe_error(err, skip=1 if index is not None else 0)


_ALL_FIELDS = frozenset(Paper.model_fields)
# The slots pydantic keeps beside a model's __dict__, set through their descriptors: the generic
# object.__setattr__ looks each one up again, 400,000 times on a 100,000-paper shelf.
_SLOTS = {name: klass.__dict__[name].__set__ for klass in reversed(Paper.__mro__) for name in
          ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
          if name in klass.__dict__ and hasattr(klass.__dict__[name], "__set__")}
_SET_DICT, _SET_FIELDS = _SLOTS["__dict__"], _SLOTS["__pydantic_fields_set__"]
_SET_EXTRA, _SET_PRIVATE = _SLOTS["__pydantic_extra__"], _SLOTS["__pydantic_private__"]


def _revive(attributes: dict[str, Any]) -> Paper:
    """A Paper from the attributes of one validated earlier (the cache), without validating
    again: what pydantic's ``model_construct`` does, minus its per-field work, which would cost
    more than a second on a 100,000-paper shelf."""
    paper = Paper.__new__(Paper)
    _SET_DICT(paper, attributes)
    _SET_FIELDS(paper, set(_ALL_FIELDS))
    _SET_EXTRA(paper, None)
    _SET_PRIVATE(paper, None)
    return paper


class _SeenTwice(Exception):
    """An id placed twice while refreshing: ``Shelf.refresh`` falls back to the full load, which
    reports the duplicate with both of its lines."""


def _place(where: dict[str, tuple[Path, int]], path: Path, batch: list[Paper],
           by_id: dict[str, Paper] | None = None) -> None:
    """Record where each paper of ``batch`` (the papers of ``path``) is, and in ``by_id``;
    :class:`_SeenTwice` at an id already recorded."""
    for index, paper in enumerate(batch):
        if paper.id in where:
            raise _SeenTwice(paper.id)
        where[paper.id] = (path, index)
        if by_id is not None:
            by_id[paper.id] = paper


def _duplicate(paper_id: str, file: str, line: int | None, other: str) -> PapershelfError:
    """The message for an id written twice (``other``: ``file:line`` of the first)."""
    return PapershelfError(f"duplicate id {paper_id!r} (also at {other})", file=file, line=line,
                           hint="give one of them another id")


def _is_valid(data: dict[str, Any]) -> bool:
    try:
        Paper.model_validate(data)
    except ValidationError:
        return False
    return True


class Shelf:
    """A reading list on disk. Reads are lazy and cached; every write goes through ``edit``."""

    def __init__(self, root: str | Path) -> None:
        self.root, self.config_path = shelf_root(root)
        self.config: ShelfConfig = load_config(self.config_path)
        check_papers_dir(self.root, self.config.papers_dir, self.config_path)
        self._papers: list[Paper] | None = None
        self._where: dict[str, tuple[Path, int]] = {}
        self._by_id: dict[str, Paper] = {}
        self._indexes: dict[Path, FileIndex] = {}
        self._counts: dict[Path, int] = {}

    # -- finding and creating ---------------------------------------------------------------

    @classmethod
    def find(cls, explicit: str | Path | None = None, start: str | Path | None = None) -> Shelf:
        """The shelf at ``explicit``, else the nearest folder upward from ``start`` holding
        ``shelf.toml``."""
        return cls(find_root(explicit, start))

    @classmethod
    def init(cls, root: str | Path, title: str | None = None) -> Shelf:
        """Create ``shelf.toml`` with commented defaults and an empty ``papers/`` folder."""
        root = Path(root)
        if (root / CONFIG_NAME).exists():
            raise PapershelfError(f"{root / CONFIG_NAME} already exists", hint="this folder is already a shelf")
        root.mkdir(parents=True, exist_ok=True)
        (root / "papers").mkdir(exist_ok=True)
        name = (title or root.resolve().name.replace("-", " ").title()).replace('"', "'")
        from .atomic import atomic_write

        atomic_write(root / CONFIG_NAME, DEFAULT_CONFIG.format(title=name))
        if not (root / ".gitignore").exists():
            atomic_write(root / ".gitignore", f"{STATE_DIR}/\n")
        return cls(root)

    # -- locations --------------------------------------------------------------------------

    @property
    def papers_dir(self) -> Path:
        return (self.root / self.config.papers_dir).resolve()

    @property
    def state_dir(self) -> Path:
        """Where the write lock lives (``.papershelf/``, git-ignored). No cache lives here."""
        return self.root / STATE_DIR

    @property
    def cache_dir(self) -> Path:
        """This shelf's folder in the user's cache folder (see :func:`papershelf.shelf.cache_dir`)."""
        return cache_dir(self.root)

    def files(self) -> list[Path]:
        return paper_files(self.papers_dir, self.root)

    def paper_path(self, file: str | Path) -> Path:
        """Where a new paper may be written: a ``.yaml``/``.yml`` file inside the papers folder
        (relative paths are relative to the shelf). Anything else is refused."""
        target = Path(file)
        if not target.is_absolute():
            target = self.root / target
        resolved = target.resolve()
        if resolved.suffix not in YAML_SUFFIXES or not resolved.is_relative_to(self.papers_dir):
            raise PapershelfError(f"{file}: papers are written only to .yaml files inside the papers folder "
                                  f"({self.relative(self.papers_dir)}/)",
                                  hint=f"use a name such as {self.relative(self.papers_dir)}/new.yaml")
        return resolved

    def relative(self, path: Path) -> str:
        return relative_to(self.root, path)

    # -- reading ----------------------------------------------------------------------------

    @property
    def papers(self) -> list[Paper]:
        """Every paper, validated; file order, then order within the file."""
        if self._papers is None:
            self._load()
        assert self._papers is not None
        return self._papers

    def _load(self) -> None:
        # Loading creates millions of small objects and no cycles: the cyclic garbage collector
        # would only rescan them again and again (it tripled the time on 100,000 papers).
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            self._load_files()
        finally:
            if gc_was_enabled:
                gc.enable()

    def _load_files(self) -> None:
        cache = PaperCache.for_shelf(self.root)
        papers: list[Paper] = []
        where: dict[str, tuple[Path, int]] = {}
        paths = self.files()
        for path in paths:
            cached = cache.get(path)
            if cached is not None:
                batch = [_revive(d) for d in cached]
            else:
                batch = self._validate_file(path)
                cache.put(path, [p.__dict__ for p in batch])
            self._counts[path] = len(batch)
            for index, paper in enumerate(batch):
                if paper.id in where:
                    other, other_index = where[paper.id]
                    cache.close()
                    raise _duplicate(paper.id, self.relative(path), self._line(path, index, "id"),
                                     f"{self.relative(other)}:{self._line(other, other_index)}")
                where[paper.id] = (path, index)
            papers.extend(batch)
        cache.save({str(p) for p in paths})
        self._papers, self._where = papers, where
        self._by_id = {p.id: p for p in papers}

    def _line(self, path: Path, index: int, key: str | None = None) -> int | None:
        if path not in self._indexes:
            self._indexes[path] = FileIndex(path, self._counts.get(path))
        return self._indexes[path].line(index, key)

    def _validate_file(self, path: Path, raw: list[dict[str, Any]] | None = None,
                       text: str | None = None) -> list[Paper]:
        """The papers of one file, validated; the first problem is a PapershelfError with its line
        (the message `list` gives). ``raw``/``text``: the file as already read. A big file is read
        and validated piece by piece (:func:`papershelf.shelf.files.pieces`): one piece's reading
        is alive at a time, so a 50 MB file does not need several copies of itself in memory."""
        from . import files as shelf_files  # the YAML readers: a warm load (from the cache) needs none

        name = self.relative(path)
        if text is None:
            text = shelf_files.read_text(path, name)
        if raw is None:
            papers = self._validate_pieces(name, text)
            if papers is not None:
                return papers
            raw = shelf_files.parse_file(path, text=text, display=name)
        return self._validate_raw(name, raw, text)

    def _validate_pieces(self, name: str, text: str) -> list[Paper] | None:
        """The papers of a big file validated piece by piece, or None (a small file, or a piece
        that does not read alone: the whole file is read instead, once its syntax is checked by
        a parse that builds nothing). Two passes: the first checks every piece and keeps
        nothing, so a problem at the end of a 50 MB file is reported without holding the papers
        before it; the second builds the papers."""
        from . import files as shelf_files

        cuts = shelf_files.pieces(text)
        if cuts is None:
            return None

        def line(piece: int, index: int, key: str | None = None) -> int | None:
            start, end, first_line, count = cuts[piece]
            found = FileIndex(text=text[start:end], expected=count).line(index, key)
            return None if found is None else found + first_line - 1

        seen: dict[str, tuple[int, int]] = {}  # a repeated id, too, is found before papers are kept
        papers: list[Paper] = []
        for keep in (False, True):
            for n, (start, end, first_line, count) in enumerate(cuts):
                piece = text[start:end]
                raw = shelf_files.parse_piece(piece, count)
                if raw is None:
                    shelf_files.check_syntax(text, name)
                    return None
                batch = self._validate_raw(name, raw, piece, first_line)
                for i, paper in enumerate(() if keep else batch):
                    if seen.setdefault(paper.id, (n, i)) != (n, i):
                        raise _duplicate(paper.id, name, line(n, i, "id"), f"{name}:{line(*seen[paper.id])}")
                if keep:
                    papers.extend(batch)
                del raw, batch
        return papers

    def _validate_raw(self, name: str, raw: list[Any], text: str, first_line: int = 1) -> list[Paper]:
        """``raw`` (read from ``text``, which starts at line ``first_line`` of the file) validated."""
        try:
            return _PAPER_LIST.validate_python(raw)
        except ValidationError as exc:
            failing = sorted({e["loc"][0] for e in exc.errors() if e["loc"] and isinstance(e["loc"][0], int)})
        # yaml-rs may read a plain scalar another way than the YAML spec (`_0` as a number):
        # before reporting a problem, read the failing papers' lines as PyYAML does.
        from . import files as shelf_files

        index = FileIndex(text=text, expected=len(raw))
        lines = split_lines(text)  # once, not once per failing paper
        again = {item: shelf_files.reread_item(lines, index, item) for item in failing[:100]}
        del lines
        fixed = {item: data for item, data in again.items() if data is not None}

        def problem(exc: ValidationError, item: int) -> PapershelfError:
            field, msg = _format_validation(exc)[1:]
            line = index.line(item, field)
            pid = fixed.get(item, raw[item])
            pid = pid.get("id") if isinstance(pid, dict) else None
            return PapershelfError(f"paper {pid!r}: {msg}" if isinstance(pid, str) else msg, file=name,
                                   line=None if line is None else line + first_line - 1,
                                   hint="correct the value, or remove the field")

        for item in failing[:100]:  # the failing papers alone: not a second copy of the whole file
            try:
                Paper.model_validate(fixed.get(item, raw[item]))
            except ValidationError as exc:
                raise problem(exc, item) from None
        try:
            return _PAPER_LIST.validate_python([fixed.get(i, data) for i, data in enumerate(raw)])
        except ValidationError as exc:
            raise problem(exc, _format_validation(exc)[0] or 0) from None

    def refresh(self, changed: set[Path]) -> None:
        """Re-read only these files (edited, added or deleted) and keep every other paper as it
        is: what ``serve`` does after an edit, instead of loading a big shelf again. A duplicate
        id across files falls back to the full load, which reports it."""
        if self._papers is None:
            return self._load()
        try:
            if all(path in self._counts and path.is_file() for path in changed):
                self._replace_files(changed)
            else:
                self._reread(changed)
        except _SeenTwice:
            self.invalidate()
            self._load()

    def _reread(self, changed: set[Path]) -> None:
        """``refresh`` when files came or went: the list is rebuilt in the folder's file order."""
        assert self._papers is not None
        current = self.files()
        by_file: dict[Path, list[Paper]] = {}
        for paper in self._papers:
            by_file.setdefault(self._where[paper.id][0], []).append(paper)
        for path in changed:
            by_file.pop(path, None)
        on_disk = set(current)
        by_file.update({path: self._validate_file(path) for path in changed if path in on_disk})
        papers: list[Paper] = []
        where: dict[str, tuple[Path, int]] = {}
        for path in current:
            batch = by_file.get(path, [])
            _place(where, path, batch)
            papers.extend(batch)
        self._papers, self._where, self._by_id = papers, where, {p.id: p for p in papers}
        self._indexes = {path: index for path, index in self._indexes.items() if path not in changed}
        self._counts = {path: len(by_file.get(path, ())) for path in current}

    def _replace_files(self, changed: set[Path]) -> None:
        """``refresh`` when no file came or went: each edited file's papers replace its slice of
        the list, and only their ids are re-indexed (no walk of the folder, no pass over every
        paper: an edit on a 100,000-paper shelf costs the edited file)."""
        batches = {path: self._validate_file(path) for path in changed}
        starts, at = {}, 0
        for path, count in self._counts.items():
            starts[path], at = at, at + count
        assert self._papers is not None
        for path in changed:
            for paper in self._papers[starts[path]:starts[path] + self._counts[path]]:
                del self._where[paper.id], self._by_id[paper.id]
        for path, batch in batches.items():
            _place(self._where, path, batch, self._by_id)
        papers = list(self._papers)  # a new list: callers may hold the old one
        for path in sorted(changed, key=starts.__getitem__, reverse=True):
            papers[starts[path]:starts[path] + self._counts[path]] = batches[path]
            self._counts[path] = len(batches[path])
            self._indexes.pop(path, None)
        self._papers = papers

    def read_file(self, path: Path) -> list[Paper]:
        """The papers of one file as it is on disk now, validated; what the shelf holds is left
        as it is (the editor's index reads only the files someone else changed)."""
        return self._validate_file(path)

    def invalidate(self) -> None:
        self._papers = None
        self._where = {}
        self._by_id = {}
        self._indexes = {}
        self._counts = {}

    def ids(self) -> set[str]:
        return {p.id for p in self.papers}

    def get(self, paper_id: str) -> Paper:
        self.papers
        if paper_id not in self._where:
            raise PaperNotFound(f"no paper with id {paper_id!r}", file=self.relative(self.config_path.parent),
                                hint="`papershelf list TEXT --format ids` finds ids")
        return self._by_id[paper_id]

    def where_file(self, paper_id: str) -> Path:
        """The file holding a paper (``where`` without counting lines)."""
        self.get(paper_id)
        return self._where[paper_id][0]

    def ids_in(self, paths: set[Path]) -> set[str]:
        """Ids of the papers held by these files (what a rebuild after an edit must redo)."""
        self.papers
        return {pid for pid, (path, _) in self._where.items() if path in paths}

    def where(self, paper_id: str, key: str | None = None) -> tuple[Path, int | None]:
        """File and 1-based line of a paper (or of its ``key``, ``a.b`` for a nested one), for
        messages and findings."""
        self.get(paper_id)
        path, index = self._where[paper_id]
        return path, self._line(path, index, key)

    def query(self, query: Query | None = None, sort: str | None = None) -> list[Paper]:
        papers = (query or Query()).apply(self.papers)
        return sort_papers(papers, sort) if sort else papers

    def stats(self) -> Stats:
        return compute_stats(self.papers)

    # -- building papers --------------------------------------------------------------------

    def new_paper(self, taken: Iterable[str] | None = None, **fields: Any) -> Paper:
        """A validated Paper from loose fields: id generated (unique), venue made canonical,
        ``added`` set to today."""
        fields = {k: v for k, v in fields.items() if v not in (None, [], {})}
        if "venue" in fields:
            fields["venue"] = canonical_venue(fields["venue"], self.config.venue_aliases)
        fields.setdefault("added", dt.date.today())
        taken_ids = set(taken) if taken is not None else self.ids()
        if "id" not in fields:
            fields["id"] = unique_id(base_id(fields.get("title", ""), fields.get("authors", []), fields.get("year")),
                                     taken_ids)
        try:
            return Paper.model_validate(fields)
        except ValidationError as exc:
            _, _, msg = _format_validation(exc)
            raise PapershelfError(msg) from None

    # -- writing ----------------------------------------------------------------------------

    def default_file(self, paper: Paper) -> Path:
        """Where a new paper goes: ``papers/<first topic>.yaml``, else ``papers/inbox.yaml``."""
        return self.papers_dir / f"{paper.topics[0] if paper.topics else 'inbox'}.yaml"

    def add(self, papers: Iterable[Paper], file: str | Path | None = None, *,
            before: str | None = None) -> list[Paper]:
        """Append papers (ids must be new) to ``file`` or each paper's default file; with
        ``before``, an id in ``file``, insert them just before that paper instead (its place
        when the id is gone: the end)."""
        from .store import locked, to_yaml_item  # the writer (ruamel.yaml): not imported by commands that only read

        papers = list(papers)
        if file:
            self.paper_path(file)  # refused before anything is written, the lock included
        with locked(self.state_dir / "lock"):
            self.invalidate()
            taken = self.ids()
            seen: set[str] = set()
            by_file: dict[Path, list[Paper]] = {}
            for paper in papers:
                if paper.id in taken or paper.id in seen:
                    raise PapershelfError(f"id {paper.id!r} is already on the shelf",
                                          hint="pick another id, or edit the existing paper")
                seen.add(paper.id)
                target = self.paper_path(file if file else self.default_file(paper))
                by_file.setdefault(target, []).append(paper)
            docs = []
            for target, batch in by_file.items():
                doc = self._open_valid(target)
                place = doc.index_of(before) if before else None
                for paper in batch:
                    item = to_yaml_item(paper.to_dict())
                    if place is None:
                        doc.append(item)
                    else:
                        doc.insert(place, item)
                docs.append(doc)
            for doc in docs:
                doc.save()
            self.invalidate()
        return papers

    def _open_valid(self, path: Path, strict: bool = True) -> PaperFile:
        """A paper file opened for editing; with ``strict``, only if every paper in it is valid
        (a file that does not validate is refused with the message `list` gives)."""
        from .store import PaperFile

        doc = PaperFile(path, display=self.relative(path))
        if strict and doc.data:
            try:
                _PAPER_LIST.validate_python(doc.data)
            except ValidationError:
                self._validate_file(path, raw=doc.data, text=doc.text)
        return doc

    def edit_raw(self, ids: Iterable[str],
                 change: Callable[[str, dict[str, Any]], dict[str, Any] | None], *,
                 strict: bool = False) -> list[str]:
        """The one write path for existing papers: ``change(id, data)`` gets each paper's mapping
        as plain data and returns the new mapping (or None to remove the paper); only the lines
        of papers that changed are rewritten, one locked atomic write per file.

        Works on entries the Paper model rejects (lint repairs them), but a valid paper must stay
        valid; ``strict`` refuses to touch a file holding an invalid paper. Does not load the
        whole shelf: the files holding the ids are found by scanning. Returns the ids that changed.
        """
        from .store import locked

        ids = list(dict.fromkeys(ids))
        changed: list[str] = []
        with locked(self.state_dir / "lock"):
            paths = self.files()
            by_file: dict[Path, list[str]] = {}
            places = find_ids_in_files(paths, ids)
            for paper_id in ids:
                path = places[paper_id]
                if path is None:
                    raise PaperNotFound(f"no paper with id {paper_id!r}",
                                        hint="`papershelf list TEXT --format ids` finds ids")
                by_file.setdefault(path, []).append(paper_id)
            staged: list[PaperFile] = []
            for path, file_ids in by_file.items():
                doc = self._open_valid(path, strict)
                for paper_id in file_ids:
                    if self._change_one(doc, paper_id, change):
                        changed.append(paper_id)
                        if doc not in staged:
                            staged.append(doc)
            for doc in staged:  # everything is validated before anything is written
                doc.save()
            self.invalidate()
        return changed

    def _change_one(self, doc: PaperFile, paper_id: str,
                    change: Callable[[str, dict[str, Any]], dict[str, Any] | None]) -> bool:
        """Apply ``change`` to one paper of ``doc`` (not yet saved); whether it changed."""
        index = doc.index_of(paper_id)
        if index is None:
            raise PaperNotFound(f"no paper with id {paper_id!r}", file=doc.name)
        before = doc.plain(index)
        try:
            after = change(paper_id, doc.plain(index))
        except PapershelfError as exc:
            if exc.file is None:
                exc.file, exc.line = doc.name, FileIndex(text=doc.text).line(index)
            raise
        if after is None:
            doc.remove(index)
            return True
        if after == before:
            return False
        if after.get("id") != paper_id:
            raise PapershelfError(f"cannot change the id of {paper_id!r} here")
        if _is_valid(before) and not _is_valid(after):
            raise PapershelfError(f"paper {paper_id!r}: the change would make it invalid",
                                  file=doc.name, line=FileIndex(text=doc.text).line(index))
        doc.set(index, after)
        return True

    def edit(self, ids: Iterable[str], change: Callable[[Paper], Paper | None]) -> list[Paper]:
        """Apply ``change`` to each paper (return the new Paper, or None to remove it); returns
        the papers as written (removed ones as they were)."""
        ids = list(dict.fromkeys(ids))
        results: dict[str, Paper] = {}

        def change_data(paper_id: str, data: dict[str, Any]) -> dict[str, Any] | None:
            try:
                current = Paper.model_validate(data)
            except ValidationError as exc:
                raise PapershelfError(f"paper {paper_id!r}: {_format_validation(exc)[2]}",
                                      hint="fix the entry first (`papershelf lint` shows how)") from None
            try:
                new = change(current)
                new = None if new is None else Paper.model_validate(new.to_dict())
            except ValidationError as exc:
                raise PapershelfError(f"paper {paper_id!r}: {_format_validation(exc)[2]}",
                                      hint="nothing was changed") from None
            results[paper_id] = new or current
            return None if new is None else new.to_dict()

        self.edit_raw(ids, change_data, strict=True)
        return [results[i] for i in ids if i in results]

    def update(self, paper_id: str, **changes: Any) -> Paper:
        """Set fields of one paper (None clears a field)."""
        def change(p: Paper) -> Paper:
            data = p.to_dict()
            for key, value in changes.items():
                if value is None:
                    data.pop(key, None)
                else:
                    data[key] = value
            return Paper.model_validate(data)
        return self.edit([paper_id], change)[0]

    def remove(self, ids: Iterable[str]) -> list[Paper]:
        return self.edit(ids, lambda p: None)
