"""Property tests: no Markdown, however odd, crashes the importer, and every paper it produces
validates again from its own YAML form."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from md_support import TOPICS

from papershelf.config import ShelfConfig
from papershelf.importers.build import PaperBuilder
from papershelf.importers.markdown import read_markdown
from papershelf.model import Paper

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
        assert finding.line is None or 1 <= finding.line <= text.count("\n") + 2
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
