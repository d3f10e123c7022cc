"""What the Markdown reader produces (pieces of inline text, links, entries, headings) and the
checks a single URL gets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from ...identifiers import ids_from_url
from ...model import URL_PATTERN
from ...venues import known_venue, lookup
from ..base import Finding
from ..build import url_problem
from .vocab import FINDING_CODES, MD_LINK

# -- data ---------------------------------------------------------------------------------------


@dataclass
class Piece:
    kind: str  # text | link | code | comment | emptybold
    text: str = ""
    bold: bool = False
    em: bool = False
    href: str | None = None


@dataclass
class Link:
    kind: str
    url: str | None
    label: str
    line: int
    known_ids: dict[str, str] | None = field(default=None, repr=False, compare=False)

    @property
    def ids(self) -> dict[str, str]:
        """The identifiers the URL carries (worked out once per link: the merge, the checks and
        the paper all ask)."""
        if self.known_ids is None:
            self.known_ids = url_ids(self.url) if self.url else {}
        return self.known_ids

    def point_to(self, url: str | None, label: str) -> None:
        self.url, self.label, self.known_ids = url, label, None


@dataclass
class Entry:
    """One entry of the list before it becomes a Paper."""

    line: int
    title: str
    authors: list[str] = field(default_factory=list)
    venue: str | None = None
    year: int | None = None
    topics: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    marks: list[tuple[str, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    explicit_id: str | None = None
    explicit_ids: dict[str, str] = field(default_factory=dict)  # from <!-- id: x; doi: … -->
    findings: list[Finding] = field(default_factory=list)
    merged_lines: list[int] = field(default_factory=list)
    block: int = 0  # line of the heading the entry stands under (0: none; -1: included by the curator)

    def note(self, code: str, line: int | None, message: str, **data) -> None:
        self.findings.append(Finding(code, FINDING_CODES[code][0], message, line=line, data=data))

    def urls(self) -> list[str]:
        return [link.url for link in self.links if link.url]


@dataclass
class Heading:
    level: float
    kind: str  # topic | taxon | section | venue | neutral
    value: str | None = None
    venue: str | None = None
    year: int | None = None
    line: int = 0
    skip: str | None = None  # why the section holds no papers (code, tools, talks…), see sections.py
    text: str = ""


@dataclass
class ParsedList:
    """What the reader saw, before papers are built: useful to scripts (see scripts/)."""

    entries: list[Entry]
    findings: list[Finding]
    legend: dict[str, str]
    sections: dict[str, str]  # section path -> heading text as written


# -- URL checks ---------------------------------------------------------------------------------


def check_href(raw: str | None, label: str, line: int) -> tuple[str | None, list[Finding]]:
    """(usable URL or None, findings) for one href as written."""
    def f(code: str, msg: str, **data: Any) -> list[Finding]:
        return [Finding(code, FINDING_CODES[code][0], msg, line=line, data=data)]

    shown = (raw or "").replace("\n", "\\n")
    if raw is None or not raw.strip():
        return None, f("IMP101", f"empty link {label or '(no label)'}: recorded as link missing")
    s = raw.strip()
    found: list[Finding] = []
    if re.search(r"\s", s):
        joined = re.sub(r"\s+", "", s)
        if URL_PATTERN.match(joined):
            why = "href broken across lines" if "\n" in s else "URL holds spaces"
            found += f("IMP103", f"{why} ({shown!r}): joined to {joined}")
            s = joined
        else:
            return None, f("IMP104", f"text used as URL for {label or 'a link'} ({shown[:80]!r}): recorded as link missing")
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]*):", s)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        name = scheme.group(1).lower()
        if "ttp" in name or "htp" in name or name in ("htps", "hhtps"):
            fixed = re.sub(r"^[A-Za-z]+", "https" if name.endswith("s") else "http", s)
            return None, found + f("IMP102", f"malformed URL {s!r} for {label} (scheme typo; probably "
                                             f"{fixed}): recorded as link missing", url=s, label=label,
                                   suggestion=fixed)
        return None, found + f("IMP105", f"{name}: link {s[:80]!r} is not http(s): not kept")
    if not scheme:
        if s.startswith("#"):
            return None, found + f("IMP105", f"in-page anchor {s!r} is not a paper link: not kept")
        if re.match(r"^(h\w*tps?)/+", s, re.I) or re.match(r"^(www\.)?[\w\-]+(\.[\w\-]+)+/", s):
            return None, found + f("IMP102", f"malformed URL {s!r} (no http(s):// scheme): recorded as link missing",
                                   url=s)
        if " " in raw.strip() or re.search(r"[A-Za-z]{3,}", s) and "/" not in s:
            return None, found + f("IMP104", f"text used as URL ({s[:80]!r}): recorded as link missing")
        return None, found + f("IMP105", f"relative link {s!r} is not an http(s) URL: not kept")
    if not URL_PATTERN.match(s) or url_problem(s):
        return None, found + f("IMP102", f"malformed URL {s[:200]!r}: recorded as link missing", url=s)
    if re.search(r"[.,;:!]$", s):
        found += f("IMP106", f"URL {s} ends in {s[-1]!r}: probably a typo (kept as written)")
    return s, found


@lru_cache(maxsize=1_024)
def url_ids(url: str) -> dict[str, str]:
    """``ids_from_url``, remembered for the last URLs (the checks of one entry ask for each of its
    URLs several times; remembering a whole list's URLs cost more memory than the list); a URL
    urllib cannot read reveals nothing."""
    return {} if url_problem(url) else ids_from_url(url)


def canonical_url(url: str) -> str:
    """A URL reduced for comparison: scheme, www., trailing slash and .pdf left out."""
    if url_problem(url.strip()):
        return url.strip()
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/").removesuffix(".pdf")
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"


def site_venues(url: str) -> set[str]:
    """Venues named in a URL's host or path (``static.ijcai.org`` → IJCAI), preprints left out."""
    if url_problem(url):
        return set()
    parts = urlsplit(url)
    found: set[str] = set()
    for token in re.findall(r"[a-z]+", f"{parts.hostname or ''} {parts.path}".lower()):
        if len(token) < 3 or token in ("www", "org", "com", "net", "pdf", "html"):
            continue
        name = known_venue(token)
        if name and (v := lookup(name)) is not None and v.kind != "preprint":
            found.add(name)
    return found


# -- pieces from Markdown and HTML ---------------------------------------------------------------


def split_md_links(piece: Piece) -> list[Piece]:
    """Markdown links written inside raw HTML (``<strong>[CVPR 2021](…)</strong>``)."""
    out: list[Piece] = []
    pos = 0
    for m in MD_LINK.finditer(piece.text):
        if m.start() > pos:
            out.append(Piece("text", piece.text[pos:m.start()], piece.bold, piece.em))
        out.append(Piece("link", m.group(1), piece.bold, piece.em, href=m.group(2)))
        pos = m.end()
    if pos < len(piece.text):
        out.append(Piece("text", piece.text[pos:], piece.bold, piece.em))
    return out or [piece]


def _walk(node, bold: bool, em: bool, out: list[Piece], depth: int = 0) -> None:
    if depth > 100:  # absurdly nested markup: keep its text, never exhaust the stack
        out.append(Piece("text", node.text(deep=True) or "", bold, em))
        return
    for child in node.iter(include_text=True):
        walk_node(child, bold, em, out, depth)


def walk_node(child, bold: bool, em: bool, out: list[Piece], depth: int = 0) -> None:
    """The pieces of one HTML node (and what it holds), appended to ``out``."""
    tag = child.tag
    if tag == "-text":
        out.append(Piece("text", child.text() or "", bold, em))
    elif tag == "-comment":
        out.append(Piece("comment", child.comment_content or ""))
    elif tag == "a":
        label = child.text(deep=True) or ""
        strong = bold or child.css_first("strong, b") is not None
        out.append(Piece("link", label, strong, em, href=child.attributes.get("href")))
    elif tag in ("strong", "b"):
        inner: list[Piece] = []
        _walk(child, True, em, inner, depth + 1)
        if not any(p.text.strip() for p in inner):
            out.append(Piece("emptybold"))
        out.extend(inner)
    elif tag in ("em", "i"):
        _walk(child, bold, True, out, depth + 1)
    elif tag in ("code", "pre", "kbd"):
        out.append(Piece("code", child.text(deep=True) or ""))
    elif tag == "br":
        out.append(Piece("text", " ", bold, em))
    elif tag not in ("script", "style", "img", "svg"):
        _walk(child, bold, em, out, depth + 1)


_A_OPEN = re.compile(r"^<a\b[^>]*?\bhref\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I | re.S)


def inline_pieces(token) -> list[Piece]:
    """Pieces of a markdown-it inline token (links, bold, code, inline HTML)."""
    out: list[Piece] = []
    bold = em = 0
    link: Piece | None = None
    for t in token.children or []:
        typ = t.type
        if typ in ("text", "softbreak", "hardbreak"):
            text = t.content if typ == "text" else " "
            if link is not None:
                link.text += text
                link.bold = link.bold or bold > 0
            else:
                out.append(Piece("text", text, bold > 0, em > 0))
        elif typ == "strong_open":
            bold += 1
            if link is None:
                out.append(Piece("boldstart"))
        elif typ == "strong_close":
            bold = max(0, bold - 1)
        elif typ == "em_open":
            em += 1
        elif typ == "em_close":
            em = max(0, em - 1)
        elif typ == "code_inline":
            if link is not None:
                link.text += t.content
            else:
                out.append(Piece("code", t.content))
        elif typ == "link_open":
            link = Piece("link", "", bold > 0, em > 0, href=t.attrs.get("href", ""))
        elif typ == "link_close":
            if link is not None:
                out.append(link)
            link = None
        elif typ == "image":
            if link is not None:
                link.text += t.content or ""
        elif typ == "html_inline":
            html = t.content
            low = html.lower()
            m = _A_OPEN.match(html)
            if m:
                link = Piece("link", "", bold > 0, em > 0, href=next((g for g in m.groups() if g is not None), ""))
            elif low.startswith("</a"):
                if link is not None:
                    out.append(link)
                link = None
            elif re.match(r"<(strong|b)\b", low):
                bold += 1
                out.append(Piece("boldstart"))
            elif re.match(r"</(strong|b)\b", low):
                bold = max(0, bold - 1)
            elif re.match(r"<(em|i)\b", low):
                em += 1
            elif re.match(r"</(em|i)\b", low):
                em = max(0, em - 1)
            elif low.startswith("<!--"):
                out.append(Piece("comment", html[4:].removesuffix("-->")))
            elif low.startswith("<br"):
                out.append(Piece("text", " ", bold > 0, em > 0))
    if link is not None:
        out.append(link)
    # a bold opener directly followed by nothing bold is an empty title slot
    cleaned: list[Piece] = []
    for i, p in enumerate(out):
        if p.kind == "boldstart":
            nxt = out[i + 1] if i + 1 < len(out) else None
            if nxt is None or not nxt.bold or not nxt.text.strip():
                if not (nxt is not None and nxt.kind == "link" and nxt.bold):
                    cleaned.append(Piece("emptybold"))
            continue
        cleaned.append(p)
    return cleaned


