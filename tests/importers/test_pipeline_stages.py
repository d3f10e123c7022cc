"""Each stage of the Markdown pipeline alone, on small hand-written inputs:
source -> blocks -> candidates -> entries -> papers (collect)."""

from __future__ import annotations

from pathlib import Path

from papershelf.config import ShelfConfig
from papershelf.importers.base import Finding
from papershelf.importers.markdown.blocks import HeadingBlock, HtmlBlock, Item, Paragraph, TableBlock, blocks
from papershelf.importers.markdown.candidates import Candidate, Group, HtmlList, Marks, Pending, candidates
from papershelf.importers.markdown.collect import Store, finished, settle, without_code
from papershelf.importers.markdown.context import Context, context_of, heading_of
from papershelf.importers.markdown.entries import Entry, Heading, Link, Piece
from papershelf.importers.markdown.one_entry import NotEntry, entry_from
from papershelf.importers.markdown.report import Report
from papershelf.importers.markdown.source import legend_of, read_source, title_line_of
from papershelf.importers.markdown.stream import Marked, SectionName, Skipped, Toc, entries
from papershelf.importers.paperlist import PaperList
from papershelf.model import Paper


def text_of(pieces: list[Piece]) -> str:
    return "".join(p.text for p in pieces)


# -- source -------------------------------------------------------------------------------------


def test_source_normalises_line_ends_and_emoji_and_finds_the_legend_and_title():
    src = read_source("# My List\r\nTop: \u2b50\rRead: \u2705\n## Papers\n- x")
    assert list(src.lines) == ["# My List", "Top: :star:", "Read: :white_check_mark:", "## Papers", "- x"]
    assert src.legend == {"star": "top", "white_check_mark": "read"} and src.legend_lines == {2, 3}
    assert src.title_line == 1


def test_a_mark_alone_on_its_line_takes_its_meaning_from_the_line_above():
    assert legend_of(["Reading Completion:", ":heavy_check_mark:"]) == ({"heavy_check_mark": "read"}, {2})


def test_marks_inside_a_fence_or_beside_a_link_are_no_legend():
    assert legend_of(["```", "Top: :star:", "```", "- [T](https://x.org) :star:"]) == ({}, set())


def test_the_title_is_a_single_first_level_heading_that_comes_first():
    assert title_line_of(["## A", "# B"]) is None
    assert title_line_of(["# A", "text", "# B"]) is None
    assert title_line_of(["intro", "# A", "## B"]) == 2


def test_a_huge_line_of_markup_is_left_out_with_a_finding():
    src = read_source("- ok\n" + "[" * 30_000)
    assert list(src.lines) == ["- ok", ""] and [f.code for f in src.findings] == ["IMP001"]


# -- blocks -------------------------------------------------------------------------------------


def test_blocks_in_order_with_lines_and_inline_pieces():
    src = read_source("## CVPR 2021\n\n- [A](https://a.org)\n  - sub\n- B\n\n| Title | Venue |\n|---|---|\n"
                      "| T | ICML 2020 |\n\n<ul><li>H</li></ul>\n\nSome **text**\n")
    got = list(blocks(src))
    kinds = [type(b).__name__ for b in got]
    assert kinds == ["HeadingBlock", "Item", "Item", "ListEnd", "TableBlock", "ListEnd", "HtmlBlock", "Paragraph"]
    heading, first, second, _, table, _, html, para = got
    assert isinstance(heading, HeadingBlock) and (heading.text, heading.line) == ("CVPR 2021", 1)
    assert isinstance(first, Item) and first.line == 3 and [c.line for c in first.children] == [4]
    assert first.pieces[0].href == "https://a.org" and isinstance(second, Item) and second.line == 5
    assert isinstance(table, TableBlock) and table.header == ["Title", "Venue"]
    assert [(line, cells) for line, cells, _ in table.rows] == [(9, ["T", "ICML 2020"])]
    assert isinstance(html, HtmlBlock) and html.line == 11 and html.has_items
    assert isinstance(para, Paragraph) and para.line == 13 and [p.bold for p in para.pieces if p.text] == [False, True]


