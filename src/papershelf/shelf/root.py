"""Where a shelf is: its folder, its ``shelf.toml``, its papers folder and files. Shared by
:class:`~papershelf.shelf.core.Shelf` and the record reader (:mod:`papershelf.shelf.records`),
so both find the same shelf and refuse the same ones; nothing here imports pydantic."""

from __future__ import annotations

from pathlib import Path

from ..errors import PapershelfError, ShelfNotFound

CONFIG_NAME = "shelf.toml"


def shelf_root(root: str | Path) -> tuple[Path, Path]:
    """(the resolved folder, its ``shelf.toml``); ShelfNotFound when the folder has none."""
    folder = Path(root).resolve()
    config_path = folder / CONFIG_NAME
    if not config_path.is_file():
        raise ShelfNotFound(f"no {CONFIG_NAME} in {folder}", hint=f"create a shelf with `papershelf init {root}`")
    return folder, config_path


def find_root(explicit: str | Path | None = None, start: str | Path | None = None) -> str | Path:
    """``explicit``, else the nearest folder upward from ``start`` holding ``shelf.toml``."""
    if explicit is not None:
        return explicit
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ShelfNotFound(f"no {CONFIG_NAME} in {here} or any folder above it",
                        hint="pass --shelf DIR, or create a shelf with `papershelf init DIR`")


def check_papers_dir(root: Path, papers_dir: str, config_path: Path) -> None:
    """Refuse a ``papers_dir`` that leads out of the shelf (through a symbolic link, say)."""
    if not (root / papers_dir).resolve().is_relative_to(root):
        raise PapershelfError(f"papers_dir {papers_dir!r} is outside the shelf folder",
                              file=config_path, hint="papers_dir must name a folder inside the shelf")


def relative_to(root: Path, path: Path) -> str:
    """``path`` as messages name it: relative to the shelf folder ``root``, or whole when outside."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


YAML_SUFFIXES = (".yaml", ".yml")


def paper_files(papers_dir: Path, root: Path | None = None) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` under the papers folder, in a stable order. A file that is a
    link resolving outside the shelf folder ``root`` is refused: papershelf never follows links
    out of the shelf."""
    if not papers_dir.is_dir():
        return []
    found = sorted(p for p in papers_dir.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
    if root is not None:
        for path in found:
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                raise PapershelfError("this file links outside the shelf; papershelf does not follow links "
                                      "out of the shelf", file=path.relative_to(root),
                                      hint="copy the file into the shelf instead of linking to it")
    return found
