"""papershelf: a research reading list as structured data, a command line and a fast website.

Reading is ``Shelf.find()``, ``shelf.query(...)``, ``shelf.get(...)``; everything the CLI and the
browser editor change goes through the application layer, ``papershelf.app`` (``papers.mark``,
``add.add_by_identifier``, ``imports.import_papers``, ``lint.lint``, ``enrich.plan``…).
"""

from importlib import import_module

from .errors import PaperNotFound, PapershelfError, ShelfNotFound

__all__ = ["Paper", "PaperNotFound", "PapershelfError", "Query", "Shelf", "ShelfNotFound"]
__version__ = "0.1.0"


def __getattr__(name: str):
    """``Paper``, ``Query`` and ``Shelf`` on first use: they import pydantic and the YAML readers,
    about half the start-up of a command that needs none of them (``check-links`` on a warm
    shelf, see :mod:`papershelf.shelf.records`)."""
    if name == "Paper":
        return import_module(f"{__name__}.model").Paper
    if name in ("Query", "Shelf"):
        return getattr(import_module(f"{__name__}.shelf"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
