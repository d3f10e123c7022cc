"""The Markdown importer's vocabulary: finding codes, link labels, marks, and the small
classifiers built on them (link kinds, venues in text, emoji)."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from ...model import ascii_fold
from ...venues import canonical_venue, known_venue
from ...venues import find_venue_in as _find_venue_anywhere

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
    "IMP123": ("info", "section that holds no papers (code, tools, datasets, talks, courses, news, contributing): "
                       "skipped; --include-section NAME imports it"),
    "IMP130": ("info", "duplicate entry merged into one paper (topics, sections and links kept)"),
    "IMP131": ("warning", "merged duplicates disagree on a link or venue/year: first kept, other noted"),
    "IMP132": ("warning", "two titles one letter apart with the same year: probably one paper with a typo (not merged)"),
    "IMP140": ("warning", "mark whose owner is ambiguous (stands between two entries): given to the entry before"),
    "IMP141": ("info", "marks found but the list has no legend: no priority or read status taken from them"),
    "IMP142": ("info", "mark not explained by the legend: ignored"),
    "IMP150": ("warning", "heading names one venue but links to another venue's site"),
    "IMP151": ("warning", "entry names one venue but its paper link is on another venue's site"),
    "IMP152": ("info", "entry's own venue/year (e.g. a [WACV2021] prefix) overrides its heading's"),
    "IMP153": ("info", "venue outside papershelf's vocabulary and the shelf's aliases: kept as written"),
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
    ("project", ("project", "homepage", "website", "site", "web", "docs", "doc", "documentation", "manual")),
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
PLACEHOLDER = re.compile(r"tobe|tbd|todo|to\s*be|update|coming|soon|missing|pending|n/?a\b", re.I)

_EMOJI = {"\U0001f31f": "star2", "\u2b50": "star", "\u2714": "heavy_check_mark", "\u2705": "white_check_mark",
          "\u2611": "ballot_box_with_check", "\U0001f525": "fire", "\u2764": "heart", "\u23f3": "hourglass_flowing_sand",
          "\U0001f4d6": "book", "\U0001f4cc": "pushpin", "\u2b55": "o", "\u274c": "x"}
EMOJI_RE = re.compile("(" + "|".join(map(re.escape, _EMOJI)) + ")\ufe0f?")
MARK_RE = re.compile(r":([a-z0-9_+\-]+):")

_MEANINGS = (
    ("top", re.compile(r"\b(top|high|highest|must|first|important|essential)\b", re.I)),
    ("second", re.compile(r"\b(second|medium|next|secondary|later)\b", re.I)),
    ("read", re.compile(r"\b(read|done|complete|completed|completion|finished)\b", re.I)),
    ("reading", re.compile(r"\b(reading|progress|started|ongoing|current)\b", re.I)),
)

NEUTRAL_HEADINGS = {"other", "others", "other papers", "other venues", "misc", "miscellaneous", "uncategorized",
                     "uncategorised", "unsorted", "no venue"}
DETAIL_KEY = re.compile(r"^\s*(authors?|by|venue|published|publication|conference|journal|year|code|paper|pdf|"
                         r"links?|project|arxiv|notes?)\s*[:\uff1a]\s*", re.I)
ASIDE_KEY = re.compile(r"^\s*[A-Z][A-Za-z]{1,15}(?:\s[A-Za-z]{1,15})?\s*[:\uff1a](?:\s|$)")  # "Key: …", "ExpEnv: …"
ANNOTATION_NOTES = re.compile(r"^(tbd|todo|to\s*be\s*updated?|tobeupdated?|not\s+published(\s+yet)?|under\s+review|"
                               r"preprint|in\s+press|coming\s+soon|wip)$", re.I)
ANNOTATION_TAGS = re.compile(r"^(short|long|demo|workshop|findings|oral|spotlight|best)(\s+paper)?$", re.I)
YEAR_RE = re.compile(r"(?<![\d/.])((?:19|20)\d{2})(?![\d/])")
NAME_WORD = r"[^\W\d_][\w'\u2019\-]*"
_APA_NAME = rf"{NAME_WORD}(?:\s+{NAME_WORD})*,\s*(?:[A-Z]\.\s*-?\s*)+"
APA_LIST = re.compile(rf"\s*({_APA_NAME}(?:\s*,?\s*(?:&|and)?\s*{_APA_NAME})*)")
APA_ONE = re.compile(rf"({NAME_WORD}(?:\s+{NAME_WORD})*),\s*((?:[A-Z]\.\s*-?\s*)+)")
MD_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*([^()\s]*)\s*\)")
BARE_URL = re.compile(r"\bhttps?://[^\s<>\"')\]]+", re.I)
ET_AL = re.compile(rf"((?:[A-Z]\.\s*)*{NAME_WORD}(?:\s+{NAME_WORD})?)(?:,\s*({NAME_WORD}(?:\s+{NAME_WORD})?))?"
                    r"\s+et\.?\s*al\b\.?")
INFLECTIONS = {"s", "es", "ed", "d", "ing", "er", "ers", "ly", "al", "ally", "ment", "ments", "ness"}
ARXIV_TEXT = re.compile(r"\barXiv\s*:\s*(\d{4}\.\d{4,5})(?:v\d+)?\b", re.I)
VENUE_TAG = re.compile(r"\s*[\[(]?\s*([^\[\]()]{2,40}?)\s*[\])]?\s*")
UNDEFINED_REF = re.compile(r"\[\[?[^\[\]\n]+\]?\]\[[^\]\n]+\]")
# ``<!-- id: x -->``, optionally with identifiers no link shows: ``<!-- id: x; doi: 10.1/y -->``
ID_COMMENT = re.compile(r"^\s*id\s*:\s*([A-Za-z0-9][A-Za-z0-9_.:\-]*)\s*((?:;\s*[a-z0-9]+\s*:\s*[^;\s]+\s*)*)$")
ID_PART = re.compile(r";\s*(arxiv|doi|openreview|dblp|s2|pmid)\s*:\s*([^;\s]+)")
LI_RE = re.compile(r"<(?:li|tr)\b[^>]*>", re.I)  # an entry of an HTML list or table
SEPARATORS = re.compile(r"\s*(?:[;\u00b7|]|\s[\u2014\u2013-]\s)\s*")


# remembered for the last texts: the same author lists and venue tags come back down a list
_find_venue_in = lru_cache(maxsize=256)(_find_venue_anywhere)


def find_venue_in(text: str) -> tuple[str, int | None] | None:
    """:func:`papershelf.venues.find_venue_in` on at most 2 × 300 characters (the end of a long text,
    then its start): a venue stands near one end of an entry, and the search is quadratic in the
    length of the text."""
    if len(text) <= 300:
        return _find_venue_in(text)
    return _find_venue_in(text[-300:]) or _find_venue_in(text[:300])


_VENUE_YEAR = re.compile(r"(?P<name>[A-Za-z][A-Za-z&.\-]*(?:\s+[A-Za-z][A-Za-z&.\-]*){0,3}?)\s*['\u2019]?\s*"
                         r"(?P<year>(?:19|20)\d{2}|\d{2})\s*['\u2019]?")
_QUALIFIED = re.compile(r"(?i)^findings\s+of\s+(?P<base>.+)$")
PREPRINT_WORDS = {"preprint", "arxiv", "corr", "tech report", "technical report"}


def venue_year(text: str, aliases: dict[str, str] | None = None) -> tuple[str | None, int] | None:
    """A venue tag with a year: ``CVPR 2023``, ``ICLR'24``, ``ECCV 24'``, ``CVPR2021``, ``TMLR 2024``,
    ``NeurIPS Workshop 2023``, ``Findings of ACL 2023`` → (venue, year). Names outside the vocabulary
    count when they look like an acronym (two capitals or more: CoRL, ICRA, COLM); a preprint gives
    no venue. None when the text is not such a tag."""
    m = _VENUE_YEAR.fullmatch(" ".join(text.split()).strip(" []()*_:,"))
    if m is None:
        return None
    name, year = m.group("name").strip(" .-"), int(m.group("year"))
    year = year if year > 99 else 2000 + year
    if name.lower() in PREPRINT_WORDS:
        return None, year
    qualified = _QUALIFIED.match(name)
    if qualified:
        name = f"{qualified.group('base')} Findings"
    base = re.sub(r"(?i)\s*(workshops?|findings)$", "", name)
    acronym = re.sub(r"^(?:IEEE|ACM)\s+", "", base)
    capitals = sum(c.isupper() for c in acronym)
    if known_venue(base) is None and not (acronym.isalpha() and capitals >= 2 and capitals * 2 >= len(acronym)):
        return None
    return canonical_venue(name, aliases), year


def normalise_emoji(text: str) -> str:
    """Unicode emoji the legends use (🌟 ⭐ ✔️ ✅ …) written as their :shortcode:."""
    return EMOJI_RE.sub(lambda m: f":{_EMOJI[m.group(1)]}:", text)


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
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # https://[oops
        return "paper"
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


def mark_meaning(text: str) -> str | None:
    """What a legend line's words say a mark means: top, second, read, reading or None."""
    for meaning, pattern in _MEANINGS:
        if pattern.search(text):
            return meaning
    return None


