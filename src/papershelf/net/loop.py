"""The event loop every network run of papershelf goes through.

uvloop (libuv) where it is installed (every platform but Windows): on the 2,000-link loopback
benchmark it spent about a quarter less CPU per request than asyncio's own loop (BENCHMARKS.md),
and a link check's requests go out in bursts, so CPU per request is time. asyncio's loop otherwise.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def loop_factory():
    """``uvloop.new_event_loop`` when uvloop can be imported, else None (asyncio's loop)."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def run(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coro)`` on the loop :func:`loop_factory` names."""
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(coro)
