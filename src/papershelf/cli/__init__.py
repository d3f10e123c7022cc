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
from . import catalog as _catalog  # noqa: E402,F401
from . import discover as _discover  # noqa: E402,F401


def main(argv: list[str] | None = None) -> int:
    """Entry point: user errors become one clear message and exit status 1, never a traceback."""
    import os

    import typer

    from ..errors import PapershelfError

    try:
        code = _app_for(sys.argv[1:] if argv is None else argv)(args=argv, standalone_mode=False)
        if isinstance(code, int) and code:  # typer.Exit(n) is returned, not raised, here
            return code
    except PapershelfError as exc:
        _error(str(exc))
        return 1
    except typer.Exit as exc:
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        print("aborted", file=sys.stderr)
        return 130
    except Exception as exc:
        if callable(getattr(exc, "show", None)) and hasattr(exc, "exit_code"):  # usage errors
            exc.show()
            return exc.exit_code
        if os.environ.get("PAPERSHELF_DEBUG"):
            raise
        _error(f"internal error ({type(exc).__name__}: {exc}); this is a papershelf bug, please report it "
               "(PAPERSHELF_DEBUG=1 shows the traceback)")
        return 2
    return 0


def _app_for(args: list[str]):
    """The app with only the command ``args`` name (after the global ``--shelf``): Typer builds
    the parameters of every registered command on each run, about 25 ms of a one-command start.
    The whole app for help, a group (``catalog``) or a name it does not know."""
    import copy

    from typer.main import get_command_name

    rest = iter(args)
    for arg in rest:
        if arg == "--shelf":
            next(rest, None)
        elif not arg.startswith("--shelf="):
            break
    else:
        return app
    if arg.startswith("-"):
        return app
    for info in app.registered_commands:
        if info.callback is not None and (info.name or get_command_name(info.callback.__name__)) == arg:
            only = copy.copy(app)
            only.registered_commands, only.registered_groups = [info], []
            return only
    return app


def _error(message: str) -> None:
    from rich.console import Console

    from .app import plain

    Console(stderr=True, highlight=False, soft_wrap=True).print(f"[bold red]error:[/] {plain(message)}")


def run() -> None:
    """The console script. The objects made so far (modules, classes, schemas) live until the
    end: frozen, the garbage collector no longer walks them on each full collection. At the end
    everything is frozen, so the interpreter's last collections before exit walk nothing (they
    took about 30 ms of a link check). Python does not promise finalisers at exit anyway:
    papershelf closes its files and databases itself.

    The youngest generation is collected every 10,000 new objects instead of 700: a command's
    start-up makes tens of thousands of objects that live to the end (the modules it imports,
    pydantic's schemas, typer's parameters) and almost no garbage, and the default walked them
    in some 140 collections, 21 ms of a 2,000-link check's CPU (12 ms now)."""
    import gc

    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    code = main()
    gc.freeze()
    sys.exit(code)
