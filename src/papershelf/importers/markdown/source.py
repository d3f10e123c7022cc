"""The source stage: a list's text as lines (line ends and emoji normalised, absurd lines left
out), with what must be known before the walk starts: the list's legend and its title line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..base import Finding
from .vocab import MARK_RE, mark_meaning, normalise_emoji

MAX_LINE = 200_000
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[A-Za-z]+")
_H1 = re.compile(r"^#\s+\S")
_HEADING = re.compile(r"^#{1,6}\s+\S")


@dataclass
class Source:
    """The lines of one list (1-based ``line`` n is ``lines[n - 1]``) and what a first look found."""

    lines: list[str]
    legend: dict[str, str] = field(default_factory=dict)  # mark -> top | second | read | reading
    legend_lines: set[int] = field(default_factory=set)
    title_line: int | None = None  # the document's title: a single ``#`` heading that comes first
    findings: list[Finding] = field(default_factory=list)


def read_source(text: str) -> Source:
    """``text`` as a :class:`Source` (IMP001 for each line too long and too marked-up to read)."""
    findings: list[Finding] = []
    raw = normalise_emoji(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    lines = [plain_if_huge(n, line, findings) for n, line in enumerate(raw, 1)]
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


def legend_of(lines: list[str]) -> tuple[dict[str, str], set[int]]:
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


def title_line_of(lines: list[str]) -> int | None:
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
