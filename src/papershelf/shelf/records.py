"""A shelf's papers as plain records (id, title, links) straight from the parse cache.

``check-links`` reads nothing else of a paper, and on a warm shelf importing pydantic, the
models and the YAML readers was about half of its start-up. The cache holds only what was
validated when it was written (papers by file, and the settings of ``shelf.toml``, each keyed
by what validated them): whatever it does not hold as it is on disk now (a file edited, added
or invalid, other settings, another model) is read by the full load, :class:`Shelf`, which
validates it, reports a problem exactly as every other command does, and refreshes the cache.
So a stale or invalid shelf gives the same errors here as anywhere, and one reader decides
what a valid shelf is.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .cache import Rows, keep_settings, papers_db, settings_digest, stored
from .locate import FileIndex
from .root import check_papers_dir, find_root, paper_files, relative_to, shelf_root

if TYPE_CHECKING:
    from .core import Shelf


class Record(NamedTuple):
    """What a link check reads of a paper (a tuple: a warm read makes thousands)."""

    id: str
    title: str
    links: dict[str, str | None]


@dataclass(frozen=True)
class RecordSettings:
    """The settings of ``shelf.toml`` a link check needs (validated when they were kept)."""

    papers_dir: str
    contact: str


class ShelfRecords:
    """The papers of a shelf as :class:`Record` s (``papers``), with what a link check asks of
    a shelf: ``root``, ``config`` (``papers_dir``, ``contact``), ``where``, ``relative``, and
    ``edit`` (through the full :class:`Shelf`)."""

    def __init__(self, root: str | Path) -> None:
        self.root, self.config_path = shelf_root(root)
        self._db = papers_db(self.root)
        self._shelf: Shelf | None = None
        self._where: dict[str, tuple[Path, int]] = {}
        self._counts: dict[Path, int] = {}
        self._indexes: dict[Path, FileIndex] = {}
        try:
            digest: str | None = settings_digest(self.config_path.read_bytes())
        except OSError:
            digest = None
        settings, rows = stored(self._db, digest)  # one look at the cache
        self.config = self._settings(digest, settings)
        check_papers_dir(self.root, self.config.papers_dir, self.config_path)
        cached = self._cached(rows)
        self._light = cached is not None  # else every answer comes from the full load
        self.papers: list[Any] = cached if cached is not None else self.full().papers

    @classmethod
    def find(cls, explicit: str | Path | None = None, start: str | Path | None = None) -> ShelfRecords:
        """As :meth:`Shelf.find`."""
        return cls(find_root(explicit, start))

    def full(self) -> Shelf:
        """The shelf loaded and validated (once)."""
        if self._shelf is None:
            from .core import Shelf

            self._shelf = Shelf(self.root)
        return self._shelf

    def _settings(self, digest: str | None, data: dict[str, Any] | None) -> RecordSettings:
        """The settings kept under ``digest`` (``data``), else those of the full load, kept."""
        if data is None or set(data) != {"papers_dir", "contact"} or not all(isinstance(v, str) for v in data.values()):
            config = self.full().config  # validates shelf.toml: its problems are reported as everywhere
            data = {"papers_dir": config.papers_dir, "contact": config.contact}
            if digest:
                keep_settings(self._db, digest, data)
        return RecordSettings(**data)

    def _cached(self, stored: Rows | None) -> list[Record] | None:
        """Every paper from the cache's rows, or None if any file is not there as it is on disk
        now (or an id is written twice: the full load reports where)."""
        if stored is None or not {"id", "title", "links"} <= set(stored[0]):
            return None
        fields, rows = stored
        at = fields.index("id"), fields.index("title"), fields.index("links")
        records: list[Record] = []
        for path in paper_files((self.root / self.config.papers_dir).resolve(), self.root):
            batch = _records(rows.get(str(path)), path, len(fields), at)
            if batch is None:
                return None
            for index, record in enumerate(batch):
                if self._where.setdefault(record.id, (path, index)) != (path, index):
                    return None
            self._counts[path] = len(batch)
            records.extend(batch)
        return records

    def where(self, paper_id: str, key: str | None = None) -> tuple[Path, int | None]:
        """As :meth:`Shelf.where`."""
        if not self._light:
            return self.full().where(paper_id, key)
        path, index = self._where[paper_id]
        if path not in self._indexes:
            self._indexes[path] = FileIndex(path, self._counts[path])
        return path, self._indexes[path].line(index, key)

    def relative(self, path: Path) -> str:
        return relative_to(self.root, path)

    def edit(self, ids: Iterable[str], change: Callable) -> list:
        """As :meth:`Shelf.edit` (``--fix``)."""
        return self.full().edit(ids, change)


def _records(hit: tuple[int, int, str] | None, path: Path, width: int, at: tuple[int, int, int]) -> list[Record] | None:
    """The records of one file's cache row, if the row is of the file as it is now and has the
    shape the full load writes."""
    try:
        st = path.stat()
        if hit is None or hit[0] != st.st_mtime_ns or hit[1] != st.st_size:
            return None
        rows = json.loads(hit[2])
    except (OSError, ValueError, TypeError):
        return None
    if type(rows) is not list:
        return None
    i, t, k = at
    out = []
    for row in rows:
        if type(row) is not list or len(row) != width:
            return None
        paper_id, title, links = row[i], row[t], row[k]
        if type(paper_id) is not str or type(title) is not str or type(links) is not dict:
            return None
        out.append(Record(paper_id, title, links))
    return out
