"""A SQLite cache of API responses, with a time-to-live per kind of answer.

Metadata barely changes, so it is kept long; citation counts move, so they are kept briefly;
"not found" answers are kept briefly too, so that a paper added to an index later is found.
The cache lives in the shelf's state folder (``.papershelf/enrich-cache.sqlite``, git-ignored).
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

DAY = 86400.0
TTL = {
    "metadata": 30 * DAY,
    "citations": 1 * DAY,
    "missing": 3 * DAY,
}


@dataclass(frozen=True)
class CachedResponse:
    status: int
    body: bytes
    fetched: float
    expired: bool


def cache_key(method: str, url: str, body: bytes | None = None) -> str:
    """A stable key for one request (the body of a POST is part of it)."""
    digest = hashlib.sha256(body or b"").hexdigest()[:16] if body else ""
    return f"{method.upper()} {url} {digest}".rstrip()


class ResponseCache:
    """``get``/``put`` raw responses by request key; writes are committed in small batches."""

    def __init__(self, path: Path, now=time.time) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._now = now
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, status INTEGER NOT NULL,"
                         " body BLOB NOT NULL, fetched REAL NOT NULL, ttl REAL NOT NULL)")
        self._pending = 0
        self._db.execute("BEGIN")

    def get(self, key: str) -> CachedResponse | None:
        row = self._db.execute("SELECT status, body, fetched, ttl FROM responses WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        status, body, fetched, ttl = row
        return CachedResponse(status, bytes(body), fetched, self._now() - fetched > ttl)

    def put(self, key: str, status: int, body: bytes, kind: str = "metadata") -> None:
        self._db.execute("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?)",
                         (key, status, body, self._now(), TTL[kind]))
        self._pending += 1
        if self._pending >= 200:
            self.flush()

    def flush(self) -> None:
        if self._db.in_transaction:
            self._db.execute("COMMIT")
        self._pending = 0
        self._db.execute("BEGIN")

    def clear(self) -> int:
        count = self._db.execute("DELETE FROM responses").rowcount
        self.flush()
        return count

    def close(self) -> None:
        if self._db.in_transaction:
            self._db.execute("COMMIT")
        self._db.close()

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
