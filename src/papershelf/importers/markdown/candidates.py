"""The candidates stage: blocks into the things that may be entries (list items with their detail
sub-bullets folded in, table rows, paper paragraphs, HTML items) and the events that set their
context (headings, a bold venue line labelling the next list, groups naming a section, marks
standing between two entries). Knows nothing of the headings above: the entries stage does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..base import Finding
from .blocks import Block, HeadingBlock, HtmlBlock, Item, ListEnd, Paragraph, TableBlock
from .context import venue_site_findings
from .entries import Heading, Piece
from .fields import author_list, column_role, columns_of
from .htmldoc import MAX_DEPTH, HtmlEvent, html_events
from .sections import entry_reason
from .vocab import (
    ASIDE_KEY,
    BARE_URL,
    DETAIL_KEY,
    FINDING_CODES,
    MARK_RE,
    YEAR_RE,
    find_venue_in,
    is_kind_label,
    slug,
)

_YEAR_ONLY = re.compile(r"\W*((?:19|20)\d{2})\W*")
_HTTP = re.compile(r"https?://", re.I)
_PAPER_HOST = re.compile(r"arxiv\.org|openreview|doi\.org|\.pdf\b", re.I)
_LEAD_END = re.compile(r"(?<![A-Z])\.\s|\d|\(")


@dataclass
class Candidate:
    """Pieces that may be one entry, with the section path parts of the groups it stands in."""

    pieces: list[Piece]
    line: int
    path: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)  # marks after an HTML item, maybe the next one's
    tail_line: int = 0
    columns: dict[str, object] = field(default_factory=dict)  # a table row's venue/year cells


@dataclass
class Group:
    """A list item that only names the list nested in it: a section path below the headings'."""

    parts: list[str]
    name: str


@dataclass
class Pending:
    """A bold venue line labels the next list (None: what labelled the list before ends here)."""

    heading: Heading | None


@dataclass
class Marks:
    """Marks standing between two entries: the entry before gets them."""

    marks: list[str]
    line: int


@dataclass
class HtmlList:
    """An outermost HTML list opens or closes (a bold venue line above labels one list only)."""

    opens: bool


Event = HeadingBlock | Candidate | Group | Pending | Marks | HtmlList | Finding


def candidates(blocks: Iterator[Block], legend_lines: set[int]) -> Iterator[Event]:
    """The events of the blocks, in order."""
    for b in blocks:
        if isinstance(b, HeadingBlock):
            yield b
        elif isinstance(b, Item):
            yield from item_events(b, [], legend_lines)
        elif isinstance(b, ListEnd):
            yield Pending(None)
        elif isinstance(b, TableBlock):
            yield from table_events(b)
        elif isinstance(b, HtmlBlock):
            yield from html_block_events(b)
        elif isinstance(b, Paragraph):
            yield from paragraph_events(b, legend_lines)


# -- Markdown list items ------------------------------------------------------------------------


def item_events(item: Item, path: list[str], legend_lines: set[int]) -> Iterator[Event]:
    """One Markdown list item: an entry (with detail sub-bullets folded in) or a group of entries."""
    if item.line in legend_lines:
        return
    if not item.children:
        yield Candidate(item.pieces, item.line, path)
        for block in item.html:
            yield from html_block_events(block)
        return
    pieces = item.pieces
    titled = any(p.kind == "link" and p.text.strip() and not is_kind_label(p.text) for p in pieces)
    kinds = [detail_kind(c.pieces, titled) if not c.children else None for c in item.children]
    if any(kinds) and (has_text(pieces) or any(p.kind == "link" for p in pieces)):
        yield Candidate(with_details(pieces, item.children, kinds), item.line, path)
        for c, kind in zip(item.children, kinds, strict=True):
            if kind is None:  # an entry of its own below the paper's details
                yield from item_events(c, path, legend_lines)
        return
    if not any(p.kind == "link" for p in pieces) and has_text(pieces):
        name = " ".join("".join(p.text for p in pieces if p.kind == "text").split())
        part = slug(MARK_RE.sub(" ", name))
        if part:
            path = [*path, part]
            yield Group(path, name)
    else:
        yield Candidate(pieces, item.line, path)
    for c in item.children:
        yield from item_events(c, path, legend_lines)


def with_details(pieces: list[Piece], children: list[Item], kinds: list[str | None]) -> list[Piece]:
    """The item's pieces followed by those of its detail sub-bullets (``Authors: …`` as authors)."""
    merged = list(pieces)
    for c, kind in zip(children, kinds, strict=True):
        if kind in (None, "aside"):  # an entry of its own, or the list's own remark ("Key: …")
            continue
        merged.append(Piece("text", " \u00b7 "))
        cp = list(c.pieces)
        if cp and cp[0].kind == "text":
            m = DETAIL_KEY.match(cp[0].text)
            if m and m.group(1).lower() in ("authors", "author", "by"):
                names = "".join(p.text for p in cp if p.kind == "text")[m.end():]
                cp = [Piece("authors", names)]
            elif m:
                cp[0] = Piece("text", cp[0].text[m.end():], cp[0].bold, cp[0].em)
        merged.extend(cp)
    return merged


