"""Importing reading lists written by hand in Markdown (with raw HTML lists inside).

The reader walks the Markdown block structure with markdown-it-py (headings, paragraphs,
Markdown lists, tables) and reads raw HTML lists with selectolax (lexbor). Every list item and
table row becomes a raw :class:`Entry`; the entries are then cleaned (titles, prefixes, marks,
links), merged when they are the same paper, checked (empty and malformed links, shared links,
truncated titles, venue/site mismatches) and handed to the :class:`PaperBuilder`.

Nothing is dropped silently: whatever looks like an entry but cannot become a paper is a
finding with a line number. The finding codes are listed in :data:`FINDING_CODES` and in the
README ("Importing lists").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..config import ShelfConfig
from ..identifiers import ids_from_url
from ..model import URL_PATTERN, Paper, ascii_fold, max_year, normalise_title
from ..venues import _TABLE as _VENUE_KEYS
from ..venues import _key as _venue_key
from ..venues import canonical_venue, lookup
from ..venues import find_venue_in as _find_venue_in
from .base import Finding, ImportResult
from .build import PaperBuilder

# code: (severity, what it means) -- the documented table (README "Importing lists").
FINDING_CODES: dict[str, tuple[str, str]] = {
    "IMP101": ("warning", "empty link (placeholder such as [paper_ToBeUpdate] with href=\"\"): recorded as link missing"),
    "IMP102": ("error", "malformed URL (scheme typo such as hhttps://, missing scheme): recorded as link missing"),
    "IMP103": ("warning", "URL broken across lines or holding spaces: whitespace removed"),
    "IMP104": ("error", "text (often the title) used as the URL: recorded as link missing"),
    "IMP105": ("warning", "link that is not http(s) (in-page anchor, mailto:, relative path): not kept"),
    "IMP106": ("warning", "URL ends in punctuation: probably a typo, kept as written"),
    "IMP107": ("warning", "link labelled as the paper points to a supplement (or the reverse)"),
    "IMP110": ("warning", "the same paper URL or identifier is given for two different titles"),
    "IMP120": ("error", "entry without a title: skipped (its links are in the message)"),
    "IMP121": ("info", "list item that is not a paper (only code, only marks, a table of contents): skipped"),
    "IMP122": ("info", "paper link in running text, outside any list: not imported"),
    "IMP130": ("info", "duplicate entry merged into one paper (topics, sections and links kept)"),
    "IMP131": ("warning", "merged duplicates disagree on a link or venue/year: first kept, other noted"),
    "IMP140": ("warning", "mark whose owner is ambiguous (stands between two entries): given to the entry before"),
    "IMP141": ("info", "marks found but the list has no legend: no priority or read status taken from them"),
    "IMP142": ("info", "mark not explained by the legend: ignored"),
    "IMP150": ("warning", "heading names one venue but links to another venue's site"),
    "IMP151": ("warning", "entry names one venue but its paper link is on another venue's site"),
    "IMP152": ("info", "entry's own venue/year (e.g. a [WACV2021] prefix) overrides its heading's"),
    "IMP160": ("warning", "title looks truncated (its last word is the start of a word used elsewhere in the list)"),
    "IMP161": ("info", "annotation removed from a title ([TBD], [short paper], (Not published yet)): kept as note or tag"),
    "IMP162": ("info", "implausible year ignored"),
    "IMP170": ("warning", "more links of one kind than a paper can hold: extra link kept as 'other' or dropped"),
    "IMP180": ("warning", "table row has a different number of cells than its header"),
    "IMP181": ("warning", "reference-style link whose reference is not defined"),
    "IMP190": ("info", "entry without any link"),
}

# -- vocabulary ---------------------------------------------------------------------------------

_LABEL_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("supp", ("supp", "supps", "supplemental", "supplementary", "supplement", "appendix")),
    ("code", ("code", "codes", "github", "gitlab", "pytorch", "tensorflow", "tf", "keras", "jax", "mxnet", "caffe",
              "paddle", "torch", "implementation", "repo", "repository")),
    ("project", ("project", "homepage", "website", "site", "web")),
    ("video", ("video", "videos", "youtube", "talk", "bilibili")),
    ("poster", ("poster",)),
    ("slides", ("slides", "slide", "ppt", "pptx", "deck")),
    ("data", ("data", "dataset", "datasets")),
    ("blog", ("blog", "post", "medium", "zhihu")),
    ("demo", ("demo", "colab", "notebook")),
    ("paper", ("paper", "papers", "pdf", "arxiv", "page", "article", "openreview", "abs", "abstract", "doi",
               "springer", "acm", "ieee", "html", "link", "url", "preprint", "proceedings", "publication")),
    ("other", ("other", "mirror", "alternative")),
)
_LABEL_KIND = {w: kind for kind, words in _LABEL_WORDS for w in words}
_PLACEHOLDER = re.compile(r"tobe|tbd|todo|to\s*be|update|coming|soon|missing|pending|n/?a\b", re.I)

_EMOJI = {"\U0001f31f": "star2", "\u2b50": "star", "\u2714": "heavy_check_mark", "\u2705": "white_check_mark",
          "\u2611": "ballot_box_with_check", "\U0001f525": "fire", "\u2764": "heart", "\u23f3": "hourglass_flowing_sand",
          "\U0001f4d6": "book", "\U0001f4cc": "pushpin", "\u2b55": "o", "\u274c": "x"}
_EMOJI_RE = re.compile("(" + "|".join(map(re.escape, _EMOJI)) + ")\ufe0f?")
MARK_RE = re.compile(r":([a-z0-9_+\-]+):")

_MEANINGS = (
    ("top", re.compile(r"\b(top|high|highest|must|first|important|essential)\b", re.I)),
    ("second", re.compile(r"\b(second|medium|next|secondary|later)\b", re.I)),
    ("read", re.compile(r"\b(read|done|complete|completed|completion|finished)\b", re.I)),
    ("reading", re.compile(r"\b(reading|progress|started|ongoing|current)\b", re.I)),
)

_NEUTRAL_HEADINGS = {"other", "others", "other papers", "other venues", "misc", "miscellaneous", "uncategorized",
                     "uncategorised", "unsorted", "no venue"}
_DETAIL_KEY = re.compile(r"^\s*(authors?|by|venue|published|publication|conference|journal|year|code|paper|pdf|"
                         r"links?|project|arxiv|notes?)\s*[:\uff1a]\s*", re.I)
_ANNOTATION_NOTES = re.compile(r"^(tbd|todo|to\s*be\s*updated?|tobeupdated?|not\s+published(\s+yet)?|under\s+review|"
                               r"preprint|in\s+press|coming\s+soon|wip)$", re.I)
_ANNOTATION_TAGS = re.compile(r"^(short|long|demo|workshop|findings|oral|spotlight|best)(\s+paper)?$", re.I)
_YEAR = re.compile(r"(?<![\d/.])((?:19|20)\d{2})(?![\d/])")
_NAME_WORD = r"[^\W\d_][\w'\u2019\-]*"
_APA_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*,\s*(?:[A-Z]\.\s*-?\s*)+"
_APA_LIST = re.compile(rf"\s*({_APA_NAME}(?:\s*,?\s*(?:&|and)?\s*{_APA_NAME})*)")
_APA_ONE = re.compile(rf"({_NAME_WORD}(?:\s+{_NAME_WORD})*),\s*((?:[A-Z]\.\s*-?\s*)+)")
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*([^()\s]*)\s*\)")
_BARE_URL = re.compile(r"\bhttps?://[^\s<>\"')\]]+", re.I)
_ET_AL = re.compile(rf"((?:[A-Z]\.\s*)*{_NAME_WORD}(?:\s+{_NAME_WORD})?)(?:,\s*({_NAME_WORD}(?:\s+{_NAME_WORD})?))?"
                    r"\s+et\.?\s*al\b\.?")
_INFLECTIONS = {"s", "es", "ed", "d", "ing", "er", "ers", "ly", "al", "ally", "ment", "ments", "ness"}
_ARXIV_TEXT = re.compile(r"\barXiv\s*:\s*(\d{4}\.\d{4,5})(?:v\d+)?\b", re.I)
_VENUE_TAG = re.compile(r"\s*[\[(]?\s*([^\[\]()]{2,40}?)\s*[\])]?\s*")
_UNDEFINED_REF = re.compile(r"\[\[?[^\[\]\n]+\]?\]\[[^\]\n]+\]")
_ID_COMMENT = re.compile(r"^\s*id\s*:\s*([A-Za-z0-9][A-Za-z0-9_.:\-]*)\s*$")
_LI_RE = re.compile(r"<(?:li|tr)\b[^>]*>", re.I)  # an entry of an HTML list or table
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.I | re.S)
_LIST_OPEN = re.compile(r"<(?:ul|ol)\b", re.I)
_LIST_CLOSE = re.compile(r"</(?:ul|ol)\s*>", re.I)
_CELL_TAGS = re.compile(r"<(/?)t([dh])\b[^>]*>", re.I)
_STRUCT_TAGS = re.compile(r"</?(?:ul|ol|li|table|thead|tbody|tr)\b[^>]*>", re.I)
_TAIL_MARKS = re.compile(r"(?:</li\s*>|\n)\s*((?::[a-z0-9_+\-]+:\s*)+)(?:</?(?:ul|ol)\b[^>]*>\s*)*$", re.I)
_SEPARATORS = re.compile(r"\s*(?:[;\u00b7|]|\s[\u2014\u2013-]\s)\s*")


def find_venue_in(text: str) -> tuple[str, int | None] | None:
    """:func:`papershelf.venues.find_venue_in` on at most 2 × 300 characters (the end of a long text,
    then its start): a venue stands near one end of an entry, and the search is quadratic in the
    length of the text."""
    if len(text) <= 300:
        return _find_venue_in(text)
    return _find_venue_in(text[-300:]) or _find_venue_in(text[:300])


def normalise_emoji(text: str) -> str:
    """Unicode emoji the legends use (🌟 ⭐ ✔️ ✅ …) written as their :shortcode:."""
    return _EMOJI_RE.sub(lambda m: f":{_EMOJI[m.group(1)]}:", text)


def link_kind(label: str) -> str | None:
    """The link kind a label names (``[PDF]`` → paper, ``[Github]`` → code), or None."""
    for word in re.findall(r"[a-z]+", label.lower()):
        if word in _LABEL_KIND:
            return _LABEL_KIND[word]
    return None


def is_kind_label(label: str) -> bool:
    """Whether a link's text names a link kind (``[paper]``, ``Github``, ``Speed Measure code``)
    rather than being a title (``Some Paper Title``)."""
    text = " ".join(label.split())
    if not link_kind(text):
        return False
    if re.fullmatch(r"\[[^\]]*\]", text):
        return True
    words = re.findall(r"[a-z]+", text.lower())
    return len(words) <= 2


def url_kind(url: str) -> str:
    """The kind of an unlabelled link, from its site (GitHub → code, YouTube → video, else paper)."""
    host = (urlsplit(url).hostname or "").lower()
    if host.endswith(("github.com", "gitlab.com", "bitbucket.org", "huggingface.co")):
        return "code"
    if host.endswith(("youtube.com", "youtu.be", "vimeo.com", "bilibili.com")):
        return "video"
    return "paper"


def slug(text: str) -> str:
    """A heading as a section name: lower-case ASCII words joined by '-'."""
    words = re.findall(r"[a-z0-9]+", ascii_fold(text).lower())
    out = "-".join(words)
    return out[:60].rstrip("-")


def _meaning(text: str) -> str | None:
    """What a legend line's words say a mark means: top, second, read, reading or None."""
    for meaning, pattern in _MEANINGS:
        if pattern.search(text):
            return meaning
    return None


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
    findings: list[Finding] = field(default_factory=list)
    merged_lines: list[int] = field(default_factory=list)

    def note(self, code: str, line: int | None, message: str) -> None:
        self.findings.append(Finding(code, FINDING_CODES[code][0], line, message))

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
    def f(code: str, msg: str) -> list[Finding]:
        return [Finding(code, FINDING_CODES[code][0], line, msg)]

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
                                             f"{fixed}): recorded as link missing")
        return None, found + f("IMP105", f"{name}: link {s[:80]!r} is not http(s): not kept")
    if not scheme:
        if s.startswith("#"):
            return None, found + f("IMP105", f"in-page anchor {s!r} is not a paper link: not kept")
        if re.match(r"^(h\w*tps?)/+", s, re.I) or re.match(r"^(www\.)?[\w\-]+(\.[\w\-]+)+/", s):
            return None, found + f("IMP102", f"malformed URL {s!r} (no http(s):// scheme): recorded as link missing")
        if " " in raw.strip() or re.search(r"[A-Za-z]{3,}", s) and "/" not in s:
            return None, found + f("IMP104", f"text used as URL ({s[:80]!r}): recorded as link missing")
        return None, found + f("IMP105", f"relative link {s!r} is not an http(s) URL: not kept")
    if not URL_PATTERN.match(s):
        return None, found + f("IMP102", f"malformed URL {s!r}: recorded as link missing")
    if re.search(r"[.,;:!]$", s):
        found += f("IMP106", f"URL {s} ends in {s[-1]!r}: probably a typo (kept as written)")
    return s, found


