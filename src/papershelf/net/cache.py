"""The one response cache: SQLite rows by request key, each with the lifetime of its kind.

Metadata barely changes, so it is kept long; citation counts move, so they are kept briefly;
"not found" answers are kept briefly too, so that a paper added to an index later is found;
link-check outcomes live as long as the caller says (``check-links --ttl``). A cache file that
cannot be read is replaced by an empty one, never trusted.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

DAY = 86400.0
TTL = {
    "metadata": 30 * DAY,
    "missing": 3 * DAY,
    "citations": 1 * DAY,
    "link": 7 * DAY,
}
CACHE_NAME = "http-cache.sqlite"
SCHEMA = ("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, kind TEXT NOT NULL, status INTEGER NOT NULL,"
          " body BLOB NOT NULL, fetched REAL NOT NULL, ttl REAL NOT NULL)")


def cache_path(shelf) -> Path:
    """Where a shelf's response cache lives (the shelf's folder in the user's cache folder, see
    :func:`papershelf.shelf.cache_dir`): the one place to change it."""
    from ..shelf import cache_dir

    return cache_dir(shelf) / CACHE_NAME


@dataclass(frozen=True)
class Cached:
    status: int
    body: bytes
    fetched: float
    expired: bool


def cache_key(method: str, url: str, body: bytes | None = None) -> str:
    """A stable key for one request (the body of a POST is part of it)."""
    digest = hashlib.sha256(body).hexdigest()[:16] if body else ""
    return f"{method.upper()} {url} {digest}".rstrip()


def _open(path: Path | None) -> sqlite3.Connection:
    if path is None:
        return sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(SCHEMA)
    db.execute("SELECT key, kind, status, body, fetched, ttl FROM responses LIMIT 1").fetchall()
    return db


class ResponseCache:
    """``get``/``put`` responses by key; writes are committed in batches (and by ``flush``).

    ``path=None`` keeps the cache in memory for one run."""

    def __init__(self, path: Path | None, now: Callable[[], float] = time.time) -> None:
        self.path = path
        self._now = now
        try:
            self._db = _open(path)
        except (sqlite3.Error, OSError):
            self._db = self._replace()
        self._pending = 0

    def _replace(self) -> sqlite3.Connection:
        """A damaged or foreign file: start afresh (in memory when even that fails)."""
        try:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return _open(self.path)
        except (sqlite3.Error, OSError):
            return _open(None)

    def get(self, key: str, max_age: float | None = None) -> Cached | None:
        """The row for ``key`` (``expired`` by its kind's lifetime, or by ``max_age`` if given)."""
        try:
            row = self._db.execute("SELECT status, body, fetched, ttl FROM responses WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        status, body, fetched, ttl = row
        age = self._now() - fetched
        return Cached(status, bytes(body), fetched, age > (ttl if max_age is None else max_age))

    def put(self, key: str, status: int, body: bytes, kind: str = "metadata", *, fetched: float | None = None) -> None:
        self.put_many([(key, status, body)], kind, fetched=fetched)

    def put_many(self, rows: Iterable[tuple[str, int, bytes]], kind: str, *, fetched: float | None = None) -> None:
        when = self._now() if fetched is None else fetched
        data = [(key, kind, status, body, when, TTL[kind]) for key, status, body in rows]
        try:
            if not self._db.in_transaction:
                self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?)", data)
        except sqlite3.Error:
            return
        self._pending += len(data)
        if self._pending >= 200:
            self.flush()

    def flush(self) -> None:
        try:
            if self._db.in_transaction:
                self._db.execute("COMMIT")
        except sqlite3.Error:
            pass
        self._pending = 0

    def close(self) -> None:
        self.flush()
        self._db.close()

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
