"""The engine's side of the site: a plain ``mkdocs.yml`` and a few small Markdown pages.

The engine (Zensical or Material for MkDocs) builds only the frame of the pages: home, explorer,
topics, taxonomy nodes, venues (title, navigation, theme) and the curator's own ``pages/``. The
content of the generated pages is an empty slot that the builder fills after the engine ran
with HTML rendered here and by ``lists.py``, so the engine's work grows with venues and topics,
never with papers, and it runs again only when pages come, go or change names.

Every generated page is ``<folder>/index.md``: its source folder is its URL folder, so a
relative link means the same to both engines (Zensical resolves links in raw HTML against the
source file, MkDocs against the page URL). Every value from the shelf is HTML-escaped by Jinja2
and placed inside raw HTML blocks, where Markdown does not interpret it; front matter and
``mkdocs.yml`` are written by a YAML emitter from data, never by string formatting; text that
the engines' own templates print unescaped (page titles, nav labels, the site name) is passed
through ``plain``.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import os
import posixpath
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from ..config import ShelfConfig
from ..model import Paper
from .data import UNKNOWN_VENUE, group_papers, safe_url, slugify
from .lists import LineCache, ListRenderer, paper_lines, splice

# Curator pages may not take these names: the generated pages own them.
RESERVED = ("index.md", "explorer", "explorer.md", "topics", "venues", "taxonomy", "assets", "data", "feed.xml",
            "404.md", "404.html")
RECENT = 12
READ_NEXT = 25
# The explorer's HTML lists at most this many papers (whole venue-years, newest first) for readers
# without JavaScript and for the first paint; the venue, topic and taxonomy pages list every paper.
EXPLORER_LINES = 1000
FEED_SIZE = 50
WIDE = ["navigation", "toc"]  # list pages give the whole width to the papers (fewer wrapped lines)


def plain(text: str) -> str:
    """Text safe to print unescaped in an HTML template: no tags, no attribute breaks."""
    return re.sub(r"\s+", " ", text.replace("<", "‹").replace(">", "›").replace('"', "”")
                  .replace("&", "+")).strip()


def page_url(path: str) -> str:
    """The URL (relative to the site root, directory style) of the page built from ``path``."""
    stem = path[:-3] if path.endswith(".md") else path
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def venue_slugs(papers: list[Paper]) -> dict[str, str]:
    """Each venue's page name under venues/ (unique, given in the venues' alphabetical order)."""
    slugs: dict[str, str] = {}
    taken: set[str] = {"index"}
    for venue in sorted({p.venue or UNKNOWN_VENUE for p in papers}, key=str.casefold):
        base = slugify(venue)
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs[venue] = slug
    return slugs


def prefix(page: str) -> str:
    """The way from the page built from ``page`` up to the site root."""
    return "../" * page_url(page).count("/")


def relative(from_page: str, to: str) -> str:
    """Link from the page built from ``from_page`` to the site-root-relative URL ``to``."""
    base = page_url(from_page).rstrip("/") or "."
    target, _, anchor = to.partition("#")
    rel = posixpath.relpath(target.rstrip("/") or ".", base)
    if rel == ".":
        rel = "./"
    elif not target or target.endswith("/"):
        rel += "/"
    return rel + ("#" + anchor if anchor else "")


def ancestors(sections: list[str]) -> set[str]:
    """The taxonomy nodes a paper is in: its sections and their parents."""
    seen = set()
    for s in sections:
        parts = s.split("/")
        for i in range(1, len(parts) + 1):
            seen.add("/".join(parts[:i]))
    return seen


class _PythonName:
    """Stands for a Python object the engines load by name (pymdownx's emoji generator and
    papershelf's emoji index), written as a ``!!python/name`` tag; only the names in this module
    make one, no shelf text can produce a tag (the emitter quotes strings)."""

    def __init__(self, name: str) -> None:
        self.name = name


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_PythonName, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:python/name:" + value.name, ""))


def front_matter(**values) -> str:
    return "---\n" + yaml.dump(values, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000) + "---\n\n"


@dataclass
class Node:
    path: str
    name: str
    description: str
    count: int
    depth: int


@dataclass
class VenueRow:
    venue: str
    slug: str
    cells: list[tuple[int | None, int, int]]  # year (None: no year), papers, read
    total: int


@dataclass
class Home:
    """The home page's facts: counts of every paper by venue and year, status and priority.
    ``count`` adds or takes away one paper, so an edit updates them without a pass over the
    shelf; the tables (``years``, ``rows``) are made from the counts (``tabulate``)."""

    slugs: dict[str, str]
    cells: Counter = field(default_factory=Counter)  # (venue, year) -> papers
    read_cells: Counter = field(default_factory=Counter)  # (venue, year) -> read papers
    by_status: Counter = field(default_factory=Counter)
    by_priority: Counter = field(default_factory=Counter)
    read_by_priority: Counter = field(default_factory=Counter)
    years: list[int | None] = field(default_factory=list)
    rows: list[VenueRow] = field(default_factory=list)

    def count(self, p: Paper, sign: int = 1) -> None:
        self.cells[(p.venue or UNKNOWN_VENUE, p.year)] += sign
        self.by_status[p.status] += sign
        self.by_priority[p.priority or "none"] += sign
        if p.is_read:
            self.read_cells[(p.venue or UNKNOWN_VENUE, p.year)] += sign
            self.read_by_priority[p.priority or "none"] += sign

    def tabulate(self) -> None:
        """Venue × year counts where every paper is counted: a "No year" column and an "Unknown
        venue" row hold the papers the list did not date or place."""
        table: dict[str, Counter] = defaultdict(Counter)
        read: dict[str, Counter] = defaultdict(Counter)
        for (venue, year), n in self.cells.items():
            if n:
                table[venue][year] = n
        for (venue, year), n in self.read_cells.items():
            read[venue][year] = n
        years: list[int | None] = sorted({y for row in table.values() for y in row if y}, reverse=True)
        if any(None in row for row in table.values()):
            years.append(None)
        self.years = years
        order = sorted(table, key=lambda v: (v == UNKNOWN_VENUE, -sum(table[v].values()), v.casefold()))
        self.rows = [VenueRow(v, self.slugs[v], [(y, table[v].get(y, 0), read[v].get(y, 0)) for y in years],
                              sum(table[v].values())) for v in order]


def home_facts(papers: list[Paper], slugs: dict[str, str]) -> Home:
    """The counts of ``papers`` (one counting pass per figure, in C, not ``count`` per paper)."""
    home = Home(slugs)
    home.cells.update((p.venue or UNKNOWN_VENUE, p.year) for p in papers)
    home.by_status.update(p.status for p in papers)
    home.by_priority.update(p.priority or "none" for p in papers)
    read = [p for p in papers if p.is_read]
    home.read_cells.update((p.venue or UNKNOWN_VENUE, p.year) for p in read)
    home.read_by_priority.update(p.priority or "none" for p in read)
    home.tabulate()
    return home


@functools.cache
def _env() -> Environment:
    env = Environment(loader=PackageLoader("papershelf.site", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["papers"] = lambda n: f"{n:,} paper" + ("" if n == 1 else "s")
    return env


def safe_files(folder: Path) -> tuple[list[Path], list[str]]:
    """Files under ``folder`` that really live there (no hidden names); files or folders that
    resolve outside it (symlinks) are skipped with a warning, never published."""
    root = folder.resolve()
    found, warnings = [], []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith("."):
                continue
            real = path.resolve()
            if real != root and root not in real.parents:
                warnings.append(f"{path}: skipped, it resolves outside the shelf's pages/ ({real})")
                continue
            found.append(path)
        for d in list(dirnames):
            real = (Path(dirpath) / d).resolve()
            if root not in real.parents:
                warnings.append(f"{Path(dirpath) / d}: skipped, it resolves outside the shelf's pages/ ({real})")
                dirnames.remove(d)
    return found, warnings


class SitePages:
    """The Markdown pages and ``mkdocs.yml`` of a shelf, as ``{path: text}``, and the paper
    lists to splice into the built pages, as ``{path: {slot: html}}``."""

    def __init__(self, papers: list[Paper], config: ShelfConfig, pages_dir: Path | None = None,
                 today: dt.date | None = None, edit_url: str | None = None,
                 line_cache: LineCache | None = None) -> None:
        self.papers = papers
        self.edit_url = safe_url(edit_url)  # where the shelf's papers are edited (repo_url's folder)
        self.config = config
        self.pages_dir = pages_dir
        self.today = today or dt.date.today()
        self.env = _env()
        self.venue_slugs = venue_slugs(papers)
        self.lists = ListRenderer(self.venue_slugs, line_cache)
        self.files: dict[str, str] = {}
        self.slots: dict[str, dict[str, str]] = {}
        self.extra_files: dict[str, Path] = {}   # curator files copied as they are
        self.nav_pages: list[tuple[str, str]] = []
        self.warnings: list[str] = []
        self._recent: list[Paper] | None = None
        self._flagged: list[Paper] = []  # papers with a priority, in shelf order (read next)
        self._curator: list[str] = []  # the curator's pages among ``files``
        self._explorer_list: list[Paper] = []  # the papers in the explorer's HTML
        self._explorer_ids: set[str] = set()
        self.members: dict[str, list[Paper]] = {}  # taxonomy node -> its papers
        self.parts: dict[str, dict[str, str]] = {}  # page -> its slots' fragments, before splicing
        self.live: dict[str, dict[str, str]] | None = None  # after a patch: page -> its re-rendered live blocks

    # -- naming -----------------------------------------------------------------------------

    def paper_url(self, p: Paper) -> str:
        return f"venues/{self.venue_slugs[p.venue or UNKNOWN_VENUE]}/#{p.id}"

    def venue_site(self, venue: str, year: int | None = None) -> str | None:
        sites = self.config.venues.sites
        return safe_url(sites.get(f"{venue} {year}") if year else sites.get(venue))

    def recent(self, n: int) -> list[Paper]:
        """The ``n`` most recently added papers, newest first."""
        if self._recent is None or n > FEED_SIZE:  # once for the home page and the feed
            self._recent = heapq.nlargest(max(n, FEED_SIZE), (p for p in self.papers if p.added),
                                          key=lambda p: (p.added, p.id))
        return self._recent[:n]

    def read_next(self) -> list[Paper]:
        """Unread papers, top priority first, then second (shelf order within each)."""
        rank = {"top": 0, "second": 1}
        chosen = [p for p in self._flagged if p.status == "unread"]
        return sorted(chosen, key=lambda p: rank[p.priority])[:READ_NEXT]

    def topic_names(self) -> dict[str, str]:
        names = {t.id: t.name for t in self.config.topics}
        for p in self.papers:
            for t in p.topics:
                names.setdefault(t, t.replace("-", " ").capitalize())
        return names

    def sections(self) -> list[Node]:
        declared = {n.path: n for n in self.config.taxonomy}
        counts: Counter[str] = Counter()
        for p in self.papers:
            counts.update(ancestors(p.sections))
        paths = sorted(set(declared) | set(counts))
        nodes = []
        for path in paths:
            node = declared.get(path)
            name = node.name if node else path.rsplit("/", 1)[-1].replace("-", " ").capitalize()
            nodes.append(Node(path, name, node.description if node else "", counts.get(path, 0), path.count("/")))
        return nodes

    # -- rendering --------------------------------------------------------------------------

    def _page(self, path: str, template: str, front: dict, slots: dict[str, str] | None = None, **values) -> None:
        """A generated page: the engine gets its title and an empty slot; the content (counts,
        tables, paper lists) is spliced into the built page. So an edit to papers changes no
        text the engine builds, and the engine runs only when pages come or go or change names."""
        tmpl = self.env.get_template(template)
        values.update(cfg=self.config, total=len(self.papers), rel=relative, page=path, edit_url=self.edit_url)
        body = tmpl.render(values)
        self.parts[path] = slots or {}
        if self.live is not None:  # a patch: the parts an open page replaces (``in_place``)
            context = tmpl.new_context(values)
            self.live[path] = {name: splice("".join(block(context)), slots or {})
                               for name, block in tmpl.blocks.items() if name.startswith("live_")}
        # the themes add a title of their own unless the page holds "<h1": the content's is spliced in later
        own_title = "<!-- its <h1> is spliced in with the content -->\n" if "<h1" in body else ""
        self.files[path] = front_matter(**front) + '<div class="ps-page" data-slot="page"></div>\n' + own_title
        self.slots[path] = {"page": splice(body, slots or {})}

    def render(self) -> dict[str, str]:
        self.topics = topics = self.topic_names()
        self.nodes = self.sections()
        self.by_venue, self.by_topic = {}, {}
        for p in self.papers:
            self.by_venue.setdefault(p.venue or UNKNOWN_VENUE, []).append(p)
            for t in p.topics:
                self.by_topic.setdefault(t, []).append(p)
        self.topic_rows = [(t, topics[t], len(self.by_topic.get(t, [])),
                            self.config.topic(t).description if self.config.topic(t) else "") for t in topics]
        self.home = home_facts(self.papers, self.venue_slugs)
        self._flagged = [p for p in self.papers if p.priority]
        self._home()
        self._explorer_list = self._newest(EXPLORER_LINES)
        self._explorer()
        if topics:
            self._page("topics/index.md", "topics.md.j2", {"title": "Topics"}, topics=self.topic_rows)
            for t in topics:
                self._topic(t)
        if self.nodes:
            self._page("taxonomy/index.md", "taxonomy.md.j2", {"title": "Taxonomy"}, nodes=self.nodes)
            self.members = self._members()
            for node in self.nodes:
                self._section(node)
        self._venue_index()
        for venue in self.by_venue:
            self._venue(venue)
        self._curator_pages()
        self.files["mkdocs.yml"] = self.mkdocs_yml(topics, bool(self.nodes))
        return self.files

    def patch(self, papers: list[Paper], edited: dict[str, tuple[Paper, Paper]]) -> None:
        """Apply edits that moved no paper (the same ids in the same order, each on the same
        venue, year, topics, sections and tags: see ``data.placement``) to the pages of the
        last ``render``: the edited papers take their old places in the lists, the counts
        change by the difference, and only the pages showing an edited paper (its venue,
        topic and taxonomy pages, the home page, the venue table) are rendered again. The
        curator's pages are read again (``serve`` rebuilds when they change)."""
        self.papers = papers
        self.live = {}
        swap = {pid: new for pid, (_, new) in edited.items()}
        venues, topics, sections = set(), set(), set()
        for old, new in edited.values():
            self.home.count(old, -1)
            self.home.count(new)
            venues.add(old.venue or UNKNOWN_VENUE)
            topics.update(old.topics)
            sections.update(ancestors(old.sections))
        self.recent(FEED_SIZE)
        shown = self._explorer_ids.intersection(edited)
        for group in [self.by_venue[v] for v in venues] + [self.by_topic[t] for t in topics] + \
                [self.members[s] for s in sections] + [self._recent, self._flagged] + \
                ([self._explorer_list] if shown else []):
            group[:] = [swap.get(p.id, p) for p in group]
        if any(bool(old.priority) != bool(new.priority) for old, new in edited.values()):
            self._flagged = [p for p in papers if p.priority]
        if edited:
            self.home.tabulate()
            self._home()
            self._venue_index()
        if shown:
            self._explorer()
        for t in topics:
            self._topic(t)
        for node in self.nodes:
            if node.path in sections:
                self._section(node)
        for venue in venues:
            self._venue(venue)
        self._curator_pages()
        self.files["mkdocs.yml"] = self.mkdocs_yml(self.topics, bool(self.nodes))

    def in_place(self, ids: set[str], pages: set[str]) -> dict[str, dict | None]:
        """What an open copy of each page of ``pages`` (re-rendered by the last ``patch``) needs
        to show the edits to the papers ``ids`` without reloading, by URL: its ``live`` blocks
        (``data-live`` elements: counts, the home page's short lists) and, in its other lists,
        each edited paper's lines as rendered for that page. None: the page must reload. The
        explorer builds its table from the data: it needs nothing but the event (its script reads
        the edited papers' shards again)."""
        out: dict[str, dict | None] = {"/explorer/": {"live": {}, "lines": {}}}
        for path in pages - {"explorer/index.md"}:
            live = (self.live or {}).get(path)
            if live is None:
                out["/" + page_url(path)] = None
                continue
            lines: dict[str, list[str]] = {}
            for name, fragment in self.parts[path].items():
                if not any(f'data-slot="{name}"' in html for html in live.values()):
                    for pid in ids:
                        lines.setdefault(pid, []).extend(paper_lines(fragment, pid))
            out["/" + page_url(path)] = {"live": live, "lines": {pid: found for pid, found in lines.items() if found}}
        return out

    def _home(self) -> None:
        read_next, recent = self.read_next(), self.recent(RECENT)
        # the lists are slots: editing a title or a link changes no text the engine builds
        self._page("index.md", "home.md.j2", {"hide": ["navigation", "toc"]},
                   {"read-next": self.lists.short_list(read_next), "recent": self.lists.short_list(recent, dated=True)},
                   home=self.home, topics=self.topic_rows, read_next=bool(read_next),
                   repo_url=safe_url(self.config.repo_url), recent=bool(recent))

    def _newest(self, limit: int) -> list[Paper]:
        """The papers of the newest venue-years, whole ones, at most ``limit`` (or the first
        venue-year, cut, when it alone is longer)."""
        chosen: list[Paper] = []
        for group in group_papers(self.papers):
            if len(chosen) + len(group.papers) > limit:
                return chosen or group.papers[:limit]
            chosen += group.papers
        return chosen

    def _explorer(self) -> None:
        self._explorer_ids = {p.id for p in self._explorer_list}
        page = "explorer/index.md"
        self._page(page, "explorer.md.j2", {"title": "Explorer", "hide": ["navigation", "toc"]},
                   {"list": self.lists.grouped(self._explorer_list, prefix(page), "x")},
                   shown=len(self._explorer_list), topics=bool(self.topics))

    def _topic(self, t: str) -> None:
        _, name, count, description = next(row for row in self.topic_rows if row[0] == t)
        page = f"topics/{t}/index.md"
        self._page(page, "list.md.j2", {"title": plain(name), "hide": WIDE},
                   {"list": self.lists.grouped(self.by_topic.get(t, []), prefix(page))},
                   kind="topic", key=t, name=name, description=description, count=count, children=[],
                   up=("topics/", "Topics"), has_sections=bool(self.nodes))

    def _members(self) -> dict[str, list[Paper]]:
        """The papers of each taxonomy node (a paper in a node is in its parents too)."""
        members: dict[str, list[Paper]] = {}
        for p in self.papers:
            for s in ancestors(p.sections):
                members.setdefault(s, []).append(p)
        return members

    def _section(self, node: Node) -> None:
        page = f"taxonomy/{node.path}/index.md"
        children = [n for n in self.nodes if n.path.startswith(node.path + "/") and n.depth == node.depth + 1]
        self._page(page, "list.md.j2", {"title": plain(node.name), "hide": WIDE},
                   {"list": self.lists.grouped(self.members.get(node.path, []), prefix(page))},
                   kind="section", key=node.path, name=node.name, description=node.description,
                   count=node.count, children=[(f"taxonomy/{c.path}/", c.name, c.count) for c in children],
                   up=(f"taxonomy/{node.path.rsplit('/', 1)[0]}/" if "/" in node.path else "taxonomy/",
                       "Taxonomy"), has_sections=False)

    def _venue_index(self) -> None:
        """The venue table, from the home page's counts (the same order as its rows)."""
        self._page("venues/index.md", "venues.md.j2", {"title": "Venues"},
                   venues=[(row.venue, row.slug, row.total, sum(r for _, _, r in row.cells),
                            [y for y, n, _ in row.cells if n and y]) for row in self.home.rows])

    def _venue(self, venue: str) -> None:
        papers = self.by_venue[venue]
        page = f"venues/{self.venue_slugs[venue]}/index.md"
        by_year: dict[int, list[Paper]] = {}
        for p in papers:
            by_year.setdefault(p.year or 0, []).append(p)
        years = sorted(by_year, reverse=True)
        self._page(page, "venue.md.j2", {"title": plain(venue), "hide": WIDE},
                   {f"y{y}": self.lists.lines(by_year[y], prefix(page), venue) for y in years},
                   venue=venue, count=len(papers), read=sum(p.is_read for p in papers),
                   site=self.venue_site(venue),
                   years=[(y, len(by_year[y]), self.venue_site(venue, y)) for y in years])

    def _curator_pages(self) -> None:
        """The shelf's own ``pages/`` (an about page, a contribution guide, images), copied."""
        for rel in self._curator:  # read again on a patch: the folder may have changed
            del self.files[rel]
        self._curator, self.nav_pages, self.extra_files, self.warnings = [], [], {}, []
        if not self.pages_dir or not self.pages_dir.is_dir():
            return
        paths, warnings = safe_files(self.pages_dir)
        self.warnings += warnings
        for path in paths:
            rel = path.relative_to(self.pages_dir).as_posix()
            if rel.split("/")[0] in RESERVED:
                rel = "pages/" + rel
            if path.suffix == ".md":
                text = path.read_text(encoding="utf-8")
                self.files[rel] = text
                self._curator.append(rel)
                m = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.M)
                title = m.group(1) if m else path.stem.replace("-", " ").replace("_", " ").capitalize()
                self.nav_pages.append((plain(title), rel))
            else:
                self.extra_files[rel] = path

    def mkdocs_yml(self, topics: dict[str, str], has_sections: bool) -> str:
        c = self.config
        nav: list = [{"Home": "index.md"}, {"Explorer": "explorer/index.md"}]
        if topics:
            nav.append({"Topics": ["topics/index.md"] + [{plain(name): f"topics/{t}/index.md"}
                                                         for t, name in topics.items()]
                        if len(topics) <= 12 else "topics/index.md"})
        nav.append({"Venues": "venues/index.md"})
        if has_sections:
            nav.append({"Taxonomy": "taxonomy/index.md"})
        nav += [{title: rel} for title, rel in self.nav_pages]
        config = {
            "site_name": plain(c.title) or "Reading list",
            "site_description": plain(c.description),
            "docs_dir": "docs",
            "use_directory_urls": True,
            "theme": {
                "name": "material",
                "custom_dir": "overrides",
                "font": False,  # no Google Fonts: the site loads nothing from another host
                "language": "en",
                "features": ["navigation.tabs", "navigation.top", "toc.follow"],
                "palette": [
                    {"media": "(prefers-color-scheme)", "toggle": {"icon": "material/brightness-auto",
                                                                   "name": "Light mode"}},
                    {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo",
                     "accent": "amber", "toggle": {"icon": "material/weather-night", "name": "Dark mode"}},
                    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo",
                     "accent": "amber", "toggle": {"icon": "material/brightness-auto", "name": "Automatic mode"}},
                ],
            },
            # emoji shortcodes in the curator's pages (:star2:) become Unicode characters, not images;
            # one index for every page (see site/emoji.py)
            "markdown_extensions": ["attr_list", "md_in_html", "tables", "admonition",
                                    {"toc": {"permalink": True}},
                                    {"pymdownx.emoji": {"emoji_generator": _PythonName("pymdownx.emoji.to_alt"),
                                                        "emoji_index": _PythonName("papershelf.site.emoji.emojione")}}],
            "plugins": [{"search": {"enabled": False}}],  # papershelf.js searches the papers themselves
            "validation": {"links": {"anchors": "ignore"}},  # paper anchors are spliced in after the engine
            "extra_css": ["assets/papershelf/papershelf.css"],
            "extra_javascript": ["assets/papershelf/papershelf.js"],
            "nav": nav,
            "not_in_nav": "/topics/**\n/taxonomy/**\n/venues/**\n",
        }
        if safe_url(c.site_url):
            config["site_url"] = c.site_url
        # repo_url stays out: the themes would fetch the repository's stars from api.github.com, a
        # request to another host; the home page links the repository instead.
        text = yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000)
        return "# Generated by papershelf from shelf.toml and papers/: edit those, not this file.\n" + text