def canonical_url(url: str) -> str:
    """A URL reduced for comparison: scheme, www., trailing slash and .pdf left out."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/").removesuffix(".pdf")
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"


def site_venues(url: str) -> set[str]:
    """Venues named in a URL's host or path (``static.ijcai.org`` → IJCAI), preprints left out."""
    parts = urlsplit(url)
    found: set[str] = set()
    for token in re.findall(r"[a-z]+", f"{parts.hostname or ''} {parts.path}".lower()):
        if len(token) < 3 or token in ("www", "org", "com", "net", "pdf", "html"):
            continue
        name = _VENUE_KEYS.get(token)
        if name and (v := lookup(name)) is not None and v.kind != "preprint":
            found.add(name)
    return found


# -- pieces from Markdown and HTML ---------------------------------------------------------------


def _split_md_links(piece: Piece) -> list[Piece]:
    """Markdown links written inside raw HTML (``<strong>[CVPR 2021](…)</strong>``)."""
    out: list[Piece] = []
    pos = 0
    for m in _MD_LINK.finditer(piece.text):
        if m.start() > pos:
            out.append(Piece("text", piece.text[pos:m.start()], piece.bold, piece.em))
        out.append(Piece("link", m.group(1), piece.bold, piece.em, href=m.group(2)))
        pos = m.end()
    if pos < len(piece.text):
        out.append(Piece("text", piece.text[pos:], piece.bold, piece.em))
    return out or [piece]


def html_pieces(fragment: str) -> list[Piece]:
    """Pieces (text, bold, links, code, comments) of a raw HTML fragment, read with selectolax."""
    from selectolax.lexbor import LexborHTMLParser

    # table cells outside a <table> would be dropped by the HTML parser: mark them as separators
    fragment = _CELL_TAGS.sub(lambda m: " " if m.group(1) else
                              ("<!--papershelf:header--> \u00b7 " if m.group(2).lower() == "h" else " \u00b7 "), fragment)
    tree = LexborHTMLParser(f"<div>{_STRUCT_TAGS.sub(' ', fragment)}</div>")
    root = tree.css_first("div")
    out: list[Piece] = []
    if root is not None:
        _walk(root, False, False, out)
    return [q for p in out for q in (_split_md_links(p) if p.kind == "text" and "](" in p.text else [p])]


def _walk(node, bold: bool, em: bool, out: list[Piece], depth: int = 0) -> None:
    if depth > 100:  # absurdly nested markup: keep its text, never exhaust the stack
        out.append(Piece("text", node.text(deep=True) or "", bold, em))
        return
    for child in node.iter(include_text=True):
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
        elif tag in ("script", "style", "img", "svg"):
            continue
        else:
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


# -- the reader ---------------------------------------------------------------------------------


