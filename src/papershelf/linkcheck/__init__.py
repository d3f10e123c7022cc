"""Link checking: does every link of the shelf still lead where it should?

``check_shelf(shelf, settings)`` checks every link over HTTP (async, through
:mod:`papershelf.net`) and returns one
:class:`LinkResult` per paper link: ``ok``, ``redirected`` (a permanent redirect, with the
suggested replacement), ``broken`` (4xx/5xx, unreachable, timed out), ``mismatched`` (a paper
link whose landing page names another paper, or an arXiv/OpenReview/DOI link whose page is
not a paper at all) or ``skipped`` (the run's time ran out, or a host asked to wait too long).

How it treats hosts (the rules live in :mod:`papershelf.net`): at most ``per_host`` requests
in flight to one host (host:port), an optional politeness ``delay`` between request starts to
one host, ``429`` pauses the whole host for its ``Retry-After``; HEAD first (GET where the page
itself is needed, or when a server refuses HEAD), redirects followed one hop at a time so each
is seen, timeouts, dropped connections and 5xx retried with exponential backoff, bodies read
only up to ``max_bytes`` (after decompression), and a time limit per request and for the whole run.

Results are cached in the shared response cache (:func:`papershelf.net.cache_path`) for ``ttl`` seconds,
so a second run within the TTL makes no request; transient failures (timeouts, 5xx, 429) are
not cached. ``only_new`` checks only URLs the cache has never seen.
"""

from .cache import LinkCache
from .checker import LinkResult, Outcome, Settings, Summary, apply_suggestions, check_shelf, check_urls

__all__ = ["LinkCache", "LinkResult", "Outcome", "Settings", "Summary", "apply_suggestions", "check_shelf",
           "check_urls"]
