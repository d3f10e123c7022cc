"""Building the site: generate the project, let the engine build the small pages, then add the
paper data, the assets and the feed.

    SiteBuilder(shelf, out=Path("site"), engine="zensical").build()

The generated project (``mkdocs.yml``, ``docs/``, ``overrides/``) lives in the shelf's cache
folder (``<user cache>/<shelf>-<hash>/site-project/``, see :func:`papershelf.shelf.cache_dir`),
never inside the shelf. Only files whose content
changed are rewritten, and the engine runs only when a page changed, so a rebuild after an edit
costs little (``serve`` relies on this).
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import operator
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import IO
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from ..errors import PapershelfError
from ..shelf.atomic import atomic_write
from ..model import Paper
from .data import DataMemo, SiteData, placement, safe_url
from .lists import LineCache, splice
from .schemes import NAME as NOSCRIPT_DARK, dark_rules, palette_href
from .pages import FEED_SIZE, SitePages, page_url
from .relatedjob import RelatedJob

ENGINES = ("zensical", "mkdocs")
# Measured (BENCHMARKS.md, "Publishing the website"): Zensical builds papershelf's pages faster
# than Material for MkDocs, and it is the maintained successor of Material for MkDocs.
DEFAULT_ENGINE = "zensical"
MARKER = ".papershelf-site"
ASSETS = ("papershelf.js", "papershelf.css")
# Edits to more papers than this make open pages reload instead of swapping lines in place.
LIVE_EDITS = 200


def _write_if_changed(path: Path, content: bytes) -> bool:
    try:
        if path.read_bytes() == content:
            return False
    except OSError:
        pass
    atomic_write(path, content, durable=False)  # a rebuildable output: no fsync per file
    return True


def check_out_dir(out: Path, shelf_root: Path) -> None:
    """Refuse to build into a folder holding anything but an earlier papershelf build: the
    engines empty their output folder first."""
    out = out.resolve()
    if out == shelf_root or out in shelf_root.parents:
        raise PapershelfError(f"refusing to build the site into {out}: it holds the shelf",
                              hint="pick an output folder of its own, e.g. --out site")
    if out.exists() and not out.is_dir():
        raise PapershelfError(f"{out} exists and is not a folder", hint="pick another --out")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise PapershelfError(f"{out} is not empty and was not built by papershelf",
                              hint="pick an empty or new folder for --out (the build replaces its content)")


def feed_xml(pages: SitePages, limit: int = FEED_SIZE) -> bytes:
    """Atom feed of the most recently added papers."""
    from feedgen.feed import FeedGenerator


    cfg = pages.config
    base = (safe_url(cfg.site_url) or "").rstrip("/")
    fg = FeedGenerator()
    fg.id(base + "/" if base else "urn:papershelf:" + (cfg.title or "reading-list").replace(" ", "-"))
    fg.title(cfg.title or "Reading list")
    fg.subtitle(cfg.description or "Recently added papers")
    if base:
        fg.link(href=base + "/", rel="alternate")
        fg.link(href=base + "/feed.xml", rel="self")
    fg.language("en")
    recent = pages.recent(limit)
    newest = recent[0].added if recent else dt.date.today()
    fg.updated(dt.datetime.combine(newest, dt.time(), tzinfo=dt.timezone.utc))
    for p in reversed(recent):
        entry = fg.add_entry()
        url = f"{base}/{pages.paper_url(p)}" if base else None
        entry.id(url or f"urn:papershelf:paper:{p.id}")
        entry.title(p.title)
        link = url or safe_url(p.links.get("paper"))
        if link:
            entry.link(href=link)
        for author in p.authors[:20]:
            entry.author(name=author)
        summary = " · ".join(str(x) for x in (p.venue, p.year) if x)
        entry.content((summary + ("\n\n" + p.abstract if p.abstract else "")) or p.title, type="text")
        stamp = dt.datetime.combine(p.added, dt.time(), tzinfo=dt.timezone.utc)
        entry.published(stamp)
        entry.updated(stamp)
    return fg.atom_str(pretty=True)


@dataclass
class Change:
    """What changed on the shelf since the last build."""

    dirty: set[str] | None  # ids of the papers that may differ (None: any may, a full build)
    before: list[Paper] | None = None  # the papers of the last build
    # id -> (before, after) when no paper came, went or moved: the edits are in place
    edited: dict[str, tuple[Paper, Paper]] | None = None


@dataclass
class BuildResult:
    out: Path
    engine: str
    papers: int
    pages: int
    data_bytes: int
    timings: dict[str, float] = field(default_factory=dict)
    engine_ran: bool = True
    changed_pages: list[str] = field(default_factory=list)
    changed_data: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # edits in place: {"ids": the edited papers, "pages": what open pages need to show them without
    # reloading (``SitePages.in_place``, by URL)}; None: every open page reloads
    live: dict | None = None

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())


class SiteBuilder:
    """Builds (and rebuilds) the site of one shelf."""

    def __init__(self, shelf, out: Path | str = "site", engine: str = DEFAULT_ENGINE,
                 project: Path | None = None, related: dict[str, list[str]] | None = None) -> None:
        if engine not in ENGINES:
            raise PapershelfError(f"unknown engine {engine!r}", hint=f"use one of {', '.join(ENGINES)}")
        self.shelf = shelf
        self.out = Path(out).resolve()
        self.engine = engine
        self.project = (project or shelf.cache_dir / "site-project").resolve()
        self.live_reload = False
        self._git_prefix: str | None = None
        # {paper id: [related ids]}: a "Related papers" list in each card; None: computed per build
        self.related = related
        self._slot_digests: dict[str, int] = {}  # page -> hash of its lists, as last spliced
        # kept between rebuilds (serve): rendered lines and encoded shards of unedited papers
        self._lines = LineCache()
        self._data_memo = DataMemo()
        self._stamps: dict[Path, tuple[int, int]] = {}
        self._reader = None  # the builder's own Shelf on the same folder (see reload)
        self._pages: SitePages | None = None  # the last build's pages, patched after edits in place
        self._feed = b""
        self._related_before: dict[str, list[str]] = {}  # the related lists of the last build
        self._related_ids: frozenset[str] = frozenset()  # the papers they were found for

    # -- steps ----------------------------------------------------------------------------

    def write_project(self, pages: SitePages) -> list[str]:
        """Write ``mkdocs.yml``, ``docs/`` and ``overrides/``; remove files no longer generated.
        Returns the paths that changed."""
        changed: list[str] = []
        docs = self.project / "docs"
        wanted: set[Path] = set()
        for rel, text in pages.files.items():
            if rel == "mkdocs.yml":  # Zensical reads the output folder from here
                text += f"site_dir: site\n# built with: {self.engine}\n"
            target = self.project / rel if rel == "mkdocs.yml" else docs / rel
            wanted.add(target)
            if _write_if_changed(target, text.encode("utf-8")):
                changed.append(rel)
        for rel, source in pages.extra_files.items():
            target = docs / rel
            wanted.add(target)
            if _write_if_changed(target, source.read_bytes()):
                changed.append(rel)
        package = resources.files("papershelf.site")
        for name in ASSETS:
            target = docs / "assets" / "papershelf" / name
            wanted.add(target)
            if _write_if_changed(target, (package / "static" / name).read_bytes()):
                changed.append(f"assets/papershelf/{name}")
        for name in ("main.html", "404.html"):  # the theme's frame, and the site's own 404 page
            target = self.project / "overrides" / name
            wanted.add(target)
            if _write_if_changed(target, (package / "templates" / name).read_bytes()):
                changed.append(f"overrides/{name}")
        for folder in (docs, self.project / "overrides"):
            for path in folder.rglob("*"):
                if path.is_file() and path not in wanted:
                    path.unlink()
                    changed.append(str(path.relative_to(self.project)))
        return changed

    def start_engine(self) -> tuple[subprocess.Popen, IO[str]]:
        """Start the engine on the project (its output goes to a temporary file, which no pipe
        can fill); ``finish_engine`` waits for it, while this process writes the paper data."""
        config = str(self.project / "mkdocs.yml")
        if self.engine == "zensical":
            cmd = [sys.executable, "-m", "zensical", "build", "-f", config]
        else:
            cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
        log = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
        try:
            return subprocess.Popen(cmd, cwd=self.project, stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, env=env), log
        except OSError:
            log.close()
            raise

    def finish_engine(self, started: tuple[subprocess.Popen, IO[str]]) -> None:
        proc, log = started
        with log:
            if proc.wait() != 0:
                log.seek(0)
                tail = "\n".join(log.read().strip().splitlines()[-15:])
                raise PapershelfError(f"{self.engine} failed to build the site:\n{tail}",
                                      file=self.project / "mkdocs.yml",
                                      hint="try the other engine with --engine, or report this")

    def related_lists(self, papers, dirty: set[str] | None) -> RelatedJob:
        """Each paper's related papers (found beside the pages and the engine, see
        ``relatedjob``). A rebuild after edits to papers (``serve``) keeps the last lists while
        the same papers are on the shelf: finding them again is a pass over every paper's text
        (12 s at 100,000 papers) and would re-encode most data shards; the next ``build`` or a
        paper added or removed finds them again."""
        if self.related is not None:
            return RelatedJob(papers, found=self.related)
        ids = frozenset(p.id for p in papers)
        if dirty is not None and self._related_before and self._related_ids == ids:
            return RelatedJob(papers, found=self._related_before)
        self._related_ids = ids
        return RelatedJob(papers, self.project / "related.json")

    def write_noscript_dark(self) -> None:
        """Add ``noscript-dark.css`` (see :mod:`papershelf.site.schemes`) to what the engine built:
        the dark rules of the palette the pages link and of ``papershelf.css``."""
        built = self.project / "site"
        href = palette_href((built / "index.html").read_text(encoding="utf-8"))
        palette = (built / href).resolve() if href else None
        css = palette.read_text(encoding="utf-8") if palette and palette.is_relative_to(built) and palette.is_file() else ""
        assets = built / "assets" / "papershelf"
        css += (assets / "papershelf.css").read_text(encoding="utf-8")
        _write_if_changed(assets / NOSCRIPT_DARK, dark_rules(css).encode("utf-8"))

    def sync_pages(self, spliced: set[Path]) -> None:
        """Copy what the engine built (inside the project) into the output folder: only files
        that differ, and remove pages the engine no longer builds. Pages with paper lists
        (``spliced``) are written by ``splice_lists``."""
        built = self.project / "site"
        keep = {MARKER, "feed.xml"}
        seen: set[Path] = set()
        for path in built.rglob("*"):
            if path.is_file():
                rel = path.relative_to(built)
                seen.add(rel)
                if rel not in spliced:
                    _write_if_changed(self.out / rel, path.read_bytes())
        for path in list(self.out.rglob("*")) if self.out.is_dir() else []:
            rel = path.relative_to(self.out)
            if path.is_file() and rel not in seen and rel.parts[0] != "data" and str(rel) not in keep:
                path.unlink()

    def splice_lists(self, pages: SitePages, all_pages: bool) -> list[str]:
        """Write the built pages with their paper lists filled in: every page after the engine
        ran, else only those whose lists changed (an edit touches one venue page and a topic or
        two). Returns the pages written."""
        written = []
        digests = {}
        for md, fragments in pages.slots.items():
            digests[md] = hash(tuple(sorted(fragments.items())))
            if not all_pages and self._slot_digests.get(md) == digests[md]:
                continue
            rel = Path(page_url(md)) / "index.html"
            html = (self.project / "site" / rel).read_text(encoding="utf-8")
            if _write_if_changed(self.out / rel, splice(html, fragments).encode("utf-8")):
                written.append(str(rel))
        self._slot_digests = digests
        return written

    def write_data(self, data: SiteData, feed: bytes) -> list[str]:
        """Write the data shards, meta.json and the feed into the built site; remove shards
        that no longer exist. Returns the paths that changed."""
        changed = []
        files = {**data.files, "feed.xml": feed}
        files["data/meta.json"] = files.pop("data/meta.json")  # last: it names the shards written before it
        for rel, blob in files.items():
            if _write_if_changed(self.out / rel, blob):
                changed.append(rel)
        data_dir = self.out / "data"
        for path in data_dir.glob("*"):
            if f"data/{path.name}" not in data.files:
                path.unlink()
        return changed

    def edit_url(self) -> str | None:
        """Where a reader can edit the papers: ``repo_url``'s page for the shelf's papers folder
        (the shelf's place in its git repository comes from git, when it is one)."""
        repo = safe_url(self.shelf.config.repo_url)
        if not repo:
            return None
        if self._git_prefix is None:
            try:
                proc = subprocess.run(["git", "-C", str(self.shelf.root), "rev-parse", "--show-prefix"],
                                      capture_output=True, text=True, timeout=10)
                self._git_prefix = proc.stdout.strip() if proc.returncode == 0 else ""
            except (OSError, subprocess.SubprocessError):
                self._git_prefix = ""
        folder = f"{self._git_prefix}{self.shelf.config.papers_dir}".strip("/")
        return f"{repo.rstrip('/')}/tree/HEAD/{quote(folder)}"

    def stamps(self) -> dict[Path, tuple[int, int]]:
        """Modification time and size of shelf.toml and every paper file (taken before loading,
        so an edit made during a build is seen by the next one)."""
        stamps = {}
        for path in [self.shelf.config_path, *self.shelf.files()]:
            try:
                st = path.stat()
                stamps[path] = (st.st_mtime_ns, st.st_size)
            except OSError:
                pass
        return stamps

    def reload(self, stamps: dict[Path, tuple[int, int]]) -> Change:
        """Bring the builder's own view of the shelf up to date and say what changed since the
        last build; only the files that changed are read again. ``dirty`` None: everything may
        have changed (the first build, or shelf.toml changed), and the whole shelf was loaded.
        The builder reads through a Shelf of its own, so an edit made through ``self.shelf``
        (which drops that object's papers) does not cost a full load here."""
        before, self._stamps = self._stamps, stamps
        if self._reader is None or self._reader.root != self.shelf.root:
            self._reader = type(self.shelf)(self.shelf.root)
        self._reader.config = self.shelf.config
        if not before or before.get(self.shelf.config_path) != stamps.get(self.shelf.config_path):
            self._reader.invalidate()
            self._reader.papers
            return Change(None)
        changed = {path for path in stamps.keys() | before.keys() if before.get(path) != stamps.get(path)}
        old = self._reader.papers
        if not changed:
            return Change(set(), old, {})
        self._reader.refresh(changed)
        new = self._reader.papers
        if len(new) == len(old):  # the papers not in the changed files are the same objects
            edited = {}
            for i in itertools.compress(itertools.count(), map(operator.is_not, old, new)):
                if old[i].id != new[i].id:
                    break
                if old[i] != new[i]:
                    edited[old[i].id] = (old[i], new[i])
            else:
                return Change(set(edited), old, edited)
        return Change(self._reader.ids_in(changed), old)

    # -- the whole build --------------------------------------------------------------------

    def build(self, progress: Callable[[str], None] | None = None, force_engine: bool = False) -> BuildResult:
        # A build makes millions of small objects and no cycles: the cyclic garbage collector
        # would only rescan them (seconds on 100,000 papers).
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._build(progress, force_engine)
        except BaseException:
            # what the builder keeps may be half updated: the next build starts afresh
            self._stamps, self._pages, self._data_memo = {}, None, DataMemo()
            raise
        finally:
            if enabled:
                gc.enable()

    def _render(self, change: Change, papers: list[Paper]) -> tuple[SitePages, bool]:
        """The pages, and whether they were patched: edits in place (``placement`` kept) patch
        the last build's pages, anything else renders them all (with the lines and lists of
        unedited papers kept)."""
        self._lines.forget(change.dirty)
        last = self._pages
        if (change.edited is not None and last is not None and last.papers is change.before
                and all(placement(a) == placement(b) for a, b in change.edited.values())):
            last.patch(papers, change.edited)
            return last, True
        pages = SitePages(papers, self.shelf.config, self.shelf.root / "pages", edit_url=self.edit_url(),
                          line_cache=self._lines)
        pages.render()
        return pages, False

    def _build(self, progress: Callable[[str], None] | None, force_engine: bool) -> BuildResult:
        step = progress or (lambda name: None)
        timings: dict[str, float] = {}
        t = time.perf_counter()

        def lap(name: str) -> None:
            nonlocal t
            now = time.perf_counter()
            timings[name] = now - t
            t = now

        check_out_dir(self.out, self.shelf.root)
        self.out.mkdir(parents=True, exist_ok=True)
        atomic_write(self.out / MARKER, "built by papershelf; `papershelf build` replaces this folder's content\n",
                     durable=False)
        step("Loading the shelf")
        change = self.reload(self.stamps())
        papers = self._reader.papers
        lap("load")
        self.project.mkdir(parents=True, exist_ok=True)
        job = self.related_lists(papers, change.dirty)
        engine = None
        try:
            step("Writing pages")
            pages, patched = self._render(change, papers)
            self._pages = pages
            changed_pages = self.write_project(pages)
            lap("pages")
            ran = force_engine or bool(changed_pages) or not (self.out / "index.html").exists()
            if ran:
                step(f"Building pages with {self.engine}")
                engine = self.start_engine()
            step("Finding related papers")
            dirty = change.dirty
            if patched:
                related = self._related_before
            elif dirty is None:  # every shard is made again: the lists are waited for only when needed
                related = job.result
            else:  # an edit can change other papers' related lists: their shards are rewritten too
                related = job.result()
                dirty = dirty | {pid for pid, ids in related.items() if self._related_before.get(pid) != ids}
            lap("related")
            step("Writing paper data")
            data = SiteData(papers, self.shelf.config, pages.venue_slugs, related, self._data_memo, dirty,
                            change.edited if patched else None)
            recent = pages.recent(FEED_SIZE)
            if not (patched and self._feed and change.edited.keys().isdisjoint(p.id for p in recent)):
                self._feed = feed_xml(pages)
            changed_data = self.write_data(data, self._feed)
            self._related_before = job.result() if not patched else related
            lap("data")
            if engine is not None:
                self.finish_engine(engine)
                self.write_noscript_dark()
                self.sync_pages({Path(page_url(md)) / "index.html" for md in pages.slots})
        finally:
            job.cancel()
            if engine is not None and engine[0].poll() is None:  # a step above failed
                engine[0].kill()
                engine[0].wait()
                engine[1].close()
        lap("engine")
        spliced = self.splice_lists(pages, all_pages=ran or not self._slot_digests)
        changed_pages += spliced
        live = None
        if patched and not ran and len(change.edited) <= LIVE_EDITS:
            written = {Path(page_url(md)) / "index.html": md for md in pages.live}
            live = {"ids": sorted(change.edited), "pages": pages.in_place(
                set(change.edited), {written[Path(rel)] for rel in spliced if Path(rel) in written})}
        lap("lists")
        return BuildResult(self.out, self.engine, len(papers), len(pages.files) - 1, data.size, timings, ran,
                           changed_pages, changed_data, pages.warnings, live)