class Reader:
    """Reads one Markdown text into entries and findings (no papers yet)."""

    def __init__(self, text: str, config: ShelfConfig | None = None) -> None:
        from markdown_it import MarkdownIt

        self.text = normalise_emoji(text.replace("\r\n", "\n").replace("\r", "\n"))
        self.lines = self.text.split("\n")
        self.config = config or ShelfConfig()
        self.md = MarkdownIt("commonmark").enable("table")
        self.md.normalizeLink = lambda url: url  # keep URLs exactly as written
        self.entries: list[Entry] = []
        self.findings: list[Finding] = []
        self.stack: list[Heading] = []
        self.pending: Heading | None = None  # a bold line labelling the next list
        self.pending_used = False  # a list under the bold line has closed: a new list ends its scope
        self.last: Entry | None = None
        self.sections: dict[str, str] = {}
        self.untitled: list[tuple[int, list[str]]] = []
        self.toc_items: list[int] = []
        self.legend, self.legend_lines = self._legend()
        self.mark_counts: Counter = Counter()
        self.doc_title_line = self._document_title_line()

    def finding(self, code: str, line: int | None, message: str, paper: str | None = None) -> None:
        self.findings.append(Finding(code, FINDING_CODES[code][0], line, message, paper))

    # legend ----------------------------------------------------------------------------------

    def _legend(self) -> tuple[dict[str, str], set[int]]:
        """The list's own legend (mark → top/second/read/reading) and the lines it stands on."""
        legend: dict[str, str] = {}
        lines: set[int] = set()
        previous = ""
        fence = False
        for n, raw in enumerate(self.lines, 1):
            if raw.lstrip().startswith(("```", "~~~")):
                fence = not fence
            stripped = raw.strip()
            if fence or not stripped:
                continue
            line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", re.sub(r"<[^>]+>", " ", raw))
            if "<li" not in raw.lower() and MARK_RE.search(line) and "http" not in line and "](" not in line:
                parts = MARK_RE.split(line)
                words = MARK_RE.sub(" ", line)
                if len(re.findall(r"[A-Za-z]+", words)) <= 4:
                    found = False
                    for i in range(1, len(parts), 2):
                        # a mark alone on its line ("Reading Completion:" / ":heavy_check_mark:") takes
                        # its meaning from the line above
                        meaning = _meaning(parts[i + 1]) or _meaning(parts[i - 1]) or (
                            _meaning(previous) if not words.strip(" :-\u2013\u2014=.,") else None)
                        if meaning:
                            legend.setdefault(parts[i], meaning)
                            found = True
                    if found:
                        lines.add(n)
                        continue
            previous = stripped
        return legend, lines

    def _document_title_line(self) -> int | None:
        """The line of the document's title: a single ``#`` heading that comes first."""
        h1 = [i for i, ln in enumerate(self.lines, 1) if re.match(r"^#\s+\S", ln)]
        first = next((i for i, ln in enumerate(self.lines, 1) if re.match(r"^#{1,6}\s+\S", ln)), None)
        return h1[0] if len(h1) == 1 and first == h1[0] else None

    # context ---------------------------------------------------------------------------------

    def _heading(self, level: float, text: str, hrefs: list[str], line: int) -> Heading:
        """What a heading means: venue/year, topic, taxonomy node, section part, or nothing."""
        clean = " ".join(MARK_RE.sub(" ", text).split()).strip(" :#-\u2013\u2014")
        norm = normalise_title(clean)
        vy = find_venue_in(clean)
        year_only = re.fullmatch(r"\W*((?:19|20)\d{2})\W*", clean)
        if year_only:
            return Heading(level, "venue", year=int(year_only.group(1)), line=line)
        if vy:
            h = Heading(level, "venue", venue=vy[0], year=vy[1], line=line)
            self._check_site(h, hrefs, line, heading=clean)
            return h
        tail_year = re.fullmatch(r"(.{2,80}?)[\s,]+((?:19|20)\d{2})", clean)
        if tail_year and len(tail_year.group(1).split()) <= 6 and level >= 2:
            return Heading(level, "venue", venue=canonical_venue(tail_year.group(1), self.config.venue_aliases),
                           year=int(tail_year.group(2)), line=line)
        if line == self.doc_title_line or norm in _NEUTRAL_HEADINGS or not norm:
            return Heading(level, "neutral", line=line)
        code_path = re.fullmatch(r"`?([a-z0-9][a-z0-9\-_]*(?:/[a-z0-9][a-z0-9\-_]*)*)`?", text.strip())
        if code_path and ("/" in code_path.group(1) or text.strip().startswith("`")):
            return Heading(level, "taxon", code_path.group(1), line=line)  # a section path written as such
        exact_topic = self._topic_for(norm, exact=True)
        node = None if exact_topic else self._taxon_for(norm)
        topic = exact_topic or (None if node else self._topic_for(norm))
        if topic:
            return Heading(level, "topic", topic, line=line)
        if node:
            return Heading(level, "taxon", node, line=line)
        return Heading(level, "section", slug(clean) or None, line=line)

    def _topic_for(self, norm: str, exact: bool = False) -> str | None:
        """The configured topic a heading names (exactly, or as whole words inside it)."""
        best: tuple[int, str] | None = None
        for topic in self.config.topics:
            for name in (normalise_title(topic.name), normalise_title(topic.id.replace("-", " "))):
                if name and (norm == name or (not exact and f" {name} " in f" {norm} ")):
                    score = len(name) + (1000 if norm == name else 0)
                    if best is None or score > best[0]:
                        best = (score, topic.id)
        return best[1] if best else None

    def _taxon_for(self, norm: str) -> str | None:
        """The taxonomy node a heading names: by its name, else by the last part of its path;
        an ambiguous last part is resolved by the section the heading stands in, else ignored."""
        by_name = [n.path for n in self.config.taxonomy if normalise_title(n.name) == norm]
        if len(by_name) == 1:
            return by_name[0]
        matches = by_name or [n.path for n in self.config.taxonomy
                              if normalise_title(n.path.rsplit("/", 1)[-1].replace("-", " ")) == norm]
        if len(matches) == 1:
            return matches[0]
        current = self._context()[1]
        inside = [p for p in matches if current and p.startswith(current[0] + "/")]
        return inside[0] if len(inside) == 1 else None

    def _check_site(self, h: Heading, hrefs: list[str], line: int, heading: str) -> None:
        """IMP150: a venue heading whose link is on another venue's site."""
        for href in hrefs:
            others = site_venues(href) - {h.venue}
            if h.venue and others and h.venue not in site_venues(href):
                self.finding("IMP150", line, f"heading {heading!r} names {h.venue} but links to "
                                             f"{', '.join(sorted(others))}'s site ({href})")

    def push_heading(self, level: float, text: str, hrefs: list[str], line: int) -> None:
        """Enter a heading: it replaces the headings of its level and below."""
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        h = self._heading(level, text, hrefs, line)
        self.stack.append(h)
        self.pending = None
        self.last = None
        if h.kind in ("section", "taxon"):
            path = self._context()[1]
            if path:
                self.sections.setdefault(path[0], " ".join(text.split()).strip(" :#-"))

    def _context(self) -> tuple[str | None, list[str], str | None, int | None]:
        """(topic, sections, venue, year) the current headings give an entry."""
        topic = venue = None
        year = None
        path: list[str] = []
        for h in self.stack:
            if h.kind == "topic":
                topic, path = h.value, []
            elif h.kind == "taxon" and h.value:
                path = h.value.split("/")
            elif h.kind == "section" and h.value:
                path.append(h.value)
            elif h.kind == "venue":
                if h.venue:
                    venue, year = h.venue, h.year
                elif h.year:
                    year = h.year
        if self.pending is not None:
            venue = self.pending.venue or venue
            year = self.pending.year or year
        return topic, (["/".join(path)] if path else []), venue, year

    # blocks ----------------------------------------------------------------------------------

    def read(self) -> None:
        """Walk the Markdown blocks in order: headings, lists, tables, HTML blocks, paragraphs."""
        tokens = self.md.parse(self.text)
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if t.type == "heading_open":
                inline = tokens[i + 1]
                pieces = inline_pieces(inline)
                text = "".join(p.text for p in pieces if p.kind in ("text", "link", "code"))
                hrefs = [p.href for p in pieces if p.kind == "link" and p.href]
                self.push_heading(int(t.tag[1]), text, hrefs, t.map[0] + 1)
                i += 3
                continue
            if t.type in ("bullet_list_open", "ordered_list_open"):
                end = self._close_of(tokens, i)
                items = self._list_items(tokens, i + 1, end)
                for item in items:
                    self._item(item, parent_path=[])
                self.pending = None
                i = end + 1
                continue
            if t.type == "table_open":
                end = self._close_of(tokens, i)
                self._table(tokens[i:end + 1])
                self.pending = None
                i = end + 1
                continue
            if t.type == "html_block":
                self._html_block(t.content, t.map[0] + 1)
                i += 1
                continue
            if t.type == "paragraph_open":
                inline = tokens[i + 1]
                self._paragraph(inline, t.map)
                i += 3
                continue
            i += 1

    @staticmethod
    def _close_of(tokens, i: int) -> int:
        level, typ = tokens[i].level, tokens[i].type.replace("_open", "_close")
        for j in range(i + 1, len(tokens)):
            if tokens[j].type == typ and tokens[j].level == level:
                return j
        return len(tokens) - 1

    def _paragraph(self, inline, lmap) -> None:
        """A paragraph: an HTML list in disguise, a bold venue line above a list, or prose (IMP122)."""
        start, end = lmap
        raw = "\n".join(self.lines[start:end])
        if _LI_RE.search(raw):  # an HTML list that markdown-it saw as a paragraph
            self._html_block(raw, start + 1)
            return
        pieces = inline_pieces(inline)
        meaningful = [p for p in pieces if p.kind != "comment" and (p.kind != "text" or p.text.strip())]
        bold_only = meaningful and all(p.bold and p.kind in ("text", "link") for p in meaningful)
        if bold_only:  # a bold line such as **[CVPR 2021](…)** labels the list below it
            text = " ".join("".join(p.text for p in meaningful).split())
            vy = find_venue_in(text)
            year = re.fullmatch(r"\W*((?:19|20)\d{2})\W*", text)
            if vy or year:
                h = Heading(99, "venue", venue=vy[0] if vy else None,
                            year=(vy[1] if vy else int(year.group(1))), line=start + 1)
                self._check_site(h, [p.href for p in meaningful if p.kind == "link" and p.href], start + 1, text)
                self.pending = h
                self.pending_used = False
                return
        self.pending = None
        if start + 1 in self.legend_lines:
            return
        bare = [Piece("link", u, href=u) for p in pieces if p.kind == "text" for u in _BARE_URL.findall(p.text)]
        for p in [*pieces, *bare]:
            if p.kind == "link" and p.href and re.search(r"arxiv\.org|openreview|doi\.org|\.pdf\b", p.href, re.I):
                self.finding("IMP122", start + 1, f"link {p.text.strip() or p.href!r} ({p.href}) is in running text, "
                                                  "not in a list: not imported (make it a list item to import it)")

    # Markdown lists --------------------------------------------------------------------------

    def _list_items(self, tokens, i: int, end: int) -> list[dict]:
        """The items of a Markdown list as a tree: line, pieces, nested items, HTML inside."""
        items: list[dict] = []
        while i < end:
            t = tokens[i]
            if t.type == "list_item_open":
                close = self._close_of(tokens, i)
                item = {"line": t.map[0] + 1, "pieces": [], "children": [], "html": []}
                j = i + 1
                while j < close:
                    c = tokens[j]
                    if c.type in ("bullet_list_open", "ordered_list_open"):
                        cend = self._close_of(tokens, j)
                        item["children"].extend(self._list_items(tokens, j + 1, cend))
                        j = cend + 1
                        continue
                    if c.type == "inline":
                        if item["pieces"]:
                            item["pieces"].append(Piece("text", " "))
                        item["pieces"].extend(inline_pieces(c))
                    elif c.type == "html_block":
                        item["html"].append((c.content, c.map[0] + 1))
                    j += 1
                items.append(item)
                i = close + 1
                continue
            i += 1
        return items

    def _item(self, item: dict, parent_path: list[str]) -> None:
        """One Markdown list item: an entry (with detail sub-bullets folded in) or a group of entries."""
        line = item["line"]
        pieces = item["pieces"]
        children = item["children"]
        if line in self.legend_lines:
            return
        if children:
            details = all(self._is_detail(c["pieces"]) and not c["children"] for c in children)
            if details and self._has_text(pieces):
                merged = list(pieces)
                for c in children:
                    merged.append(Piece("text", " \u00b7 "))
                    cp = list(c["pieces"])
                    if cp and cp[0].kind == "text":
                        m = _DETAIL_KEY.match(cp[0].text)
                        if m and m.group(1).lower() in ("authors", "author", "by"):
                            names = "".join(p.text for p in cp if p.kind == "text")[m.end():]
                            cp = [Piece("authors", names)]
                        elif m:
                            cp[0] = Piece("text", cp[0].text[m.end():], cp[0].bold, cp[0].em)
                    merged.extend(cp)
                self._entry(merged, line, parent_path)
                return
            has_link = any(p.kind == "link" for p in pieces)
            if not has_link and self._has_text(pieces):
                name = " ".join("".join(p.text for p in pieces if p.kind == "text").split())
                part = slug(MARK_RE.sub(" ", name))
                path = [*parent_path, part] if part else parent_path
                if part:
                    base = self._context()[1]
                    self.sections.setdefault("/".join([*(base[0].split("/") if base else []), *path]), name)
                for c in children:
                    self._item(c, path)
                return
            self._entry(pieces, line, parent_path)
            for c in children:
                self._item(c, parent_path)
            return
        self._entry(pieces, line, parent_path)
        for content, hline in item["html"]:
            self._html_block(content, hline)

    @staticmethod
    def _has_text(pieces: list[Piece]) -> bool:
        return any(p.kind == "text" and MARK_RE.sub("", p.text).strip(" .,;:-\u00b7") for p in pieces)

    def _is_detail(self, pieces: list[Piece]) -> bool:
        """Whether a sub-bullet only adds to the entry above (authors, links, a URL)."""
        text = " ".join("".join(p.text for p in pieces if p.kind == "text").split())
        if _DETAIL_KEY.match(text):
            return True
        links = [p for p in pieces if p.kind == "link"]
        if any(not is_kind_label(p.text) for p in links):
            return False  # a link with a title of its own: an entry
        rest = _BARE_URL.sub("", MARK_RE.sub("", text)).strip(" .,;:-\u00b7|")
        if not rest:
            return True
        if links and all(is_kind_label(p.text) for p in links) and not any(p.bold for p in pieces):
            return len(rest.split()) <= 2
        return bool(not links and _author_list(rest))

    # HTML lists ------------------------------------------------------------------------------

    def _html_block(self, src: str, start_line: int) -> None:
        """Raw HTML, split at its <h1>…<h6> headings (a whole HTML page is one block)."""
        pos = 0
        for hm in _HTML_HEADING.finditer(src):
            if not _LI_RE.search(src):
                break
            if src[pos:hm.start()].strip():
                self._html_items(src[pos:hm.start()], start_line + src.count("\n", 0, pos))
            inner = html_pieces(hm.group(2))
            self.push_heading(int(hm.group(1)), "".join(p.text for p in inner),
                              [p.href for p in inner if p.kind == "link" and p.href],
                              start_line + src.count("\n", 0, hm.start()))
            pos = hm.end()
        if src[pos:].strip():
            self._html_items(src[pos:], start_line + src.count("\n", 0, pos))

    def _html_items(self, src: str, start_line: int) -> None:
        """Raw HTML: each <li> or <tr> an entry, marks between entries given to the one before."""
        starts = [m for m in _LI_RE.finditer(src)]
        if not starts:
            pieces = html_pieces(src)
            text = " ".join("".join(p.text for p in pieces if p.kind in ("text", "link")).split())
            vy = find_venue_in(text) if text and all(p.bold or not p.text.strip() for p in pieces
                                                     if p.kind in ("text", "link")) else None
            if vy:
                self.pending = Heading(99, "venue", venue=vy[0], year=vy[1], line=start_line)
                self.pending_used = False
                return
            hm = _HTML_HEADING.search(src)
            if hm:
                inner = html_pieces(hm.group(2))
                self.push_heading(int(hm.group(1)), "".join(p.text for p in inner),
                                  [p.href for p in inner if p.kind == "link" and p.href],
                                  start_line + src.count("\n", 0, hm.start()))
            return
        lead = src[:starts[0].start()]
        if self.pending is not None and self.pending_used and re.search(r"<(?:ul|ol)\b", lead, re.I):
            self.pending = None
        lead_pieces = html_pieces(lead)
        lead_text = " ".join("".join(p.text for p in lead_pieces if p.kind in ("text", "link")).split())
        lead_marks = MARK_RE.findall(lead_text)
        if lead_marks and self.last is not None:
            line = start_line + lead.count("\n")
            self._give_marks(self.last, lead_marks, line, ambiguous=True)
        elif lead_text and not lead_marks:
            vy = find_venue_in(lead_text)
            if vy:
                self.pending = Heading(99, "venue", venue=vy[0], year=vy[1], line=start_line)
                self.pending_used = False
        if self.pending is not None and re.search(r"</(?:ul|ol)\s*>", src[starts[-1].start():], re.I):
            self.pending_used = True
        depth = 0
        groups: list[tuple[int, str]] = []  # (depth, section part) of <li>Vision<ul>… items
        for k, m in enumerate(starts):
            end = starts[k + 1].start() if k + 1 < len(starts) else len(src)
            body = src[m.end():end]
            line = start_line + src.count("\n", 0, m.start())
            while groups and groups[-1][0] > depth:
                groups.pop()
            opens = len(_LIST_OPEN.findall(body)) - len(_LIST_CLOSE.findall(body))
            pieces = html_pieces(body)
            if opens > 0 and not any(p.kind == "link" for p in pieces):
                name = " ".join("".join(p.text for p in pieces if p.kind == "text").split())
                part = slug(MARK_RE.sub(" ", name))
                if part:  # an item that only opens a nested list names a group: a section
                    groups.append((depth + opens, part))
                    base = self._context()[1]
                    path = [*(base[0].split("/") if base else []), *(g for _, g in groups)]
                    self.sections.setdefault("/".join(path), name)
                    depth += opens
                    continue
            in_groups = [g for d, g in groups if d <= depth]
            depth = max(0, depth + opens)  # this item's own </ul> closes take effect after it
            tail = _TAIL_MARKS.search(body)
            tail_marks: list[str] = []
            if tail and body[:tail.start()].strip():
                tail_marks = MARK_RE.findall(tail.group(1))
                body = body[:tail.start()]
                pieces = html_pieces(body)
            entry = self._entry(pieces, line, in_groups)
            if tail_marks:
                owner = entry or self.last
                if owner is not None:
                    self._give_marks(owner, tail_marks, line + src[m.start():end].rstrip().count("\n"),
                                     ambiguous=True)

    def _give_marks(self, entry: Entry, marks: list[str], line: int, ambiguous: bool) -> None:
        """Attach marks to an entry; IMP140 when they stand between two entries."""
        for mark in marks:
            entry.marks.append((mark, line))
            self.mark_counts[mark] += 1
            if ambiguous:
                entry.note("IMP140", line, f":{mark}: stands between two entries (just before the next <li>): "
                                           f"given to the entry before it, {entry.title!r}")

    # tables ----------------------------------------------------------------------------------

    @staticmethod
    def _cells(line: str) -> list[str]:
        """The cells of one table row, split on '|' outside code spans and links."""
        s = line.strip()
        if s.startswith("|"):
            s = s[1:]
        if s.endswith("|") and not s.endswith("\\|"):
            s = s[:-1]
        cells: list[str] = []
        cur: list[str] = []
        depth = 0
        code = False
        prev = ""
        for ch in s:
            if ch == "`":
                code = not code
            elif not code and ch in "[(":
                depth += 1
            elif not code and ch in "])":
                depth = max(0, depth - 1)
            if ch == "|" and prev != "\\" and not code and depth == 0:
                cells.append("".join(cur))
                cur = []
            else:
                cur.append(ch)
            prev = ch
        cells.append("".join(cur))
        return [c.strip() for c in cells]

    def _table(self, tokens) -> None:
        """A Markdown table: each row with a title (by column header or link/bold) is an entry."""
        head = next((t for t in tokens if t.type == "tr_open"), None)
        if head is None or head.map is None:
            return
        header = [normalise_title(c) for c in self._cells(self.lines[head.map[0]])]
        roles: dict[int, str] = {}
        for i, h in enumerate(header):  # the first title-like column is the title; a later "Paper" holds links
            role = _column_role(h)
            roles[i] = "paper" if role == "title" and "title" in roles.values() else role
        has_title_col = "title" in roles.values()
        for t in tokens:
            if t.type != "tr_open" or t is head or t.map is None:
                continue
            line = t.map[0] + 1
            cells = self._cells(self.lines[t.map[0]])
            cell_pieces = [inline_pieces(self.md.parseInline(c)[0]) if c else [] for c in cells]
            if not has_title_col and not any(
                    (p.kind == "link" and p.href and re.match(r"https?://", p.href, re.I) and not is_kind_label(p.text))
                    or (p.bold and p.text.strip()) for cp in cell_pieces for p in cp):
                continue  # an index or statistics table, not papers
            if len(cells) != len(header):
                self.finding("IMP180", line, f"table row has {len(cells)} cells, its header {len(header)}: "
                                             "read by position")
            pieces: list[Piece] = []
            extra: dict[str, object] = {}
            title_index = next((i for i, r in roles.items() if r == "title"), None)
            if title_index is None:
                title_index = next((i for i, cp in enumerate(cell_pieces)
                                    if any((p.kind == "link" and not is_kind_label(p.text)) or (p.bold and p.text.strip())
                                           for p in cp)), 0)
            for i, cp in enumerate(cell_pieces):
                role = roles.get(i, "other") if i != title_index else "title"
                text = " ".join("".join(p.text for p in cp if p.kind == "text").split())
                if role == "title":
                    pieces = [*cp, *pieces]
                elif role == "venue":
                    extra["venue"] = text
                elif role == "year":
                    ym = _YEAR.search(text)
                    if ym:
                        extra["year"] = int(ym.group(1))
                elif role == "authors":
                    pieces.append(Piece("authors", text))
                else:
                    for p in cp:
                        if p.kind == "link":
                            kind = link_kind(p.text) or (role if role in ("code", "paper") else None)
                            pieces.append(Piece("link", f"[{kind}]" if kind and not link_kind(p.text) else p.text,
                                                href=p.href))
                        elif p.kind == "text" and MARK_RE.search(p.text):
                            pieces.append(Piece("text", " ".join(f":{m}:" for m in MARK_RE.findall(p.text))))
                        elif p.kind == "text" and _BARE_URL.search(p.text):
                            pieces.append(Piece("text", " " + " ".join(_BARE_URL.findall(p.text))))
            entry = self._entry(pieces, line, [])
            if entry is not None:
                if extra.get("venue"):
                    vy = find_venue_in(str(extra["venue"]))
                    entry.venue = vy[0] if vy else canonical_venue(str(extra["venue"]), self.config.venue_aliases)
                    if vy and vy[1] and not extra.get("year"):
                        entry.year = vy[1]
                if extra.get("year"):
                    entry.year = int(extra["year"])  # type: ignore[arg-type]

    # one entry -------------------------------------------------------------------------------

    def _entry(self, pieces: list[Piece], line: int, path_extra: list[str]) -> Entry | None:
        """Turn the pieces of one list item or row into an Entry, or a finding saying why not."""
        if line in self.legend_lines or any(p.kind == "comment" and p.text == "papershelf:header" for p in pieces):
            return None
        topic, sections, venue, year = self._context()
        if path_extra:
            base = sections[0].split("/") if sections else []
            sections = ["/".join([*base, *path_extra])]
        explicit_id = None
        marks: list[str] = []
        work: list[Piece] = []
        for p in pieces:
            if p.kind == "comment":
                m = _ID_COMMENT.match(p.text)
                if m:
                    explicit_id = m.group(1)
                continue
            if p.kind in ("text", "link"):
                marks += MARK_RE.findall(p.text)
                p = Piece(p.kind, MARK_RE.sub(" ", p.text), p.bold, p.em, p.href)
            work.append(p)
        first = next((i for i, p in enumerate(work) if p.kind != "emptybold" and p.text.strip()), None)
        if first is not None and work[first].kind == "text" and work[first].bold:
            tag = _VENUE_TAG.fullmatch(work[first].text)
            bracketed = work[first].text.strip()[:1] in ("[", "(")
            bare = re.sub(r"[\s,'\u2019]*(?:19|20)?\d{2}\s*$", "", tag.group(1)).strip() if tag else ""
            if tag and len(tag.group(1).split()) <= 4 and any(
                    p.text.strip() for p in work[first + 1:] if p.kind in ("text", "link")) and (
                    (bracketed and (find_venue_in(tag.group(1)) or _YEAR.search(tag.group(1))))
                    or _venue_key(bare) in _VENUE_KEYS):
                # **[CVPR 2019]** Title…: a bold venue tag, not the title
                work[first] = Piece("text", f"[{tag.group(1)}] ", False, work[first].em)
        texts = [p for p in work if p.kind == "text"]
        links = [p for p in work if p.kind == "link"]
        codes = [p for p in work if p.kind == "code"]
        plain = " ".join("".join(p.text for p in texts).split())
        if not links and not plain.strip(" .,;:-\u00b7") and not any(p.kind == "authors" for p in work):
            if codes:
                self.finding("IMP121", line, "list item holds only code (" + codes[0].text.strip()[:60] +
                             "): not a paper, skipped")
            elif marks:
                if self.last is not None:
                    self._give_marks(self.last, marks, line, ambiguous=True)
                else:
                    self.finding("IMP121", line, "list item holds only marks: skipped")
            return None
        if links and all((p.href or "").startswith("#") for p in links) and not _BARE_URL.sub(
                "", "".join(p.text for p in texts)).strip(" .,;:-\u00b7()[]"):
            self.toc_items.append(line)  # "- [Section](#section)": navigation, not a paper
            return None
        title, title_link, tail = self._title(work)
        entry_links: list[Link] = []
        if title_link is not None:
            entry_links.append(Link("paper", title_link.href, "title link", line))
        for p in links:
            if p is title_link:
                continue
            label = " ".join(p.text.split())
            kind = (link_kind(label) if is_kind_label(label) else None) or (
                url_kind(p.href) if p.href and re.match(r"https?://", p.href, re.I) else None) or "other"
            entry_links.append(Link(kind, p.href, label or kind, line))
        for url in _BARE_URL.findall(tail):
            entry_links.append(Link(url_kind(url), url, url, line))
        tail = _BARE_URL.sub(" ", tail)
        for arxiv in _ARXIV_TEXT.findall(tail):  # "arXiv:1503.02531" written as text
            if not any(lk.kind == "paper" and lk.url for lk in entry_links):
                entry_links.append(Link("paper", f"https://arxiv.org/abs/{arxiv}", f"arXiv:{arxiv}", line))
        tail = _ARXIV_TEXT.sub(" ", tail)
        if not title:
            shown = ", ".join(f"{lk.label} {lk.url or '(empty link)'}" for lk in entry_links) or "no link"
            self.finding("IMP120", line, f"entry without a title skipped ({shown})")
            self.untitled.append((line, [lk.url for lk in entry_links if lk.url]))
            return None
        entry = Entry(line=line, title=title, topics=[topic] if topic else [], sections=sections,
                      venue=None, year=None, explicit_id=explicit_id)
        entry.merged_lines.append(line)
        self._annotations(entry)
        self._tail(entry, tail, [p for p in work if p.kind in ("authors",)], [p for p in texts if p.em])
        if entry.venue and venue and entry.venue != venue:
            entry.note("IMP152", line, f"entry says {entry.venue}{' ' + str(entry.year) if entry.year else ''}, "
                                       f"its heading {venue}{' ' + str(year) if year else ''}: the entry's own kept")
        entry.venue = entry.venue or venue
        entry.year = entry.year or year
        for code in codes:
            tag = slug(code.text)
            if tag and tag not in entry.tags and len(tag) <= 40:
                entry.tags.append(tag)
        if _UNDEFINED_REF.search(plain):
            entry.note("IMP181", line, f"reference link {_UNDEFINED_REF.search(plain).group(0)!r} is not defined")
        self._links(entry, entry_links)
        for mark in marks:
            entry.marks.append((mark, line))
            self.mark_counts[mark] += 1
        self.entries.append(entry)
        self.last = entry
        return entry

    def _title(self, work: list[Piece]) -> tuple[str, Piece | None, str]:
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
                    return _clean_title(p.text), p, text_of(rest)
                if p.kind == "text":
                    j = i
                    run: list[Piece] = []
                    while j < len(work) and work[j].kind == "text" and (work[j].bold or not work[j].text.strip()):
                        run.append(work[j])
                        j += 1
                    title = " ".join("".join(q.text for q in run).split())
                    rest = work[:i] + work[j:]
                    return _clean_title(title), None, text_of(rest)
                break
        # 2. the first link whose label is not a link kind (``[Title](url)``)
        for p in work:
            if p.kind == "link":
                label = " ".join(p.text.split())
                if label and not is_kind_label(label) and not _PLACEHOLDER.fullmatch(label.strip("[]")) \
                        and not re.match(r"https?://", label) and len(label) > 3:
                    before = text_of(work[:work.index(p)]).strip(" -*\u00b7")
                    if not before or len(before.split()) <= 2:
                        rest = [q for q in work if q is not p]
                        return _clean_title(label), p, text_of(rest)
                break
        # 3. the text before the first link
        first_link = next((i for i, p in enumerate(work) if p.kind == "link"), len(work))
        lead = text_of(work[:first_link])
        rest = text_of(work[first_link:])
        if not lead:
            return "", None, rest
        m = _APA_LIST.match(lead)
        if m and m.end() > len(lead) * 0.5:  # only authors, no title
            return "", None, lead + " " + rest
        lead = lead.strip(" \u00b7")
        if " \u00b7 " in lead:  # table cells or "Title · Authors · Venue"
            title, extra = lead.split(" \u00b7 ", 1)
        else:
            title, extra = _split_title(lead)
        return _clean_title(title), None, (extra + " " + rest).strip()

    def _annotations(self, entry: Entry) -> None:
        """Venue/year prefixes (``[WACV2021]Title``) and trailing notes (``[TBD]``) taken out of the title."""
        title = entry.title
        while True:
            m = re.match(r"^\s*[\[(]([^\])]{2,60})[\])]\s*", title)
            if not m or len(title) - m.end() < 5:
                break
            inner = m.group(1)
            vy = find_venue_in(inner)
            ym = _YEAR.search(inner)
            if vy or ym:
                entry.venue = vy[0] if vy else canonical_venue(re.sub(r"[\s,]*\d{4}.*$", "", inner).strip(" ,"),
                                                              self.config.venue_aliases)
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
            elif _ANNOTATION_TAGS.match(inner):
                entry.tags.append(slug(inner))
                entry.note("IMP161", entry.line, f"[{inner}] removed from the title: tag {slug(inner)!r}")
            elif _ANNOTATION_NOTES.match(inner):
                entry.notes.append(f"The list marks this entry: {inner}")
                entry.note("IMP161", entry.line, f"{m.group(0).strip()!r} removed from the title: kept as a note")
            else:
                break
            title = title[:m.start()]
        entry.title = _clean_title(title)

    def _tail(self, entry: Entry, tail: str, author_pieces: list[Piece], italics: list[Piece]) -> None:
        """Authors, venue and year from the text after the title."""
        text = " ".join(tail.split())
        for p in author_pieces:
            entry.authors = _split_names(p.text)
        if "\u00b7" in text and not entry.authors:  # "Title · A, B · Venue": the first part is the authors
            first = text.strip(" \u00b7").split("\u00b7")[0].strip()
            if ";" in first and not re.search(r"\d|https?:", first):
                entry.authors = [n.strip() for n in first.split(";") if n.strip()]
                text = text.replace(first, " ", 1)
        inm = re.search(r"\bIn:\s*([^.()\d,]+)", text)
        apa = _APA_LIST.match(text.lstrip(" ,.;:-\u00b7\u2014\u2013"))
        if apa and not entry.authors:
            entry.authors = [f"{ini.strip()} {fam.strip()}".replace("  ", " ")
                             for fam, ini in _APA_ONE.findall(apa.group(1))]
            text = text.lstrip(" ,.;:-\u00b7\u2014\u2013")[apa.end():]
        ym = re.search(r"\(\s*((?:19|20)\d{2})\b[^)]*\)", text) or _YEAR.search(text)
        venue = None
        for p in italics:
            candidate = " ".join(p.text.split()).strip(" ,.")
            if candidate:
                vy = find_venue_in(candidate)
                tail_year = re.fullmatch(r"(.*?)[\s,]*((?:19|20)\d{2})?", candidate)
                if vy:
                    venue = vy[0]
                    if vy[1]:
                        entry.year = vy[1]
                elif tail_year and tail_year.group(1):
                    venue = canonical_venue(tail_year.group(1), self.config.venue_aliases)
                    if tail_year.group(2):
                        entry.year = int(tail_year.group(2))
                text = text.replace(p.text.strip(), " ")
                break
        if venue is None and inm:
            venue = canonical_venue(inm.group(1).strip(), self.config.venue_aliases)
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
        etal = _ET_AL.match(text.lstrip(" ,.;:-\u00b7"))
        if etal and not entry.authors:  # "Li, Yuncheng et al." / "Z. Meng et al.": the first author only
            family, given = etal.group(1), etal.group(2)
            entry.authors = [f"{given} {family}" if given else family]
        pairs = re.split(r"\s*(?:&|\band\b)\s*", text.strip(" ,.;:-\u00b7").split(". ")[0])
        if not entry.authors and len(pairs) >= 2 and all(re.fullmatch(rf"{_NAME_WORD}(?: {_NAME_WORD})*, ?{_NAME_WORD}"
                                                                      rf"(?: {_NAME_WORD})*", p.strip(" ,"))
                                                         for p in pairs):
            # "Cho, Jang Hyun & Hariharan, Bharath": family, given pairs
            entry.authors = [" ".join(reversed([x.strip() for x in p.strip(" ,").split(",", 1)])) for p in pairs]
        if not entry.authors:
            text = re.sub(r"\bIn:\s*[^.()\d,]+", " ", text)
            for part in _SEPARATORS.split(text.strip(" ,.;:-\u00b7")):
                # leave out the pieces that hold the venue or the year: the rest may be names
                pieces = [c.strip() for c in re.split(r",|(?<![A-Z])\.\s+", part)
                          if c.strip() and not re.search(r"\d", c) and not find_venue_in(c.strip())]
                names = _author_list(", ".join(pieces), single="\u00b7" in text)
                if names:
                    entry.authors = names
                    break

    def _links(self, entry: Entry, links: list[Link]) -> None:
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
            self._add_link(entry, Link(link.kind, url, link.label, link.line))

    @staticmethod
    def _add_link(entry: Entry, link: Link) -> None:
        current = {lk.kind: lk for lk in entry.links}
        if link.kind not in current:
            entry.links.append(link)
            return
        old = current[link.kind]
        if old.url is None and link.url is not None:
            old.url, old.label = link.url, link.label
            return
        if link.url is None or link.url == old.url:
            return
        if "other" not in current:
            entry.links.append(Link("other", link.url, link.label, link.line))
            entry.note("IMP170", link.line, f"second {link.kind} link {link.url} kept as 'other'")
        else:
            entry.note("IMP170", link.line, f"extra {link.kind} link {link.url} dropped (the paper already has "
                                            f"{link.kind} and other links)")


