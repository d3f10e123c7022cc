"""The engine's side of the site: a plain ``mkdocs.yml`` and a few small Markdown pages.

The engine (Zensical or Material for MkDocs) builds only the navigational pages: home, explorer,
topics, taxonomy nodes, venues and the curator's own ``pages/``. Their paper lists are empty
containers that ``papershelf.js`` fills from the sharded data (see ``data.py``), so the number
of pages grows with venues and topics, never with papers.

Every value from the shelf is HTML-escaped by Jinja2 and placed inside raw HTML blocks, where
Markdown does not interpret it; text that the engines' own templates print unescaped (page
titles, nav labels, the site name) is passed through ``plain``.
"""

from __future__ import annotations

import datetime as dt
import heapq
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from ..config import ShelfConfig
from ..model import Paper
from ..shelf.query import compute_stats
from .data import UNKNOWN_VENUE, safe_url, slugify

# Curator pages may not take these names: the generated pages own them.
RESERVED = ("index.md", "explorer.md", "topics", "venues", "taxonomy", "assets", "data", "feed.xml")
RECENT = 12
EMOJI_TO_UNICODE = "papershelf-emoji-generator"


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


@dataclass
class Node:
    path: str
    name: str
    description: str
    count: int
    depth: int


def _env() -> Environment:
    env = Environment(loader=PackageLoader("papershelf.site", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["plain"] = plain
    env.filters["papers"] = lambda n: f"{n:,} paper" + ("" if n == 1 else "s")
    env.filters["fm"] = lambda s: yaml.safe_dump(plain(str(s)), allow_unicode=True, width=10_000).strip().removesuffix(
        "\n...").strip()
    return env


class SitePages:
    """The Markdown pages and ``mkdocs.yml`` of a shelf, as ``{path: text}``."""

    def __init__(self, papers: list[Paper], config: ShelfConfig, pages_dir: Path | None = None,
                 today: dt.date | None = None) -> None:
        self.papers = papers
        self.config = config
        self.pages_dir = pages_dir
        self.today = today or dt.date.today()
        self.env = _env()
        self.venue_slugs = self._venue_slugs()
        self.files: dict[str, str] = {}
        self.extra_files: dict[str, Path] = {}   # curator files copied as they are
        self.nav_pages: list[tuple[str, str]] = []

    # -- naming -----------------------------------------------------------------------------

    def _venue_slugs(self) -> dict[str, str]:
        slugs: dict[str, str] = {}
        taken: set[str] = {"index"}
        for venue in sorted({p.venue or UNKNOWN_VENUE for p in self.papers}, key=str.casefold):
            base = slugify(venue)
            slug, n = base, 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            taken.add(slug)
            slugs[venue] = slug
        return slugs

    def paper_url(self, p: Paper) -> str:
        return f"venues/{self.venue_slugs[p.venue or UNKNOWN_VENUE]}/#{p.id}"

    def recent(self, n: int) -> list[Paper]:
        """The ``n`` most recently added papers, newest first."""
        return heapq.nlargest(n, (p for p in self.papers if p.added), key=lambda p: (p.added, p.id))

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
            for s in set(p.sections):
                parts = s.split("/")
                for i in range(1, len(parts) + 1):
                    counts["/".join(parts[:i])] += 1
        paths = sorted(set(declared) | set(counts))
        nodes = []
        for path in paths:
            node = declared.get(path)
            name = node.name if node else path.rsplit("/", 1)[-1].replace("-", " ").capitalize()
            nodes.append(Node(path, name, node.description if node else "", counts.get(path, 0), path.count("/")))
        return nodes

    # -- rendering --------------------------------------------------------------------------

    def render(self) -> dict[str, str]:
        env = self.env
        stats = compute_stats(self.papers)
        topics = self.topic_names()
        topic_counts = Counter(t for p in self.papers for t in p.topics)
        sections = self.sections()
        venues = [(v, self.venue_slugs[v]) for v in stats.venue_year]
        if any(p.venue is None or p.year is None for p in self.papers):
            for v in sorted({p.venue or UNKNOWN_VENUE for p in self.papers} - set(stats.venue_year), key=str.casefold):
                venues.append((v, self.venue_slugs[v]))
        by_venue: dict[str, list[Paper]] = {}
        for p in self.papers:
            by_venue.setdefault(p.venue or UNKNOWN_VENUE, []).append(p)
        recent = self.recent(RECENT)
        common = {"cfg": self.config, "total": len(self.papers), "rel": relative}
        files = self.files
        files["index.md"] = env.get_template("home.md.j2").render(
            **common, page="index.md", stats=stats, venues=venues, years=stats.years,
            repo_url=safe_url(self.config.repo_url),
            topics=[(t, topics[t], topic_counts.get(t, 0), (self.config.topic(t).description
                                                          if self.config.topic(t) else ""))
                    for t in topics],
            recent=[(p, self.paper_url(p)) for p in recent], slugs=self.venue_slugs,
            read_by_priority=Counter(p.priority or "none" for p in self.papers if p.is_read))
        files["explorer.md"] = env.get_template("explorer.md.j2").render(**common, page="explorer.md")
        if topics:
            files["topics/index.md"] = env.get_template("topics.md.j2").render(
                **common, page="topics/index.md",
                topics=[(t, topics[t], topic_counts.get(t, 0),
                         self.config.topic(t).description if self.config.topic(t) else "") for t in topics])
            for t, name in topics.items():
                topic = self.config.topic(t)
                files[f"topics/{t}.md"] = env.get_template("list.md.j2").render(
                    **common, page=f"topics/{t}.md", kind="topic", key=t, name=name,
                    description=topic.description if topic else "", count=topic_counts.get(t, 0), children=[],
                    up=("topics/", "Topics"), has_sections=bool(sections))
        if sections:
            files["taxonomy/index.md"] = env.get_template("taxonomy.md.j2").render(
                **common, page="taxonomy/index.md", nodes=sections)
            for node in sections:
                page = f"taxonomy/{node.path}.md"
                children = [n for n in sections if n.path.startswith(node.path + "/") and n.depth == node.depth + 1]
                files[page] = env.get_template("list.md.j2").render(
                    **common, page=page, kind="section", key=node.path, name=node.name,
                    description=node.description, count=node.count,
                    children=[(f"taxonomy/{c.path}/", c.name, c.count) for c in children],
                    up=(f"taxonomy/{node.path.rsplit('/', 1)[0]}/" if "/" in node.path else "taxonomy/",
                        "Taxonomy"), has_sections=False)
        files["venues/index.md"] = env.get_template("venues.md.j2").render(
            **common, page="venues/index.md",
            venues=[(v, slug, len(by_venue.get(v, [])), sum(1 for p in by_venue.get(v, []) if p.is_read),
                     sorted({p.year for p in by_venue.get(v, []) if p.year}, reverse=True)) for v, slug in venues])
        for venue, slug in venues:
            papers = by_venue.get(venue, [])
            years = Counter(p.year or 0 for p in papers)
            read = Counter(p.year or 0 for p in papers if p.is_read)
            files[f"venues/{slug}.md"] = env.get_template("venue.md.j2").render(
                **common, page=f"venues/{slug}.md", venue=venue, count=len(papers),
                years=[(y, years[y], read[y]) for y in sorted(years, reverse=True)],
                read=sum(read.values()))
        self._curator_pages()
        files["mkdocs.yml"] = self.mkdocs_yml(topics, bool(sections))
        return files

    def _curator_pages(self) -> None:
        """The shelf's own ``pages/`` (an about page, a contribution guide, images), copied."""
        if not self.pages_dir or not self.pages_dir.is_dir():
            return
        for path in sorted(self.pages_dir.rglob("*")):
            if not path.is_file() or any(part.startswith(".") for part in path.relative_to(self.pages_dir).parts):
                continue
            rel = path.relative_to(self.pages_dir).as_posix()
            if rel.split("/")[0] in RESERVED:
                rel = "pages/" + rel
            if path.suffix == ".md":
                text = path.read_text(encoding="utf-8")
                self.files[rel] = text
                m = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.M)
                title = m.group(1) if m else path.stem.replace("-", " ").replace("_", " ").capitalize()
                self.nav_pages.append((plain(title), rel))
            else:
                self.extra_files[rel] = path

    def mkdocs_yml(self, topics: dict[str, str], has_sections: bool) -> str:
        c = self.config
        nav: list = [{"Home": "index.md"}, {"Explorer": "explorer.md"}]
        if topics:
            nav.append({"Topics": ["topics/index.md"] + [{plain(name): f"topics/{t}.md"} for t, name in topics.items()]
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
                    {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo",
                     "accent": "amber", "toggle": {"icon": "material/weather-night", "name": "Dark mode"}},
                    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo",
                     "accent": "amber", "toggle": {"icon": "material/weather-sunny", "name": "Light mode"}},
                ],
            },
            # emoji shortcodes in the curator's pages (:star2:) become Unicode characters, not images
            "markdown_extensions": ["attr_list", "md_in_html", "tables", "admonition",
                                    {"toc": {"permalink": True}},
                                    {"pymdownx.emoji": {"emoji_generator": EMOJI_TO_UNICODE}}],
            "plugins": [{"search": {"enabled": False}}],  # papershelf.js searches the papers themselves
            "validation": {"links": {"anchors": "ignore"}},  # paper anchors are made in the browser
            "extra_css": ["assets/papershelf/papershelf.css"],
            "extra_javascript": ["assets/papershelf/papershelf.js"],
            "nav": nav,
            "not_in_nav": "/topics/*.md\n/taxonomy/**\n/venues/*.md\n",
        }
        if safe_url(c.site_url):
            config["site_url"] = c.site_url
        # repo_url stays out: the themes would fetch the repository's stars from api.github.com, a
        # request to another host; the home page links the repository instead.
        text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=10_000)
        return ("# Generated by papershelf from shelf.toml and papers/: edit those, not this file.\n"
                + text.replace(EMOJI_TO_UNICODE, "!!python/name:pymdownx.emoji.to_alt"))
