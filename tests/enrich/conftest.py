"""A fake API server for the enrich tests, and a shelf pointed at it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fake_api import FakeAPI  # noqa: E402


@pytest.fixture(scope="session")
def _server():
    api = FakeAPI().start()
    yield api
    api.stop()


@pytest.fixture
def api(_server, monkeypatch):
    """The running fake API (log and queues reset) with every source's base URL pointed at it and
    rate limits removed, so tests are fast."""
    _server.log.clear()
    _server._queued.clear()
    for key, value in _server.env().items():
        monkeypatch.setenv(key, value)
    for key in ("S2_API_KEY", "PAPERSHELF_S2_API_KEY", "OPENREVIEW_USERNAME", "OPENREVIEW_PASSWORD"):
        monkeypatch.delenv(key, raising=False)
    return _server


@pytest.fixture
def eshelf(shelf):
    """A shelf with a contact address and no rate limits (the fake server does not need them)."""
    text = shelf.config_path.read_text()
    text = text.replace('contact = ""', 'contact = "curator@example.org"')
    for name in ("arxiv", "s2", "dblp", "crossref", "openreview", "openreview_v1", "hf"):
        text += f"\n[sources.{name}]\nrate_limit = 0.0\n"
    shelf.config_path.write_text(text)
    from papershelf import Shelf

    return Shelf(shelf.root)
