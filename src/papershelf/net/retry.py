"""The one retry policy (stamina): which failures are worth another attempt, and how long to wait.

A timeout, a dropped connection or a 5xx is retried after an exponential backoff; a ``429`` (or
a ``503`` with ``Retry-After``) pushes the whole host back by the time the server asked for,
then is retried without a backoff of its own. A server asking for more than
``max_retry_after`` seconds is not waited for.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
# stamina logs each scheduled retry as a warning; without a handler Python would print it
# on stderr in the middle of a progress bar. Applications that configure logging still get it.
logging.getLogger("stamina").addHandler(logging.NullHandler())


class NetError(Exception):
    """A request that did not give a usable answer; ``transient`` failures may be retried."""

    transient = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TimedOut(NetError):
    transient = True


class ConnectFailed(NetError):
    """No connection (refused, unknown host, TLS): not retried, the host is not there now."""


class ProtocolError(NetError):
    transient = True


class RateLimited(NetError):
    """The server asked to wait longer than we will, or kept saying 429."""

    def __init__(self, message: str, status: int, wait: float) -> None:
        super().__init__(message)
        self.status, self.wait = status, wait


class TooManyRedirects(NetError):
    pass


class TooLarge(NetError):
    pass


class BadEncoding(NetError):
    pass


class BadURL(NetError):
    pass


class RetryStatus(NetError):
    """A response worth asking again for (429, 5xx). ``paused``: the host was pushed back."""

    transient = True

    def __init__(self, response, paused: bool) -> None:
        super().__init__(f"HTTP {response.status}")
        self.response, self.paused = response, paused


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 2                  # extra attempts after a timeout, connection error, 5xx or 429
    backoff: float = 0.5              # first wait; doubles each time
    max_backoff: float = 8.0
    max_retry_after: float = 60.0     # a longer Retry-After gives up instead of waiting

    def _hook(self, exc: Exception) -> bool | float:
        if isinstance(exc, RetryStatus) and exc.paused:
            return 0.0                # the host's limiter holds the request back
        return isinstance(exc, NetError) and exc.transient

    async def run(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """``await attempt()`` until it succeeds, fails for good or the attempts run out; the last
        failure is raised.

        Most requests succeed at once, and setting up stamina's loop costs about 0.1 ms, as much as
        the request itself (importing it, 20 ms); so the first attempt runs bare, and its failure
        is handed to stamina as the outcome of stamina's own first attempt, which decides from
        there."""
        try:
            return await attempt()
        except NetError as exc:
            if not exc.transient or self.retries == 0:
                raise
            failures = [exc]

        import stamina

        async def again() -> T:
            if failures:
                raise failures.pop()
            return await attempt()

        async for retry in stamina.retry_context(on=self._hook, attempts=self.retries + 1, timeout=None,
                                                 wait_initial=self.backoff, wait_max=self.max_backoff,
                                                 wait_jitter=self.backoff / 4):
            with retry:
                return await again()
        raise AssertionError("unreachable: stamina raises the last failure")