def test_a_list_longer_than_a_window_is_read_item_by_item_as_one_list():
    text = "".join(f"- Title {n}\n  continued {n}\n" for n in range(50)) + "\nAfter\n"
    whole = list(blocks(read_source(text)))
    windows = list(blocks(read_source(text), window=7))  # cut inside the list, between items
    assert [type(b).__name__ for b in windows] == ["Item"] * 50 + ["ListEnd", "Paragraph"]
    assert [(b.line, text_of(b.pieces)) for b in windows if isinstance(b, Item)] == \
        [(b.line, text_of(b.pieces)) for b in whole if isinstance(b, Item)]
    assert text_of(windows[0].pieces) == "Title 0 continued 0"


def test_a_block_larger_than_the_window_is_read_whole():
    got = list(blocks(read_source("```\n" + "code\n" * 9 + "```\n- [T](https://x.org)\n"), window=2))
    assert [type(b).__name__ for b in got] == ["Item", "ListEnd"] and got[0].line == 12


def test_a_reference_defined_after_its_use_in_a_later_window_resolves():
    text = "- [Title][t]\n" + "".join(f"- x{n}\n" for n in range(10)) + "\n[t]: https://x.org/t\n"
    first = next(iter(blocks(read_source(text), window=3)))
    assert isinstance(first, Item) and first.pieces[0].href == "https://x.org/t"


# -- candidates ---------------------------------------------------------------------------------


def cands(text: str) -> list:
    src = read_source(text)
    return list(candidates(blocks(src), src.legend_lines))


def test_detail_sub_bullets_fold_into_their_entry_and_entries_below_stay_apart():
    got = cands("- [Title](https://x.org)\n  - Authors: A. B, C. D\n  - [Graph Networks](https://y.org)\n")
    assert [type(e).__name__ for e in got] == ["Candidate", "Candidate", "Pending"]
    assert any(p.kind == "authors" and "A. B" in p.text for p in got[0].pieces)
    assert text_of(got[1].pieces) == "Graph Networks"


def test_an_item_naming_the_list_below_is_a_group():
    got = cands("- Vision\n  - [A](https://a.org)\n")
    assert isinstance(got[0], Group) and (got[0].parts, got[0].name) == (["vision"], "Vision")
    assert isinstance(got[1], Candidate) and got[1].path == ["vision"]


def test_table_rows_put_the_title_cell_first_and_the_venue_aside():
    got = cands("| Venue | Title | Code |\n|---|---|---|\n| CVPR 2021 | [T](https://x.org) | [c](https://github.com/a/b) |\n")
    row = got[0]
    assert isinstance(row, Candidate) and row.columns == {"venue": "CVPR 2021"} and row.pieces[0].text == "T"


def test_a_bold_venue_line_labels_the_next_list_and_prose_links_are_reported():
    got = cands("**CVPR 2021**\n\nSee [this](https://arxiv.org/abs/2101.00001) for more.\n")
    assert isinstance(got[0], Pending) and got[0].heading.venue == "CVPR" and got[0].heading.year == 2021
    assert isinstance(got[1], Pending) and got[1].heading is None
    assert isinstance(got[2], Finding) and got[2].code == "IMP122"


def test_html_lists_give_open_close_items_and_marks_between():
    got = cands("<ul>\n<li>A <a href=\"https://a.org\">[paper]</a></li>\n:star:\n<li>B</li>\n</ul>\n")
    assert [type(e).__name__ for e in got] == ["HtmlList", "Candidate", "Marks", "Candidate", "HtmlList"]
    assert got[0] == HtmlList(True) and got[2] == Marks(["star"], 3)


# -- context ------------------------------------------------------------------------------------


