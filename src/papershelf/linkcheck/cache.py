"""The link checker's SQLite cache: one row per URL, fresh for a time-to-live."""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import asdict, fields
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS outcomes (
    url TEXT PRIMARY KEY,
    checked_at REAL NOT NULL,
    data TEXT NOT NULL
)
"""


class LinkCache:
    """Outcomes by URL. ``get`` returns only fresh ones; ``seen`` tells whether a URL was ever
    checked (for ``--only-new``). A cache that cannot be opened acts as an empty one."""

    def __init__(self, path: Path | None, ttl: float = 7 * 24 * 3600) -> None:
        self.path = path
        self.ttl = ttl
        self.db: sqlite3.Connection | None = None
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(str(path))
                self.db.execute(SCHEMA)
            except (OSError, sqlite3.Error):
                self.db = None

    def _row(self, url: str):
        if self.db is None:
            return None
        try:
            return self.db.execute("SELECT checked_at, data FROM outcomes WHERE url = ?", (url,)).fetchone()
        except sqlite3.Error:
            return None

    def get(self, url: str, any_age: bool = False):
        from .checker import Outcome

        row = self._row(url)
        if row is None or (not any_age and time.time() - row[0] > self.ttl):
            return None
        try:
            data = json.loads(row[1])
            names = {f.name for f in fields(Outcome)}
            outcome = Outcome(**{k: v for k, v in data.items() if k in names})
        except (ValueError, TypeError):
            return None
        outcome.from_cache = True
        return outcome

    def seen(self, url: str) -> bool:
        return self._row(url) is not None

    def put_many(self, outcomes) -> None:
        if self.db is None:
            return
        rows = [(o.url, o.checked_at or time.time(), json.dumps({k: v for k, v in asdict(o).items()
                                                                  if k != "from_cache"}))
                for o in outcomes]
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO outcomes (url, checked_at, data) VALUES (?, ?, ?)", rows)
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
