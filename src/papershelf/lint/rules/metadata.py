"""PS3xx: venue, year, authors, title and names that do not fit the shelf."""

from __future__ import annotations

import re

from ...findings import Fix
from ...identifiers import arxiv_from_url, normalise_arxiv
from ...venues import canonical_venue, lookup
from ..core import Report, rule

# Published papers: how far the year may lie from the year of the arXiv id.
YEARS_BEFORE_ARXIV = 1   # posted to arXiv up to a year after publication is common
YEARS_AFTER_ARXIV = 3    # published more than 3 years after the preprint is rare


def arxiv_year(arxiv_id: str) -> int | None:
    """The year an arXiv id was issued: ``1503.02531`` → 2015, ``cs/9901001`` → 1999."""
    m = re.match(r"^(\d{2})(\d{2})\.\d{4,5}$", arxiv_id) or re.match(r"^[a-z\-]+(?:\.[A-Z]{2})?/(\d{2})(\d{2})\d{3}$",
                                                                     arxiv_id)
    if not m:
        return None
    yy = int(m.group(1))
    return 1900 + yy if yy >= 91 else 2000 + yy


def paper_arxiv(paper) -> str | None:
    value = paper.ids.get("arxiv")
    if value:
        return normalise_arxiv(value)
    return arxiv_from_url(paper.links.get("paper") or "")


@rule("PS301", "non-canonical-venue", severity="warning", fixable=True,
      summary="the venue is an alias (NIPS) rather than its canonical short name (NeurIPS)")
def non_canonical_venue(paper, ctx):
    """One name per venue keeps the venue × year table, filters and statistics correct. The
    canonical names are papershelf's built-in list plus the shelf's ``[venues.aliases]``."""
    if not paper.venue:
        return
    canonical = canonical_venue(paper.venue, ctx.config.venue_aliases)
    if canonical and canonical != paper.venue:
        def apply(data: dict) -> None:
            if isinstance(data.get("venue"), str):
                data["venue"] = canonical_venue(data["venue"], ctx.config.venue_aliases)
        yield Report(f"venue {paper.venue!r} should be written {canonical!r}", field="venue",
                     fix=Fix(f"venue: {paper.venue!r} → {canonical!r}", apply))


@rule("PS302", "year-outside-venue", severity="error",
      summary="the year is before the venue's first edition")
def year_outside_venue(paper, ctx):
    """A paper cannot appear at a venue before the venue existed (ICLR 2012, TMLR 2020): the
    year or the venue is wrong."""
    if not paper.venue or paper.year is None:
        return
    canonical = canonical_venue(paper.venue, ctx.config.venue_aliases) or ""
    record = lookup(canonical.removesuffix(" Workshop"))
    if record and paper.year < record.first_year:
        yield Report(f"year {paper.year} is before the first {record.name} ({record.first_year})", field="year")


@rule("PS303", "year-vs-arxiv", severity="warning",
      summary="the year does not fit the paper's arXiv id")
def year_vs_arxiv(paper, ctx):
    """An arXiv id encodes when the preprint appeared (``2103.…`` = March 2021). A preprint's
    year is that year; a published paper's year is rarely more than one year before it (it was
    posted later) or more than three years after it. Otherwise the year or the id is wrong."""
    arxiv = paper_arxiv(paper)
    if paper.year is None or not arxiv:
        return
    issued = arxiv_year(arxiv)
    if issued is None:
        return
    venue = canonical_venue(paper.venue, ctx.config.venue_aliases) if paper.venue else None
    record = lookup(venue) if venue else None
    if record is not None and record.kind == "preprint":
        if paper.year != issued:
            yield Report(f"year {paper.year}: an arXiv preprint's year is that of its id {arxiv} ({issued})",
                         field="year")
    elif paper.year < issued - YEARS_BEFORE_ARXIV:
        yield Report(f"year {paper.year} is {issued - paper.year} years before its arXiv id {arxiv} was issued "
                     f"({issued})", field="year")
    elif paper.year > issued + YEARS_AFTER_ARXIV:
        yield Report(f"year {paper.year} is {paper.year - issued} years after its arXiv id {arxiv} ({issued}); "
                     "check the year", field="year")


@rule("PS304", "missing-authors", severity="warning",
      summary="the paper has no authors")
def missing_authors(paper, ctx):
    """Authors are how people recognise and cite a paper; `papershelf enrich` can fill them in
    from the paper's arXiv id or DOI."""
    if not [a for a in paper.authors if a.strip()]:
        yield Report("no authors", field="authors" if paper.authors else "title")


_DANGLING = {"a", "an", "the", "and", "or", "of", "for", "to", "in", "on", "with", "via", "by", "from", "at",
             "towards", "toward", "into", "using", "through"}


@rule("PS305", "truncated-title", severity="warning",
      summary="the title looks cut off (ends in …, a colon, a hyphen or a dangling word; unbalanced brackets)")
