"""The HTML stage alone: one parse, one walk, events with their depth and line."""

from __future__ import annotations

from papershelf.importers.markdown.htmldoc import MAX_DEPTH, html_events


def text(event) -> str:
    return " ".join("".join(p.text for p in event.pieces if p.kind in ("text", "link")).split())


def test_headings_lists_and_items_come_in_order_with_their_lines():
    events = list(html_events("""\
<h2>Vision</h2>
<strong>CVPR 2021</strong>
<ul>
<li>First Title <a href="https://example.org/1.pdf">[paper]</a>
<li>Second Title
wrapped <a href="https://example.org/2.pdf">[paper]</a></li>
</ul>
<li>Third</li>
""", 10))
    got = [(e.kind, e.line, e.level, text(e)) for e in events]
    assert got == [
        ("heading", 10, 2, "Vision"),
        ("between", 11, 0, "CVPR 2021"),
        ("open", 12, 0, ""),
        ("item", 13, 1, "First Title [paper]"),
        ("item", 14, 1, "Second Title wrapped [paper]"),
        ("close", 16, 0, ""),
        ("item", 17, 0, "Third"),
    ]


def test_an_item_holding_a_list_is_marked_nested_and_its_items_are_deeper():
    events = list(html_events("<ul><li>Group\n<ul><li>Inner</li></ul> after</li><li>Next</li></ul>", 1))
    items = [(e.line, e.level, e.nested, text(e)) for e in events if e.kind == "item"]
    assert items == [(1, 1, True, "Group after"), (2, 2, False, "Inner"), (2, 1, False, "Next")]


def test_marks_alone_on_an_items_last_line_are_set_apart():
    events = list(html_events('<ul>\n<li>Title <a href="https://x.org/a.pdf">p</a>\n:heavy_check_mark:\n<li>Next\n</ul>', 1))
    first, second = (e for e in events if e.kind == "item")
    assert (first.tail, first.tail_line, text(first)) == (["heavy_check_mark"], 3, "Title p")
    assert (second.tail, text(second)) == ([], "Next")


def test_table_rows_mark_header_cells_and_separate_cells():
    events = html_events("<table>\n<tr><th>Title</th><th>Venue</th></tr>\n<tr><td>A Paper</td><td>ICML 2018</td></tr>\n"
                         "</table>", 5)
    head, row = (e for e in events if e.kind == "item")
    assert any(p.kind == "comment" and p.text == "papershelf:header" for p in head.pieces)
    assert (row.line, text(row)) == (7, "\u00b7 A Paper \u00b7 ICML 2018")


def test_markdown_links_inside_html_become_links():
    (event,) = list(html_events("<strong>[ECCV 2020](https://eccv2020.eu/)</strong>", 1))
    assert [(p.kind, p.text, p.href, p.bold) for p in event.pieces] == [("link", "ECCV 2020", "https://eccv2020.eu/", True)]


def test_lists_nested_thousands_deep_are_read_as_one_level_below_the_cap():
    events = list(html_events("<ul><li>\n" * 5000 + "Title", 1))
    assert (events[0].kind, events[0].level) == ("deep", 5000)
    items = [e for e in events if e.kind == "item" and text(e)]
    assert [(e.line, e.level, text(e)) for e in items] == [(5000, MAX_DEPTH, "Title")]  # the line of its <li>
    assert max(e.level for e in events if e.kind == "item") == MAX_DEPTH


def test_deep_lists_are_reported_once_and_their_items_still_read(read):
    result = read("<ul><li>\n" * 1000 + 'Deep Paper Title <a href="https://x.org/p.pdf">[paper]</a>\n')
    assert [p.title for p in result.papers] == ["Deep Paper Title"]
    assert [(f.code, f.severity, f.line) for f in result.findings] == [("IMP001", "warning", 1)]