def test_headings_mean_venue_topic_or_section_and_give_their_context():
    config = ShelfConfig()
    venue, _ = heading_of(2, "CVPR 2021", [], 3, config, [], None, ())
    section, _ = heading_of(3, "Graph Attacks", [], 5, config, [venue], None, ())
    code, _ = heading_of(3, "Implementations", [], 9, config, [venue], None, ())
    assert (venue.kind, venue.venue, venue.year) == ("venue", "CVPR", 2021)
    assert (section.kind, section.value) == ("section", "graph-attacks")
    assert code.skip == "code"
    assert context_of([venue, section]) == Context(None, ("graph-attacks",), "CVPR", 2021)
    assert context_of([venue], Heading(99, "venue", venue="ICLR", year=2020)) == Context(None, (), "ICLR", 2020)


def test_a_venue_heading_linking_to_another_venues_site_is_reported():
    _, found = heading_of(2, "CVPR 2021", ["https://www.ijcai.org/2021"], 4, ShelfConfig(), [], None, ())
    assert [f.code for f in found] == ["IMP150"]


# -- one entry ----------------------------------------------------------------------------------


def test_an_entry_takes_its_fields_and_its_headings_context():
    pieces = [Piece("link", "Deep Nets", href="https://arxiv.org/abs/2101.00001"), Piece("text", ", J. Doe, B. Roe :star:")]
    e = entry_from(pieces, 7, ["sub"], Context("kd", ("base",), "ICML", 2020), {})
    assert isinstance(e, Entry)
    assert (e.title, e.authors, e.venue, e.year, e.topics, e.sections) == \
        ("Deep Nets", ["J. Doe", "B. Roe"], "ICML", 2020, ["kd"], ["base/sub"])
    assert e.links[0].ids == {"arxiv": "2101.00001"} and e.marks == [("star", 7)]


def test_a_venue_tag_before_a_plain_title_is_not_the_title():
    pieces = [Piece("text", "[CVPR 2019]", bold=True), Piece("text", " Plain Title Here ")]
    e = entry_from(pieces, 1, [], Context(), {})
    assert isinstance(e, Entry) and (e.title, e.venue, e.year) == ("Plain Title Here", "CVPR", 2019)


def test_what_is_no_entry_says_why():
    toc = entry_from([Piece("link", "Intro", href="#intro")], 1, [], Context(), {})
    marks = entry_from([Piece("text", ":star:")], 2, [], Context(), {})
    untitled = entry_from([Piece("link", "[pdf]", href="https://x.org/p.pdf")], 3, [], Context(), {})
    assert toc == NotEntry(toc=True) and marks == NotEntry(marks=["star"])
    assert isinstance(untitled, NotEntry) and untitled.finding.code == "IMP120" and untitled.untitled == ["https://x.org/p.pdf"]


# -- entries (the stream) -----------------------------------------------------------------------


def stream(text: str, include: tuple[str, ...] = ()) -> list:
    src = read_source(text)
    return list(entries(candidates(blocks(src), src.legend_lines), src, ShelfConfig(), include))


def test_marks_between_html_items_go_to_the_entry_before_it_is_handed_on():
    got = stream("<ul>\n<li>First Title <a href=\"https://a.org\">[paper]</a></li>\n:star:\n"
                 "<li>Second Title <a href=\"https://b.org\">[paper]</a></li>\n</ul>\n")
    first = next(e for e in got if isinstance(e, Entry))
    assert first.title == "First Title" and first.marks == [("star", 3)]
    assert [f.code for f in first.findings] == ["IMP140"] and Marked(["star"]) in got


def test_a_section_of_non_papers_is_skipped_and_a_toc_is_noted():
    got = stream("- [Intro](#intro)\n\n## Tools\n\n- [Tool One](https://t.org)\n\n## Papers\n\n- [P One](https://p.org)\n")
    assert Toc(1) in got
    assert [(s.heading.text, s.line) for s in got if isinstance(s, Skipped)] == [("Tools", 5)]
    assert [e.title for e in got if isinstance(e, Entry)] == ["P One"]
    assert SectionName("papers", "Papers") in got