def truncated_title(paper, ctx):
    """Titles copied from tables and tweets are often cut off; a truncated title defeats
    search, deduplication and the link checker's title comparison."""
    title = paper.title.strip()
    words = re.findall(r"[A-Za-z]+", title.lower())
    reason = None
    if title.endswith(("...", "…")):
        reason = "ends with an ellipsis"
    elif title.endswith((":", "-", "–", "—", ",", ";", "(", "&", "/")):
        reason = f"ends with {title[-1]!r}"
    elif words and words[-1] in _DANGLING and not title.endswith(("?", "!", ".", ")")):
        reason = f"ends with {words[-1]!r}"
    else:
        for open_, close in ("()", "[]", "{}"):
            if title.count(open_) != title.count(close):
                reason = f"has unbalanced {open_}{close}"
                break
    if reason:
        yield Report(f"title looks truncated: it {reason}", field="title")


_MARKUP = (
    (re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>"), "an HTML tag"),
    (re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);"), "an HTML entity"),
    (re.compile(r"\*\*|__|(?<!\w)\*\w|\w\*(?!\w)|`"), "Markdown emphasis or code"),
    (re.compile(r"\[[^\]]*\]\([^)]*\)"), "a Markdown link"),
    (re.compile(r"\\[A-Za-z]+\{|\\[&%$#_]"), "a LaTeX command"),
    (re.compile(r":[a-z0-9_+\-]+:"), "an emoji shortcode"),
    (re.compile(r"https?://", re.I), "a URL"),
)


@rule("PS306", "title-markup", severity="warning",
      summary="the title holds stray markup (HTML, Markdown, LaTeX, emoji shortcodes, a URL)")
def title_markup(paper, ctx):
    """Markup in a title comes from copying rendered or source text; it shows up literally on
    the site and in BibTeX and defeats duplicate detection."""
    for pattern, what in _MARKUP:
        m = pattern.search(paper.title)
        if m:
            yield Report(f"title contains {what}: {m.group(0)!r}", field="title")
            return


def _tidy(text: str) -> str:
    return " ".join(text.split())


@rule("PS307", "whitespace", severity="warning", fixable=True,
      summary="title, authors or venue have leading, trailing, repeated or line-break whitespace")
def whitespace(paper, ctx):
    """Stray whitespace makes equal values differ (venue 'CVPR ' is not 'CVPR') and shows up
    in rendered pages. The fix collapses it."""
    fields = []
    if _tidy(paper.title) != paper.title:
        fields.append("title")
    if any(_tidy(a) != a for a in paper.authors):
        fields.append("authors")
    if paper.venue is not None and _tidy(paper.venue) != paper.venue:
        fields.append("venue")
    if not fields:
        return

    def apply(data: dict) -> None:
        for key in ("title", "venue"):
            if isinstance(data.get(key), str) and data[key].strip():
                data[key] = _tidy(data[key])
        if isinstance(data.get("authors"), list):
            data["authors"] = [_tidy(a) if isinstance(a, str) else a for a in data["authors"]]
    yield Report(f"stray whitespace in {', '.join(fields)}", field=fields[0],
                 fix=Fix(f"{', '.join(fields)}: whitespace collapsed", apply))


def _suggest(name: str, known: list[str]) -> str:
    if not known:
        return ""
    from rapidfuzz import process

    best = process.extractOne(name, known, score_cutoff=75)
    return f" (did you mean {best[0]!r}?)" if best else ""


def _known(ctx, key: str) -> list[str]:
    if key not in ctx.memo:
        config = ctx.config
        ctx.memo[key] = {"topics": [t.id for t in config.topics], "sections": [n.path for n in config.taxonomy],
                         "tags": list(config.tags)}[key]
    return ctx.memo[key]


DECLARE = {"topics": "[[topics]]", "sections": "[[taxonomy]]", "tags": "[tags]"}


def undeclared(key: str, name: str, known: list[str]) -> str:
    """What is said of a name in ``key`` (topics, sections, tags) that shelf.toml does not declare
    (``known`` are those it does): by these rules, and by ``papershelf.app.papers.undeclared_tags``."""
    return (f"{key[:-1]} {name!r} is not declared in shelf.toml{_suggest(name, known)}; "
            f"declare it under {DECLARE[key]} or correct the name")


def _unknown(paper, ctx, key: str):
    known = _known(ctx, key)
    known_set = ctx.memo.setdefault(key + "-set", set(known))
    for name in getattr(paper, key):
        if name not in known_set:
            yield Report(undeclared(key, name, known), field=key)


@rule("PS308", "unknown-topic", severity="error",
      summary="a topic is not declared in shelf.toml [[topics]]")
def unknown_topic(paper, ctx):
    """Topics become the site's top-level collections; an undeclared one (often a typo) gets no
    name, no description and no page, and splits a collection in two."""
    yield from _unknown(paper, ctx, "topics")


@rule("PS309", "unknown-section", severity="error",
      summary="a section is not a path of the shelf.toml [[taxonomy]]")
def unknown_section(paper, ctx):
    """Sections place a paper in the list's headings and taxonomy tree; an undeclared path (often
    a typo) puts the paper under a heading nobody sees."""
    yield from _unknown(paper, ctx, "sections")


@rule("PS310", "unknown-tag", severity="warning",
      summary="a tag is not declared in shelf.toml [tags]")
def unknown_tag(paper, ctx):
    """Declared tags carry a description and keep spellings consistent (survey / surveys)."""
    yield from _unknown(paper, ctx, "tags")
