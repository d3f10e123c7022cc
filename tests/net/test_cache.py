"""The one response cache: a lifetime per kind of answer, real SQLite files."""

from __future__ import annotations

from papershelf.net import TTL, ResponseCache, cache_key, cache_path

DAY = 86400.0


def test_each_kind_keeps_its_lifetime(tmp_path):
    now = [1_000_000.0]
    cache = ResponseCache(tmp_path / "c.sqlite", now=lambda: now[0])
    for kind in ("metadata", "missing", "citations", "link"):
        cache.put(kind, 200, kind.encode(), kind)
    cache.close()
    assert (TTL["metadata"], TTL["missing"], TTL["citations"], TTL["link"]) == (30 * DAY, 3 * DAY, DAY, 7 * DAY)
    now[0] += 2 * DAY
    cache = ResponseCache(tmp_path / "c.sqlite", now=lambda: now[0])
    fresh = {k: not cache.get(k).expired for k in ("metadata", "missing", "citations", "link")}
    assert fresh == {"metadata": True, "missing": True, "citations": False, "link": True}
    assert cache.get("link", max_age=DAY).expired      # the caller's own lifetime (check-links --ttl)
    assert cache.get("metadata").body == b"metadata" and cache.get("nothing") is None
    assert len(cache) == 4


def test_a_damaged_cache_file_is_replaced_not_trusted(tmp_path):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    cache = ResponseCache(path)
    assert cache.get("x") is None
    cache.put("x", 200, b"body")
    cache.close()
    assert ResponseCache(path).get("x").body == b"body"


def test_keys_and_path(shelf):
    assert cache_key("get", "https://x/y") == "GET https://x/y"
    assert cache_key("POST", "https://x/y", b"a") != cache_key("POST", "https://x/y", b"b")
    assert cache_path(shelf).parent == shelf.cache_dir and not cache_path(shelf).is_relative_to(shelf.root)
