"""The fields stage: one entry's pieces -> title, authors, venue, year, links, annotations.

Pure functions of their arguments (the shelf's venue aliases are passed in): each is unit-tested on
small hand-written inputs (tests/importers/test_fields.py).
"""

from __future__ import annotations

import re

from ...venues import canonical_venue, known_venue
from .entries import Entry, Link, Piece, check_href
from .vocab import (
    ANNOTATION_NOTES,
    ANNOTATION_TAGS,
    APA_LIST,
    APA_ONE,
    ARXIV_TEXT,
    BARE_URL,
    ET_AL,
    MARK_RE,
    NAME_WORD,
    PLACEHOLDER,
    SEPARATORS,
    YEAR_RE,
    find_venue_in,
    is_kind_label,
    link_kind,
    slug,
    venue_year,
)

_DIGIT_OR_URL = re.compile(r"\d|https?:")
_IN = re.compile(r"\bIn:\s*([^.()\d,]+)")
_PAREN_YEAR = re.compile(r"\(\s*((?:19|20)\d{2})\b[^)]*\)")
_TAIL_YEAR = re.compile(r"(.*?)[\s,]*((?:19|20)\d{2})?")
_AND = re.compile(r"\s*(?:&|\band\b)\s*")
_FAMILY_GIVEN = re.compile(rf"{NAME_WORD}(?: {NAME_WORD})*, ?{NAME_WORD}(?: {NAME_WORD})*")
_IN_ANY = re.compile(r"\bIn:\s*[^.()\d,]+")
_NAME_SPLIT = re.compile(r",|(?<![A-Z])\.\s+")
_DIGIT = re.compile(r"\d")
_FULL_STOP = re.compile(r"(?<![.])\.$")
_SENTENCE_END = re.compile(r"(?<=[^\s.A-Z])\.\s+(?=\S)")
_NAMES = re.compile(r",\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+")
_NOT_NAMES = re.compile(r"\d|https?:|[\[\]()]")
_INITIAL = re.compile(r"\b[A-Z]\.")


def title_of(work: list[Piece]) -> tuple[str, Piece | None, str]:
    """(title, the link that carries it or None, the remaining text)."""
    def text_of(ps: list[Piece]) -> str:
        return " ".join("".join(p.text for p in ps if p.kind == "text").split())

    if any(p.kind == "emptybold" for p in work) and not any(
            p.bold and p.text.strip() for p in work if p.kind in ("text", "link")):
        return "", None, text_of(work)
    # 1. bold text (outside links) or a link with a bold label
    for i, p in enumerate(work):
        if p.bold and p.text.strip() and p.kind in ("text", "link"):
            if p.kind == "link" and not is_kind_label(p.text):
                rest = [q for q in work if q is not p]
                return clean_title(p.text), p, text_of(rest)
            if p.kind == "text":
                j = i
                run: list[Piece] = []
                while j < len(work) and work[j].kind == "text" and (work[j].bold or not work[j].text.strip()):
                    run.append(work[j])
                    j += 1
                title = " ".join("".join(q.text for q in run).split())
                j, title = _title_continues(work, j, title)
                rest = work[:i] + work[j:]
                return clean_title(title), None, text_of(rest)
            break
    # 2. the first link whose label is not a link kind (``[Title](url)``)
    for p in work:
        if p.kind == "link":
            label = " ".join(p.text.split())
            if label and not is_kind_label(label) and not PLACEHOLDER.fullmatch(label.strip("[]")) \
                    and not re.match(r"https?://", label) and len(label) > 3:
                before = text_of(work[:work.index(p)]).strip(" -*\u00b7")
                if not before or len(before.split()) <= 2:
                    rest = [q for q in work if q is not p]
                    return clean_title(label), p, text_of(rest)
            break
    # 3. the text before the first link
    first_link = next((i for i, p in enumerate(work) if p.kind == "link"), len(work))
    lead = text_of(work[:first_link])
    rest = text_of(work[first_link:])
    if not lead:
        return "", None, rest
    m = APA_LIST.match(lead)
    if m and m.end() > len(lead) * 0.5:  # only authors, no title
        return "", None, lead + " " + rest
    lead = lead.strip(" \u00b7")
    if " \u00b7 " in lead:  # table cells or "Title · Authors · Venue"
        title, extra = lead.split(" \u00b7 ", 1)
    else:
        title, extra = split_title(lead)
    return clean_title(title), None, (extra + " " + rest).strip()

