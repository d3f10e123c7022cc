"""Property tests: no Markdown, however odd, crashes the importer, and every paper it produces
validates again from its own YAML form."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from md_support import TOPICS

from papershelf.config import ShelfConfig
from papershelf.identifiers import ids_from_url
from papershelf.importers.build import PaperBuilder
from papershelf.importers.markdown import read_markdown
from papershelf.model import Paper, normalise_title

CONFIG = ShelfConfig(topics=TOPICS)

# Pieces of the syntax the importer cares about, so random documents hit its branches often.
FRAGMENTS = st.sampled_from([
    "<ul>", "</ul>", "<li>", "</li>", "<a href=\"", "\">", "</a>", "[paper]", "[code]", "<strong>", "</strong>",
    "**", "- ", "1. ", "* ", "  - ", "\n", "\n\n", "### ", "## ", "# ", "| ", " | ", "|---|---|\n", "[", "](",
    ")", "https://arxiv.org/abs/2101.00001", "hhttps://x.org/a b", "https://\ngithub.com/x", ":star:",
    ":star2:", ":heavy_check_mark:", "Top: :star2:\n", "CVPR 2021", "2020", "[WACV2021]", "(CSUR 2020)",
    "Hinton, G., & Dean, J. (2015). In: ICLRW.", "<!-- id: x -->", "<!-- id: bad id -->", "`code`", "&amp;",
    "[[code]][r]\n\n[r]: https://github.com/x", "A Title Of Some Paper", " · ", "*NeurIPS 2019*", "\u00a0",
    "🌟", "✅", "<code>", "</code>", "<br>", "<h3>ICML 2020</h3>", "javascript:alert(1)", "#anchor", "'", '"',
])

documents = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=60).map("".join),
)


def read(text: str):
    return read_markdown(Path("fuzz.md"), text, PaperBuilder(CONFIG))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_arbitrary_markdown_never_crashes_and_papers_validate(text):
    result = read(text)
    ids = [p.id for p in result.papers]
    assert len(ids) == len(set(ids))
    for paper in result.papers:
        again = Paper.model_validate(paper.to_dict())
        assert again == paper
        assert all(url is None or url.startswith(("http://", "https://")) for url in paper.links.values())
    for finding in result.findings:
        assert finding.severity in ("error", "warning", "info")
        # line numbers count \r\n, \r and \n as line ends, as editors do
        lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n")
        assert finding.line is None or 1 <= finding.line <= lines + 2
        assert finding.paper is None or finding.paper in ids or finding.code == "IMP002"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=3, max_size=40)
                .filter(lambda t: any(c.isalnum() for c in t)), min_size=1, max_size=8))
def test_every_html_list_item_becomes_a_paper_or_a_finding(titles):
    from html import escape

    items = "".join(f"<li>{escape(t)}<a href=\"https://example.org/{n}.pdf\">[paper]</a>\n"
                    for n, t in enumerate(titles))
    result = read(f"<ul>\n{items}</ul>\n")
    # nothing dropped silently: each item is a paper, merged into one (IMP130), or skipped with a finding
    accounted = len(result.papers) + sum(f.code in ("IMP130", "IMP120", "IMP121", "IMP002") for f in result.findings)
    assert accounted >= len(titles)


# -- export readme → import: the same papers, for shelves hypothesis makes up --------------------

WORD = st.from_regex(r"[A-Z][a-z]{2,9}|[a-z]{3,9}|[A-Z]{2,5}[a-z]?|\d{1,3}", fullmatch=True)
TITLE = st.lists(WORD, min_size=3, max_size=9).map(" ".join).flatmap(
    lambda t: st.sampled_from([t, t.replace(" ", ": ", 1), t + "?", t.replace(" ", "-", 1)]))
NAME = st.builds(lambda a, b: f"{a} {b}", st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True),
                 st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True))
URL = st.one_of(st.from_regex(r"https://arxiv\.org/abs/2[0-4]0[1-9]\.0[0-9]{4}", fullmatch=True),
                st.from_regex(r"https://github\.com/[a-z]{3,8}/[a-z]{3,8}", fullmatch=True),
                st.from_regex(r"https://example\.org/[a-z]{1,8}\.pdf", fullmatch=True))
PAPER = st.fixed_dictionaries({
    "title": TITLE,
    "authors": st.lists(NAME, max_size=3, unique=True),
    "year": st.one_of(st.none(), st.integers(2000, 2024)),
    "venue": st.sampled_from([None, "CVPR", "NeurIPS", "ICLR Workshop", "ACM TIST", "Nature Machine Intelligence"]),
    "topics": st.lists(st.sampled_from(["knowledge-distillation", "federated-learning"]), max_size=2, unique=True),
    "sections": st.lists(st.sampled_from(["kd", "kd/response-based"]), max_size=1),
    "links": st.dictionaries(st.sampled_from(["paper", "code", "supp", "video", "other"]),
                             st.one_of(st.none(), URL), max_size=3),
    "priority": st.sampled_from([None, "top", "second"]),
    "status": st.sampled_from(["unread", "reading", "read"]),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(PAPER, min_size=1, max_size=6, unique_by=lambda p: normalise_title(p["title"])))
def test_readme_round_trip_for_made_up_shelves(papers):
    from types import SimpleNamespace

    from papershelf.config import TaxonomyNode
    from papershelf.export.readme import LINK_ORDER, render_readme
    from papershelf.model import base_id, unique_id

    config = ShelfConfig(title="Made up", topics=TOPICS, taxonomy=[
        TaxonomyNode(path="kd", name="KD taxonomy"), TaxonomyNode(path="kd/response-based", name="Response-based")])
    made: list[Paper] = []
    seen_ids: set[str] = set()
    for p in papers:
        urls = [p["links"][k] for k in LINK_ORDER if p["links"].get(k)]
        ids = {}  # what a shelf built by an importer holds: the identifiers its links reveal
        for u in urls:
            for kind, value in ids_from_url(u).items():
                ids.setdefault(kind, value)
        if len(urls) != len(set(urls)) or seen_ids & set(ids.values()):
            continue  # two papers sharing an identifier would be one paper to the importer
        seen_ids |= set(ids.values())
        pid = unique_id(base_id(p["title"], p["authors"], p["year"]), {m.id for m in made})
        made.append(Paper.model_validate({**p, "id": pid, "ids": ids}))
    text = render_readme(SimpleNamespace(config=config), made)
    back = {p.id: p for p in read_markdown(Path("README.md"), text, PaperBuilder(config)).papers}
    assert len(back) == len(made)
    fields = ("title", "authors", "year", "venue", "topics", "sections", "links", "ids", "priority", "status")
    for m in made:
        got = back[m.id]
        for f in fields:
            a, b = getattr(m, f), getattr(got, f)
            if f in ("topics", "sections"):
                a, b = sorted(a), sorted(b)
            assert a == b, (f, m.id, text)


def test_pathologically_nested_markup_does_not_crash():
    deep_html = "<ul><li>" + "<b>" * 5000 + "Title here" + "</b>" * 5000 + "</ul>"
    for doc in (deep_html, "- " + "[" * 3000 + "x", "> " * 1000 + "- item", "  - " * 500 + "[Paper Title](https://x.org/p)"):
        read(doc)  # no RecursionError, whatever the result


@pytest.mark.timeout(60)  # a hang guard: catastrophic regex backtracking would not end; speed is benchmarked
def test_long_entries_are_read_whole():
    result = read("- **T** " + "Aaaa " * 3000 + "\n- Title. " + "Aaa " * 3000 + "et al.\n## " + "Aaa " * 5000 + "\n")
    assert [(p.title, p.authors) for p in result.papers] == [("T", []), ("Title. " + "Aaa " * 3000 + "et al", [])]
    assert [(f.code, f.line) for f in result.findings if f.line in (1, 2)] == [("IMP190", 1), ("IMP190", 2)]
    long_authors = ", ".join(f"Author{chr(65 + i % 26)} Name{chr(65 + i // 26)}" for i in range(40))
    (paper,) = read(f"- [A Long Author List Paper](https://x.org/p), {long_authors}, CVPR 2021\n").papers
    assert (paper.venue, paper.year, len(paper.authors)) == ("CVPR", 2021, 40)


ENTRY_SHAPES = st.sampled_from([
    "- [{t}]({u})", "1. {t}. A. Author, B. Writer. CVPR 2021 [[code]]({u})", "- **{t}** [pdf]({u})",
    "* {t} [paper]({u}) :star:", "<li>{t}<a href=\"{u}\">[paper]</a>", "| [**{t}**]({u}) | ICLR | 2020 |",
])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(ENTRY_SHAPES, TITLE), min_size=1, max_size=12))
def test_every_entry_of_any_shape_is_a_paper_or_a_finding(entries):
    lines, blocks = [], []
    for n, (shape, title) in enumerate(entries):
        line = shape.format(t=title, u=f"https://example.org/{n}.pdf")
        kind = "table" if line.startswith("|") else "html" if line.startswith("<li>") else "md"
        prev = blocks[-1] if blocks else None
        if prev == "html" and kind != "html":
            lines += ["</ul>", ""]
        if prev == "table" and kind != "table":
            lines.append("")
        if kind == "table" and prev != "table":
            lines += ["", "| Title | Venue | Year |", "| --- | --- | --- |"]
        if kind == "html" and prev != "html":
            lines += ["", "<ul>"]
        lines.append(line)
        blocks.append(kind)
    result = read("\n".join(lines) + "\n")
    accounted = len(result.papers) + sum(f.code in ("IMP130", "IMP120", "IMP121", "IMP002") for f in result.findings)
    assert accounted == len(entries)


def test_old_mac_line_ends_give_editor_line_numbers():
    """Found by the property test: a list with CR-only line ends is numbered as an editor shows it."""
    result = read("\r\r<LI>0")
    assert [(f.code, f.line) for f in result.findings if f.code == "IMP190"] == [("IMP190", 3)]
