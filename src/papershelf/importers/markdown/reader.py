"""The reader: walks the Markdown blocks (markdown-it-py) and raw HTML lists (selectolax) and
turns every list item and table row into an :class:`Entry`, with the context its headings set."""

from __future__ import annotations

import re
from collections import Counter

from ...config import ShelfConfig
from ...model import normalise_title
from ...venues import canonical_venue, known_venue
from ..base import Finding
from .entries import (
    Entry,
    Heading,
    Link,
    Piece,
    inline_pieces,
    site_venues,
)
from .htmldoc import MAX_DEPTH, HtmlEvent, html_events
from .fields import annotations, author_list, check_links, column_role, tail_fields, title_of
from .sections import entry_reason, heading_reason, included
from .vocab import (
    ARXIV_TEXT,
    ASIDE_KEY,
    BARE_URL,
    DETAIL_KEY,
    FINDING_CODES,
    ID_COMMENT,
    ID_PART,
    LI_RE,
    MARK_RE,
    NEUTRAL_HEADINGS,
    UNDEFINED_REF,
    VENUE_TAG,
    YEAR_RE,
    find_venue_in,
    is_kind_label,
    link_kind,
    mark_meaning,
    normalise_emoji,
    slug,
    url_kind,
    venue_year,
)

# -- the reader ---------------------------------------------------------------------------------


MAX_LINE = 200_000


