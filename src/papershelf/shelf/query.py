"""Filtering, sorting and summarising papers: the questions `list`, `queue` and `stats` ask."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import PapershelfError
from ..model import PRIORITIES, STATUSES, Paper

SORT_KEYS = ("year", "venue", "title", "added")
PRIORITY_RANK = {"top": 0, "second": 1, None: 2}


def parse_years(text: str | None) -> tuple[int, int] | None:
    """``2020`` or ``2018-2021`` (either end may be left open: ``2019-``, ``-2020``)."""
    if not text:
        return None
    m = re.fullmatch(r"\s*(\d{4})?\s*(-)?\s*(\d{4})?\s*", text)
    if not m or not (m.group(1) or m.group(3)):
        raise PapershelfError(f"--year {text!r} is not a year or range", hint="use 2020 or 2018-2021")
    lo, dash, hi = m.groups()
    if not dash:
        return int(lo), int(lo)
    return int(lo or 0), int(hi or 9999)


@dataclass
class Query:
    """A filter over papers; every given criterion must hold."""

    text: str | None = None
    venue: str | None = None
    years: tuple[int, int] | None = None
    topic: str | None = None
    section: str | None = None
    tag: str | None = None
    status: str | None = None
    priority: str | None = None
    ids: set[str] = field(default_factory=set)

    def matches(self, p: Paper) -> bool:
        if self.venue and (p.venue or "").casefold() != self.venue.casefold():
            return False
        if self.years and (p.year is None or not self.years[0] <= p.year <= self.years[1]):
            return False
        if self.topic and self.topic not in p.topics:
            return False
        if self.section and not any(s == self.section or s.startswith(self.section + "/") for s in p.sections):
            return False
        if self.tag and self.tag not in p.tags:
            return False
        if self.status and p.status != self.status:
            return False
        if self.priority and (p.priority or "none") != self.priority:
            return False
        if self.ids and p.id not in self.ids:
            return False
        if self.text:
            needle = self.text.casefold()
            hay = " ".join([p.id, p.title, p.venue or "", " ".join(p.authors), p.notes or ""]).casefold()
            if needle not in hay:
                return False
        return True

    def apply(self, papers: Iterable[Paper]) -> list[Paper]:
        return [p for p in papers if self.matches(p)]


def sort_papers(papers: list[Paper], key: str = "year") -> list[Paper]:
    """Newest first for year and added; alphabetical for venue and title."""
    if key == "year":
        return sorted(papers, key=lambda p: (-(p.year or 0), (p.venue or "").casefold(), p.title.casefold()))
    if key == "venue":
        return sorted(papers, key=lambda p: ((p.venue or "~").casefold(), -(p.year or 0), p.title.casefold()))
    if key == "title":
        return sorted(papers, key=lambda p: p.title.casefold())
    if key == "added":
        return sorted(papers, key=lambda p: (p.added.toordinal() if p.added else 0), reverse=True)
    raise PapershelfError(f"cannot sort by {key!r}", hint=f"use one of {', '.join(SORT_KEYS)}")


def reading_queue(papers: Iterable[Paper]) -> list[Paper]:
    """What to read next: unread papers, top priority first, then second, then the rest,
    newest first within each."""
    unread = [p for p in papers if p.status == "unread"]
    return sorted(unread, key=lambda p: (PRIORITY_RANK[p.priority], -(p.year or 0),
                                         -(p.added.toordinal() if p.added else 0), p.title.casefold()))


@dataclass
class Stats:
    total: int
    by_status: dict[str, int]
    by_priority: dict[str, int]
    venue_year: dict[str, dict[int, int]]
    read_venue_year: dict[str, dict[int, int]]
    years: list[int]
    by_topic: dict[str, int]

    def to_json(self) -> dict:
        return {
            "total": self.total, "by_status": self.by_status, "by_priority": self.by_priority,
            "by_topic": self.by_topic,
            "venue_year": {v: {str(y): n for y, n in row.items()} for v, row in self.venue_year.items()},
        }


def compute_stats(papers: list[Paper]) -> Stats:
    status = Counter(p.status for p in papers)
    priority = Counter(p.priority or "none" for p in papers)
    topics = Counter(t for p in papers for t in p.topics)
    table: dict[str, Counter] = {}
    read: dict[str, Counter] = {}
    for p in papers:
        if p.venue and p.year:
            table.setdefault(p.venue, Counter())[p.year] += 1
            if p.is_read:
                read.setdefault(p.venue, Counter())[p.year] += 1
    years = sorted({y for row in table.values() for y in row}, reverse=True)
    venues = sorted(table, key=lambda v: (-sum(table[v].values()), v.casefold()))
    return Stats(
        total=len(papers),
        by_status={s: status.get(s, 0) for s in STATUSES},
        by_priority={k: priority.get(k, 0) for k in (*PRIORITIES, "none")},
        venue_year={v: dict(table[v]) for v in venues},
        read_venue_year={v: dict(read.get(v, {})) for v in venues},
        years=years,
        by_topic=dict(topics.most_common()),
    )
