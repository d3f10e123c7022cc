"""The application layer: the use cases the CLI, the browser editor and scripts share, as typed
functions on a ``Shelf``. Nothing here parses arguments or prints; every rule lives here once."""

from importlib import import_module

__all__ = ["Conflict", "papers", "version"]


def __getattr__(name: str):
    """``papers``, ``Conflict`` and ``version`` on first use: they import the Paper model (pydantic),
    which a use case such as ``links`` does not need (see :mod:`papershelf`)."""
    if name == "papers":
        return import_module(f"{__name__}.papers")
    if name in ("Conflict", "version"):
        return getattr(import_module(f"{__name__}.versions"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
