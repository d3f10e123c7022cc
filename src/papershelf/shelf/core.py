"""The Shelf: a folder of YAML files seen as one validated collection of papers."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..config import DEFAULT_CONFIG, ShelfConfig, load_config
from ..errors import PapershelfError, PaperNotFound, ShelfNotFound
from ..model import Paper, base_id, describe_error, unique_id
from ..venues import canonical_venue
from . import files as shelf_files
from .query import Query, Stats, compute_stats, sort_papers
from .store import PaperFile, _plain, apply_changes, locked, to_yaml_item

CONFIG_NAME = "shelf.toml"
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


def _revive(attributes: dict[str, Any]) -> Paper:
    """A Paper from the attributes of one validated earlier (the cache), without validating
    again: what pydantic's ``model_construct`` does, minus its per-field work, which would cost
    more than a second on a 100,000-paper shelf."""
    paper = Paper.__new__(Paper)
    object.__setattr__(paper, "__dict__", attributes)
    object.__setattr__(paper, "__pydantic_fields_set__", set(_ALL_FIELDS))
    object.__setattr__(paper, "__pydantic_extra__", None)
    object.__setattr__(paper, "__pydantic_private__", None)
    return paper


def _is_valid(data: dict[str, Any]) -> bool:
    try:
        Paper.model_validate(data)
    except ValidationError:
        return False
    return True


class Shelf:
    """A reading list on disk. Reads are lazy and cached; every write goes through ``edit``."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()
        self.config_path = self.root / CONFIG_NAME
        if not self.config_path.is_file():
            raise ShelfNotFound(f"no {CONFIG_NAME} in {self.root}",
                                hint=f"create a shelf with `papershelf init {root}`")
        self.config: ShelfConfig = load_config(self.config_path)
        self._papers: list[Paper] | None = None
        self._where: dict[str, tuple[Path, int]] = {}
        self._by_id: dict[str, Paper] = {}
        self._lines: dict[Path, list[int]] = {}

    # -- finding and creating ---------------------------------------------------------------

    @classmethod
    def find(cls, explicit: str | Path | None = None, start: str | Path | None = None) -> Shelf:
        """The shelf at ``explicit``, else the nearest folder upward from ``start`` holding
        ``shelf.toml``."""
        if explicit is not None:
            return cls(explicit)
        here = Path(start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG_NAME).is_file():
                return cls(folder)
        raise ShelfNotFound(f"no {CONFIG_NAME} in {here} or any folder above it",
                            hint="pass --shelf DIR, or create a shelf with `papershelf init DIR`")

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
        return self.root / self.config.papers_dir

    @property
    def state_dir(self) -> Path:
        """Where caches and the lock live (``.papershelf/``, git-ignored)."""
        return self.root / STATE_DIR

    def files(self) -> list[Path]:
        return shelf_files.paper_files(self.papers_dir)

    def relative(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

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
        cache = shelf_files.PaperCache(self.state_dir / "paper-cache.pickle")
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
            for index, paper in enumerate(batch):
                if paper.id in where:
                    other, other_index = where[paper.id]
                    other_line = shelf_files.locate(other, other_index)
                    raise PapershelfError(
                        f"duplicate id {paper.id!r} (also at {self.relative(other)}:{other_line})",
                        file=self.relative(path), line=shelf_files.locate(path, index, "id"),
                        hint="give one of them another id")
                where[paper.id] = (path, index)
            papers.extend(batch)
        cache.save({str(p) for p in paths})
        self._papers, self._where = papers, where
        self._by_id = {p.id: p for p in papers}

    def _validate_file(self, path: Path) -> list[Paper]:
        raw = shelf_files.parse_file(path, display=self.relative(path))
        try:
            return _PAPER_LIST.validate_python(raw)
        except ValidationError:
            pass
        # yaml-rs may read a plain scalar another way than the YAML spec (`_0` as a number):
        # before reporting a problem, read the file as PyYAML does.
        raw = shelf_files.parse_file(path, display=self.relative(path), fast=False)
        try:
            return _PAPER_LIST.validate_python(raw)
        except ValidationError as exc:
            index, field, msg = _format_validation(exc)
            line = shelf_files.locate(path, index, field) if index is not None else None
            pid = raw[index].get("id") if index is not None and isinstance(raw[index], dict) else None
            raise PapershelfError(f"paper {pid!r}: {msg}" if pid else msg, file=self.relative(path),
                                  line=line, hint="correct the value, or remove the field") from None

    def invalidate(self) -> None:
        self._papers = None
        self._where = {}
        self._by_id = {}
        self._lines = {}

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

    def where(self, paper_id: str) -> tuple[Path, int | None]:
        """File and 1-based line of a paper, for messages and lint findings."""
        self.get(paper_id)
        path, index = self._where[paper_id]
        if path not in self._lines:
            self._lines[path] = shelf_files.item_lines(path)
        lines = self._lines[path]
        return path, lines[index] if index < len(lines) else None

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

    def add(self, papers: Iterable[Paper], file: str | Path | None = None) -> list[Paper]:
        """Append papers (ids must be new) to ``file`` or each paper's default file."""
        papers = list(papers)
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
                target = Path(file) if file else self.default_file(paper)
                if not target.is_absolute():
                    target = self.root / target
                by_file.setdefault(target, []).append(paper)
            for target, batch in by_file.items():
                doc = PaperFile(target)
                for paper in batch:
                    doc.items.append(to_yaml_item(paper.to_dict()))
                doc.save()
            self.invalidate()
        return papers

    def edit_raw(self, ids: Iterable[str],
                 change: Callable[[str, dict[str, Any]], dict[str, Any] | None]) -> list[str]:
        """The one write path for existing papers: ``change(id, data)`` gets each paper's mapping
        as plain data and returns the new mapping (or None to remove the paper); only the lines
        of papers that changed are rewritten, one locked atomic write per file.

        Works on entries the Paper model rejects (lint repairs them), but a valid paper must stay
        valid. Does not load the whole shelf: the files holding the ids are found by scanning.
        Returns the ids that changed.
        """
        ids = list(dict.fromkeys(ids))
        changed: list[str] = []
        with locked(self.state_dir / "lock"):
            paths = self.files()
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
                for paper_id in file_ids:
                    index = doc.index_of(paper_id)
                    if index is None:
                        raise PaperNotFound(f"no paper with id {paper_id!r}", file=self.relative(path))
                    before = _plain(doc.items[index])
                    try:
                        after = change(paper_id, _plain(doc.items[index]))
                    except PapershelfError as exc:
                        if exc.file is None:
                            exc.file, exc.line = self.relative(path), shelf_files.locate(path, index)
                        raise
                    if after is None:
                        del doc.items[index]
                    elif after == before:
                        continue
                    else:
                        if after.get("id") != paper_id:
                            raise PapershelfError(f"cannot change the id of {paper_id!r} here")
                        if _is_valid(before) and not _is_valid(after):
                            raise PapershelfError(f"paper {paper_id!r}: the change would make it invalid",
                                                  file=self.relative(path), line=shelf_files.locate(path, index))
                        apply_changes(doc.items[index], after)
                    changed.append(paper_id)
                    if doc not in staged:
                        staged.append(doc)
            for doc in staged:  # everything is validated before anything is written
                doc.save()
            self.invalidate()
        return changed

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

        self.edit_raw(ids, change_data)
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
