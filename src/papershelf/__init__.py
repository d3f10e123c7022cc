"""papershelf: a research reading list as structured data, a command line and a fast website.

Everything the CLI does is callable from here: ``Shelf.find()``, ``shelf.query(...)``,
``shelf.edit(...)``.
"""

from .errors import PaperNotFound, PapershelfError, ShelfNotFound
from .model import Paper
from .shelf import Query, Shelf

__all__ = ["Paper", "PaperNotFound", "PapershelfError", "Query", "Shelf", "ShelfNotFound"]
__version__ = "0.1.0"