def test_include_section_keeps_a_skipped_section():
    got = stream("## Tools\n\n- [Tool One](https://t.org)\n", include=("tools",))
    assert [(e.title, e.block) for e in got if isinstance(e, Entry)] == [("Tool One", -1)]


# -- papers (collect) ---------------------------------------------------------------------------


def entry(line: int, title: str, url: str, block: int = 0, label: str = "title link") -> Entry:
    return Entry(line=line, title=title, links=[Link("paper", url, label, line)], merged_lines=[line], block=block)


def test_a_packed_entry_comes_back_equal():
    store = Store()
    e = entry(3, "T", "https://arxiv.org/abs/2101.00001")
    e.marks.append(("star", 3))
    e.note("IMP106", 3, "x")
    i = store.add(e)
    assert store.get(i) == e and store.take(i) == e and not store.findings
    others = [entry(n, f"T{n}", f"https://x.org/{n}") for n in range(1, 150)]
    assert [store.add(o) for o in others] == list(range(1, 150))  # more than a block
    changed = store.get(70)
    changed.year = 2020
    store.put(70, changed)
    assert store.get(70) == changed and store.years[70] == 2020 and store.get(69) == others[68]
    assert [store.take(n) for n in range(1, 150)] == [*others[:69], changed, *others[70:]] and not store.changed


def test_code_entries_are_held_to_their_sections_end_and_dropped_when_most_are_code():
    code = [entry(n, f"Repo {n}", f"https://github.com/a/r{n}", block=1) for n in (1, 2)]
    paper = entry(3, "A Paper", "https://arxiv.org/abs/2101.00001", block=1)
    after = entry(9, "Next", "https://x.org/n", block=8)
    got = list(without_code(iter([*code, paper, after])))
    assert [type(x).__name__ for x in got] == ["Finding", "Finding", "Entry", "Entry"]
    assert [x.title for x in got if isinstance(x, Entry)] == ["A Paper", "Next"]
    lone = [entry(1, "P", "https://x.org/p", block=1), entry(2, "Q", "https://x.org/q", block=1),
            entry(3, "Tool", "https://github.com/a/t", block=1)]
    assert list(without_code(iter(lone))) == lone


def test_settle_merges_duplicates_and_finished_runs_the_whole_list_checks():
    report = Report()
    items = [entry(1, "Knowledge Distillation Survey", "https://arxiv.org/abs/2101.00001"),
             entry(2, "knowledge distillation survey", "https://x.org/kd"),
             entry(3, "Another Paper", "https://arxiv.org/abs/2101.00001"),
             entry(4, "Knowledge Distillation Surveys", "https://x.org/kds")]
    for e in items:
        e.year = 2021
    store, keys = settle(iter(items), report)
    assert len(store) == 3 and keys[0] == "knowledge distillation survey"
    out = list(finished(store, keys, report, ShelfConfig(), {}))
    assert [e.title for e in out] == ["Knowledge Distillation Survey", "Another Paper", "Knowledge Distillation Surveys"]
    assert out[0].merged_lines == [1, 2] and "IMP130" in [f.code for f in out[0].findings]
    assert [f.code for f in out[1].findings] == ["IMP110"]  # the arXiv id of line 1
    assert [f.code for f in out[2].findings] == ["IMP132"]  # one letter from line 1, same year


def test_paper_list_keeps_papers_compact_and_gives_them_back_equal():
    p = Paper.model_validate({"id": "a2021", "title": "A", "status": "unread", "links": {"code": None}})
    papers = PaperList([p])
    papers.append(p.model_copy(update={"id": "b2021"}))
    assert len(papers) == 2 and papers[0] == p and papers[0].model_fields_set == p.model_fields_set
    assert [q.id for q in papers] == ["a2021", "b2021"] and papers[1:] == [papers[1]]