def has_text(pieces: list[Piece]) -> bool:
    return any(p.kind == "text" and MARK_RE.sub("", p.text).strip(" .,;:-\u00b7") for p in pieces)


def detail_kind(pieces: list[Piece], below_titled_link: bool = False) -> str | None:
    """What a sub-bullet adds to the entry above: ``"detail"`` (authors, venue, links, a URL),
    ``"aside"`` (a ``Label: remark`` line of the list's own), or None (an entry of its own).
    Below ``[Title](url)`` a line without links or a bold title is always a detail."""
    text = " ".join("".join(p.text for p in pieces if p.kind == "text").split())
    if DETAIL_KEY.match(text):
        return "detail"
    if ASIDE_KEY.match(text):
        return "aside"
    links = [p for p in pieces if p.kind == "link"]
    if any(p.text.strip() and not is_kind_label(p.text) for p in links):
        return None  # a link with a title of its own: an entry
    rest = BARE_URL.sub("", MARK_RE.sub("", text)).strip(" .,;:-\u00b7|")
    if not rest:
        return "detail"
    if links and not any(p.bold for p in pieces):
        return "detail" if len(rest.split()) <= 2 else None
    if below_titled_link and not links and not any(p.bold and p.text.strip() for p in pieces):
        return "detail"
    lead = " ".join("".join(p.text for p in pieces if p.kind == "text" and not p.em).split())
    lead = _LEAD_END.split(lead)[0]
    venue_beside = any(p.em and p.text.strip() for p in pieces) or bool(YEAR_RE.search(text))
    return "detail" if not links and author_list(lead, single=venue_beside) else None


# -- tables -------------------------------------------------------------------------------------


def table_events(table: TableBlock) -> Iterator[Event]:
    """A Markdown table: each row with a title (by column header or link/bold) is a candidate."""
    if not table.header:
        return
    roles = column_roles(table.header)
    has_title_col = "title" in roles.values()
    for line, cells, cell_pieces in table.rows:
        if not has_title_col and not any(
                (p.kind == "link" and p.href and _HTTP.match(p.href) and not is_kind_label(p.text))
                or (p.bold and p.text.strip()) for cp in cell_pieces for p in cp):
            continue  # an index or statistics table, not papers
        if len(cells) != len(table.header):
            yield _finding("IMP180", line, f"table row has {len(cells)} cells, its header {len(table.header)}: "
                                           "read by position")
        yield row_event(roles, cell_pieces, line)


def column_roles(header: list[str]) -> dict[int, str]:
    """What each column holds (title, paper, authors, venue, year, code, other), from the header."""
    from ...model import normalise_title

    names = [normalise_title(c) for c in header]
    roles: dict[int, str] = {}
    for i, h in enumerate(names):  # the first title-like column is the title; a later "Paper" holds links
        role = column_role(h)
        roles[i] = "paper" if role == "title" and "title" in roles.values() else role
    labels = [i for i, h in enumerate(names) if h in ("name", "method", "model", "short name", "abbr")]
    if labels and roles.get(labels[0]) == "title":  # | Name | Paper |: the name is a short label, the paper its title
        later = next((i for i, r in roles.items() if r == "paper" and i > labels[0]
                      and column_role(names[i]) == "title"), None)
        if later is not None:
            roles[labels[0]], roles[later] = "other", "title"
    return roles


def row_event(roles: dict[int, str], cell_pieces: list[list[Piece]], line: int) -> Candidate | Finding:
    """One table row: a candidate (title cell first, then authors, links and marks of the others,
    venue/year cells aside), or IMP121 when its paper column links to no paper."""
    title_index = next((i for i, r in roles.items() if r == "title"), None)
    if title_index is None:
        title_index = next((i for i, cp in enumerate(cell_pieces)
                            if any((p.kind == "link" and not is_kind_label(p.text)) or (p.bold and p.text.strip())
                                   for p in cp)), 0)
    pieces, columns, paper_column = columns_of(
        [(roles.get(i, "other") if i != title_index else "title", cp) for i, cp in enumerate(cell_pieces)])
    if paper_column and "paper" not in paper_column:
        return _finding("IMP121", line, f"table row's paper column links to {', '.join(paper_column)}, not a "
                                        "paper: skipped", reason=paper_column[0])
    row_urls = [p.href for p in pieces if p.kind == "link" and p.href]
    if "paper" in roles.values() and not paper_column and entry_reason(row_urls):
        return _finding("IMP121", line, "table row has no paper link, only code repositories: skipped", reason="code")
    return Candidate(pieces, line, columns=columns)


# -- paragraphs ---------------------------------------------------------------------------------


