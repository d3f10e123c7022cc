"""The parse stage: a :class:`~.source.Source` into its blocks (headings, list items, tables, raw
HTML, paragraphs), each with its inline pieces, one at a time.

markdown-it-py parses the block structure of a window of lines at a time: the window is cut at
the start of its last top-level block or list item (everything before it is final, as block
structure only looks ahead one line), so a 100,000-item list never holds every token at once.
Inline content is parsed when its block is handed out, and dropped with it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from .entries import Piece, inline_pieces
from .source import Lines, Source
from .vocab import LI_RE

WINDOW = 250  # lines parsed at a time (doubled while a single block fills the window)
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:")
_RAW_HTML = re.compile(r"^ {0,3}<(?:script|pre|style|textarea|!--|\?|![A-Za-z]|!\[CDATA\[)", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n|\Z)")


@dataclass
class HeadingBlock:
    level: float
    text: str
    hrefs: list[str]
    line: int


@dataclass
class Item:
    """One Markdown list item: its pieces, the items nested in it, the raw HTML inside it."""

    line: int
    pieces: list[Piece] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)
    html: list[HtmlBlock] = field(default_factory=list)


@dataclass
class ListEnd:
    """A Markdown list or table ended."""


@dataclass
class TableBlock:
    header: list[str]  # the header row's cells as written
    rows: list[tuple[int, list[str], list[list[Piece]]]]  # (line, cells, each cell's pieces)


@dataclass
class HtmlBlock:
    src: str
    line: int

    @property
    def has_items(self) -> bool:
        return LI_RE.search(self.src) is not None


@dataclass
class Paragraph:
    pieces: list[Piece]
    line: int


Block = HeadingBlock | Item | ListEnd | TableBlock | HtmlBlock | Paragraph


class Parser:
    """markdown-it configured for reading lists, with the document's link reference definitions."""

    def __init__(self) -> None:
        from markdown_it import MarkdownIt

        self.md = MarkdownIt("commonmark").enable("table")
        self.md.normalizeLink = lambda url: url  # keep URLs exactly as written
        self.env: dict = {}

    def tokens(self, text: str) -> list:
        """markdown-it's block tokens only (its ``normalize`` and ``block`` core rules)."""
        from markdown_it.rules_core import StateCore, block, normalize

        state = StateCore(text, self.md, self.env)
        normalize(state)
        block(state)
        return state.tokens

    def inline(self, token) -> list[Piece]:
        """The pieces of one inline token, parsed now (``inline``, ``text_join``) and dropped after use."""
        from markdown_it.rules_core import StateCore, inline, text_join

        state = StateCore(token.content, self.md, self.env)
        state.tokens = [token]
        inline(state)
        text_join(state)
        pieces = inline_pieces(token)
        token.children = None
        return pieces

    def cell(self, text: str) -> list[Piece]:
        return inline_pieces(self.md.parseInline(text, self.env)[0]) if text else []


def blocks(source: Source, parser: Parser | None = None, window: int = WINDOW) -> Iterator[Block]:
    """The blocks of ``source`` in document order (markdown-it reading ``window`` lines at a time)."""
    parser = parser or Parser()
    lines = source.lines
    if any(_REFERENCE.match(line) for line in lines):  # definitions may follow their uses: read them first
        for _ in windows(lines, parser, window):
            pass
    for start, tokens in windows(lines, parser, window):
        yield from _blocks_of(tokens, start, lines, parser)


def windows(lines: Lines, parser: Parser, window: int = WINDOW) -> Iterator[tuple[int, list]]:
    """(first line index, block tokens) for consecutive windows of ``lines``, each cut where its
    last top-level block or top-level list item starts (a list cut so lacks its closing token)."""
    start, size = 0, window
    while start < len(lines):
        end = min(len(lines), start + size)
        tokens = parser.tokens(lines.span(start, end))
        if end == len(lines):
            yield start, tokens
            return
        index = _cut(tokens)
        if index is None:
            html_end = _html_end(lines, start, tokens)
            if html_end is not None:  # raw HTML to the next blank line: no need to tokenize it all
                yield start, [_html_token(lines, start, html_end)]
                start = html_end
                continue
            size *= 2  # one block fills the window: look further
            continue
        cut = tokens[index].map[0]
        yield start, tokens[:index]
        start, size = start + cut, window