def _title_continues(work: list[Piece], j: int, title: str) -> tuple[int, str]:
    """A bold name that starts the title (``**MaskINT**: Video Editing via …, *Ma et al.*``): the
    plain text after it up to the next link or italics is the rest of the title."""
    if j >= len(work) or work[j].kind != "text" or work[j].em or not re.match(r"\s*[:\-\u2013\u2014]\s*\w",
                                                                            work[j].text):
        return j, title
    more: list[str] = []
    while j < len(work) and work[j].kind == "text" and not work[j].em:
        more.append(work[j].text)
        j += 1
    tail = " ".join("".join(more).split())
    cut = re.search(r",\s*$|,\s+(?=[A-Z][a-z]+ et al)", tail)
    return j, f"{title}{tail[:cut.start()] if cut else tail}"


def annotations(entry: Entry, aliases: dict[str, str]) -> None:
    """Venue/year prefixes (``[WACV2021]Title``) and trailing notes (``[TBD]``) taken out of the title."""
    title = entry.title
    while True:
        m = re.match(r"^\s*[\[(]([^\])]{2,60})[\])]\s*", title)
        if not m or len(title) - m.end() < 5:
            break
        inner = m.group(1)
        tag = venue_year(inner, aliases)
        if tag is not None:  # [ICLR'24], (Preprint 23'), [TMLR 2024]
            entry.venue, entry.year = tag
            title = title[m.end():]
            continue
        vy = find_venue_in(inner)
        ym = YEAR_RE.search(inner)
        if vy or ym:
            entry.venue = vy[0] if vy else canonical_venue(re.sub(r"[\s,]*\d{4}.*$", "", inner).strip(" ,"),
                                                          aliases)
            entry.year = (vy[1] if vy and vy[1] else None) or (int(ym.group(1)) if ym else None)
            title = title[m.end():]
            continue
        break
    while True:
        m = re.search(r"\s*[\[(]([^\[\]()]{2,60})[\])]\s*[.:,]?\s*$", title)
        if not m or m.start() < 5:
            break
        inner = m.group(1).strip()
        vy = find_venue_in(inner)
        if vy and (vy[1] or len(inner.split()) <= 3):
            entry.venue, entry.year = vy[0], vy[1] or entry.year
        elif ANNOTATION_TAGS.match(inner):
            entry.tags.append(slug(inner))
            entry.note("IMP161", entry.line, f"[{inner}] removed from the title: tag {slug(inner)!r}")
        elif ANNOTATION_NOTES.match(inner):
            entry.notes.append(f"The list marks this entry: {inner}")
            entry.note("IMP161", entry.line, f"{m.group(0).strip()!r} removed from the title: kept as a note")
        else:
            break
        title = title[:m.start()]
    entry.title = clean_title(title)

def tail_fields(entry: Entry, tail: str, author_pieces: list[Piece], italics: list[Piece], aliases: dict[str, str]) -> None:
    """Authors, venue and year from the text after the title."""
    text = " ".join(tail.split())
    for p in author_pieces:
        entry.authors = split_names(p.text)
    if "\u00b7" in text and not entry.authors:  # "Title · A, B · Venue": the first part is the authors
        first = text.strip(" \u00b7").split("\u00b7")[0].strip()
        if ";" in first and not _DIGIT_OR_URL.search(first):
            entry.authors = [n.strip() for n in first.split(";") if n.strip()]
            text = text.replace(first, " ", 1)
    inm = _IN.search(text)
    apa = APA_LIST.match(text.lstrip(" ,.;:-\u00b7\u2014\u2013"))
    if apa and not entry.authors:
        entry.authors = [f"{ini.strip()} {fam.strip()}".replace("  ", " ")
                         for fam, ini in APA_ONE.findall(apa.group(1))]
        text = text.lstrip(" ,.;:-\u00b7\u2014\u2013")[apa.end():]
    ym = _PAREN_YEAR.search(text) or YEAR_RE.search(text)
    venue = None
    for p in italics:
        candidate = " ".join(p.text.split()).strip(" ,.")
        if candidate and not entry.authors and (ET_AL.fullmatch(candidate + ".") or ET_AL.fullmatch(candidate)
                                                or author_list(candidate)):
            entry.authors = _et_al_names(candidate)  # *Ma et al.* / *Jane Doe, John Roe*: names, not a venue
            text = text.replace(p.text.strip(), " ")
            continue
        if candidate:
            vy = find_venue_in(candidate)
            tail_year = _TAIL_YEAR.fullmatch(candidate)
            if vy:
                venue = vy[0]
                if vy[1]:
                    entry.year = vy[1]
            elif tail_year and tail_year.group(1):
                venue = canonical_venue(tail_year.group(1), aliases)
                if tail_year.group(2):
                    entry.year = int(tail_year.group(2))
            text = text.replace(p.text.strip(), " ")
            break
    if venue is None and inm:
        venue = canonical_venue(inm.group(1).strip(), aliases)
    if venue is None:
        vy = find_venue_in(text) if text.strip(" .,;:") else None
        if vy:
            venue = vy[0]
            if vy[1] and not entry.year:
                entry.year = vy[1]
    if venue:
        entry.venue = venue
    if ym and not entry.year:
        entry.year = int(ym.group(1))
    etal = ET_AL.match(text.lstrip(" ,.;:-\u00b7"))
    if etal and not entry.authors:  # "Li, Yuncheng et al." / "Z. Meng et al.": the first author only
        family, given = etal.group(1), etal.group(2)
        entry.authors = [f"{given} {family}" if given else family]
    pairs = _AND.split(text.strip(" ,.;:-\u00b7").split(". ")[0])
    if not entry.authors and len(pairs) >= 2 and all(_FAMILY_GIVEN.fullmatch(p.strip(" ,"))
                                                     for p in pairs):
        # "Cho, Jang Hyun & Hariharan, Bharath": family, given pairs
        entry.authors = [" ".join(reversed([x.strip() for x in p.strip(" ,").split(",", 1)])) for p in pairs]
    if not entry.authors:
        text = _IN_ANY.sub(" ", text)
        for part in SEPARATORS.split(text.strip(" ,.;:-\u00b7")):
            # leave out the pieces that hold the venue or the year: the rest may be names
            pieces = [c.strip() for c in _NAME_SPLIT.split(part)
                      if c.strip() and not _DIGIT.search(c) and not find_venue_in(c.strip())]
            # one name alone counts when a venue or year follows it ("Title, Yiming Li, TMLR 2024")
            names = author_list(", ".join(pieces), single="\u00b7" in text or bool(
                len(pieces) == 1 and (venue or ym) and len(pieces[0].split()) in (2, 3)))
            if names:
                entry.authors = names
                break

