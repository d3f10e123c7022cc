"""Caches live outside the shelf, in the user's cache folder, and hold only data.

A shelf is often a cloned repository: anything inside it is untrusted input. So papershelf never
reads a cache from the shelf, and its caches are JSON in SQLite — a format that cannot run code —
checked when read: a row that does not parse or does not have the expected shape is ignored and
rebuilt, never trusted. :func:`cache_dir` is the one place every cache (parsed papers, metadata
answers, link checks, the catalog, the served site) finds its folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

ENV = "PAPERSHELF_CACHE_DIR"


def user_cache_root() -> Path:
    """``$PAPERSHELF_CACHE_DIR``, else the platform's user cache folder (``$XDG_CACHE_HOME``
    or ``~/.cache`` on Linux) + ``papershelf``."""
    explicit = os.environ.get(ENV)
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("papershelf", appauthor=False))


def cache_dir(shelf: Any) -> Path:
    """The cache folder of one shelf (a ``Shelf`` or its folder): ``<user cache>/<name>-<hash>``,
    keyed by the shelf's resolved path so two shelves never share a cache. Created (mode 0700)
    when missing; a folder that cannot be created is returned anyway (callers run uncached)."""
    root = Path(shelf if isinstance(shelf, (str, os.PathLike)) else shelf.root).resolve()
    digest = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in root.name)[:40] or "shelf"
    folder = user_cache_root() / f"{name}-{digest}"
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


# -- the cache of validated papers ---------------------------------------------------------------

# Positional rows: a row of the wrong length cannot be a paper of this version.
CACHE_VERSION = 2
_ID, _TITLE = itemgetter(0), itemgetter(1)  # the Paper model's first two fields: id, title


def _fields() -> tuple[str, ...]:
    from ..model import Paper

    return tuple(Paper.model_fields)


# The modules whose rules a cached validation stands for: the Paper model and the identifier
# checks its validators call; the settings classes and the name and URL patterns they take from
# the model.
PAPER_RULES = ("model.py", "identifiers.py")
SETTINGS_RULES = ("config.py", "model.py")


@functools.cache
def source_digest(modules: tuple[str, ...] = PAPER_RULES) -> str:
    """A digest of the source of some of papershelf's modules (by default those whose rules
    validate a paper), part of what a cached validation is keyed by: data validated by other
    rules (new fields, new checks) are validated again, and a reader that does not import the
    rules (:mod:`papershelf.shelf.records`) can tell that the cache holds these rules' results.
    Read once per process: the rules in force are those imported, and every full load of a
    long-running ``serve`` would otherwise read and hash the files again."""
    digest = hashlib.sha256()
    try:
        for module in modules:
            digest.update((Path(__file__).parents[1] / module).read_bytes())
    except OSError:
        return ""
    return digest.hexdigest()[:16]


def _encode(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude_none=True)
    raise TypeError(f"cannot cache {type(value).__name__}")


def papers_db(root: Path) -> Path:
    """The file of a shelf's paper cache (and of its validated settings)."""
    return cache_dir(root) / "papers.sqlite"