class Reader:
    """Reads one Markdown text into entries and findings (no papers yet)."""

    def __init__(self, text: str, config: ShelfConfig | None = None, include_sections: tuple[str, ...] = ()) -> None:
        from markdown_it import MarkdownIt

        self.findings: list[Finding] = []
        self.lines = [self._plain_if_huge(n, line) for n, line in enumerate(
            normalise_emoji(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n"), 1)]
        self.text = "\n".join(self.lines)
        self.config = config or ShelfConfig()
        self.md = MarkdownIt("commonmark").enable("table")
        self.md.normalizeLink = lambda url: url  # keep URLs exactly as written
        self.env: dict = {}  # the document's link reference definitions, for the inline parses
        self.entries: list[Entry] = []
        self.stack: list[Heading] = []
        self.pending: Heading | None = None  # a bold line labelling the next list
        self.pending_used = False  # a list under the bold line has closed: a new list ends its scope
        self.last: Entry | None = None
        self.sections: dict[str, str] = {}
        self.untitled: list[tuple[int, list[str]]] = []
        self.toc_items: list[int] = []
        self.include_sections = include_sections
        self.skipped: dict[int, tuple[Heading, list[int]]] = {}  # heading line -> (heading, entry lines)
        self.legend, self.legend_lines = self._legend()
        self.mark_counts: Counter = Counter()
        self.doc_title_line = self._document_title_line()

    def _plain_if_huge(self, n: int, line: str) -> str:
        """A line longer than any entry could be (a paste gone wrong, an attack) is left out and
        reported: markdown-it's link and HTML searches are slow on thousands of brackets in one line."""
        if len(line) <= MAX_LINE and (len(line) <= 20_000 or sum(line.count(c) for c in "[<*_`") <= 2_000):
            return line  # a long plain line is read; thousands of brackets in one line are not
        self.findings.append(Finding("IMP001", "error", f"line {n} is {len(line):,} characters long, with thousands "
                                     "of brackets or markup characters: not read (no entry is written so)", line=n,
                                     data={"characters": len(line)}))
        return ""

    def finding(self, code: str, line: int | None, message: str, paper: str | None = None, **data) -> None:
        self.findings.append(Finding(code, FINDING_CODES[code][0], message, line=line, paper=paper, data=data))

    # legend ----------------------------------------------------------------------------------

    def _legend(self) -> tuple[dict[str, str], set[int]]:
        """The list's own legend (mark → top/second/read/reading) and the lines it stands on."""
        legend: dict[str, str] = {}
        lines: set[int] = set()
        previous = ""
        fence = False
        for n, raw in enumerate(self.lines, 1):
            if raw.lstrip().startswith(("```", "~~~")):
                fence = not fence
            stripped = raw.strip()
            if fence or not stripped:
                continue
            line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", re.sub(r"<[^>]+>", " ", raw))
            if "<li" not in raw.lower() and MARK_RE.search(line) and "http" not in line and "](" not in line:
                parts = MARK_RE.split(line)
                words = MARK_RE.sub(" ", line)
                alone = not words.strip(" :-\u2013\u2014=.,")
                if len(re.findall(r"[A-Za-z]+", words)) <= 4 and len(parts) <= 21:  # a legend names a few marks
                    found = False
                    for i in range(1, len(parts), 2):
                        # a mark alone on its line ("Reading Completion:" / ":heavy_check_mark:") takes
                        # its meaning from the line above
                        meaning = mark_meaning(parts[i + 1]) or mark_meaning(parts[i - 1]) or (
                            mark_meaning(previous) if alone else None)
                        if meaning:
                            legend.setdefault(parts[i], meaning)
                            found = True
                    if found:
                        lines.add(n)
                        continue
            previous = stripped
        return legend, lines

    def _document_title_line(self) -> int | None:
        """The line of the document's title: a single ``#`` heading that comes first."""
        h1 = [i for i, ln in enumerate(self.lines, 1) if re.match(r"^#\s+\S", ln)]
        first = next((i for i, ln in enumerate(self.lines, 1) if re.match(r"^#{1,6}\s+\S", ln)), None)
        return h1[0] if len(h1) == 1 and first == h1[0] else None

    # context ---------------------------------------------------------------------------------

    def _heading(self, level: float, text: str, hrefs: list[str], line: int) -> Heading:
        """What a heading means: venue/year, topic, taxonomy node, section part, or nothing."""
        clean = " ".join(MARK_RE.sub(" ", text).split()).strip(" :#-\u2013\u2014")
        norm = normalise_title(clean)
        vy = find_venue_in(clean)
        year_only = re.fullmatch(r"\W*((?:19|20)\d{2})\W*", clean)
        if year_only:
            return Heading(level, "venue", year=int(year_only.group(1)), line=line)
        if vy:
            h = Heading(level, "venue", venue=vy[0], year=vy[1], line=line)
            self._check_site(h, hrefs, line, heading=clean)
            return h
        tail_year = re.fullmatch(r"(.{2,80}?)[\s,]+((?:19|20)\d{2})", clean)
        if tail_year and len(tail_year.group(1).split()) <= 6 and level >= 2:
            return Heading(level, "venue", venue=canonical_venue(tail_year.group(1), self.config.venue_aliases),
                           year=int(tail_year.group(2)), line=line)
        if line == self.doc_title_line or norm in NEUTRAL_HEADINGS or not norm:
            return Heading(level, "neutral", line=line)
        code_path = re.fullmatch(r"`?([a-z0-9][a-z0-9\-_]*(?:/[a-z0-9][a-z0-9\-_]*)*)`?", text.strip())
        if code_path and ("/" in code_path.group(1) or text.strip().startswith("`")):
            return Heading(level, "taxon", code_path.group(1), line=line)  # a section path written as such
        exact_topic = self._topic_for(norm, exact=True)
        node = None if exact_topic else self._taxon_for(norm)
        topic = exact_topic or (None if node else self._topic_for(norm))
        if topic:
            return Heading(level, "topic", topic, line=line)
        if node:
            return Heading(level, "taxon", node, line=line)
        return Heading(level, "section", slug(clean) or None, line=line)

    def _topic_for(self, norm: str, exact: bool = False) -> str | None:
        """The configured topic a heading names (exactly, or as whole words inside it)."""
        best: tuple[int, str] | None = None
        for topic in self.config.topics:
            for name in (normalise_title(topic.name), normalise_title(topic.id.replace("-", " "))):
                if name and (norm == name or (not exact and f" {name} " in f" {norm} ")):
                    score = len(name) + (1000 if norm == name else 0)
                    if best is None or score > best[0]:
                        best = (score, topic.id)
        return best[1] if best else None

    def _taxon_for(self, norm: str) -> str | None:
        """The taxonomy node a heading names: by its name, else by the last part of its path;
        an ambiguous last part is resolved by the section the heading stands in, else ignored."""
        by_name = [n.path for n in self.config.taxonomy if normalise_title(n.name) == norm]
        if len(by_name) == 1:
            return by_name[0]
        matches = by_name or [n.path for n in self.config.taxonomy
                              if normalise_title(n.path.rsplit("/", 1)[-1].replace("-", " ")) == norm]
        if len(matches) == 1:
            return matches[0]
        current = self._context()[1]
        inside = [p for p in matches if current and p.startswith(current[0] + "/")]
        return inside[0] if len(inside) == 1 else None

    def _check_site(self, h: Heading, hrefs: list[str], line: int, heading: str) -> None:
        """IMP150: a venue heading whose link is on another venue's site."""
        for href in hrefs:
            others = site_venues(href) - {h.venue}
            if h.venue and others and h.venue not in site_venues(href):
                self.finding("IMP150", line, f"heading {heading!r} names {h.venue} but links to "
                                             f"{', '.join(sorted(others))}'s site ({href})")

    def push_heading(self, level: float, text: str, hrefs: list[str], line: int) -> None:
        """Enter a heading: it replaces the headings of its level and below."""
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        h = self._heading(level, text, hrefs, line)
        h.text = " ".join(MARK_RE.sub(" ", text).split())
        h.skip = None if included(h.text, self.include_sections) else heading_reason(h.text)
        self.stack.append(h)
        self.pending = None
        self.last = None
        if h.kind in ("section", "taxon"):
            path = self._context()[1]
            if path:
                self.sections.setdefault(path[0], " ".join(text.split()).strip(" :#-"))

    def _context(self) -> tuple[str | None, list[str], str | None, int | None]:
        """(topic, sections, venue, year) the current headings give an entry."""
        topic = venue = None
        year = None
        path: list[str] = []
        for h in self.stack:
            if h.kind == "topic":
                topic, path = h.value, []
            elif h.kind == "taxon" and h.value:
                path = h.value.split("/")
            elif h.kind == "section" and h.value:
                path.append(h.value)
            elif h.kind == "venue":
                if h.venue:
                    venue, year = h.venue, h.year
                elif h.year:
                    year = h.year
        if self.pending is not None:
            venue = self.pending.venue or venue
            year = self.pending.year or year
        return topic, (["/".join(path)] if path else []), venue, year

    # blocks ----------------------------------------------------------------------------------

    def read(self) -> None:
        """Walk the Markdown blocks in order: headings, lists, tables, HTML blocks, paragraphs."""
        tokens = self._blocks()
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if t.type == "heading_open":
                inline = tokens[i + 1]
                pieces = self._inline(inline)
                text = "".join(p.text for p in pieces if p.kind in ("text", "link", "code"))
                hrefs = [p.href for p in pieces if p.kind == "link" and p.href]
                self.push_heading(int(t.tag[1]), text, hrefs, t.map[0] + 1)
                i += 3
                continue
            if t.type in ("bullet_list_open", "ordered_list_open"):
                end = self._close_of(tokens, i)
                items = self._list_items(tokens, i + 1, end)
                for item in items:
                    self._item(item, parent_path=[])
                self.pending = None
                i = end + 1
                continue
            if t.type == "table_open":
                end = self._close_of(tokens, i)
                self._table(tokens[i:end + 1])
                self.pending = None
                i = end + 1
                continue
            if t.type == "html_block":
                self._html_block(t.content, t.map[0] + 1)
                i += 1
                continue
            if t.type == "paragraph_open":
                inline = tokens[i + 1]
                self._paragraph(inline, t.map)
                i += 3
                continue
            i += 1

    def _blocks(self) -> list:
        """markdown-it's block tokens only (its ``normalize`` and ``block`` core rules): inline
        content is parsed when the walk reaches it (:meth:`_inline`), so a big list never holds
        every inline token at once (they were most of the 17-57x-the-input memory)."""
        from markdown_it.rules_core import StateCore, block, normalize

        state = StateCore(self.text, self.md, self.env)
        normalize(state)
        block(state)
        return state.tokens

    def _inline(self, token) -> list[Piece]:
        """The pieces of one inline token, parsed by the rest of markdown-it's core chain
        (``inline``, ``text_join``) now and dropped after use."""
        from markdown_it.rules_core import StateCore, inline, text_join

        state = StateCore(token.content, self.md, self.env)
        state.tokens = [token]
        inline(state)
        text_join(state)
        pieces = inline_pieces(token)
        token.children = None
        return pieces

    @staticmethod
    def _close_of(tokens, i: int) -> int:
        level, typ = tokens[i].level, tokens[i].type.replace("_open", "_close")
        for j in range(i + 1, len(tokens)):
            if tokens[j].type == typ and tokens[j].level == level:
                return j
        return len(tokens) - 1

    def _paragraph(self, inline, lmap) -> None:
        """A paragraph: an HTML list in disguise, a bold venue line above a list, or prose (IMP122)."""
        start, end = lmap
        raw = "\n".join(self.lines[start:end])
        if LI_RE.search(raw):  # an HTML list that markdown-it saw as a paragraph
            self._html_block(raw, start + 1)
            return
        pieces = self._inline(inline)
        meaningful = [p for p in pieces if p.kind != "comment" and (p.kind != "text" or p.text.strip())]
        bold_only = meaningful and all(p.bold and p.kind in ("text", "link") for p in meaningful)
        if bold_only:  # a bold line such as **[CVPR 2021](…)** labels the list below it
            text = " ".join("".join(p.text for p in meaningful).split())
            vy = find_venue_in(text)
            year = re.fullmatch(r"\W*((?:19|20)\d{2})\W*", text)
            if vy or year:
                h = Heading(99, "venue", venue=vy[0] if vy else None,
                            year=(vy[1] if vy else int(year.group(1))), line=start + 1)
                self._check_site(h, [p.href for p in meaningful if p.kind == "link" and p.href], start + 1, text)
                self.pending = h
                self.pending_used = False
                return
        self.pending = None
        if start + 1 in self.legend_lines:
            return
        if self._paper_paragraph(meaningful):
            self._entry(pieces, start + 1, [])
            return
        bare = [Piece("link", u, href=u) for p in pieces if p.kind == "text" for u in BARE_URL.findall(p.text)]
        for p in [*pieces, *bare]:
            if p.kind == "link" and p.href and re.search(r"arxiv\.org|openreview|doi\.org|\.pdf\b", p.href, re.I):
                self.finding("IMP122", start + 1, f"link {p.text.strip() or p.href!r} ({p.href}) is in running text, "
                                                  "not in a list: not imported (make it a list item to import it)")

    @staticmethod
    def _paper_paragraph(pieces: list[Piece]) -> bool:
        """A paragraph that is one paper (lists written without bullets): it opens with a titled link
        or a bold title and says little else (``[Title](url), Venue 2021`` or ``**Title** [pdf](…)``)."""
        if not pieces:
            return False
        first = pieces[0]
        titled = (first.kind == "link" and len(first.text.split()) >= 2 and not is_kind_label(first.text)
                  and re.match(r"https?://", first.href or "", re.I)) or (first.kind == "text" and first.bold
                                                                           and len(first.text.split()) >= 2)
        if not titled or first.text.rstrip().endswith(":"):
            return False
        rest = " ".join("".join(p.text for p in pieces[1:] if p.kind == "text").split())
        says_more = YEAR_RE.search(rest) or find_venue_in(rest) or sum(p.kind == "link" for p in pieces) >= 2
        return len(rest.split()) <= 25 and bool(says_more)  # a year, a venue or link badges: not prose

    # Markdown lists --------------------------------------------------------------------------

    def _list_items(self, tokens, i: int, end: int) -> list[dict]:
        """The items of a Markdown list as a tree: line, pieces, nested items, HTML inside."""
        items: list[dict] = []
        while i < end:
            t = tokens[i]
            if t.type == "list_item_open":
                close = self._close_of(tokens, i)
                item = {"line": t.map[0] + 1, "pieces": [], "children": [], "html": []}
                j = i + 1
                while j < close:
                    c = tokens[j]
                    if c.type in ("bullet_list_open", "ordered_list_open"):
                        cend = self._close_of(tokens, j)
                        item["children"].extend(self._list_items(tokens, j + 1, cend))
                        j = cend + 1
                        continue
                    if c.type == "inline":
                        if item["pieces"]:
                            item["pieces"].append(Piece("text", " "))
                        item["pieces"].extend(self._inline(c))
                    elif c.type == "html_block":
                        item["html"].append((c.content, c.map[0] + 1))
                    j += 1
                items.append(item)
                i = close + 1
                continue
            i += 1
        return items

    def _item(self, item: dict, parent_path: list[str]) -> None:
        """One Markdown list item: an entry (with detail sub-bullets folded in) or a group of entries."""
        line = item["line"]
        pieces = item["pieces"]
        children = item["children"]
        if line in self.legend_lines:
            return
        if children:
            titled = any(p.kind == "link" and p.text.strip() and not is_kind_label(p.text) for p in pieces)
            kinds = [self._detail_kind(c["pieces"], titled) if not c["children"] else None for c in children]
            if any(kinds) and (self._has_text(pieces) or any(p.kind == "link" for p in pieces)):
                merged = list(pieces)
                for c, kind in zip(children, kinds, strict=True):
                    if kind is None:  # an entry of its own below the paper's details
                        continue
                    if kind == "aside":  # "Key: …", "ExpEnv: …": the list's own remarks, not fields
                        continue
                    merged.append(Piece("text", " \u00b7 "))
                    cp = list(c["pieces"])
                    if cp and cp[0].kind == "text":
                        m = DETAIL_KEY.match(cp[0].text)
                        if m and m.group(1).lower() in ("authors", "author", "by"):
                            names = "".join(p.text for p in cp if p.kind == "text")[m.end():]
                            cp = [Piece("authors", names)]
                        elif m:
                            cp[0] = Piece("text", cp[0].text[m.end():], cp[0].bold, cp[0].em)
                    merged.extend(cp)
                self._entry(merged, line, parent_path)
                for c, kind in zip(children, kinds, strict=True):
                    if kind is None:
                        self._item(c, parent_path)
                return
            has_link = any(p.kind == "link" for p in pieces)
            if not has_link and self._has_text(pieces):
                name = " ".join("".join(p.text for p in pieces if p.kind == "text").split())
                part = slug(MARK_RE.sub(" ", name))
                path = [*parent_path, part] if part else parent_path
                if part:
                    base = self._context()[1]
                    self.sections.setdefault("/".join([*(base[0].split("/") if base else []), *path]), name)
                for c in children:
                    self._item(c, path)
                return
            self._entry(pieces, line, parent_path)
            for c in children:
                self._item(c, parent_path)
            return
        self._entry(pieces, line, parent_path)
        for content, hline in item["html"]:
            self._html_block(content, hline)

    @staticmethod
    def _has_text(pieces: list[Piece]) -> bool:
        return any(p.kind == "text" and MARK_RE.sub("", p.text).strip(" .,;:-\u00b7") for p in pieces)

    @staticmethod
    def _detail_kind(pieces: list[Piece], below_titled_link: bool = False) -> str | None:
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
        lead = re.split(r"(?<![A-Z])\.\s|\d|\(", lead)[0]
        venue_beside = any(p.em and p.text.strip() for p in pieces) or bool(YEAR_RE.search(text))
        return "detail" if not links and author_list(lead, single=venue_beside) else None

    # HTML lists ------------------------------------------------------------------------------

    def _html_block(self, src: str, start_line: int) -> None:
        """Raw HTML (a list, a table, a whole page), read from its walk's events in order."""
        has_items = LI_RE.search(src) is not None
        groups: list[tuple[int, str]] = []  # (depth, section part) of <li>Vision<ul>… items
        for e in html_events(src, start_line):
            if e.kind == "deep":
                self.findings.append(Finding("IMP001", "warning", f"HTML lists nested {e.level:,} deep from line "
                                             f"{e.line}: lists deeper than {MAX_DEPTH} are read as one level",
                                             line=e.line, data={"depth": e.level}))
            elif e.kind == "heading":
                groups.clear()
                self.push_heading(e.level, "".join(p.text for p in e.pieces),
                                  [p.href for p in e.pieces if p.kind == "link" and p.href], e.line)
            elif e.kind == "open" and e.level == 0 and self.pending is not None and self.pending_used:
                self.pending = None  # a second list after the bold line: out of its scope
            elif e.kind == "close" and e.level == 0 and self.pending is not None:
                self.pending_used = True
            elif e.kind == "between":
                self._html_between(e, has_items)
            elif e.kind == "item":
                self._html_item(e, groups)

    def _html_between(self, e: HtmlEvent, has_items: bool) -> None:
        """Text outside items: marks go to the entry before; a venue line labels the next list."""
        text = " ".join("".join(p.text for p in e.pieces if p.kind in ("text", "link")).split())
        marks = MARK_RE.findall(text)
        if marks and has_items and self.last is not None:
            self._give_marks(self.last, marks, e.line, ambiguous=True)
        elif text and not marks and e.level == 0 and (has_items or all(
                p.bold or not p.text.strip() for p in e.pieces if p.kind in ("text", "link"))):
            vy = find_venue_in(text)
            if vy:
                self.pending = Heading(99, "venue", venue=vy[0], year=vy[1], line=e.line)
                self.pending_used = False

    def _html_item(self, e: HtmlEvent, groups: list[tuple[int, str]]) -> None:
        """One <li> or <tr>: a group naming the list it holds, or an entry."""
        while groups and groups[-1][0] > e.level:
            groups.pop()
        if not any(p.kind != "text" or p.text.strip() for p in e.pieces):
            return  # an item holding only list markup: nothing to read
        if e.nested and not any(p.kind == "link" for p in e.pieces):
            name = " ".join("".join(p.text for p in e.pieces if p.kind == "text").split())
            part = slug(MARK_RE.sub(" ", name)) if len(groups) < 8 else ""  # deeper: no section path
            if part:  # an item that only opens a nested list names a group: a section
                groups.append((e.level + 1, part))
                base = self._context()[1]
                path = [*(base[0].split("/") if base else []), *(g for _, g in groups)]
                self.sections.setdefault("/".join(path), name)
                return
        entry = self._entry(e.pieces, e.line, [g for d, g in groups if d <= e.level])
        owner = entry or self.last
        if e.tail and owner is not None:
            self._give_marks(owner, e.tail, e.tail_line, ambiguous=True)

    def _skip(self, entry: Entry) -> bool:
        """Whether an entry is left out: its section holds no papers, or its only links are code."""
        owner = next((h for h in reversed(self.stack) if h.skip), None)
        if owner is not None:
            self.skipped.setdefault(owner.line, (owner, []))[1].append(entry.line)
            return True
        entry.block = self.stack[-1].line if self.stack else 0
        if any(included(h.text, self.include_sections) for h in self.stack):
            entry.block = -1  # the curator wants this section whatever its links say
        return False

    def report_skipped(self) -> None:
        """IMP123: one finding per section left out, with what it holds, its entries' lines and how
        to import it anyway."""
        for line, (h, lines) in sorted(self.skipped.items()):
            n = len(lines)
            self.finding("IMP123", line, f"section {h.text!r} looks like {h.skip}, not papers: {n} entr"
                                         f"{'y' if n == 1 else 'ies'} (lines {lines[0]}\u2013{lines[-1]}) skipped; "
                                         f"--include-section {slug(h.text)!r} imports them",
                         section=h.text, reason=h.skip, entries=n, lines=lines)

    def _give_marks(self, entry: Entry, marks: list[str], line: int, ambiguous: bool) -> None:
        """Attach marks to an entry; IMP140 when they stand between two entries."""
        for mark in marks:
            entry.marks.append((mark, line))
            self.mark_counts[mark] += 1
            if ambiguous:
                entry.note("IMP140", line, f":{mark}: stands between two entries (just before the next <li>): "
                                           f"given to the entry before it, {entry.title!r}")

    # tables ----------------------------------------------------------------------------------

    @staticmethod
    def _cells(line: str) -> list[str]:
        """The cells of one table row, split on '|' outside code spans and links."""
        s = line.strip()
        if s.startswith("|"):
            s = s[1:]
        if s.endswith("|") and not s.endswith("\\|"):
            s = s[:-1]
        cells: list[str] = []
        cur: list[str] = []
        depth = 0
        code = False
        prev = ""
        for ch in s:
            if ch == "`":
                code = not code
            elif not code and ch in "[(":
                depth += 1
            elif not code and ch in "])":
                depth = max(0, depth - 1)
            if ch == "|" and prev != "\\" and not code and depth == 0:
                cells.append("".join(cur))
                cur = []
            else:
                cur.append(ch)
            prev = ch
        cells.append("".join(cur))
        return [c.strip() for c in cells]

    def _table(self, tokens) -> None:
        """A Markdown table: each row with a title (by column header or link/bold) is an entry."""
        head = next((t for t in tokens if t.type == "tr_open"), None)
        if head is None or head.map is None:
            return
        header = [normalise_title(c) for c in self._cells(self.lines[head.map[0]])]
        roles: dict[int, str] = {}
        for i, h in enumerate(header):  # the first title-like column is the title; a later "Paper" holds links
            role = column_role(h)
            roles[i] = "paper" if role == "title" and "title" in roles.values() else role
        names = [i for i, h in enumerate(header) if h in ("name", "method", "model", "short name", "abbr")]
        if names and roles.get(names[0]) == "title":  # | Name | Paper |: the name is a short label, the paper its title
            later = next((i for i, r in roles.items() if r == "paper" and i > names[0]
                          and column_role(header[i]) == "title"), None)
            if later is not None:
                roles[names[0]], roles[later] = "other", "title"
        has_title_col = "title" in roles.values()
        for t in tokens:
            if t.type != "tr_open" or t is head or t.map is None:
                continue
            line = t.map[0] + 1
            cells = self._cells(self.lines[t.map[0]])
            cell_pieces = [inline_pieces(self.md.parseInline(c)[0]) if c else [] for c in cells]
            if not has_title_col and not any(
                    (p.kind == "link" and p.href and re.match(r"https?://", p.href, re.I) and not is_kind_label(p.text))
                    or (p.bold and p.text.strip()) for cp in cell_pieces for p in cp):
                continue  # an index or statistics table, not papers
            if len(cells) != len(header):
                self.finding("IMP180", line, f"table row has {len(cells)} cells, its header {len(header)}: "
                                             "read by position")
            pieces: list[Piece] = []
            extra: dict[str, object] = {}
            title_index = next((i for i, r in roles.items() if r == "title"), None)
            if title_index is None:
                title_index = next((i for i, cp in enumerate(cell_pieces)
                                    if any((p.kind == "link" and not is_kind_label(p.text)) or (p.bold and p.text.strip())
                                           for p in cp)), 0)
            paper_column: list[str] = []  # kinds of the links in the "paper" column
            for i, cp in enumerate(cell_pieces):
                role = roles.get(i, "other") if i != title_index else "title"
                text = " ".join("".join(p.text for p in cp if p.kind == "text").split())
                if role == "title":
                    pieces = [*cp, *pieces]
                elif role == "venue":
                    extra["venue"] = text
                elif role == "year":
                    ym = YEAR_RE.search(text)
                    if ym:
                        extra["year"] = int(ym.group(1))
                elif role == "authors":
                    pieces.append(Piece("authors", text))
                else:
                    for p in cp:
                        if p.kind == "link":
                            kind = link_kind(p.text) or (role if role in ("code", "paper") else None)
                            if role == "paper":
                                paper_column.append(kind or "paper")
                            pieces.append(Piece("link", f"[{kind}]" if kind and not link_kind(p.text) else p.text,
                                                href=p.href))
                        elif p.kind == "text" and MARK_RE.search(p.text):
                            pieces.append(Piece("text", " ".join(f":{m}:" for m in MARK_RE.findall(p.text))))
                        elif p.kind == "text" and BARE_URL.search(p.text):
                            pieces.append(Piece("text", " " + " ".join(BARE_URL.findall(p.text))))
            if paper_column and "paper" not in paper_column:
                self.finding("IMP121", line, f"table row's paper column links to {', '.join(paper_column)}, not a "
                                             "paper: skipped", reason=paper_column[0])
                continue
            row_urls = [p.href for p in pieces if p.kind == "link" and p.href]
            if "paper" in roles.values() and not paper_column and entry_reason(row_urls):
                self.finding("IMP121", line, "table row has no paper link, only code repositories: skipped",
                             reason="code")
                continue
            entry = self._entry(pieces, line, [])
            if entry is not None:
                if str(extra.get("venue", "")).strip(" -\u2013\u2014/").lower() in ("", "n a", "na", "none"):
                    extra.pop("venue", None)  # a "-" placeholder is no venue
                tag = venue_year(str(extra["venue"]), self.config.venue_aliases) if extra.get("venue") else None
                if tag is not None:
                    entry.venue = tag[0] or entry.venue
                    entry.year = extra.get("year") or tag[1]  # type: ignore[assignment]
                    continue
                if extra.get("venue"):
                    vy = find_venue_in(str(extra["venue"]))
                    entry.venue = vy[0] if vy else canonical_venue(str(extra["venue"]), self.config.venue_aliases)
                    if vy and vy[1] and not extra.get("year"):
                        entry.year = vy[1]
                if extra.get("year"):
                    entry.year = int(extra["year"])  # type: ignore[arg-type]

    # one entry -------------------------------------------------------------------------------

    def _entry(self, pieces: list[Piece], line: int, path_extra: list[str]) -> Entry | None:
        """Turn the pieces of one list item or row into an Entry, or a finding saying why not."""
        if line in self.legend_lines or any(p.kind == "comment" and p.text == "papershelf:header" for p in pieces):
            return None
        topic, sections, venue, year = self._context()
        if path_extra:
            base = sections[0].split("/") if sections else []
            sections = ["/".join([*base, *path_extra])]
        explicit_id, explicit_ids = None, {}
        marks: list[str] = []
        work: list[Piece] = []
        for p in pieces:
            if p.kind == "comment":
                m = ID_COMMENT.match(p.text)
                if m:
                    explicit_id = m.group(1)
                    explicit_ids = dict(ID_PART.findall(m.group(2)))
                continue
            if p.kind in ("text", "link"):
                marks += MARK_RE.findall(p.text)
                p = Piece(p.kind, MARK_RE.sub(" ", p.text), p.bold, p.em, p.href)
            work.append(p)
        first = next((i for i, p in enumerate(work) if p.kind != "emptybold" and p.text.strip()), None)
        if first is not None and first + 1 < len(work) and work[first].kind == "text" and \
                work[first].text.strip() in ("[", "(") and work[first + 1].kind == "link" and (
                known_venue(work[first + 1].text.strip()) or venue_year(work[first + 1].text)):
            # - [[CVPR](url)] Title: a linked venue tag, not the title
            work[first + 1] = Piece("text", work[first + 1].text, False, work[first + 1].em)
        if first is not None and work[first].kind == "text" and work[first].bold:
            tag = VENUE_TAG.fullmatch(work[first].text)
            bracketed = work[first].text.strip()[:1] in ("[", "(")
            bare = re.sub(r"[\s,'\u2019]*(?:19|20)?\d{2}\s*$", "", tag.group(1)).strip() if tag else ""
            if tag and len(tag.group(1).split()) <= 4 and any(
                    p.text.strip() for p in work[first + 1:] if p.kind in ("text", "link")) and (
                    (bracketed and (find_venue_in(tag.group(1)) or YEAR_RE.search(tag.group(1))
                                    or venue_year(tag.group(1)) is not None))
                    or known_venue(bare) is not None):
                # **[CVPR 2019]** Title…: a bold venue tag, not the title
                work[first] = Piece("text", f"[{tag.group(1)}] ", False, work[first].em)
        texts = [p for p in work if p.kind == "text"]
        links = [p for p in work if p.kind == "link"]
        codes = [p for p in work if p.kind == "code"]
        plain = " ".join("".join(p.text for p in texts).split())
        if not links and not plain.strip(" .,;:-\u00b7") and not any(p.kind == "authors" for p in work):
            if codes:
                self.finding("IMP121", line, "list item holds only code (" + codes[0].text.strip()[:60] +
                             "): not a paper, skipped")
            elif marks:
                if self.last is not None:
                    self._give_marks(self.last, marks, line, ambiguous=True)
                else:
                    self.finding("IMP121", line, "list item holds only marks: skipped")
            return None
        if links and all((p.href or "").startswith("#") for p in links) and (len(re.findall(r"\w+", BARE_URL.sub(
                "", "".join(p.text for p in texts)))) <= 3 or all(slug(p.href or "") in slug(p.text) for p in links)):
            self.toc_items.append(line)  # "- [Section](#section)": navigation, not a paper
            return None
        title, title_link, tail = title_of(work)
        entry_links: list[Link] = []
        if title_link is not None:
            entry_links.append(Link("paper", title_link.href, "title link", line))
        for p in links:
            if p is title_link:
                continue
            label = " ".join(p.text.split())
            kind = (link_kind(label) if is_kind_label(label) else None) or (
                url_kind(p.href) if p.href and re.match(r"https?://", p.href, re.I) else None) or "other"
            entry_links.append(Link(kind, p.href, label or kind, line))
        for url in BARE_URL.findall(tail):
            entry_links.append(Link(url_kind(url), url, url, line))
        tail = BARE_URL.sub(" ", tail)
        for arxiv in ARXIV_TEXT.findall(tail):  # "arXiv:1503.02531" written as text
            if not any(lk.kind == "paper" and lk.url for lk in entry_links):
                entry_links.append(Link("paper", f"https://arxiv.org/abs/{arxiv}", f"arXiv:{arxiv}", line))
        tail = ARXIV_TEXT.sub(" ", tail)
        if not title:
            shown = ", ".join(f"{lk.label} {lk.url or '(empty link)'}" for lk in entry_links) or "no link"
            self.finding("IMP120", line, f"entry without a title skipped ({shown})")
            self.untitled.append((line, [lk.url for lk in entry_links if lk.url]))
            return None
        entry = Entry(line=line, title=title, topics=[topic] if topic else [], sections=sections,
                      venue=None, year=None, explicit_id=explicit_id, explicit_ids=explicit_ids)
        entry.merged_lines.append(line)
        annotations(entry, self.config.venue_aliases)
        tail_fields(entry, tail, [p for p in work if p.kind == "authors"], [p for p in texts if p.em],
                    self.config.venue_aliases)
        if entry.venue and venue and entry.venue != venue:
            entry.note("IMP152", line, f"entry says {entry.venue}{' ' + str(entry.year) if entry.year else ''}, "
                                       f"its heading {venue}{' ' + str(year) if year else ''}: the entry's own kept")
        entry.venue = entry.venue or venue
        entry.year = entry.year or year
        for code in codes:
            tag = slug(code.text)
            if tag and tag not in entry.tags and len(tag) <= 40:
                entry.tags.append(tag)
        if UNDEFINED_REF.search(plain):
            entry.note("IMP181", line, f"reference link {UNDEFINED_REF.search(plain).group(0)!r} is not defined")
        check_links(entry, entry_links)
        for mark in marks:
            entry.marks.append((mark, line))
            self.mark_counts[mark] += 1
        if self._skip(entry):
            return entry
        self.entries.append(entry)
        self.last = entry
        return entry
