"""The entry stage for one candidate: its pieces and context into an :class:`Entry` (title,
authors, venue, year, links, marks, tags), or a :class:`NotEntry` saying why it is none."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...venues import known_venue
from ..base import Finding
from .context import Context
from .entries import Entry, Link, Piece
from .fields import annotations, check_links, tail_fields, title_of
from .vocab import (
    ARXIV_TEXT,
    BARE_URL,
    FINDING_CODES,
    ID_COMMENT,
    ID_PART,
    MARK_RE,
    UNDEFINED_REF,
    VENUE_TAG,
    YEAR_RE,
    find_venue_in,
    is_kind_label,
    link_kind,
    slug,
    url_kind,
    venue_year,
)

_HTTP = re.compile(r"https?://", re.I)
_WORDS = re.compile(r"\w+")
_SHORT_YEAR = re.compile(r"[\s,'\u2019]*(?:19|20)?\d{2}\s*$")


@dataclass
class NotEntry:
    """Why a candidate is no entry: a finding, marks for the entry before, a table-of-contents
    line, or the links of an untitled entry."""

    finding: Finding | None = None
    marks: list[str] = field(default_factory=list)
    toc: bool = False
    untitled: list[str] | None = None


def entry_from(pieces: list[Piece], line: int, path: list[str], ctx: Context, aliases: dict[str, str]) -> Entry | NotEntry:
    """One candidate's pieces, under the context ``ctx``, as an entry (or why not)."""
    explicit_id, explicit_ids, marks, work = _ids_and_marks(pieces)
    _venue_tag_not_title(work)
    texts = [p for p in work if p.kind == "text"]
    links = [p for p in work if p.kind == "link"]
    codes = [p for p in work if p.kind == "code"]
    plain = " ".join("".join(p.text for p in texts).split())
    if not links and not plain.strip(" .,;:-\u00b7") and not any(p.kind == "authors" for p in work):
        if codes:
            return NotEntry(_finding("IMP121", line, "list item holds only code (" + codes[0].text.strip()[:60] +
                                     "): not a paper, skipped"))
        return NotEntry(marks=marks) if marks else NotEntry()
    if links and all((p.href or "").startswith("#") for p in links) and (len(_WORDS.findall(BARE_URL.sub(
            "", "".join(p.text for p in texts)))) <= 3 or all(slug(p.href or "") in slug(p.text) for p in links)):
        return NotEntry(toc=True)  # "- [Section](#section)": navigation, not a paper
    title, title_link, tail = title_of(work)
    entry_links, tail = _links(links, title_link, tail, line)
    if not title:
        shown = ", ".join(f"{lk.label} {lk.url or '(empty link)'}" for lk in entry_links) or "no link"
        return NotEntry(_finding("IMP120", line, f"entry without a title skipped ({shown})"),
                        untitled=[lk.url for lk in entry_links if lk.url])
    sections = list(ctx.sections)
    if path:
        sections = ["/".join([*(sections[0].split("/") if sections else []), *path])]
    entry = Entry(line=line, title=title, topics=[ctx.topic] if ctx.topic else [], sections=sections,
                  venue=None, year=None, explicit_id=explicit_id, explicit_ids=explicit_ids)
    entry.merged_lines.append(line)
    annotations(entry, aliases)
    tail_fields(entry, tail, [p for p in work if p.kind == "authors"], [p for p in texts if p.em], aliases)
    _under(entry, ctx)
    for code in codes:
        tag = slug(code.text)
        if tag and tag not in entry.tags and len(tag) <= 40:
            entry.tags.append(tag)
    undefined = UNDEFINED_REF.search(plain)
    if undefined:
        entry.note("IMP181", line, f"reference link {undefined.group(0)!r} is not defined")
    check_links(entry, entry_links)
    entry.marks.extend((mark, line) for mark in marks)
    return entry


