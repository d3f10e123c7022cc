"""User-facing errors: every problem a curator can cause is one of these, never a traceback."""

from __future__ import annotations

from pathlib import Path


class PapershelfError(Exception):
    """A problem with the user's input: carries where it is and what to do about it."""

    def __init__(self, message: str, *, file: str | Path | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class ShelfNotFound(PapershelfError):
    """No shelf.toml in the given folder or any parent."""


class PaperNotFound(PapershelfError):
    """An id given on the command line is not on the shelf."""
