"""The import report of one Markdown list: the findings of every stage, and those that need the
whole list (sections skipped, untitled entries whose link another entry has, unknown venues, a
table of contents, marks without a legend)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..base import Finding
from .entries import Heading, canonical_url
from .stream import Marked, SectionName, Skipped, Toc, Untitled
from .vocab import FINDING_CODES, slug


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)  # section path -> heading text as written
    skipped: dict[int, tuple[Heading, list[int]]] = field(default_factory=dict)  # heading line -> entry lines
    untitled: list[tuple[int, list[str]]] = field(default_factory=list)
    toc: list[int] = field(default_factory=list)
    mark_counts: Counter = field(default_factory=Counter)

    def finding(self, code: str, line: int | None, message: str, **data) -> None:
        self.findings.append(Finding(code, FINDING_CODES[code][0], message, line=line, data=data))

    def add(self, item: Finding | SectionName | Skipped | Marked | Toc | Untitled) -> None:
        """One event of the entries stage (anything but an entry)."""
        if isinstance(item, Finding):
            self.findings.append(item)
        elif isinstance(item, SectionName):
            self.sections.setdefault(item.path, item.text)
        elif isinstance(item, Skipped):
            self.skipped.setdefault(item.heading.line, (item.heading, []))[1].append(item.line)
        elif isinstance(item, Marked):
            self.mark_counts.update(item.marks)
        elif isinstance(item, Toc):
            self.toc.append(item.line)
        elif isinstance(item, Untitled):
            self.untitled.append((item.line, item.urls))

    def untitled_links(self, by_url: dict[str, tuple[str, int]]) -> None:
        """IMP110: an untitled entry's link is also another entry's (``by_url``: canonical URL ->
        title and line): the same paper listed twice."""
        for line, urls in self.untitled:
            for url in urls:
                other = by_url.get(canonical_url(url))
                if other is not None:
                    self.finding("IMP110", line, f"the untitled entry's link {url} is also given for {other[0]!r} "
                                                 f"(line {other[1]}): probably the same paper listed twice",
                                 url=url, other_title=other[0], other_line=other[1])

    def skipped_sections(self) -> None:
        """IMP123: one finding per section left out, with what it holds, its entries' lines and how
        to import it anyway."""
        for line, (h, lines) in sorted(self.skipped.items()):
            n = len(lines)
            self.finding("IMP123", line, f"section {h.text!r} looks like {h.skip}, not papers: {n} entr"
                                         f"{'y' if n == 1 else 'ies'} (lines {lines[0]}\u2013{lines[-1]}) skipped; "
                                         f"--include-section {slug(h.text)!r} imports them",
                         section=h.text, reason=h.skip, entries=n, lines=lines)

    def unknown_venues(self, found: dict[str, list[int]]) -> None:
        """IMP153 per venue outside the vocabulary (``found``: venue -> lines of its entries)."""
        for venue, lines in sorted(found.items(), key=lambda kv: kv[1][0]):
            self.finding("IMP153", lines[0], f"venue {venue!r} ({len(lines)} entr{'y' if len(lines) == 1 else 'ies'}) "
                                             "is not in papershelf's vocabulary: kept as written (another name for "
                                             "a known venue? add it to [venues.aliases] in shelf.toml)",
                         venue=venue, entries=len(lines), lines=lines)

    def marks(self, legend: dict[str, str]) -> None:
        """IMP121 for a table of contents; IMP141/IMP142 for marks the legend does not explain."""
        if self.toc:
            n = len(self.toc)
            self.finding("IMP121", self.toc[0], f"{n} list item{'s' if n > 1 else ''} from line {self.toc[0]} to "
                                                f"{self.toc[-1]} only link within the page (a table of contents): "
                                                "not papers")
        if not legend and self.mark_counts:
            shown = ", ".join(f":{m}: \u00d7{n}" for m, n in self.mark_counts.most_common())
            self.finding("IMP141", None, f"marks ({shown}) found but the list has no legend: no priority or read "
                                         "status taken from them")
        elif legend:
            for mark, n in self.mark_counts.most_common():
                if mark not in legend:
                    self.finding("IMP142", None, f":{mark}: (\u00d7{n}) is not in the list's legend: ignored")
