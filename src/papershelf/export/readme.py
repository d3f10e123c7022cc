"""Rendering a shelf as a GitHub-friendly README.md (``papershelf export readme``).

Layout: title, description, the venue × year table (built from the data, each cell linking to its
section), progress counts, the legend, then one ``##`` section per topic; inside it the papers of
each taxonomy section under the section's name, grouped by venue and year. Every entry carries its
links, priority and read marks, and its id in an invisible ``<!-- id: … -->`` comment.

The output is written so that ``papershelf import README.md`` gives back the same papers (id, title,
authors, venue, year, topics, sections, tags, links, identifiers found in links, priority and
status): headings use the shelf's own topic and taxonomy names, venues are both headings and
inline, and the legend is the one the importer reads.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..identifiers import ids_from_url
from ..model import Paper
from ..venues import find_venue_in

MARKS = {"top": ":star2:", "second": ":star:", "read": ":heavy_check_mark:", "reading": ":hourglass_flowing_sand:"}
LEGEND = (("Top priority", "top"), ("Second priority", "second"), ("Read", "read"), ("Reading", "reading"))
LINK_ORDER = ("paper", "code", "project", "supp", "video", "poster", "slides", "data", "blog", "demo", "other")
OTHER_TOPIC = "Other papers"
OTHER_VENUES = "Other venues"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def escape_md(text: str) -> str:
    """Text that Markdown shows as written (no emphasis, links or HTML)."""
    text = " ".join(text.split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r":(?=[a-z0-9_+\-]+:)", "&#58;", text)  # keep ':word:' from reading as an emoji mark


class Anchors:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to '-', repeats numbered."""

    def __init__(self) -> None:
        self.seen: Counter = Counter()

    def __call__(self, heading: str) -> str:
        text = re.sub(r"<[^>]+>", "", heading)
        text = re.sub(r"[`*_\\]|\[|\]\([^)]*\)", "", text).strip().lower()
        base = re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
        n = self.seen[base]
        self.seen[base] += 1
        return base if n == 0 else f"{base}-{n}"


def venue_heading(venue: str | None, year: int | None) -> str | None:
    """The heading text for a venue/year group that the importer reads back as that venue/year."""
    if venue and year:
        return f"{venue} {year}"
    if venue:
        return venue if find_venue_in(venue) == (venue, None) else OTHER_VENUES
    if year:
        return str(year)
    return None


def entry_line(p: Paper) -> str:
    parts: list[str] = []
    lead = MARKS[p.priority] + " " if p.priority else ""
    parts.append(f"{lead}**{escape_md(p.title)}**")
    if p.authors:
        sep = "; " if any("," in a for a in p.authors) else ", "
        parts.append(escape_md(sep.join(p.authors)))
    venue = " ".join(x for x in (p.venue and escape_md(p.venue), p.year and str(p.year)) if x)
    if venue:
        parts.append(f"*{venue}*")
    for kind in sorted(p.links, key=lambda k: LINK_ORDER.index(k) if k in LINK_ORDER else 99):
        url = p.links[kind]
        if url is None:
            parts.append(f"[\\[{kind}: link missing\\]]()")
        else:
            parts.append(f"[{kind}](<{url.replace('>', '%3E').replace('<', '%3C')}>)")
    if p.tags:
        parts.append(" ".join(f"`{t}`" for t in p.tags))
    line = "- " + " · ".join(parts)
    if p.status in ("read", "reading"):
        line += " " + MARKS[p.status]
    return f"{line} <!-- id: {p.id}{_hidden_ids(p)} -->"


def _hidden_ids(p: Paper) -> str:
    """Identifiers no link of the paper shows (a DOI filled by enrich), so the README keeps them."""
    shown: dict[str, str] = {}
    for url in p.links.values():
        shown.update(ids_from_url(url) if url else {})
    return "".join(f"; {kind}: {value}" for kind, value in p.ids.items()
                   if value and shown.get(kind) != value and re.fullmatch(r"[^;\s]+", value) and "--" not in value)


def _group(papers: Iterable[Paper]) -> list[tuple[str | None, list[Paper]]]:
    """Papers grouped by venue heading: no venue/year first, then newest year, then venue."""
    groups: dict[str | None, list[Paper]] = {}
    keys: dict[str | None, tuple] = {}
    for p in papers:
        h = venue_heading(p.venue, p.year)
        groups.setdefault(h, []).append(p)
        keys[h] = (h is not None, h == OTHER_VENUES, -(p.year or 0), (p.venue or "").casefold())
    order = sorted(groups, key=lambda h: keys[h])
    return [(h, sorted(groups[h], key=lambda p: p.title.casefold())) for h in order]


