"""The application layer: the use cases the CLI, the browser editor and scripts share, as typed
functions on a ``Shelf``. Nothing here parses arguments or prints; every rule lives here once."""

from . import papers
from .versions import Conflict, version

__all__ = ["Conflict", "papers", "version"]