def test_the_whole_pipeline_on_a_file(tmp_path: Path):
    from papershelf.importers import import_file

    path = tmp_path / "l.md"
    path.write_text("Top: :star:\n\n## ICLR 2020\n\n- [Deep Nets](https://arxiv.org/abs/2001.00001) :star:\n"
                    "- [Deep Nets](https://arxiv.org/abs/2001.00001)\n", encoding="utf-8")
    result = import_file(path, ShelfConfig())
    [paper] = list(result.papers)
    assert (paper.title, paper.venue, paper.year, paper.priority) == ("Deep Nets", "ICLR", 2020, "top")
    assert [f.code for f in result.findings] == ["IMP130"]


def test_raw_html_longer_than_a_window_ends_at_the_next_blank_line():
    text = "<ul>\n" + "".join(f"<li>T{n} <a href=\"https://x.org/{n}\">[paper]</a>\n" for n in range(30)) + \
        "</ul>\n\n<pre>\n" + "x\n" * 12 + "</pre>\n\n- [After](https://y.org)"
    whole = list(blocks(read_source(text)))
    small = list(blocks(read_source(text), window=4))
    assert [type(b).__name__ for b in small] == ["HtmlBlock", "HtmlBlock", "Item", "ListEnd"]
    assert small == whole and small[1].line == 34


def test_a_big_html_list_is_read_in_pieces_with_the_same_events():
    from papershelf.importers.markdown.htmldoc import html_events, pieces

    src = "<details><ol>\n" + "".join(f"  <li>Title {n} <a href=\"https://x.org/{n}\">[paper]</a></li>\n"
                                      for n in range(40)) + "</ol></details>\n<p>After <b>CVPR 2021</b></p>\n"

    def seen(chunk: int) -> list:
        return [(e.kind, e.line, e.level, [(p.kind, p.text, p.href) for p in e.pieces]) for e in
                html_events(src, 5, chunk)]

    assert len(pieces(src, 300)) > 5 and {tags for _, _, tags in pieces(src, 300)[1:]} == {"<ol>"}
    assert seen(300) == seen(1 << 20)
    assert pieces("<ul><li>a\n<!--\n<li>b\n-->\n<li>c</ul>", 1) == [(0, 25, ""), (25, 35, "<ul>")]  # not inside the comment


def test_a_list_dense_in_tags_is_cut_by_its_tags_with_the_same_events():
    from papershelf.importers.markdown.htmldoc import html_events, pieces

    src = "<ul>\n" + "".join(f"<li><b>T{n}</b> <a href=\"https://x.org/{n}\">p</a>\n" for n in range(30)) + "</ul>\n"
    cuts = pieces(src, 1 << 20, chunk_tags=20)  # 5 tags an item: a cut every 4 items
    assert len(cuts) == 8 and pieces(src, 1 << 20) == [(0, len(src), "")]
    assert all(src[start:].startswith("<li>") for start, _, _ in cuts[1:])

    def seen(chunk_tags: int) -> list:
        return [(e.kind, e.line, e.level, [(p.kind, p.text, p.href) for p in e.pieces]) for e in
                html_events(src, 3, 1 << 20, chunk_tags)]

    assert seen(20) == seen(1 << 20)


def test_too_deep_list_tags_are_blanked_in_one_pass():
    import re

    from papershelf.importers.markdown.htmldoc import LIST_TAG, MAX_DEPTH, _cap_depth

    src = "<ul><li>a\n" * (MAX_DEPTH + 6000) + "</ul>x" * 300 + "<ol>\n<li>b</ol>" * 3
    depth = 0

    def blank(m: re.Match) -> str:  # the same rule with re.sub, one string per tag
        nonlocal depth
        depth = max(0, depth - 1) if m.group(1) else depth + 1
        return " " if (depth >= MAX_DEPTH if m.group(1) else depth > MAX_DEPTH) else m.group(0)

    assert _cap_depth(src) == (LIST_TAG.sub(blank, src), MAX_DEPTH + 6000)
    assert _cap_depth("<ul><li>x</ul>") == ("<ul><li>x</ul>", 1)
