"""The one network layer: enrichment and link checking both talk HTTP through it.

- :class:`Client` (``client.py``): the User-Agent, per-host (or per-API) limits, retries and the
  bounds on time, body size and redirects; failures are :class:`NetError` with a clear message.
- :class:`Limiter` and :func:`retry_after` (``limits.py``), :class:`RetryPolicy` (``retry.py``,
  on stamina), bounded decompression (``decode.py``), HTTP/1.1 over httptools (``transport.py``),
  :func:`run`, the event loop of every network run (``loop.py``: uvloop where installed).
- :class:`ResponseCache` (``cache.py``): SQLite, a lifetime per kind of answer; its file is
  :func:`cache_path` of the shelf.
"""

from .cache import TTL, ResponseCache, cache_key, cache_path
from .client import Bounds, Client, Response, origin, user_agent, with_params
from .limits import Limiter, retry_after
from .loop import run
from .retry import (BadEncoding, BadURL, ConnectFailed, NetError, ProtocolError, RateLimited, RetryPolicy, TimedOut,
                    TooLarge, TooManyRedirects)

__all__ = ["TTL", "BadEncoding", "BadURL", "Bounds", "Client", "ConnectFailed", "Limiter", "NetError", "ProtocolError",
           "RateLimited", "Response", "ResponseCache", "RetryPolicy", "TimedOut", "TooLarge", "TooManyRedirects",
           "cache_key", "cache_path", "origin", "retry_after", "run", "user_agent", "with_params"]