def render_readme(shelf, papers: list[Paper]) -> str:
    """The README of ``papers`` (usually all of ``shelf``), using the shelf's title, description,
    topics and taxonomy."""
    config = shelf.config
    anchors = Anchors()
    out: list[str] = [f"# {escape_md(config.title)}", ""]
    anchors(config.title)
    if config.description:
        out += [escape_md(config.description), ""]
    if config.site_url:
        out += [f"Browse it online: <{config.site_url}>", ""]

    for fixed in ("Venues and years", "Progress", "Legend"):  # headings above the body, in document order
        anchors(fixed)
    body: list[str] = []
    first_anchor: dict[tuple[str, int], str] = {}
    heading_names = _section_names(config, papers)

    def emit_group(level: int, group: list[Paper]) -> None:
        for heading, members in _group(group):
            if heading is not None:
                anchor = anchors(heading)
                for p in members:
                    if p.venue and p.year:
                        first_anchor.setdefault((p.venue, p.year), anchor)
                body.extend([f"{'#' * min(level, 6)} {escape_md(heading)}", ""])
            body.extend(entry_line(p) for p in members)
            body.append("")

    topics = [(t.id, t.name, t.description) for t in config.topics]
    known = {t[0] for t in topics}
    extra = sorted({t for p in papers for t in p.topics if t not in known})
    topics += [(t, t.replace("-", " ").capitalize(), "") for t in extra]
    topics.append((None, OTHER_TOPIC, ""))
    for topic_id, name, description in topics:
        members = [p for p in papers if (topic_id in p.topics if topic_id else not p.topics)]
        if not members:
            continue
        anchors(name)
        body += [f"## {escape_md(name)}", ""]
        if description:
            body += [f"_{escape_md(description)}_", ""]
        emit_group(3, [p for p in members if not p.sections])
        for path, depth in _section_order(config, members):
            in_section = [p for p in members if path in p.sections]
            title = heading_names[path]
            anchors(title)
            body += [f"{'#' * min(2 + depth, 6)} {title}", ""]
            emit_group(3 + depth, in_section)

    out += _venue_table(papers, first_anchor)
    out += _progress(config, papers)
    out += _legend()
    out += body
    return "\n".join(out).rstrip() + "\n"


def _section_names(config, papers: list[Paper]) -> dict[str, str]:
    """Heading text for every section path: the taxonomy name, or the path itself in code."""
    names = {n.path: escape_md(n.name) for n in config.taxonomy}
    for p in papers:
        for s in p.sections:
            names.setdefault(s, f"`{s}`")
    taken = Counter(n.name.casefold() for n in config.taxonomy)
    for n in config.taxonomy:  # a name used twice cannot be read back: write the path instead
        if taken[n.name.casefold()] > 1:
            names[n.path] = f"`{n.path}`"
    return names


def _section_order(config, members: list[Paper]) -> list[tuple[str, int]]:
    """(path, depth) of every section to show for these papers, in taxonomy order, with the
    ancestors of used sections as headings too."""
    used = {s for p in members for s in p.sections}
    wanted = set(used)
    for s in used:
        parts = s.split("/")
        wanted |= {"/".join(parts[:i]) for i in range(1, len(parts))}
    order = [n.path for n in config.taxonomy if n.path in wanted]
    order += sorted(wanted - set(order))
    result = []
    for path in order:
        declared = config.taxonomy_node(path) is not None
        depth = path.count("/") + 1 if declared else 1
        if path in used or declared:
            result.append((path, depth))
    return result


def _venue_table(papers: list[Paper], anchors: dict[tuple[str, int], str]) -> list[str]:
    table: dict[str, Counter] = {}
    for p in papers:
        if p.venue and p.year:
            table.setdefault(p.venue, Counter())[p.year] += 1
    if not table:
        return []
    years = sorted({y for row in table.values() for y in row}, reverse=True)
    venues = sorted(table, key=lambda v: (-sum(table[v].values()), v.casefold()))
    lines = ["## Venues and years", "", "| Venue | " + " | ".join(map(str, years)) + " |",
             "| --- |" + " --- |" * len(years)]
    for v in venues:
        cells = []
        for y in years:
            n = table[v].get(y)
            cells.append(f"[{n}](#{anchors[(v, y)]})" if n and (v, y) in anchors else (str(n) if n else ""))
        lines.append(f"| {escape_md(v)} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _progress(config, papers: list[Paper]) -> list[str]:
    total = len(papers)
    read = sum(p.status == "read" for p in papers)
    pct = f" ({100 * read // total}%)" if total else ""
    lines = ["## Progress", "",
             f"{total} papers, {read} read{pct}, {sum(p.status == 'reading' for p in papers)} being read; "
             f"priority: {sum(p.priority == 'top' for p in papers)} top, "
             f"{sum(p.priority == 'second' for p in papers)} second.", ""]
    rows = []
    names = {t.id: t.name for t in config.topics}
    for topic in sorted({t for p in papers for t in p.topics}, key=lambda t: list(names).index(t)
                        if t in names else len(names)):
        members = [p for p in papers if topic in p.topics]
        rows.append(f"| {escape_md(names.get(topic, topic))} | {len(members)} | "
                    f"{sum(p.status == 'read' for p in members)} | {sum(p.priority == 'top' for p in members)} | "
                    f"{sum(p.priority == 'second' for p in members)} |")
    if rows:
        lines += ["| Topic | Papers | Read | Top | Second |", "| --- | --- | --- | --- | --- |", *rows, ""]
    return lines


def _legend() -> list[str]:
    return ["## Legend", "", *[f"- {label}: {MARKS[key]}" for label, key in LEGEND], ""]
