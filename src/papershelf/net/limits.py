"""How fast one host (or one API) may be asked: requests in flight and an interval between
request starts, pushed back when the server says ``Retry-After``.

The clock and the sleep are injectable, so tests check the waits without waiting.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import timezone

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


def retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date); ``None``
    when absent or unparsable (``"²"`` is a digit to ``str.isdigit`` but not a number)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    import email.utils  # an HTTP date is rare here; the module costs 5 ms of every start

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class Limiter:
    """At most ``concurrency`` requests in flight and one start every ``interval`` seconds;
    ``push_back(s)`` holds every request (waiting or new) until ``s`` seconds from now.

    Each request reserves the next free slot, so a thousand waiters cost one sleep each."""

    def __init__(self, concurrency: int = 8, interval: float = 0.0, *, clock: Clock = time.monotonic,
                 sleep: Sleep = asyncio.sleep) -> None:
        self.concurrency = max(1, concurrency)
        self.interval = interval
        self._sem = asyncio.Semaphore(self.concurrency)
        self._clock, self._sleep = clock, sleep
        self._next = 0.0
        self._paused = 0.0

    async def __aenter__(self) -> Limiter:
        await self._sem.acquire()
        if self.interval or self._paused:  # else no start has to wait: skip the clock (a link check's case)
            try:
                await self._turn()
            except BaseException:
                self._sem.release()
                raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._sem.release()

    async def _turn(self) -> None:
        while True:
            now = self._clock()
            slot = max(now, self._next, self._paused)
            self._next = slot + self.interval
            if slot > now:
                await self._sleep(slot - now)
            if self._paused <= self._clock():
                return
            # pushed back while we slept: this slot is void, take one after the pause

    def push_back(self, seconds: float) -> None:
        """The server asked us to wait: nothing starts before ``seconds`` from now."""
        self._paused = max(self._paused, self._clock() + seconds)
