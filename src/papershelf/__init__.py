"""papershelf: a research reading list as structured data, a command line and a fast website.

Reading is ``Shelf.find()``, ``shelf.query(...)``, ``shelf.get(...)``; everything the CLI and the
browser editor change goes through the application layer, ``papershelf.app`` (``papers.mark``,
``add.add_by_identifier``, ``imports.import_papers``, ``lint.lint``, ``enrich.plan``…).
"""

from .errors import PaperNotFound, PapershelfError, ShelfNotFound
from .model import Paper
from .shelf import Query, Shelf

__all__ = ["Paper", "PaperNotFound", "PapershelfError", "Query", "Shelf", "ShelfNotFound"]
__version__ = "0.1.0"
