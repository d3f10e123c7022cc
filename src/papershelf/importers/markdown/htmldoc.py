"""The HTML stage: a raw HTML block parsed once by selectolax and walked once into a flat list of
events (headings, lists opening and closing, list items and table rows, text between them), each
with its line, counted from the newlines of the text walked so far. No regular expression splits
the HTML; the walk keeps its own stack, so thousands of nested lists cannot exhaust Python's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .entries import Piece, split_md_links, walk_node
from .vocab import MARK_RE

MAX_DEPTH = 256  # lists nested deeper are read as one level (browsers cap nesting too)
LIST_TAG = re.compile(r"<(/?)(?:ul|ol)\b[^>]*>", re.IGNORECASE)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
CONTAINERS = {"table", "thead", "tbody", "tfoot", "div", "p", "section", "article", "main", "body", "html",
              "center", "details", "summary", "blockquote", "dl", "dd", "dt", "header", "footer", "nav"}


@dataclass
class HtmlEvent:
    """One thing the walk met: ``heading``, ``open``/``close`` (a list), ``item`` (an <li> or
    <tr>) or ``between`` (text outside items)."""

    kind: str
    line: int
    level: int = 0  # a heading's level; a list's or item's depth (0: outermost)
    pieces: list[Piece] = field(default_factory=list)
    nested: bool = False  # the item holds a list of its own
    tail: list[str] = field(default_factory=list)  # marks on the item's last line, after its text
    tail_line: int = 0


def _newlines(node) -> int:
    if node.tag == "-comment":
        return (node.comment_content or "").count("\n")
    return (node.text(deep=True) or "").count("\n")


class _Walk:
    def __init__(self, start_line: int) -> None:
        self.line = start_line
        self.events: list[HtmlEvent] = []
        self.buffer: list[Piece] = []
        self.buffer_line = start_line

    def pieces_of(self, node, out: list[Piece]) -> None:
        if out is self.buffer and not any(p.kind != "text" or p.text.strip() for p in out):
            raw = "" if node.tag == "-comment" else node.text(deep=True) or ""
            self.buffer_line = self.line + raw[:len(raw) - len(raw.lstrip())].count("\n")  # its first text
        walk_node(node, False, False, out)
        self.line += _newlines(node)

    def flush(self, depth: int) -> None:
        if any(p.kind != "text" or p.text.strip() for p in self.buffer):
            self.events.append(HtmlEvent("between", self.buffer_line, depth, _links(self.buffer)))
        self.buffer = []

    def item(self, node, depth: int) -> list:
        """An <li> or <tr>: its own pieces; the lists it holds are returned, walked after it."""
        line, pieces, lists = self.line, [], []
        for child in node.iter(include_text=True):
            if child.tag in ("ul", "ol"):
                lists.append(child)
            elif child.tag in ("td", "th"):
                if child.tag == "th":
                    pieces.append(Piece("comment", "papershelf:header"))
                pieces.append(Piece("text", " \u00b7 "))
                self.pieces_of(child, pieces)
                pieces.append(Piece("text", " "))
            else:
                self.pieces_of(child, pieces)
        event = HtmlEvent("item", line, depth, _links(pieces), nested=bool(lists))
        _tail(event, self.line)
        self.events.append(event)
        return lists

    def run(self, root) -> Iterator[HtmlEvent]:
        """The events in document order, handed out as they are made (a big list's events are
        never all held at once)."""
        stack: list[tuple[object, int, bool]] = [(root.iter(include_text=True), 0, False)]
        while stack:
            it, depth, is_list = stack[-1]
            child = next(it, None)
            if child is None:
                stack.pop()
                if is_list:
                    self.flush(depth)
                    self.events.append(HtmlEvent("close", self.line, depth - 1))
                continue
            tag = child.tag
            if tag in ("ul", "ol"):
                self.flush(depth)
                self.events.append(HtmlEvent("open", self.line, depth))
                stack.append((child.iter(include_text=True), depth + 1, True))
            elif tag in ("li", "tr"):
                self.flush(depth)
                lists = self.item(child, depth)
                if lists:
                    stack.append((iter(lists), depth, False))
            elif tag in HEADINGS:
                self.flush(depth)
                pieces: list[Piece] = []
                line = self.line
                self.pieces_of(child, pieces)
                self.events.append(HtmlEvent("heading", line, HEADINGS[tag], _links(pieces)))
            elif tag in CONTAINERS:
                stack.append((child.iter(include_text=True), depth, False))
            else:
                self.pieces_of(child, self.buffer)
            yield from self.events
            self.events.clear()
        self.flush(0)
        yield from self.events
        self.events.clear()


def _links(pieces: list[Piece]) -> list[Piece]:
    """Markdown links written inside raw HTML (``<strong>[CVPR 2021](…)</strong>``) become links."""
    return [q for p in pieces for q in (split_md_links(p) if p.kind == "text" and "](" in p.text else [p])]


def _tail(event: HtmlEvent, end_line: int) -> None:
    """Marks alone on an item's last line (``…[paper]</a>\\n:heavy_check_mark:``) are set apart:
    they may belong to the item or to the one after."""
    last = event.pieces[-1] if event.pieces else None
    if last is None or last.kind != "text" or "\n" not in last.text.rstrip():
        return
    head, _, after = last.text.rstrip().rpartition("\n")
    marks = MARK_RE.findall(after)
    if not marks or MARK_RE.sub("", after).strip():
        return
    rest = [*event.pieces[:-1], Piece("text", head, last.bold, last.em)]
    if not any(p.kind != "text" or p.text.strip() for p in rest):
        return
    event.pieces, event.tail = rest, marks
    event.tail_line = end_line - last.text[len(head):].count("\n") + 1


def _cap_depth(src: str) -> tuple[str, int]:
    """``src`` with the list tags deeper than MAX_DEPTH blanked, and the deepest nesting found.
    Building an HTML tree costs each start tag a scan of the open elements, so 100,000 nested
    lists took minutes; the items in them are still read, as siblings at the deepest level."""
    depth = deepest = 0
    for m in LIST_TAG.finditer(src):  # (a first look, so that src is copied only when it must be)
        depth = max(0, depth - 1) if m.group(1) else depth + 1
        deepest = max(deepest, depth)
    if deepest <= MAX_DEPTH:
        return src, deepest
    done: list[str] = []  # (re.sub held a string per tag: 13 MB for 1 MB of nested lists; a StringIO
    parts: list[str] = []  # 4 bytes a character: 4 MB; joined 8,192 parts at a time: 1.3 MB)
    depth = pos = 0
    for m in LIST_TAG.finditer(src):
        if m.group(1):
            depth = max(0, depth - 1)
            deep = depth >= MAX_DEPTH
        else:
            depth += 1
            deep = depth > MAX_DEPTH
        if deep:
            parts += (src[pos:m.start()], " ")
            pos = m.end()
            if len(parts) >= 8192:
                done.append("".join(parts))
                parts.clear()
    parts.append(src[pos:])
    done.append("".join(parts))
    return "".join(done), deepest


CHUNK = 1 << 16  # characters of HTML turned into a tree at a time (a tree costs 14-45 times its HTML)
CHUNK_TAGS = 2048  # or tags, whichever comes first: an element costs ~260 bytes of tree, so 64 KB of
# bare nested <ul><li> (14,500 tags) made a 5 MB tree, 18 times a 280 KB file
_CUT_SCAN = re.compile(r"<!--|-->|<(/?)(ul|ol|table|pre|script|style|textarea)\b|\n[ \t]*(?=<li\b)",
                       re.IGNORECASE)


def pieces(src: str, chunk: int = CHUNK, chunk_tags: int = CHUNK_TAGS) -> list[tuple[int, int, str]]:
    """(start, end, the list tags open there) of consecutive pieces of ``src``, cut before an
    ``<li>`` at least ``chunk`` characters or ``chunk_tags`` tags apart, where nothing else is open
    that the piece after could not do without (a comment, table, ``pre``, script…). Cut inside a
    nested list, the text that follows it in the item holding it (``<li>Group<ul>…</ul> text</li>``)
    is no longer that item's: only lists longer than a piece are cut. One piece when there is no
    such place."""
    cuts: list[tuple[int, str]] = [(0, "")]
    lists: list[str] = []
    other = 0
    comment = False
    seen, counted = 0, 0  # tags since the last cut, counted up to ``counted``
    for m in _CUT_SCAN.finditer(src):
        token = m.group(0)
        if comment:
            comment = token != "-->"
        elif token == "<!--":
            comment = True
        elif m.group(2):
            tag = m.group(2).lower()
            if tag not in ("ul", "ol"):
                other = max(0, other + (-1 if m.group(1) else 1))
            elif not m.group(1):
                lists.append(tag)
            elif lists:
                lists.pop()
        elif lists and not other:
            seen, counted = seen + src.count("<", counted, m.end()), m.end()
            if m.end() - cuts[-1][0] >= chunk or seen >= chunk_tags:
                cuts.append((m.end(), "".join(f"<{tag}>" for tag in lists)))
                seen = 0
    ends = [c for c, _ in cuts[1:]] + [len(src)]
    return [(start, end, tags) for (start, tags), end in zip(cuts, ends, strict=True)]


def html_events(src: str, start_line: int, chunk: int = CHUNK, chunk_tags: int = CHUNK_TAGS) -> Iterator[HtmlEvent]:
    """The events of one raw HTML block whose first line is ``start_line``; a ``deep`` event
    first (its level the nesting found) when lists were nested deeper than MAX_DEPTH. A big block
    is read in pieces of about ``chunk`` characters, each cut before an ``<li>``: the piece after
    opens the lists open there again, the piece before does not close them (no events for either)."""
    from selectolax.lexbor import LexborHTMLParser

    src, deepest = _cap_depth(src)
    if deepest > MAX_DEPTH:
        yield HtmlEvent("deep", start_line, deepest)
    walk = _Walk(start_line)
    cuts = pieces(src, chunk, chunk_tags)
    for n, (start, end, reopened) in enumerate(cuts):
        root = LexborHTMLParser(f"<div>{reopened}{src[start:end]}</div>").css_first("div")
        if root is None:
            continue
        events = walk.run(root)
        for _ in range(reopened.count("<")):
            next(events)  # a list opening again: not an event of the list
        open_after = cuts[n + 1][2].count("<") if n + 1 < len(cuts) else 0
        yield from _open_at_end(events, open_after)
        del root, events  # this piece's tree goes before the next is built


def _open_at_end(events: Iterator[HtmlEvent], still_open: int) -> Iterator[HtmlEvent]:
    """The events of a piece but the ``close`` events of the ``still_open`` lists it ends inside
    (they go on in the next piece): the last closes, after the last event of anything else."""
    held: list[HtmlEvent] = []
    for e in events:
        if e.kind not in ("close", "between"):
            yield from held
            held = []
            yield e
        else:
            held.append(e)
    for e in held:
        if e.kind == "close" and still_open > 0 and sum(h.kind == "close" for h in held[held.index(e):]) <= still_open:
            continue
        yield e