def _column_role(header: str) -> str:
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


def _clean_title(title: str) -> str:
    """A title without marks, surrounding punctuation and a final full stop."""
    t = " ".join(MARK_RE.sub(" ", title).split())
    t = t.strip(" \u00b7|,;-\u2014\u2013*_\"'").rstrip("[( ")
    t = re.sub(r"(?<![.])\.$", "", t).strip()
    t = t.rstrip(",;:").strip()
    return t


def _split_title(lead: str) -> tuple[str, str]:
    """``Title. Authors. VENUE YEAR`` → (Title, rest); a title without such a tail is kept whole."""
    m = re.search(r"(?<=[^\s.A-Z])\.\s+(?=\S)", lead)
    if m:
        rest = lead[m.end():]
        if _YEAR.search(rest) or find_venue_in(rest) or _APA_LIST.match(rest) or _ARXIV_TEXT.search(rest) \
                or _ET_AL.match(rest) or _author_list(
                _SEPARATORS.split(re.split(r"(?<![A-Z])\.\s", rest)[0])[0]):
            return lead[:m.start()], rest
    return lead, ""


def _split_names(text: str) -> list[str]:
    """Author names from ``A; B``, APA ``Family, I.`` lists, or ``A, B and C``."""
    text = " ".join(text.split()).strip(" .,;")
    if not text:
        return []
    if ";" in text:
        return [n.strip() for n in text.split(";") if n.strip()]
    apa = _APA_LIST.fullmatch(text + " ") or _APA_LIST.fullmatch(text)
    if apa:
        return [f"{ini.strip()} {fam.strip()}" for fam, ini in _APA_ONE.findall(text)]
    parts = re.split(r",\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+", text)
    return [p.strip() for p in parts if p.strip() and p.strip().lower() not in ("et al", "et al.")]