def _et_al_names(text: str) -> list[str]:
    """``Ma et al.`` → [Ma]; ``Hu and Xu`` → [Hu, Xu]; a name list as ``author_list`` reads it."""
    m = ET_AL.fullmatch(text.rstrip(".") + ".") or ET_AL.fullmatch(text)
    if m:
        return [f"{m.group(2)} {m.group(1)}" if m.group(2) else m.group(1)]
    return author_list(text)


def check_links(entry: Entry, links: list[Link]) -> None:
    """Check every href; an unusable one is kept as "link missing" (None) unless it was never
    a paper link at all (an in-page anchor, mailto:)."""
    for link in links:
        url, found = check_href(link.url, link.label, link.line)
        entry.findings.extend(found)
        if url is None and any(f.code == "IMP105" for f in found):
            continue
        if url and link.kind == "paper" and re.search(r"supplement", url, re.I) \
                and "supp" not in link.label.lower():
            entry.note("IMP107", link.line, f"link labelled {link.label!r} points to a supplement: {url}")
        add_link(entry, Link(link.kind, url, link.label, link.line))

def add_link(entry: Entry, link: Link) -> None:
    current = {lk.kind: lk for lk in entry.links}
    if link.kind not in current:
        entry.links.append(link)
        return
    old = current[link.kind]
    if old.url is None and link.url is not None:
        old.point_to(link.url, link.label)
        return
    if link.url is None or link.url == old.url:
        return
    if "other" not in current:
        entry.links.append(Link("other", link.url, link.label, link.line))
        entry.note("IMP170", link.line, f"second {link.kind} link {link.url} kept as 'other'")
    else:
        entry.note("IMP170", link.line, f"extra {link.kind} link {link.url} dropped (the paper already has "
                                        f"{link.kind} and other links)")



def column_role(header: str) -> str:
    """What a Markdown table column holds, from its header: title, authors, venue, year, code, paper, other."""
    h = header.strip()
    if h in ("title", "paper", "paper title", "name", "paper name", "article", "work", "publication title"):
        return "title"
    if h in ("author", "authors", "by"):
        return "authors"
    if h in ("venue", "conference", "conf", "journal", "publication", "published", "pub", "source", "venue year"):
        return "venue"
    if h in ("year", "date", "time", "published date", "publication date"):
        return "year"
    if h in ("code", "github", "repo", "repository", "implementation", "official code", "source code"):
        return "code"
    if h in ("link", "links", "pdf", "url", "arxiv", "paper link"):
        return "paper"
    return "other"


def clean_title(title: str) -> str:
    """A title without marks, surrounding punctuation and a final full stop."""
    t = " ".join(MARK_RE.sub(" ", title).split())
    t = t.strip(" \u00b7|,;-\u2014\u2013*_\"'").rstrip("[( ")
    t = _FULL_STOP.sub("", t).strip()
    t = t.rstrip(",;:").strip()
    return t


