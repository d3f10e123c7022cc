"""The Typer application and what every command shares: finding the shelf, printing, errors.

Command modules import ``app`` from here and register themselves; heavy libraries are imported
inside command functions so that start-up stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    name="papershelf",
    help="Turn a research reading list into structured data, a command line and a fast website.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

ShelfOption = Annotated[
    Optional[Path],
    typer.Option("--shelf", help="Shelf folder (default: the nearest folder upward holding shelf.toml).",
                 envvar="PAPERSHELF_SHELF", show_default=False),
]


@app.callback()
def _global_options(
    shelf: Annotated[Optional[Path], typer.Option(
        "--shelf", help="Shelf folder for every command (same as each command's --shelf).", show_default=False)] = None,
) -> None:
    """Turn a research reading list into structured data, a command line and a fast website."""
    if shelf is not None:
        import os

        os.environ["PAPERSHELF_SHELF"] = str(shelf)


def open_shelf(shelf: Path | None):
    """The shelf named by ``--shelf`` or found upward from the working directory."""
    from ..shelf import Shelf

    return Shelf.find(shelf)


def open_records(shelf: Path | None):
    """The shelf's papers as plain records (id, title, links) from the parse cache, for a command
    that reads nothing else (see :mod:`papershelf.shelf.records`)."""
    from ..shelf.records import ShelfRecords

    return ShelfRecords.find(shelf)


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def plain(text: object) -> str:
    """Untrusted text (anything from a shelf, a file or a server) for a rich ``print``: control
    characters made visible, markup brackets escaped, so it prints as exactly that text."""
    from rich.markup import escape

    from ..safetext import printable

    return escape(printable(str(text)))


def interactive() -> bool:
    """Whether a person can answer a question (stdin is a terminal)."""
    import sys

    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def say(message: str) -> None:
    """A status line for people, on stderr, so stdout stays clean for pipes. ``message`` is rich
    markup: wrap every untrusted part in :func:`plain`."""
    console(stderr=True).print(message)