_NAME = re.compile(r"^(?:[A-Z][\w'\u2019\-]*\.?|[a-z]{1,3}|[^\W\d_][\w'\u2019\-]*)"
                   r"(?:\s+(?:[A-Z][\w'\u2019\-]*\.?|van|von|de|der|da|di|del|la|le|du|[A-Z]\.(?:-?[A-Z]\.)*))*$")


def _author_list(text: str, single: bool = False) -> list[str]:
    """Names in ``A. Smith, Bob Jones and C. Lee`` (or ``;``-separated), else []."""
    text = " ".join(text.split()).strip(" .,;:\u00b7")
    if not text or re.search(r"\d|https?:|[\[\]()]", text):
        return []
    names = _split_names(text)
    names = [n for n in names if n.lower().rstrip(".") != "et al"]
    if not names:
        return []
    for n in names:
        words = n.split()
        if not 1 <= len(words) <= 5 or not _NAME.match(n) or not n[0].isupper():
            return []
        if _venue_key(n) in _VENUE_KEYS or (len(words) == 1 and link_kind(n)):
            return []  # "NeurIPS", "Code": not names
    several = single or len(names) >= 2 or re.search(r"\b[A-Z]\.", text) or "et al" in text
    return names if several else []


# -- after reading: legend, merge, checks, build ------------------------------------------------