def _html_end(lines: Lines, start: int, tokens: list) -> int | None:
    """Where a raw HTML block filling the window ends, when CommonMark ends it at the next blank
    line (not a ``<script>``, ``<pre>``, comment… block, which ends at its own closing mark)."""
    first = tokens[0] if tokens else None
    if first is None or first.type != "html_block" or first.map[0] != 0 or _RAW_HTML.match(lines[start]):
        return None
    blank = _BLANK_LINE.search(lines.text, lines.starts[start])
    return len(lines) if blank is None else bisect_left(lines.starts, blank.start() + 1)


def _html_token(lines: Lines, start: int, end: int):
    """The token markdown-it makes of the raw HTML block of lines ``start`` to ``end``."""
    from markdown_it.token import Token

    token = Token("html_block", "", 0, map=[0, end - start], block=True)
    token.content = lines.span(start, end) + "\n"
    return token


def _cut(tokens: list) -> int | None:
    """The index of the window's last top-level block or top-level list item, None when it
    holds one block only (everything before it is final: block structure looks one line ahead)."""
    for i in range(len(tokens) - 1, -1, -1):
        t = tokens[i]
        if t.map is not None and t.nesting != -1 and (t.level == 0 or (t.level == 1 and t.type == "list_item_open")):
            return i if t.map[0] > 0 else None
    return None


def _blocks_of(tokens: list, start: int, lines: Lines, parser: Parser) -> Iterator[Block]:
    """The blocks of one window's tokens (lines counted from ``start``)."""
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "heading_open":
            pieces = parser.inline(tokens[i + 1])
            text = "".join(p.text for p in pieces if p.kind in ("text", "link", "code"))
            yield HeadingBlock(int(t.tag[1]), text, [p.href for p in pieces if p.kind == "link" and p.href],
                               start + t.map[0] + 1)
            i += 3
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            end = close_of(tokens, i)
            yield from _list_items(tokens, i + 1, end, start, parser)
            if end < len(tokens):  # a list without its closing token goes on in the next window
                yield ListEnd()
            i = end + 1
        elif t.type == "table_open":
            end = close_of(tokens, i)
            yield _table(tokens[i:end + 1], start, lines, parser)
            yield ListEnd()
            i = end + 1
        elif t.type == "html_block":
            yield HtmlBlock(t.content, start + t.map[0] + 1)
            i += 1
        elif t.type == "paragraph_open":
            first, last = start + t.map[0], start + t.map[1]
            raw = lines.span(first, last)
            yield HtmlBlock(raw, first + 1) if LI_RE.search(raw) else Paragraph(parser.inline(tokens[i + 1]), first + 1)
            i += 3
        else:
            i += 1


def close_of(tokens: list, i: int) -> int:
    """The index of the token closing ``tokens[i]`` (``len(tokens)`` when the window cut it off)."""
    level, typ = tokens[i].level, tokens[i].type.replace("_open", "_close")
    for j in range(i + 1, len(tokens)):
        if tokens[j].type == typ and tokens[j].level == level:
            return j
    return len(tokens)


def _list_items(tokens: list, i: int, end: int, start: int, parser: Parser) -> Iterator[Item]:
    """The items of a Markdown list, each with its nested items, handed out one at a time."""
    while i < end:
        t = tokens[i]
        if t.type != "list_item_open":
            i += 1
            continue
        close = close_of(tokens, i)
        item = Item(start + t.map[0] + 1)
        j = i + 1
        while j < close:
            c = tokens[j]
            if c.type in ("bullet_list_open", "ordered_list_open"):
                cend = close_of(tokens, j)
                item.children.extend(_list_items(tokens, j + 1, cend, start, parser))
                j = cend + 1
                continue
            if c.type == "inline":
                if item.pieces:
                    item.pieces.append(Piece("text", " "))
                item.pieces.extend(parser.inline(c))
            elif c.type == "html_block":
                item.html.append(HtmlBlock(c.content, start + c.map[0] + 1))
            j += 1
        yield item
        i = close + 1


def cells(line: str) -> list[str]:
    """The cells of one table row, split on '|' outside code spans and links."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    out: list[str] = []
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
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        prev = ch
    out.append("".join(cur))
    return [c.strip() for c in out]


def _table(tokens: list, start: int, lines: Lines, parser: Parser) -> TableBlock:
    """A Markdown table: its header cells and, per row, its cells and their pieces."""
    rows = [t for t in tokens if t.type == "tr_open" and t.map is not None]
    if not rows:
        return TableBlock([], [])
    header = cells(lines[start + rows[0].map[0]])
    body = []
    for t in rows[1:]:
        row = cells(lines[start + t.map[0]])
        body.append((start + t.map[0] + 1, row, [parser.cell(c) for c in row]))
    return TableBlock(header, body)
