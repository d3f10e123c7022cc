"""PS250 (online): the paper link resolves to a paper with another title.

Owned by the enrich package (``papershelf.enrich.mismatch``); it runs only with ``lint --online``
and reuses enrich's response cache, so a shelf enriched once is checked without new requests.
"""

from __future__ import annotations

from ..core import Report, rule


@rule("PS250", "paper-link-title-mismatch", severity="warning", scope="shelf", online=True,
      summary="the paper link leads to a paper with a different title")
def paper_link_title_mismatch(ctx):
    """A hand-typed list often points a paper's link at the wrong arXiv id or DOI (a copy-paste
    from the line above). The link's identifier is looked up at its source (arXiv, Crossref or
    Semantic Scholar, OpenReview) and its title compared with the shelf's, ignoring case,
    punctuation and truncation. Fix the link (or the title) by hand: which one is wrong needs a
    person."""
    from ...enrich.mismatch import find_title_mismatches

    report = find_title_mismatches(ctx.shelf, ctx.papers)
    for m in report.mismatches:
        yield Report(f"links.paper {m.link} is {m.found_title!r} according to {m.source_label}, "
                     f"not {m.shelf_title!r}", field="links.paper", paper=m.paper_id)
    if report.warnings:
        yield Report(f"{len(report.unresolved)} of {report.checked} paper links could not be checked: "
                     + "; ".join(report.warnings), file=ctx.shelf.config_path, line=None)