def apply_marks(legend: dict[str, str], entry: Entry) -> tuple[str | None, str]:
    """(priority, status) the entry's marks mean under the list's legend."""
    priority: str | None = None
    status = "unread"
    for mark, _line in entry.marks:
        meaning = legend.get(mark)
        if meaning == "top":
            priority = "top"
        elif meaning == "second" and priority != "top":
            priority = "second"
        elif meaning == "read":
            status = "read"
        elif meaning == "reading" and status != "read":
            status = "reading"
    return priority, status


def _same_paper(a: Entry, b: Entry) -> bool:
    """Same normalised title, or a shared arXiv id/DOI/OpenReview id with a similar title."""
    na, nb = normalise_title(a.title), normalise_title(b.title)
    if na == nb:
        return True
    ids_a = {f"{k}:{v.lower()}" for url in a.urls() for k, v in ids_from_url(url).items()}
    ids_b = {f"{k}:{v.lower()}" for url in b.urls() for k, v in ids_from_url(url).items()}
    if ids_a & ids_b:
        from rapidfuzz import fuzz

        return fuzz.ratio(na, nb) >= 85 or na.startswith(nb) or nb.startswith(na)
    return False


def merge_entries(entries: list[Entry]) -> list[Entry]:
    """Entries that are the same paper (normalised title, or arXiv id/DOI with a similar title)
    become one, keeping every topic, section, link and mark."""
    by_title: dict[str, Entry] = {}
    by_id: dict[str, list[Entry]] = {}
    out: list[Entry] = []
    for e in entries:
        target = by_title.get(normalise_title(e.title))
        if target is None:
            for key in {f"{k}:{v.lower()}" for url in e.urls() for k, v in ids_from_url(url).items()}:
                target = next((c for c in by_id.get(key, []) if _same_paper(c, e)), None)
                if target:
                    break
        if target is None:
            out.append(e)
            by_title[normalise_title(e.title)] = e
            for key in {f"{k}:{v.lower()}" for url in e.urls() for k, v in ids_from_url(url).items()}:
                by_id.setdefault(key, []).append(e)
            continue
        _merge_into(target, e)
    return out


