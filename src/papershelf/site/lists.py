"""Paper lists written into the built pages: one compact line per paper, like the original list.

The engine never sees these lists (a page of 5,000 papers would cost it seconds): its pages
hold an empty ``<div class="ps-list" data-slot="KEY"></div>`` and the builder splices the
fragment rendered here into the built HTML (``splice``). So every venue, topic, taxonomy and home
list reads, prints and is found by Ctrl+F with JavaScript off; ``papershelf.js`` only enhances
it (cards, details, regrouping).

A line: marks (priority as two shapes with a text alternative, read state), the title linking to
the paper's anchor on its venue page, authors, venue and year, and link chips by kind. Every
value is HTML-escaped; only http(s) URLs become links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from ..model import Paper
from .data import UNKNOWN_VENUE, safe_url

MAX_AUTHORS = 6
SLOT = re.compile(r'data-slot="([^"]+)"></div>')
# Priority marks differ in shape, not only colour (★★ top, ★ second); the words are the text
# alternative screen readers read.
PRIORITY_MARK = {"top": ("★★", "top priority"), "second": ("★", "second priority")}
STATUS_MARK = {"read": ("✓", "read"), "reading": ("◐", "reading")}


def marks(p: Paper) -> str:
    out = []
    if p.priority:
        symbol, words = PRIORITY_MARK[p.priority]
        out.append(f'<span class="ps-mark ps-{p.priority}" role="img" aria-label="{words}" title="{words}">'
                   f"{symbol}</span>")
    if p.status in STATUS_MARK:
        symbol, words = STATUS_MARK[p.status]
        out.append(f'<span class="ps-mark ps-{p.status}" role="img" aria-label="{words}" title="{words}">'
                   f"{symbol}</span>")
    return f'<span class="ps-marks">{"".join(out)}</span> ' if out else ""


def authors_text(authors: list[str]) -> str:
    shown = ", ".join(authors[:MAX_AUTHORS])
    return shown + (" et al." if len(authors) > MAX_AUTHORS else "")


def chips(p: Paper) -> str:
    out = []
    for kind, url in p.links.items():
        good = safe_url(url)
        if good:
            klass = "ps-chip" if kind == "paper" else f"ps-chip ps-chip--{kind}"  # the commonest, kept short
            out.append(f' <a class="{klass}" href="{escape(good)}">{kind}</a>')
        else:
            out.append(f' <span class="ps-missing" title="the list names a {kind} link here but has no URL">'
                       f"{kind}</span>")
    return "".join(out)


@dataclass
class LineCache:
    """Rendered lines by paper id, and whole lists by their papers, kept by ``serve`` between
    rebuilds: after an edit only the edited papers' lines and the lists holding them are
    rendered again (``forget``)."""

    lines: dict[str, dict] = field(default_factory=dict)
    fragments: dict[tuple, str] = field(default_factory=dict)

    def forget(self, ids: set[str] | None) -> None:
        if ids is None:
            self.lines.clear()
            self.fragments.clear()
            return
        for i in ids:
            self.lines.pop(i, None)
        self.fragments = {key: html for key, html in self.fragments.items() if ids.isdisjoint(key[-1])}


class ListRenderer:
    """Renders paper lines for the page at ``prefix`` (the way up to the site root)."""

    def __init__(self, venue_slugs: dict[str, str], cache: LineCache | None = None) -> None:
        self.venue_slugs = venue_slugs
        self.slugs_key = hash(tuple(venue_slugs.items()))  # links depend on the venue pages' names
        self.cache = cache or LineCache()

    def _kept(self, kind: str, args: tuple, papers: list[Paper], make) -> str:
        key = (kind, args, self.slugs_key, tuple(p.id for p in papers))
        html = self.cache.fragments.get(key)
        if html is None:
            html = self.cache.fragments[key] = make()
        return html

    def line(self, p: Paper, prefix: str, own_venue: str | None = None, where: bool = True) -> str:
        """``own_venue``: the line is on its venue's page; ``where``: say the venue and year
        (not under a heading that says them)."""
        venue = p.venue or UNKNOWN_VENUE
        slug = self.venue_slugs[venue]
        key = (prefix, own_venue == venue, slug, where)
        kept = self.cache.lines.get(p.id)
        if kept is None:
            kept = self.cache.lines[p.id] = {}
        html = kept.get(key)
        if html is None:
            html = kept[key] = self._line(p, prefix, own_venue == venue, slug, where)
        return html

    @staticmethod
    def _line(p: Paper, prefix: str, own: bool, slug: str, where_too: bool) -> str:
        href = f"#{p.id}" if own else f"{prefix}venues/{slug}/#{p.id}"
        klass = "ps-line" + (f" ps-line--{p.priority}" if p.priority else "")
        where = " ".join(str(x) for x in (p.venue, p.year) if x) if where_too and not own else ""
        return (f'<li id="{escape(p.id)}" data-paper-id="{escape(p.id)}" class="{klass}">{marks(p)}'
                f'<a class="ps-t" href="{escape(href)}">{escape(p.title)}</a>'
                + (f' <span class="ps-au">{escape(authors_text(p.authors))}</span>' if p.authors else "")
                + (f' <span class="ps-vy">{escape(where)}</span>' if where else "")
                + chips(p) + "</li>\n")

    def lines(self, papers: list[Paper], prefix: str, own_venue: str | None = None) -> str:
        return self._kept("lines", (prefix, own_venue), papers, lambda: (
            '<ol class="ps-lines">\n' + "".join(self.line(p, prefix, own_venue) for p in papers) + "</ol>"))

    def short_list(self, papers: list[Paper], dated: bool = False) -> str:
        """A short list of the home page: no anchors (a paper's anchor is on its venue page, and
        the same paper can be in two such lists); ``dated``: the day each paper was added."""
        out = []
        for p in papers:
            line = self.line(p, "").replace(f' id="{escape(p.id)}"', "", 1)
            if dated:
                line = line.replace(">", f'><time datetime="{p.added}">{p.added}</time> ', 1)
            out.append(line)
        return '<ol class="ps-lines">\n' + "".join(out) + "</ol>"

    def grouped(self, papers: list[Paper], prefix: str, slug_prefix: str = "g") -> str:
        """Papers grouped by year (newest first), then venue: the layout of topic and taxonomy
        pages."""
        return self._kept("grouped", (prefix, slug_prefix), papers,
                          lambda: self._grouped(papers, prefix, slug_prefix))

    def _grouped(self, papers: list[Paper], prefix: str, slug_prefix: str) -> str:
        groups: dict[tuple[int, str], list[Paper]] = {}
        for p in papers:
            groups.setdefault((p.year or 0, p.venue or UNKNOWN_VENUE), []).append(p)
        out, last_year = [], None
        for year, venue in sorted(groups, key=lambda k: (-k[0], k[1] == UNKNOWN_VENUE, k[1].casefold())):
            if year != last_year:
                last_year = year
                out.append(f'<h2 class="ps-year" id="year-{year or "unknown"}">{year or "Year unknown"}</h2>\n')
            members = groups[(year, venue)]
            out.append(f'<section class="ps-group" id="{slug_prefix}-{year or "unknown"}-{self.venue_slugs[venue]}">'
                       f'<h3 class="ps-group__title">{escape(venue)} {year or ""} '
                       f'<span class="ps-count">{len(members)}</span></h3>\n'
                       + '<ol class="ps-lines">\n' + "".join(self.line(p, prefix, where=False) for p in members)
                       + "</ol></section>\n")
        return "".join(out)


def splice(html: str, fragments: dict[str, str]) -> str:
    """Put each fragment into its empty slot of a built page."""
    return SLOT.sub(lambda m: f'data-slot="{m.group(1)}">{fragments.get(m.group(1), "")}</div>', html)


def paper_lines(fragment: str, paper_id: str) -> list[str]:
    """The lines of ``paper_id`` in a list rendered here, in order (a line is one ``<li>``; the
    escaped text inside cannot hold a tag)."""
    found, mark, at = [], f'data-paper-id="{escape(paper_id)}"', 0
    while (at := fragment.find(mark, at)) >= 0:
        start = fragment.rfind("<li ", 0, at)
        end = fragment.index("</li>", at) + len("</li>")
        found.append(fragment[start:end])
        at = end
    return found
