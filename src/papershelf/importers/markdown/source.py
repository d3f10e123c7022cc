"""The source stage: a list's text as lines (line ends and emoji normalised, absurd lines left
out), with what must be known before the walk starts: the list's legend and its title line."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

from ..base import Finding
from .vocab import EMOJI_RE, MARK_RE, mark_meaning, normalise_emoji

MAX_LINE = 200_000
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[A-Za-z]+")
_H1 = re.compile(r"^#\s+\S")
_HEADING = re.compile(r"^#{1,6}\s+\S")


class Lines(Sequence[str]):
    """The lines of a text without splitting it: the text and where each line starts (a list of
    100,000 line strings cost 1.5 times the text)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = array("q", [0])
        find = text.find
        at = find("\n")
        while at >= 0:
            self.starts.append(at + 1)
            at = find("\n", at + 1)
        self.starts.append(len(text) + 1)

    def __len__(self) -> int:
        return len(self.starts) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[n] for n in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.text[self.starts[i]:self.starts[i + 1] - 1]

    def __iter__(self) -> Iterator[str]:
        text, starts = self.text, self.starts
        return (text[starts[i]:starts[i + 1] - 1] for i in range(len(starts) - 1))

    def span(self, a: int, b: int) -> str:
        """Lines ``a`` to ``b`` (excluded) joined by newlines."""
        b = min(b, len(self))
        return self.text[self.starts[a]:self.starts[b] - 1] if a < b else ""


@dataclass
class Source:
    """The lines of one list (1-based ``line`` n is ``lines[n - 1]``) and what a first look found."""

    lines: Lines
    legend: dict[str, str] = field(default_factory=dict)  # mark -> top | second | read | reading
    legend_lines: set[int] = field(default_factory=set)
    title_line: int | None = None  # the document's title: a single ``#`` heading that comes first
    findings: list[Finding] = field(default_factory=list)


def read_source(text: str) -> Source:
    """``text`` as a :class:`Source` (IMP001 for each line too long and too marked-up to read)."""
    findings: list[Finding] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # (the same text when there is nothing to replace)
    if EMOJI_RE.search(text):
        text = normalise_emoji(text)
    lines = Lines(text)
    starts = lines.starts
    if any(starts[i + 1] - starts[i] > 20_001 for i in range(len(lines))):  # rare: rebuild the text
        lines = Lines("\n".join(plain_if_huge(n, line, findings) for n, line in enumerate(lines, 1)))
    legend, legend_lines = legend_of(lines)
    return Source(lines, legend, legend_lines, title_line_of(lines), findings)


def plain_if_huge(n: int, line: str, findings: list[Finding]) -> str:
    """A line longer than any entry could be (a paste gone wrong, an attack) is left out and
    reported: markdown-it's link and HTML searches are slow on thousands of brackets in one line."""
    if len(line) <= MAX_LINE and (len(line) <= 20_000 or sum(line.count(c) for c in "[<*_`") <= 2_000):
        return line  # a long plain line is read; thousands of brackets in one line are not
    findings.append(Finding("IMP001", "error", f"line {n} is {len(line):,} characters long, with thousands "
                            "of brackets or markup characters: not read (no entry is written so)", line=n,
                            data={"characters": len(line)}))
    return ""


def legend_of(lines: Sequence[str]) -> tuple[dict[str, str], set[int]]:
    """The list's own legend (mark → top/second/read/reading) and the lines it stands on."""
    legend: dict[str, str] = {}
    where: set[int] = set()
    previous = ""
    fence = False
    for n, raw in enumerate(lines, 1):
        if raw.lstrip().startswith(("```", "~~~")):
            fence = not fence
        stripped = raw.strip()
        if fence or not stripped:
            continue
        if ":" in raw and "<li" not in raw.lower() and _legend_line(raw, previous, legend):
            where.add(n)
            continue
        previous = stripped
    return legend, where


def _legend_line(raw: str, previous: str, legend: dict[str, str]) -> bool:
    """Whether one line is part of the legend (its marks with their meanings added to ``legend``)."""
    line = _BULLET.sub("", _TAG.sub(" ", raw))
    if not MARK_RE.search(line) or "http" in line or "](" in line:
        return False
    parts = MARK_RE.split(line)
    words = MARK_RE.sub(" ", line)
    alone = not words.strip(" :-\u2013\u2014=.,")
    if len(_WORD.findall(words)) > 4 or len(parts) > 21:  # a legend names a few marks
        return False
    found = False
    for i in range(1, len(parts), 2):
        # a mark alone on its line ("Reading Completion:" / ":heavy_check_mark:") takes its meaning
        # from the line above
        meaning = mark_meaning(parts[i + 1]) or mark_meaning(parts[i - 1]) or (
            mark_meaning(previous) if alone else None)
        if meaning:
            legend.setdefault(parts[i], meaning)
            found = True
    return found


def title_line_of(lines: Sequence[str]) -> int | None:
    """The line of the document's title: a single ``#`` heading that comes first."""
    first = h1 = None
    for n, line in enumerate(lines, 1):
        if line.startswith("#"):
            if _H1.match(line):
                if h1 is not None:
                    return None  # two ``#`` headings: neither is the title
                h1 = n
            if first is None and _HEADING.match(line):
                first = n
    return h1 if h1 is not None and first == h1 else None
