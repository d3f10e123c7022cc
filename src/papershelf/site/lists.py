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
from collections.abc import Iterable
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
            out.append(f' <a class="ps-chip ps-chip--{kind}" href="{escape(good)}" rel="noopener">{kind}</a>')
        else:
            out.append(f' <span class="ps-missing" title="the list names a {kind} link here but has no URL">'
                       f"{kind}</span>")
    return "".join(out)


class ListRenderer:
    """Renders paper lines for the page at ``prefix`` (the way up to the site root)."""

    def __init__(self, venue_slugs: dict[str, str]) -> None:
        self.venue_slugs = venue_slugs

    def line(self, p: Paper, prefix: str, own_venue: str | None = None) -> str:
        venue = p.venue or UNKNOWN_VENUE
        slug = self.venue_slugs[venue]
        href = f"#{p.id}" if own_venue == venue else f"{prefix}venues/{slug}/#{p.id}"
        klass = "ps-line" + (f" ps-line--{p.priority}" if p.priority else "")
        where = "" if own_venue == venue else " ".join(str(x) for x in (p.venue, p.year) if x)
        return (f'<li id="{escape(p.id)}" data-paper-id="{escape(p.id)}" class="{klass}">{marks(p)}'
                f'<a class="ps-t" href="{escape(href)}">{escape(p.title)}</a>'
                + (f' <span class="ps-au">{escape(authors_text(p.authors))}</span>' if p.authors else "")
                + (f' <span class="ps-vy">{escape(where)}</span>' if where else "")
                + chips(p) + "</li>\n")

    def lines(self, papers: Iterable[Paper], prefix: str, own_venue: str | None = None) -> str:
        return ('<ol class="ps-lines">\n' + "".join(self.line(p, prefix, own_venue) for p in papers)
                + "</ol>")

    def grouped(self, papers: list[Paper], prefix: str, slug_prefix: str = "g") -> str:
        """Papers grouped by year (newest first), then venue: the layout of topic and taxonomy
        pages."""
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
                       + self.lines(members, prefix) + "</section>\n")
        return "".join(out)


def splice(html: str, fragments: dict[str, str]) -> str:
    """Put each fragment into its empty slot of a built page."""
    return SLOT.sub(lambda m: f'data-slot="{m.group(1)}">{fragments.get(m.group(1), "")}</div>', html)
