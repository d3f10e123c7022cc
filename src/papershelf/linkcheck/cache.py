"""Link-check outcomes in the shared response cache (:mod:`papershelf.net.cache`), one row per URL."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

PREFIX = "LINK "


class LinkCache:
    """Outcomes by URL. ``get`` returns only those younger than ``ttl`` seconds (any age with
    ``any_age``); ``seen`` tells whether a URL was ever checked (for ``--only-new``)."""

    def __init__(self, path: Path | None, ttl: float = 7 * 24 * 3600) -> None:
        self.path = path
        self.ttl = ttl
        from ..net.cache import ResponseCache  # here: a check without a cache loads no SQLite

        self.cache = ResponseCache(path)

    def get(self, url: str, any_age: bool = False):
        from .checker import Outcome

        row = self.cache.get(PREFIX + url, max_age=self.ttl)
        if row is None or (row.expired and not any_age):
            return None
        try:
            data = json.loads(row.body)
            if not isinstance(data, dict):
                return None
            names = {f.name for f in fields(Outcome)}
            outcome = Outcome(**{k: v for k, v in data.items() if k in names})
        except (ValueError, TypeError):
            return None
        outcome.from_cache = True
        return outcome

    def seen(self, url: str) -> bool:
        return self.cache.get(PREFIX + url) is not None

    def put_many(self, outcomes) -> None:
        from .checker import Outcome

        names = [f.name for f in fields(Outcome) if f.name != "from_cache"]  # each value a str, number or None
        rows = [(PREFIX + o.url, o.code or 0, json.dumps({k: getattr(o, k) for k in names}).encode())
                for o in outcomes]
        self.cache.put_many(rows, "link")
        self.cache.flush()

    def close(self) -> None:
        self.cache.close()
