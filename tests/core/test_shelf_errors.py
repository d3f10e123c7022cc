"""Bad input gives one clear message with file and line, a non-zero exit, and no change on disk."""

from __future__ import annotations

import pytest

GOOD = """\
# my papers
- id: good2020paper
  title: A good paper
  year: 2020
"""

CASES = {
    "malformed yaml": (GOOD + "- id: broken\n  title: [unclosed\n", "started at line 6", 7),
    "unknown field": (GOOD + "- id: x2021y\n  title: T\n  colour: red\n", "unknown field 'colour'", 7),
    "bad year": (GOOD + "- id: x2021y\n  title: T\n  year: 3021\n", "year 3021", 7),
    "bad url": (GOOD + "- id: x2021y\n  title: T\n  links:\n    paper: hhttps://x.org\n", "not an http(s) URL", 7),
    "javascript url": (GOOD + "- id: x2021y\n  title: T\n  links: {code: 'javascript:alert(1)'}\n", "http(s)", 7),
    "bad arxiv id": (GOOD + "- id: x2021y\n  title: T\n  ids: {arxiv: 'abc'}\n", "arxiv", 5),
    "missing title": (GOOD + "- id: x2021y\n  year: 2020\n", "missing required field 'title'", 5),
    "duplicate id": (GOOD + "- id: good2020paper\n  title: Again\n", "duplicate id 'good2020paper'", 5),
    "not a list": ("id: x\ntitle: y\n", "expected a list of papers", 1),
    "bad priority": (GOOD + "- id: x2021y\n  title: T\n  priority: urgent\n", "priority", 7),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_paper_file(cli, shelf, name):
    text, message, line = CASES[name]
    path = shelf.root / "papers" / "bad.yaml"
    path.write_text(text)
    other = shelf.root / "papers" / "other.yaml"
    other.write_text("- id: other2019x\n  title: Other\n")
    for args in (["list"], ["mark", "other2019x", "read"], ["stats"]):
        code, out, err = cli(*args, "--shelf", shelf.root)
        if args[0] == "mark":
            continue  # mark touches only the file holding the paper; checked below
        assert code == 1, (name, args)
        assert "Traceback" not in err
        assert message in err, err
        assert f"papers/bad.yaml:{line}:" in err, err
    assert path.read_text() == text


def test_edit_that_would_make_a_paper_invalid_writes_nothing(cli, shelf):
    path = shelf.root / "papers" / "a.yaml"
    path.write_text(GOOD)
    code, _, err = cli("edit", "good2020paper", "--year", "1066", "--shelf", shelf.root)
    assert code == 1 and "year 1066" in err
    code, _, err = cli("edit", "good2020paper", "--link", "paper=ftp://x.org/a.pdf", "--shelf", shelf.root)
    assert code == 1 and "http(s)" in err
    assert path.read_text() == GOOD


def test_missing_shelf_toml(cli, tmp_path):
    code, _, err = cli("list", "--shelf", tmp_path)
    assert code == 1 and "no shelf.toml" in err and "papershelf init" in err


@pytest.mark.parametrize("text, message, line", [
    ('title = "x"\ncolour = "red"\n', "unknown setting", 2),
    ('title = "x"\n[[topics]]\nid = "kd"\n', "name", None),
    ('title = "x\n', "not valid TOML", 1),
    ('title = "x"\n[[topics]]\nid = "Knowledge Distillation"\nname = "KD"\n', "topic id", None),
])
def test_bad_shelf_toml(cli, tmp_path, text, message, line):
    (tmp_path / "shelf.toml").write_text(text)
    code, _, err = cli("list", "--shelf", tmp_path)
    assert code == 1 and message in err and "Traceback" not in err
    if line:
        assert f"shelf.toml:{line}:" in err


def test_unreadable_import_file(cli, shelf, tmp_path):
    code, _, err = cli("import", tmp_path / "missing.bib", "--shelf", shelf.root)
    assert code == 1 and "no such file" in err
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    code, _, err = cli("import", tmp_path / "x.pdf", "--shelf", shelf.root)
    assert code == 1 and "cannot tell the format" in err
    (tmp_path / "bad.json").write_text("[{")
    code, _, err = cli("import", tmp_path / "bad.json", "--shelf", shelf.root)
    assert code == 1 and "bad.json:1:" in err


def test_refresh_forgets_line_places_of_changed_files(shelf):
    """After ``refresh``, ``where`` counts lines in the file as it now is, not as first read."""
    from papershelf.model import Paper

    shelf.add([Paper(id="b2020", title="B")], file="papers/a.yaml")
    shelf.invalidate()
    path, line = shelf.where("b2020")
    assert line == 1
    path.write_text("- id: a2020\n  title: A\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    shelf.refresh({path})
    assert shelf.where("b2020") == (path, 3)


def test_refresh_of_edited_files_keeps_the_other_files_papers_and_finds_duplicates(shelf):
    """``refresh`` of files that were edited (none came or went) replaces their papers in place:
    the other files' papers stay the same objects, in file order; an id that now is in two files
    is reported as the full load reports it."""
    from papershelf.errors import PapershelfError
    from papershelf.model import Paper

    shelf.add([Paper(id="a2020", title="A")], file="papers/a.yaml")
    shelf.add([Paper(id="b2020", title="B"), Paper(id="c2020", title="C")], file="papers/b.yaml")
    shelf.add([Paper(id="d2020", title="D")], file="papers/c.yaml")
    shelf.invalidate()
    kept = shelf.get("d2020")
    path, _ = shelf.where("b2020")
    path.write_text("- id: b2020\n  title: B, edited\n- id: c2021\n  title: C moved\n- id: e2020\n  title: E\n",
                    encoding="utf-8")
    shelf.refresh({path})
    assert [p.id for p in shelf.papers] == ["a2020", "b2020", "c2021", "e2020", "d2020"]
    assert shelf.get("d2020") is kept and shelf.get("b2020").title == "B, edited"
    assert shelf.where("e2020") == (path, 5) and "c2020" not in shelf.ids()
    path.write_text("- id: a2020\n  title: A again\n", encoding="utf-8")
    with pytest.raises(PapershelfError, match="duplicate id 'a2020'"):
        shelf.refresh({path})


@pytest.mark.parametrize("how", ["new file", "edited file"])
def test_refresh_reports_an_id_now_in_two_files_as_the_full_load_does_then_recovers(shelf, how):
    """Both ways ``refresh`` takes (a file came: the list is rebuilt; files were only edited: their
    slices are replaced) meet a duplicate id the same way: the full load's message, both lines."""
    from papershelf.errors import PapershelfError
    from papershelf.model import Paper

    shelf.add([Paper(id="a2020", title="A")], file="papers/a.yaml")
    shelf.add([Paper(id="b2020", title="B")], file="papers/b.yaml")
    shelf.invalidate()
    assert len(shelf.papers) == 2
    path = shelf.papers_dir / ("c.yaml" if how == "new file" else "b.yaml")
    path.write_text("- id: b2021\n  title: B2\n- id: a2020\n  title: A again\n", encoding="utf-8")
    with pytest.raises(PapershelfError) as info:
        shelf.refresh({path})
    assert "duplicate id 'a2020'" in str(info.value) and info.value.line == 3
    assert "papers/a.yaml:1" in str(info.value)
    path.write_text("- id: b2021\n  title: B2\n", encoding="utf-8")
    shelf.refresh({path})
    assert sorted(shelf.ids()) == (["a2020", "b2020", "b2021"] if how == "new file" else ["a2020", "b2021"])
