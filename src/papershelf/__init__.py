"""papershelf: a research reading list as structured data, a command line and a fast website.

Reading is ``Shelf.find()``, ``shelf.query(...)``, ``shelf.get(...)``; everything the CLI and the
browser editor change goes through the application layer, ``papershelf.app`` (``papers.mark``,
``add.add_by_identifier``, ``imports.import_papers``, ``lint.lint``, ``enrich.plan``…).
"""

from .errors import PaperNotFound, PapershelfError, ShelfNotFound
from .lazy import lazy_exports

__all__ = ["Paper", "PaperNotFound", "PapershelfError", "Query", "Shelf", "ShelfNotFound"]
__version__ = "0.1.0"
# Paper, Query and Shelf on first use: they import pydantic and the YAML readers, about half the
# start-up of a command that needs none of them (check-links on a warm shelf, see shelf/records.py).
__getattr__ = lazy_exports(__name__, {"model": ("Paper",), "shelf": ("Query", "Shelf")})