def split_title(lead: str) -> tuple[str, str]:
    """``Title. Authors. VENUE YEAR`` → (Title, rest); a title without such a tail is kept whole."""
    m = _SENTENCE_END.search(lead)
    if m:
        rest = lead[m.end():]
        if YEAR_RE.search(rest) or find_venue_in(rest) or APA_LIST.match(rest) or ARXIV_TEXT.search(rest) \
                or ET_AL.match(rest) or author_list(
                SEPARATORS.split(re.split(r"(?<![A-Z])\.\s", rest)[0])[0]):
            return lead[:m.start()], rest
    return lead, ""


def split_names(text: str) -> list[str]:
    """Author names from ``A; B``, APA ``Family, I.`` lists, or ``A, B and C``."""
    text = " ".join(text.split()).strip(" .,;")
    if not text:
        return []
    if ";" in text:
        return [n.strip() for n in text.split(";") if n.strip()]
    apa = APA_LIST.fullmatch(text + " ") or APA_LIST.fullmatch(text)
    if apa:
        return [f"{ini.strip()} {fam.strip()}" for fam, ini in APA_ONE.findall(text)]
    parts = _NAMES.split(text)
    return [p.strip() for p in parts if p.strip() and p.strip().lower() not in ("et al", "et al.")]


_NAME = re.compile(r"^(?:[A-Z][\w'\u2019\-]*\.?|[a-z]{1,3}|[^\W\d_][\w'\u2019\-]*)"
                   r"(?:\s+(?:[A-Z][\w'\u2019\-]*\.?|van|von|de|der|da|di|del|la|le|du|[A-Z]\.(?:-?[A-Z]\.)*))*$")


def author_list(text: str, single: bool = False) -> list[str]:
    """Names in ``A. Smith, Bob Jones and C. Lee`` (or ``;``-separated), else []."""
    text = " ".join(text.split()).strip(" .,;:\u00b7")
    if not text or _NOT_NAMES.search(text):
        return []
    names = split_names(text)
    names = [n for n in names if n.lower().rstrip(".") != "et al"]
    if not names:
        return []
    for n in names:
        words = n.split()
        if not 1 <= len(words) <= 5 or not _NAME.match(n) or not n[0].isupper():
            return []
        if known_venue(n) is not None or (len(words) == 1 and link_kind(n)):
            return []  # "NeurIPS", "Code": not names
    several = single or len(names) >= 2 or _INITIAL.search(text) or "et al" in text
    return names if several else []


def columns_of(cells: list[tuple[str, list[Piece]]]) -> tuple[list[Piece], dict[str, object], list[str]]:
    """A table row's cells by role: (the pieces of one entry, title first; the venue and year
    cells; the kinds of the links in the "paper" column)."""
    pieces: list[Piece] = []
    columns: dict[str, object] = {}
    paper_column: list[str] = []
    for role, cp in cells:
        text = " ".join("".join(p.text for p in cp if p.kind == "text").split())
        if role == "title":
            pieces = [*cp, *pieces]
        elif role == "venue":
            columns["venue"] = text
        elif role == "year":
            ym = YEAR_RE.search(text)
            if ym:
                columns["year"] = int(ym.group(1))
        elif role == "authors":
            pieces.append(Piece("authors", text))
        else:
            for p in cp:
                if p.kind == "link":
                    kind = link_kind(p.text) or (role if role in ("code", "paper") else None)
                    if role == "paper":
                        paper_column.append(kind or "paper")
                    pieces.append(Piece("link", f"[{kind}]" if kind and not link_kind(p.text) else p.text, href=p.href))
                elif p.kind == "text" and MARK_RE.search(p.text):
                    pieces.append(Piece("text", " ".join(f":{m}:" for m in MARK_RE.findall(p.text))))
                elif p.kind == "text" and BARE_URL.search(p.text):
                    pieces.append(Piece("text", " " + " ".join(BARE_URL.findall(p.text))))
    return pieces, columns, paper_column


def apply_columns(entry: Entry, columns: dict[str, object], aliases: dict[str, str]) -> None:
    """A table row's venue and year cells over what its title cell said (a "-" venue is none)."""
    if str(columns.get("venue", "")).strip(" -\u2013\u2014/").lower() in ("", "n a", "na", "none"):
        columns = {k: v for k, v in columns.items() if k != "venue"}
    tag = venue_year(str(columns["venue"]), aliases) if columns.get("venue") else None
    if tag is not None:
        entry.venue = tag[0] or entry.venue
        entry.year = columns.get("year") or tag[1]  # type: ignore[assignment]
        return
    if columns.get("venue"):
        vy = find_venue_in(str(columns["venue"]))
        entry.venue = vy[0] if vy else canonical_venue(str(columns["venue"]), aliases)
        if vy and vy[1] and not columns.get("year"):
            entry.year = vy[1]
    if columns.get("year"):
        entry.year = int(columns["year"])  # type: ignore[arg-type]
