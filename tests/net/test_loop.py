"""The event loop of network runs: uvloop where it can be imported, asyncio's own otherwise,
and the same client works on both."""

from __future__ import annotations

import asyncio
import sys

import pytest

from loopback import LoopbackServer
from papershelf.net import Client, loop, run


async def fetch_twice(url: str) -> tuple[type, list[int]]:
    async with Client() as client:
        statuses = [(await client.send("GET", url)).status, (await client.send("HEAD", url)).status]
    return type(asyncio.get_running_loop()), statuses


def test_runs_on_uvloop_where_installed():
    uvloop = pytest.importorskip("uvloop")
    with LoopbackServer() as srv:
        kind, statuses = run(fetch_twice(srv.url("/ok")))
    assert issubclass(kind, uvloop.Loop) and statuses == [200, 200]


def test_falls_back_to_asyncio_without_uvloop(monkeypatch):
    monkeypatch.setitem(sys.modules, "uvloop", None)  # what an import on a platform without it does
    assert loop.loop_factory() is None
    with LoopbackServer() as srv:
        kind, statuses = run(fetch_twice(srv.url("/301/ok")))
    assert issubclass(kind, asyncio.BaseEventLoop) and "uvloop" not in kind.__module__ and statuses == [200, 200]
