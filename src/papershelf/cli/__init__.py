"""The `papershelf` command: a thin skin over the Python API (one small function per command)."""

from __future__ import annotations

import sys

from .app import app

# Command modules register themselves on ``app`` when imported.
from . import papers as _papers  # noqa: E402,F401
from . import transfer as _transfer  # noqa: E402,F401
from . import site as _site  # noqa: E402,F401
from . import enrich as _enrich  # noqa: E402,F401
from . import lint as _lint  # noqa: E402,F401


def main(argv: list[str] | None = None) -> int:
    """Entry point: user errors become one clear message and exit status 1, never a traceback."""
    from ..errors import PapershelfError

    try:
        code = app(args=argv, standalone_mode=False)
        if isinstance(code, int) and code:  # typer.Exit(n) is returned, not raised, here
            return code
    except PapershelfError as exc:
        from rich.console import Console
        from rich.markup import escape

        Console(stderr=True, highlight=False, soft_wrap=True).print(f"[bold red]error:[/] {escape(str(exc))}")
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # click's own usage errors and aborts
        import click

        if isinstance(exc, click.exceptions.Exit):
            return exc.exit_code
        if isinstance(exc, click.ClickException):
            exc.show()
            return exc.exit_code
        if isinstance(exc, click.exceptions.Abort):
            print("aborted", file=sys.stderr)
            return 1
        raise
    return 0


def run() -> None:
    sys.exit(main())