def paragraph_events(p: Paragraph, legend_lines: set[int]) -> Iterator[Event]:
    """A paragraph: a bold venue line above a list, a paper written without a bullet, or prose
    whose paper links are reported (IMP122)."""
    pieces = p.pieces
    meaningful = [q for q in pieces if q.kind != "comment" and (q.kind != "text" or q.text.strip())]
    if meaningful and all(q.bold and q.kind in ("text", "link") for q in meaningful):
        text = " ".join("".join(q.text for q in meaningful).split())  # **[CVPR 2021](…)** labels the list below
        vy = find_venue_in(text)
        year = _YEAR_ONLY.fullmatch(text)
        if vy or year:
            h = Heading(99, "venue", venue=vy[0] if vy else None, year=(vy[1] if vy else int(year.group(1))),
                        line=p.line)
            yield from venue_site_findings(h, [q.href for q in meaningful if q.kind == "link" and q.href], p.line, text)
            yield Pending(h)
            return
    yield Pending(None)
    if p.line in legend_lines:
        return
    if paper_paragraph(meaningful):
        yield Candidate(pieces, p.line)
        return
    bare = [Piece("link", u, href=u) for q in pieces if q.kind == "text" for u in BARE_URL.findall(q.text)]
    for q in [*pieces, *bare]:
        if q.kind == "link" and q.href and _PAPER_HOST.search(q.href):
            yield _finding("IMP122", p.line, f"link {q.text.strip() or q.href!r} ({q.href}) is in running text, "
                                             "not in a list: not imported (make it a list item to import it)")


def paper_paragraph(pieces: list[Piece]) -> bool:
    """A paragraph that is one paper (lists written without bullets): it opens with a titled link
    or a bold title and says little else (``[Title](url), Venue 2021`` or ``**Title** [pdf](…)``)."""
    if not pieces:
        return False
    first = pieces[0]
    titled = (first.kind == "link" and len(first.text.split()) >= 2 and not is_kind_label(first.text)
              and _HTTP.match(first.href or "")) or (first.kind == "text" and first.bold and len(first.text.split()) >= 2)
    if not titled or first.text.rstrip().endswith(":"):
        return False
    rest = " ".join("".join(p.text for p in pieces[1:] if p.kind == "text").split())
    says_more = YEAR_RE.search(rest) or find_venue_in(rest) or sum(p.kind == "link" for p in pieces) >= 2
    return len(rest.split()) <= 25 and bool(says_more)  # a year, a venue or link badges: not prose


# -- raw HTML -----------------------------------------------------------------------------------


def html_block_events(block: HtmlBlock) -> Iterator[Event]:
    """Raw HTML (a list, a table, a whole page), from its walk's events in order."""
    has_items = block.has_items
    groups: list[tuple[int, str]] = []  # (depth, section part) of <li>Vision<ul>… items
    for e in html_events(block.src, block.line):
        if e.kind == "deep":
            yield Finding("IMP001", "warning", f"HTML lists nested {e.level:,} deep from line {e.line}: lists "
                          f"deeper than {MAX_DEPTH} are read as one level", line=e.line, data={"depth": e.level})
        elif e.kind == "heading":
            groups.clear()
            yield HeadingBlock(e.level, "".join(p.text for p in e.pieces),
                               [p.href for p in e.pieces if p.kind == "link" and p.href], e.line)
        elif e.kind in ("open", "close") and e.level == 0:
            yield HtmlList(e.kind == "open")
        elif e.kind == "between":
            yield from between_events(e, has_items)
        elif e.kind == "item":
            yield from html_item_events(e, groups)


def between_events(e: HtmlEvent, has_items: bool) -> Iterator[Event]:
    """Text outside items: marks go to the entry before; a venue line labels the next list."""
    text = " ".join("".join(p.text for p in e.pieces if p.kind in ("text", "link")).split())
    marks = MARK_RE.findall(text)
    if marks:
        if has_items:
            yield Marks(marks, e.line)
    elif text and e.level == 0 and (has_items or all(
            p.bold or not p.text.strip() for p in e.pieces if p.kind in ("text", "link"))):
        vy = find_venue_in(text)
        if vy:
            yield Pending(Heading(99, "venue", venue=vy[0], year=vy[1], line=e.line))


def html_item_events(e: HtmlEvent, groups: list[tuple[int, str]]) -> Iterator[Event]:
    """One <li> or <tr>: a group naming the list it holds, or a candidate. ``groups`` (the
    enclosing groups of this HTML block) is kept up to date."""
    while groups and groups[-1][0] > e.level:
        groups.pop()
    if not any(p.kind != "text" or p.text.strip() for p in e.pieces):
        return  # an item holding only list markup: nothing to read
    if e.nested and not any(p.kind == "link" for p in e.pieces):
        name = " ".join("".join(p.text for p in e.pieces if p.kind == "text").split())
        part = slug(MARK_RE.sub(" ", name)) if len(groups) < 8 else ""  # deeper: no section path
        if part:  # an item that only opens a nested list names a group: a section
            groups.append((e.level + 1, part))
            yield Group([g for _, g in groups], name)
            return
    yield Candidate(e.pieces, e.line, [g for d, g in groups if d <= e.level], e.tail, e.tail_line)


def _finding(code: str, line: int | None, message: str, **data) -> Finding:
    return Finding(code, FINDING_CODES[code][0], message, line=line, data=data)
