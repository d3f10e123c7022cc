"""The editor's view of the shelf: every paper by id and the file it is in, without reloading
the whole shelf after each of the editor's own writes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..model import Paper


class PaperIndex:
    """The shelf's papers by id with the file each is in, kept current after the editor's own
    writes and reloaded (lazily) when the server's watcher reports a change someone else made.

    Reloading a 100,000-paper shelf takes about half a second (seconds on a busy machine,
    holding the editor's lock while the rebuild waits): an edit must not pay that, and a change
    made elsewhere re-reads only the files it touched.
    """

    def __init__(self, shelf) -> None:
        self.shelf = shelf
        self._papers: dict[str, Paper] | None = None
        self._files: dict[str, Path] = {}
        self.ours: dict[Path, str] = {}  # file -> digest of the content the editor wrote last
        self._changed: set[Path] = set()  # files someone else changed since they were read

    def papers(self) -> dict[str, Paper]:
        if self._papers is None:
            self.shelf.invalidate()
            papers = self.shelf.papers
            self._files = {p.id: self.shelf.where_file(p.id) for p in papers}
            self._papers = {p.id: p for p in papers}
            self._changed = set()
        elif self._changed:
            self._reread()
        return self._papers

    def _reread(self) -> None:
        """Read again the files someone else changed (and forget deleted ones); paths that are
        no paper file (a page, shelf.toml) are left out. A duplicate id: the full load reports it."""
        assert self._papers is not None
        changed, self._changed = self._changed, set()
        current = set(self.shelf.files())
        for paper_id in [i for i, path in self._files.items() if path in changed]:
            del self._papers[paper_id], self._files[paper_id]
        for path in changed & current:
            for paper in self.shelf.read_file(path):
                if paper.id in self._papers:
                    self.stale()
                    self.papers()
                    return
                self._papers[paper.id] = paper
                self._files[paper.id] = path

    def file_of(self, paper_id: str) -> Path:
        self.papers()
        return self._files[paper_id]

    def wrote(self, changed: list[Paper] = (), removed: list[str] = (), file: Path | None = None) -> None:
        """Record the editor's own write: the papers as written, and the file's new content."""
        papers = self.papers()
        files = {self._files[i] for i in removed if i in self._files}
        for paper_id in removed:
            papers.pop(paper_id, None)
            self._files.pop(paper_id, None)
        for paper in changed:
            papers[paper.id] = paper
            if paper.id not in self._files:
                self._files[paper.id] = Path(file) if file else self.shelf.default_file(paper)
            files.add(self._files[paper.id])
        for path in files:
            self.ours[path.resolve()] = _digest(path)

    def changed(self, paths: list[Path]) -> bool:
        """The watcher saw these files change: True if all of them hold what the editor wrote
        (the page already shows it); otherwise the index is reloaded on next use."""
        mine = all(p.resolve() in self.ours and self.ours[p.resolve()] == _digest(p) for p in paths)
        if not mine:
            if self.shelf.config_path in paths:  # the papers folder itself may have moved
                self.stale()
            else:
                self._changed.update(paths)
        return mine

    def stale(self) -> None:
        self._papers = None


def _digest(path: Path) -> str:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return ""
