"""``import --dates-from-git``: date each imported entry by the commit that first added it.

The file's history is read with ``git log --follow`` (oldest first, through renames) and every
version's text with one ``git cat-file --batch``. An entry is first seen in the oldest version
whose text holds its title (normalised, so wrapping, case and punctuation do not matter), or else
one of its links; its ``added`` date is that commit's author date. Later edits of the line (a star,
a fixed link) do not move the date, as they would with a plain ``git blame``. An entry found in no
commit (not yet committed) keeps the import's date and is reported.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import PapershelfError
from ..findings import Finding
from ..model import Paper, normalise_title


@dataclass(frozen=True)
class Version:
    commit: str
    date: dt.date
    path: str  # the file's path in that commit (it may have been renamed since)


def run_git(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """``git ARGS`` run in ``cwd``, its output captured; without git installed, one clear error."""
    try:
        return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise PapershelfError("dating from git history (--dates-from-git) needs the git command, and it is not installed") from None


def _git(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    done = run_git(args, cwd, stdin)
    if done.returncode:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise PapershelfError(f"git {args[0]} failed: {message[-1] if message else done.returncode}", file=cwd)
    return done.stdout


def history(path: Path) -> list[Version]:
    """The committed versions of ``path``, oldest first."""
    path = path.resolve()
    if not path.is_file():
        raise PapershelfError("no such file", file=path)
    folder = path.parent
    inside = run_git(["rev-parse", "--is-inside-work-tree"], folder)
    if inside.returncode or inside.stdout.strip() != b"true":
        raise PapershelfError("the file is not in a git repository", file=path,
                              hint="--dates-from-git reads the file's history: import it from a clone of its repository")
    out = _git(["log", "--follow", "--format=%x00%H %aI", "--name-only", "--", path.name], folder).decode()
    versions = []
    for block in out.split("\x00")[1:]:
        lines = [line for line in block.splitlines() if line.strip()]
        commit, stamp = lines[0].split(" ", 1)
        if len(lines) > 1:
            versions.append(Version(commit, dt.date.fromisoformat(stamp[:10]), lines[-1]))
    if not versions:
        raise PapershelfError("the file has no committed history", file=path,
                              hint="commit it first, or import without --dates-from-git")
    return versions[::-1]


def texts(path: Path, versions: list[Version]) -> list[str]:
    """Each version's text, read in one ``git cat-file --batch``."""
    request = "".join(f"{v.commit}:{v.path}\n" for v in versions).encode()
    out = _git(["cat-file", "--batch"], path.resolve().parent, stdin=request)
    found, pos = [], 0
    for _ in versions:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        if len(header) < 3 or header[1] != b"blob":
            found.append("")
            pos = header_end + 1
            continue
        size = int(header[2])
        found.append(out[header_end + 1: header_end + 1 + size].decode("utf-8", errors="replace"))
        pos = header_end + 1 + size + 1
    return found


def _needles(paper: Paper) -> tuple[str, list[str]]:
    links = [f" {normalise_title(u)} " for u in paper.links.values() if u]
    return f" {normalise_title(paper.title)} ", links


def first_added(path: Path, papers: list[Paper]) -> dict[str, dt.date]:
    """Paper id → the date of the oldest commit whose version of ``path`` holds the paper."""
    versions = history(path)
    normalised = [f" {normalise_title(t)} " for t in texts(path, versions)]
    dates: dict[str, dt.date] = {}
    for paper in papers:
        title, links = _needles(paper)
        hit = next((v for v, text in zip(versions, normalised) if title in text), None)
        if hit is None and links:
            hit = next((v for v, text in zip(versions, normalised) if any(u in text for u in links)), None)
        if hit is not None:
            dates[paper.id] = hit.date
    return dates


def date_from_git(path: Path, papers: list[Paper]) -> tuple[list[Paper], list[Finding]]:
    """The papers with ``added`` set from the file's history, and a warning (GIT001) for each
    paper found in no commit (it keeps the import's date)."""
    dates = first_added(path, papers)
    dated = [p.model_copy(update={"added": dates[p.id]}) if p.id in dates else p for p in papers]
    findings = [Finding("GIT001", "warning", f"{p.title!r} is in no commit of the file's history (not committed "
                        f"yet?): dated {p.added} instead", file=str(path), paper=p.id)
                for p in papers if p.id not in dates]
    return dated, findings
