"""CI templates: ``papershelf init --ci github`` writes a GitHub Actions workflow that lints the
shelf on every pull request (annotations on the changed lines) and checks its links weekly."""

from __future__ import annotations

from pathlib import Path

from .errors import PapershelfError

KINDS = ("github",)

GITHUB_WORKFLOW = """\
# Written by `papershelf init --ci github`. Lints the reading list on every pull request and
# push to the default branch, and checks every link once a week (and on demand).
name: papershelf

on:
  pull_request:
  push:
    branches: [main, master]
  schedule:
    - cron: "17 5 * * 1"   # Mondays 05:17 UTC
  workflow_dispatch:

permissions:
  contents: read

jobs:
  lint:
    if: github.event_name != 'schedule'
    runs-on: ubuntu-latest
{setup}
      # GitHub annotations on the offending lines; fails the check on error-level findings
      - run: papershelf lint --shelf {shelf} --format github

  links:
    if: github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'
    runs-on: ubuntu-latest
{setup}
      # results stay fresh for a week: a re-run within the week asks only about new links
      - uses: actions/cache@v4
        with:
          path: ${{{{ runner.temp }}}}/papershelf-cache
          key: papershelf-links-${{{{ github.run_id }}}}
          restore-keys: papershelf-links-
      - run: papershelf check-links --shelf {shelf} --format github --run-timeout 1800
        env:  # papershelf's caches live outside the checkout: never read from a repository
          PAPERSHELF_CACHE_DIR: ${{{{ runner.temp }}}}/papershelf-cache
"""


def _repo_root(start: Path) -> Path:
    """The folder holding ``.git`` at or above ``start`` (the shelf itself when there is none)."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


SETUP = """\
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install {install}"""


def render_workflow(shelf_path: str = ".", install: str = "papershelf") -> str:
    return GITHUB_WORKFLOW.format(shelf=shelf_path, setup=SETUP.format(install=install))


def write_workflow(root: Path, kind: str) -> Path:
    """Write the CI workflow for the shelf at ``root``; returns the file written.

    The workflow goes to ``.github/workflows/papershelf.yml`` of the git repository holding the
    shelf (or of the shelf folder), and names the shelf by its path inside the repository.
    """
    from .shelf.atomic import atomic_write

    if kind not in KINDS:
        raise PapershelfError(f"unknown CI kind {kind!r}", hint=f"use one of: {', '.join(KINDS)}")
    root = Path(root).resolve()
    repo = _repo_root(root)
    shelf_path = root.relative_to(repo).as_posix() or "."
    target = repo / ".github" / "workflows" / "papershelf.yml"
    if target.exists():
        raise PapershelfError(f"{target} already exists", hint="remove it first to write a fresh one")
    atomic_write(target, render_workflow(shelf_path))
    return target