def _merge_into(target: Entry, e: Entry) -> None:
    """Fold the duplicate ``e`` into ``target``, keeping everything, and report it (IMP130/IMP131)."""
    kept: list[str] = []
    for t in e.topics:
        if t not in target.topics:
            target.topics.append(t)
            kept.append(f"topic {t}")
    for s in e.sections:
        if s not in target.sections:
            target.sections.append(s)
            kept.append(f"section {s}")
    for tag in e.tags:
        if tag not in target.tags:
            target.tags.append(tag)
    target.notes += [n for n in e.notes if n not in target.notes]
    if not target.authors and e.authors:
        target.authors = e.authors
        kept.append("authors")
    if (target.venue, target.year) != (e.venue, e.year) and e.venue and target.venue and (
            target.venue != e.venue or (e.year and target.year and e.year != target.year)):
        target.note("IMP131", e.line, f"line {e.line} gives {e.venue} {e.year or ''}".rstrip() +
                    f", line {target.line} {target.venue} {target.year or ''}".rstrip() + ": the first kept")
    target.venue = target.venue or e.venue
    target.year = target.year or e.year
    target_ids = {v for url in target.urls() for v in ids_from_url(url).values()}
    for link in e.links:
        current = {lk.kind: lk for lk in target.links}
        if link.url and link.url in target.urls():
            continue
        if link.kind in current and current[link.kind].url and link.url:
            same_id = set(ids_from_url(link.url).values()) & target_ids
            if same_id or canonical_url(link.url) == canonical_url(current[link.kind].url):
                continue
            if "other" not in current:
                target.links.append(Link("other", link.url, link.label, link.line))
                target.note("IMP131", e.line, f"duplicates give different {link.kind} links: "
                                              f"{current[link.kind].url} kept, {link.url} kept as 'other'")
            else:
                target.note("IMP131", e.line, f"duplicates give different {link.kind} links: "
                                              f"{current[link.kind].url} kept, {link.url} dropped")
            continue
        Reader._add_link(target, link)
        if link.url:
            kept.append(f"{link.kind} link")
    target.marks += e.marks
    target.findings += e.findings
    target.merged_lines.append(e.line)
    what = f" (added {', '.join(kept)})" if kept else ""
    target.note("IMP130", e.line, f"{e.title!r} is the same paper as line {target.line}: merged{what}")


