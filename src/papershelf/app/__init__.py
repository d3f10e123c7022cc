"""The application layer: the use cases the CLI, the browser editor and scripts share, as typed
functions on a ``Shelf``. Nothing here parses arguments or prints; every rule lives here once."""

from ..lazy import lazy_exports

__all__ = ["Conflict", "papers", "version"]
# On first use: they import the Paper model (pydantic), which a use case such as links does not need.
__getattr__ = lazy_exports(__name__, {"papers": ("papers",), "versions": ("Conflict", "version")})