class PaperCache:
    """Validated papers of each file as attribute dicts, keyed by (mtime, size), in SQLite.

    Only files that changed since the last run are parsed and validated again; only their rows
    are rewritten.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.fields = _fields()
        self.rows: dict[str, tuple[int, int, str]] = {}
        self.changed: dict[str, tuple[int, int, str]] = {}
        self.con: sqlite3.Connection | None = None
        if path is not None:
            self._open(path)

    @classmethod
    def for_shelf(cls, root: Path) -> PaperCache:
        return cls(papers_db(root))

    def _open(self, path: Path) -> None:
        signature = json.dumps([CACHE_VERSION, self.fields, source_digest()])
        for attempt in (1, 2):
            try:
                con = sqlite3.connect(path, timeout=5, isolation_level=None)
                con.execute("create table if not exists meta (signature text)")
                con.execute("create table if not exists files (path text primary key, mtime_ns integer,"
                            " size integer, papers text)")
                stored = con.execute("select signature from meta").fetchone()
                if stored is None or stored[0] != signature:
                    con.execute("delete from files")
                    con.execute("delete from meta")
                    con.execute("insert into meta values (?)", (signature,))
                self.rows = {p: (m, s, t) for p, m, s, t in con.execute("select * from files")
                             if isinstance(p, str) and isinstance(m, int) and isinstance(s, int)
                             and isinstance(t, str)}
                self.con = con
                return
            except sqlite3.Error:  # not a database, or an unreadable one: start afresh
                with contextlib.suppress(Exception):
                    con.close()
                self.rows = {}
                if attempt == 1:
                    with contextlib.suppress(OSError):
                        path.unlink()

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    def get(self, file: Path) -> list[dict[str, Any]] | None:
        """The cached attribute dicts of ``file``, or None (absent, outdated or malformed)."""
        st = file.stat()
        hit = self.rows.get(str(file))
        if not hit or hit[0] != st.st_mtime_ns or hit[1] != st.st_size:
            return None
        try:
            return self._decode(json.loads(hit[2]))
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return None

    def _decode(self, rows: Any) -> list[dict[str, Any]]:
        """Rows back into attribute dicts, refusing anything not shaped like this version's rows
        (the checks run over whole columns: this is on the path of every warm load)."""
        from ..model import Provenance

        if type(rows) is not list:
            raise TypeError("not a list")
        fields = self.fields
        if rows and (set(map(type, rows)) != {list} or set(map(len, rows)) != {len(fields)}
                     or set(map(type, map(_ID, rows))) != {str} or set(map(type, map(_TITLE, rows))) != {str}):
            raise TypeError("not paper rows")
        out = list(map(dict, map(zip, repeat(fields), rows)))
        fromiso = dt.date.fromisoformat
        for d in out:
            if d["added"] is not None:
                d["added"] = fromiso(d["added"])
            if d["read_on"] is not None:
                d["read_on"] = fromiso(d["read_on"])
            if d["provenance"]:
                d["provenance"] = {str(k): Provenance.model_validate(v) for k, v in d["provenance"].items()}
        return out

    def put(self, file: Path, items: Iterable[dict[str, Any]]) -> None:
        st = file.stat()
        rows = [[d[k] for k in self.fields] for d in items]
        entry = (st.st_mtime_ns, st.st_size, json.dumps(rows, default=_encode, separators=(",", ":")))
        self.rows[str(file)] = self.changed[str(file)] = entry

    def save(self, keep: set[str]) -> None:
        """Write the changed rows and forget files no longer on the shelf; a cache that cannot
        be written (read-only folder, full disk) only costs a slower next start."""
        gone = set(self.rows) - keep
        if self.con is None or not (self.changed or gone):
            self.close()
            return
        try:
            with self.con:
                self.con.execute("begin")
                self.con.executemany("insert or replace into files values (?, ?, ?, ?)",
                                     [(p, *v) for p, v in self.changed.items() if p in keep])
                self.con.executemany("delete from files where path = ?", [(p,) for p in gone])
        except sqlite3.Error:
            pass
        finally:
            self.close()



# -- what the record reader reads without the model ----------------------------------------------

def _connect(path: Path) -> contextlib.closing[sqlite3.Connection]:
    """The cache database at ``path`` in autocommit mode, closed when the ``with`` ends."""
    return contextlib.closing(sqlite3.connect(path, timeout=5, isolation_level=None))


Rows = tuple[list[str], dict[str, tuple[int, int, str]]]


def stored(path: Path, digest: str | None) -> tuple[dict[str, Any] | None, Rows | None]:
    """What the record reader reads of the paper cache at ``path``, in one connection: the
    settings kept by :func:`keep_settings` under ``digest`` (:func:`settings_digest`), and (field
    names, rows by file as ``PaperCache`` keeps them) when this model wrote them. Either is None
    when the cache does not hold it (no cache, another model or version, a damaged file)."""
    if not path.is_file():
        return None, None
    try:
        with _connect(path) as con:
            return (_stored_settings(con, digest) if digest else None), _stored_rows(con)
    except sqlite3.Error:
        return None, None


def _stored_rows(con: sqlite3.Connection) -> Rows | None:
    try:
        signature = con.execute("select signature from meta").fetchone()
        version, fields, digest = json.loads(signature[0])
        if version != CACHE_VERSION or digest != source_digest() or not all(isinstance(f, str) for f in fields):
            return None
        rows = {p: (m, s, t) for p, m, s, t in con.execute("select * from files")}
    except (sqlite3.Error, TypeError, ValueError):
        return None
    return fields, rows


SETTINGS_TABLE = "create table if not exists settings (digest text primary key, data text)"


def settings_digest(config: bytes) -> str:
    """What validated settings are kept by: the bytes of ``shelf.toml`` and the rules that
    validated them (``config.py``)."""
    return hashlib.sha256(config + source_digest(SETTINGS_RULES).encode()).hexdigest()


def _stored_settings(con: sqlite3.Connection, digest: str) -> dict[str, Any] | None:
    try:
        row = con.execute("select data from settings where digest = ?", (digest,)).fetchone()
        data = json.loads(row[0]) if row else None
    except (sqlite3.Error, TypeError, ValueError):  # no settings kept yet: no such table
        return None
    return data if isinstance(data, dict) else None


def keep_settings(path: Path, digest: str, data: dict[str, Any]) -> None:
    """Keep the validated settings of a ``shelf.toml`` (by its digest) beside the papers; a cache
    that cannot be written only costs a validation next time."""
    with contextlib.suppress(sqlite3.Error, OSError), _connect(path) as con:
        con.execute(SETTINGS_TABLE)
        con.execute("insert or replace into settings values (?, ?)", (digest, json.dumps(data)))