def _shared_links(entries: list[Entry]) -> None:
    """IMP110: a paper link or identifier given for two different titles (a code repository or
    project page shared by several papers is normal and not reported)."""
    seen: dict[str, Entry] = {}
    for e in entries:
        keys = set()
        for link in e.links:
            if not link.url:
                continue
            if link.kind == "paper":
                keys.add(("url", canonical_url(link.url), link.url))
            for kind, value in ids_from_url(link.url).items():
                keys.add((kind, value.lower(), link.url))
        reported: set[int] = set()
        for kind, key, url in sorted(keys):
            other = seen.get(f"{kind}:{key}")
            if other is not None and other is not e and id(other) not in reported:
                what = "URL" if kind == "url" else f"{kind} id {key}"
                e.note("IMP110", e.line, f"same {what} ({url}) as {other.title!r} (line {other.line}): "
                                         "one of the two links is probably wrong")
                reported.add(id(other))
            seen.setdefault(f"{kind}:{key}", e)


def _truncated_titles(entries: list[Entry]) -> None:
    """IMP160: a title whose last word only ever appears in the list as the start of a longer word."""
    counts: Counter = Counter()
    for e in entries:
        counts.update(set(re.findall(r"[a-z]+", e.title.lower())))
    vocabulary = sorted(counts)
    for e in entries:
        words = re.findall(r"[A-Za-z]+", e.title)
        if not words or not re.search(r"[A-Za-z]$", e.title):
            continue
        last = words[-1].lower()
        if len(last) < 5 or counts[last] > 1:
            continue
        longer = [w for w in vocabulary if w.startswith(last) and len(w) > len(last)
                  and w[len(last):] not in _INFLECTIONS  # "transfer" → "transferring" is a word of its own
                  and not (w[len(last)] == last[-1] and w[len(last) + 1:] in _INFLECTIONS)]
        if longer:
            e.note("IMP160", e.line, f"title {e.title!r} may be truncated: {words[-1]!r} looks like the start of "
                                     f"{longer[0]!r}, used elsewhere in the list")


def _venue_sites(entries: list[Entry]) -> None:
    """IMP151: an entry's venue contradicted by the site its paper link is on."""
    for e in entries:
        paper = next((lk.url for lk in e.links if lk.kind == "paper" and lk.url), None)
        if not (e.venue and paper):
            continue
        sites = site_venues(paper)
        if sites and e.venue not in sites and not any(e.venue.startswith(s) for s in sites):
            e.note("IMP151", e.line, f"entry is filed under {e.venue} but its paper link is on "
                                     f"{', '.join(sorted(sites))}'s site ({paper})")


def parse_markdown(text: str, config: ShelfConfig | None = None) -> ParsedList:
    """Read ``text`` into merged entries plus findings (nothing validated or written yet)."""
    reader = Reader(text, config)
    reader.read()
    entries = merge_entries(reader.entries)
    by_url = {canonical_url(u): e for e in entries for u in e.urls()}
    for line, urls in reader.untitled:
        for url in urls:
            other = by_url.get(canonical_url(url))
            if other is not None:
                reader.finding("IMP110", line, f"the untitled entry's link {url} is also given for {other.title!r} "
                                               f"(line {other.line}): probably the same paper listed twice")
    _shared_links(entries)
    _truncated_titles(entries)
    _venue_sites(entries)
    if reader.toc_items:
        n = len(reader.toc_items)
        reader.finding("IMP121", reader.toc_items[0], f"{n} list item{'s' if n > 1 else ''} from line "
                                                      f"{reader.toc_items[0]} to {reader.toc_items[-1]} only link "
                                                      "within the page (a table of contents): not papers")
    if not reader.legend and reader.mark_counts:
        shown = ", ".join(f":{m}: \u00d7{n}" for m, n in reader.mark_counts.most_common())
        reader.finding("IMP141", None, f"marks ({shown}) found but the list has no legend: no priority or read "
                                       "status taken from them")
    elif reader.legend:
        for mark, n in reader.mark_counts.most_common():
            if mark not in reader.legend:
                reader.finding("IMP142", None, f":{mark}: (\u00d7{n}) is not in the list's legend: ignored")
    return ParsedList(entries, reader.findings, reader.legend, reader.sections)


def entry_fields(entry: Entry, legend: dict[str, str]) -> dict:
    """The loose Paper fields of one entry, for :class:`PaperBuilder`."""
    priority, status = apply_marks(legend, entry)
    links: dict[str, str | None] = {}
    ids: dict[str, str] = {}
    for link in entry.links:
        links.setdefault(link.kind, link.url)
        if link.url:
            for kind, value in ids_from_url(link.url).items():
                ids.setdefault(kind, value)
    year = entry.year
    if year is not None and not 1900 <= year <= max_year():
        entry.note("IMP162", entry.line, f"year {year} is implausible: left out")
        year = None
    return {
        "id": entry.explicit_id, "title": entry.title, "authors": entry.authors, "year": year,
        "venue": entry.venue, "topics": entry.topics, "sections": entry.sections, "tags": entry.tags,
        "links": links, "ids": ids, "priority": priority, "status": status if status != "unread" else None,
        "notes": "\n".join(entry.notes) or None,
    }


def build_papers(parsed: ParsedList, builder: PaperBuilder, result: ImportResult) -> list[tuple[Entry, Paper | None]]:
    """Validate every entry into a Paper (or an IMP002 finding); returns (entry, paper or None)
    pairs and fills ``result``."""
    pairs: list[tuple[Entry, Paper | None]] = []
    result.findings.extend(parsed.findings)
    for entry in parsed.entries:
        if not entry.links:
            entry.note("IMP190", entry.line, "entry has no link")
        fields = entry_fields(entry, parsed.legend)
        paper = builder.add(result, fields, line=entry.line, label=f"entry {entry.title[:60]!r}")
        for f in entry.findings:
            f.paper = paper.id if paper else None
            result.findings.append(f)
        pairs.append((entry, paper))
    result.findings.sort(key=lambda f: (f.line is None, f.line or 0))
    return pairs


def read_markdown(path: Path, text: str, builder: PaperBuilder) -> ImportResult:
    """The importer behind ``papershelf import LIST.md``."""
    result = ImportResult(path)
    build_papers(parse_markdown(text, builder.config), builder, result)
    return result
