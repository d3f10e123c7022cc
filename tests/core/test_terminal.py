"""Issue 14 item 7: shelf text reaches the terminal as plain text: no rich markup is interpreted,
no escape or control sequence is passed through."""

from __future__ import annotations

import pytest

HOSTILE = ["Title [/] closing nothing", "[bold red]Loud[/bold red] title", "\x1b[2J\x1b[31mCleared\x1b[0m",
           "Bell\x07 and \x9b31m C1", "Right\u202eto-left", "Back\rspace"]


@pytest.fixture
def hostile_shelf(shelf):
    papers = [shelf.new_paper(id=f"p{i}", title=t, venue="[red]CVPR[/]", authors=["[/]A"], year=2020,
                              notes="\x1b]0;owned\x07", priority="top") for i, t in enumerate(HOSTILE)]
    shelf.add(papers)
    return shelf


def _clean(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text and "\u202e" not in text
    assert "\r" not in text


@pytest.mark.parametrize("args", [["list"], ["queue"], ["show", "p0", "p1", "p2", "p3", "p4"], ["stats"],
                                  ["rm", "p0"]])
def test_hostile_titles_print_as_plain_text(cli, hostile_shelf, args):
    code, out, err = cli(*args, "--shelf", hostile_shelf.root)
    assert code == 0, err
    _clean(out + err)
    if args[0] in ("list", "queue", "show"):
        flat = " ".join((out + err).split())
        assert "[/]" in flat and "[bold red]Loud[/bold red]" in flat
        assert "\\x1b[2J" in flat


def test_an_error_message_prints_as_plain_text(cli, shelf):
    (shelf.root / "papers" / "bad[i]\x1b[31m.yaml").write_text("- id: x\n  title: [unclosed\n")
    code, _, err = cli("list", "--shelf", shelf.root)
    assert code == 1 and "bad[i]" in err
    _clean(err)


def test_printable_keeps_ordinary_text():
    from papershelf.safetext import printable

    assert printable("Über naïve 学习 — ok\n\tnext") == "Über naïve 学习 — ok\n\tnext"
    assert printable("a\x1bb\x00c\x7f") == "a\\x1bb\\x00c\\x7f"
    assert printable("line\nbreak", newlines=False) == "line\\nbreak"
