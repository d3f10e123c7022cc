"""The one network layer: enrichment and link checking both talk HTTP through it.

- :class:`Client` (``client.py``): the User-Agent, per-host (or per-API) limits, retries and the
  bounds on time, body size and redirects; failures are :class:`NetError` with a clear message.
- :class:`Limiter` and :func:`retry_after` (``limits.py``), :class:`RetryPolicy` (``retry.py``,
  on stamina), bounded decompression (``decode.py``), HTTP/1.1 over httptools (``transport.py``),
  :func:`run`, the event loop of every network run (``loop.py``: uvloop where installed).
- :class:`ResponseCache` (``cache.py``): SQLite, a lifetime per kind of answer; its file is
  :func:`cache_path` of the shelf.
"""

from ..lazy import lazy_exports

# Each name's module, imported on first use: a link check without a cache never loads the
# cache's SQLite and hashing modules (a curator waits for every start-up millisecond).
_HOMES = {
    "cache": ("TTL", "ResponseCache", "cache_key", "cache_path"),
    "client": ("Bounds", "Client", "Response", "origin", "user_agent", "with_params"),
    "limits": ("Limiter", "retry_after"),
    "loop": ("run",),
    "retry": ("BadEncoding", "BadURL", "ConnectFailed", "NetError", "ProtocolError", "RateLimited", "RetryPolicy",
              "TimedOut", "TooLarge", "TooManyRedirects"),
}
__all__ = sorted(name for names in _HOMES.values() for name in names)
__getattr__ = lazy_exports(__name__, _HOMES)