def _ids_and_marks(pieces: list[Piece]) -> tuple[str | None, dict[str, str], list[str], list[Piece]]:
    """(id and identifiers of an ``<!-- id: … -->`` comment, the marks, the pieces without either)."""
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
        if p.kind in ("text", "link") and ":" in p.text:
            found = MARK_RE.findall(p.text)
            if found:
                marks += found
                p = Piece(p.kind, MARK_RE.sub(" ", p.text), p.bold, p.em, p.href)
        work.append(p)
    return explicit_id, explicit_ids, marks, work


def _venue_tag_not_title(work: list[Piece]) -> None:
    """A venue tag before the title (``[[CVPR](url)] Title``, ``**[CVPR 2019]** Title``) made plain
    text, so that the title is what follows it."""
    first = next((i for i, p in enumerate(work) if p.kind != "emptybold" and p.text.strip()), None)
    if first is None:
        return
    p = work[first]
    if first + 1 < len(work) and p.kind == "text" and p.text.strip() in ("[", "(") and work[first + 1].kind == "link" \
            and (known_venue(work[first + 1].text.strip()) or venue_year(work[first + 1].text)):
        work[first + 1] = Piece("text", work[first + 1].text, False, work[first + 1].em)  # a linked venue tag
    if p.kind == "text" and p.bold:
        tag = VENUE_TAG.fullmatch(p.text)
        if not tag or len(tag.group(1).split()) > 4 or not any(
                q.text.strip() for q in work[first + 1:] if q.kind in ("text", "link")):
            return
        bracketed = p.text.strip()[:1] in ("[", "(")
        inner = tag.group(1)
        if (bracketed and (find_venue_in(inner) or YEAR_RE.search(inner) or venue_year(inner) is not None)) \
                or known_venue(_SHORT_YEAR.sub("", inner).strip()) is not None:
            work[first] = Piece("text", f"[{inner}] ", False, p.em)  # a bold venue tag


def _links(links: list[Piece], title_link: Piece | None, tail: str, line: int) -> tuple[list[Link], str]:
    """The entry's links (the title's, labelled ones, bare URLs and ``arXiv:`` ids in the text
    after the title) and that text without the URLs and ids."""
    entry_links: list[Link] = []
    if title_link is not None:
        entry_links.append(Link("paper", title_link.href, "title link", line))
    for p in links:
        if p is title_link:
            continue
        label = " ".join(p.text.split())
        kind = (link_kind(label) if is_kind_label(label) else None) or (
            url_kind(p.href) if p.href and _HTTP.match(p.href) else None) or "other"
        entry_links.append(Link(kind, p.href, label or kind, line))
    if "http" in tail.lower():
        for url in BARE_URL.findall(tail):
            entry_links.append(Link(url_kind(url), url, url, line))
        tail = BARE_URL.sub(" ", tail)
    if "arxiv" in tail.lower():
        for arxiv in ARXIV_TEXT.findall(tail):  # "arXiv:1503.02531" written as text
            if not any(lk.kind == "paper" and lk.url for lk in entry_links):
                entry_links.append(Link("paper", f"https://arxiv.org/abs/{arxiv}", f"arXiv:{arxiv}", line))
        tail = ARXIV_TEXT.sub(" ", tail)
    return entry_links, tail


def _under(entry: Entry, ctx: Context) -> None:
    """The venue and year of the heading above, unless the entry names its own (IMP152 then)."""
    if entry.venue and ctx.venue and entry.venue != ctx.venue:
        entry.note("IMP152", entry.line, f"entry says {entry.venue}{' ' + str(entry.year) if entry.year else ''}, "
                                         f"its heading {ctx.venue}{' ' + str(ctx.year) if ctx.year else ''}: "
                                         "the entry's own kept")
    entry.venue = entry.venue or ctx.venue
    entry.year = entry.year or ctx.year


def _finding(code: str, line: int | None, message: str, **data) -> Finding:
    return Finding(code, FINDING_CODES[code][0], message, line=line, data=data)
