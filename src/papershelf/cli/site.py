"""Commands that publish the shelf as a website: build, serve."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import ShelfOption, app, console, open_shelf, plain, say

EngineOption = Annotated[
    Optional[str],
    typer.Option("--engine", help="Site engine: zensical (default, measured faster) or mkdocs (Material for MkDocs).",
                 show_default=False),
]


def _builder(shelf, out: Path, engine: str | None):
    from ..site import DEFAULT_ENGINE, SiteBuilder

    return SiteBuilder(shelf, out=out, engine=engine or DEFAULT_ENGINE)


def _build_with_progress(builder) -> object:
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    steps = ["Loading the shelf", "Writing pages", "Building pages", "Writing paper data"]
    # refreshed at each step, not by a thread of its own: the build forks (site/relatedjob.py),
    # which is safe only while it runs no other thread
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=console(stderr=True), transient=True, auto_refresh=False) as progress:
        task = progress.add_task("Starting", total=len(steps))

        def step(name: str) -> None:
            done = next((i for i, s in enumerate(steps) if name.startswith(s)), 0)
            progress.update(task, description=name, completed=done, refresh=True)

        result = builder.build(step)
        progress.update(task, completed=len(steps))
    for warning in result.warnings:
        say(f"[yellow]warning:[/] {plain(warning)}")
    return result


def _summary(result) -> str:
    t = result.timings
    engine = f"{result.engine} {t.get('engine', 0):.1f}s" if result.engine_ran else f"{result.engine} not needed"
    size = f"{result.data_bytes / 1e6:.1f} MB" if result.data_bytes >= 1e6 else f"{result.data_bytes / 1e3:.0f} kB"
    return (f"{result.papers:,} papers, {result.pages} pages, {size} of paper data "
            f"in {result.seconds:.1f}s (load {t.get('load', 0):.1f}s, pages {t.get('pages', 0):.1f}s, {engine}, "
            f"lists {t.get('lists', 0):.1f}s, data {t.get('data', 0):.1f}s)")


@app.command()
def build(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the static site to (its content is "
                                      "replaced; it must be empty or an earlier build).")] = Path("site"),
    engine: EngineOption = None,
    shelf: ShelfOption = None,
) -> None:
    """Build the shelf's website: home, explorer, topic, taxonomy and venue pages, search, an Atom feed.

    The generated MkDocs-style project (mkdocs.yml + docs/) is written to the shelf's
    folder in the user cache (site-project/); the static site goes to --out and works from any file server,
    offline (nothing is loaded from another host).
    """
    s = open_shelf(shelf)
    builder = _builder(s, out, engine)
    result = _build_with_progress(builder)
    say(f"[green]built[/] {plain(result.out)}: {_summary(result)}")


@app.command()
def serve(
    port: Annotated[int, typer.Option("--port", "-p", help="Port to listen on (0: any free port).")] = 8000,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Folder for the built site (default: "
                                                "serve-site/ in the shelf's user cache folder).", show_default=False)] = None,
    engine: EngineOption = None,
    read_only: Annotated[bool, typer.Option("--read-only", help="Serve without the editing controls.")] = False,
    allow_edit: Annotated[bool, typer.Option("--allow-edit", help="Allow editing on a non-loopback --host "
                                             "(with the token the server prints).")] = False,
    shelf: ShelfOption = None,
) -> None:
    """Build the website and serve it as an editor of the shelf (on 127.0.0.1); rebuild the
    affected pages when a shelf file changes and reload the open browser pages. Stop with Ctrl+C."""
    from ..site.edithttp import is_loopback
    from ..site.serve import SiteServer

    s = open_shelf(shelf)
    builder = _builder(s, out or s.cache_dir / "serve-site", engine)
    result = _build_with_progress(builder)
    say(f"[green]built[/] {_summary(result)}")
    edit = not read_only and (is_loopback(host) or allow_edit)
    server = SiteServer(builder, host=host, port=port, edit=edit)
    server.start()
    say(f"[bold]serving[/] {server.url}  (watching {plain(str(s.root))}; Ctrl+C stops)")
    if edit and not is_loopback(host):
        say(f"[yellow]editing is open to anyone who can reach {plain(host)} and has this token:[/] "
            f"{server.editsite.editor.secret}")
    elif not edit and not read_only:
        say("[dim]read-only: editing on a non-loopback address needs --allow-edit[/]")

    def on_build(res, error, seconds: float) -> None:
        if error is not None:
            say(f"[red]rebuild failed:[/] {plain(str(error))}")
        else:
            what = ", ".join(res.changed_pages[:3] + res.changed_data[:3]) or "nothing changed"
            follow = "open pages change in place" if res.live is not None else "browsers reload"
            say(f"[green]rebuilt[/] in {seconds:.2f}s: {plain(what)}; {follow}")

    try:
        server.watch(on_build)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        say("stopped")
