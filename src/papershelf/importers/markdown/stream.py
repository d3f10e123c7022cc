"""The entries stage: the candidates' events, under the headings above them, into a stream of
entries and what the report needs (findings, section names, skipped entries, marks seen).

The only state is local to the generator: the heading stack, the bold venue line labelling the
next list, and the last entry (held back one step, as marks standing after it may still be its).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...config import ShelfConfig
from ..base import Finding
from .blocks import HeadingBlock
from .candidates import Candidate, Event, Group, HtmlList, Marks, Pending
from .context import above, context_of, heading_of
from .entries import Entry, Heading
from .fields import apply_columns
from .one_entry import NotEntry, entry_from
from .sections import included
from .source import Source
from .vocab import FINDING_CODES


@dataclass
class SectionName:
    """A section path and its heading as written."""

    path: str
    text: str


@dataclass
class Skipped:
    """An entry left out because its section holds no papers (``heading`` says what it holds)."""

    heading: Heading
    line: int


@dataclass
class Marked:
    """Marks given to an entry (counted for the legend's findings)."""

    marks: list[str]


@dataclass
class Toc:
    line: int


@dataclass
class Untitled:
    line: int
    urls: list[str]


Out = Entry | Finding | SectionName | Skipped | Marked | Toc | Untitled


@dataclass
class _Walk:
    """Where the walk stands: the headings above, the bold venue line labelling the next list
    (``pending``, ``used`` once a list under it closed), the entry the next marks may belong to."""

    stack: list[Heading]
    pending: Heading | None = None
    used: bool = False
    last: Entry | None = None


def entries(events: Iterator[Event], source: Source, config: ShelfConfig, include: tuple[str, ...] = ()) -> Iterator[Out]:
    """The stream of entries (each handed out once no later mark can be its) and report events."""
    w = _Walk([])
    for ev in events:
        if isinstance(ev, HeadingBlock):
            yield from _heading(w, ev, source, config, include)
        elif isinstance(ev, Pending):
            w.pending, w.used = ev.heading, False
        elif isinstance(ev, HtmlList):
            if ev.opens and w.pending is not None and w.used:
                w.pending = None  # a second list after the bold line: out of its scope
            elif not ev.opens and w.pending is not None:
                w.used = True
        elif isinstance(ev, Group):
            base = context_of(w.stack, w.pending).sections
            yield SectionName("/".join([*(base[0].split("/") if base else []), *ev.parts]), ev.name)
        elif isinstance(ev, Marks):
            if w.last is not None:
                yield from _give(w.last, ev.marks, ev.line)
        elif isinstance(ev, Candidate):
            yield from _candidate(w, ev, source, config, include)
        else:
            yield ev
    if w.last is not None:
        yield w.last


def _heading(w: _Walk, ev: HeadingBlock, source: Source, config: ShelfConfig, include: tuple[str, ...]) -> Iterator[Out]:
    """Enter a heading: the entry before is final; a section or taxon heading names its path."""
    stack = above(w.stack, ev.level)
    h, found = heading_of(ev.level, ev.text, ev.hrefs, ev.line, config, stack, source.title_line, include)
    yield from found
    w.stack, w.pending = [*stack, h], None
    if w.last is not None:
        yield w.last
        w.last = None
    if h.kind in ("section", "taxon"):
        path = context_of(w.stack).sections
        if path:
            yield SectionName(path[0], " ".join(ev.text.split()).strip(" :#-"))


def _candidate(w: _Walk, c: Candidate, source: Source, config: ShelfConfig, include: tuple[str, ...]) -> Iterator[Out]:
    """One candidate: an entry (held as the last one, or skipped with its section), or what it is
    instead; marks after an HTML item go to it (or to the entry before)."""
    entry = None
    if c.line not in source.legend_lines and not any(
            p.kind == "comment" and p.text == "papershelf:header" for p in c.pieces):
        got = entry_from(c.pieces, c.line, c.path, context_of(w.stack, w.pending), config.venue_aliases)
        if isinstance(got, NotEntry):
            yield from _not_entry(w, got, c.line)
        else:
            entry = got
            if entry.marks:
                yield Marked([m for m, _ in entry.marks])
            yield from _place(w, entry, include)
            if c.columns:
                apply_columns(entry, c.columns, config.venue_aliases)
    owner = entry or w.last
    if c.tail and owner is not None:
        yield from _give(owner, c.tail, c.tail_line)


def _not_entry(w: _Walk, got: NotEntry, line: int) -> Iterator[Out]:
    if got.finding is not None:
        yield got.finding
    if got.untitled is not None:
        yield Untitled(line, got.untitled)
    if got.toc:
        yield Toc(line)
    if got.marks:
        if w.last is not None:
            yield from _give(w.last, got.marks, line)
        else:
            yield Finding("IMP121", FINDING_CODES["IMP121"][0], "list item holds only marks: skipped", line=line)


def _place(w: _Walk, entry: Entry, include: tuple[str, ...]) -> Iterator[Out]:
    """Skip the entry when its section holds no papers; else it becomes the last entry."""
    owner = next((h for h in reversed(w.stack) if h.skip), None)
    if owner is not None:
        yield Skipped(owner, entry.line)
        return
    entry.block = w.stack[-1].line if w.stack else 0
    if any(included(h.text, include) for h in w.stack):
        entry.block = -1  # the curator wants this section whatever its links say
    if w.last is not None:
        yield w.last
    w.last = entry


def _give(entry: Entry, marks: list[str], line: int) -> Iterator[Out]:
    """Marks standing between two entries go to the one before (IMP140)."""
    for mark in marks:
        entry.marks.append((mark, line))
        entry.note("IMP140", line, f":{mark}: stands between two entries (just before the next <li>): "
                                   f"given to the entry before it, {entry.title!r}")
    yield Marked(marks)
