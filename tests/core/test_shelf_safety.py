"""Issue 14, shelf side: caches outside the shelf, writes only inside it, strict reading, edits
that keep every other byte, file modes, and clear errors for hostile shelves."""

from __future__ import annotations

import json
import os
import pickle
import stat
from pathlib import Path

import pytest

from papershelf import Shelf
from papershelf.errors import PapershelfError
from papershelf.model import Paper

TWO = "- id: a2020x\n  title: First paper\n  year: 2020\n- id: b2021y\n  title: Second paper\n  year: 2021\n"


def _write(shelf: Shelf, text: str | bytes, name: str = "a.yaml") -> Path:
    path = shelf.root / "papers" / name
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def _ok(cli, *args):
    code, out, err = cli(*args)
    assert code == 0, err
    return out, err


def _fails(cli, *args, message: str):
    code, out, err = cli(*args)
    assert code == 1, (code, out, err)
    assert "Traceback" not in err and "internal error" not in err, err
    assert message in err, err
    return err


# -- 1. caches ------------------------------------------------------------------------------------

class _Boom:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def test_a_pickle_in_the_shelf_is_never_loaded(cli, shelf, tmp_path):
    """A cloned shelf carrying `.papershelf/paper-cache.pickle` must not run code."""
    _write(shelf, TWO)
    marker = tmp_path / "pwned"
    state = shelf.root / ".papershelf"
    state.mkdir(exist_ok=True)
    (state / "paper-cache.pickle").write_bytes(pickle.dumps(_Boom(str(marker))))
    for args in (["list"], ["lint"], ["stats"]):
        cli(*args, "--shelf", shelf.root)
    assert not marker.exists()


def test_the_parse_cache_lives_in_the_user_cache_folder(cli, shelf, tmp_path):
    from papershelf.shelf import cache_dir

    _write(shelf, TWO)
    _ok(cli, "list", "--shelf", shelf.root)
    folder = cache_dir(shelf.root)
    assert folder.is_relative_to(Path(os.environ["PAPERSHELF_CACHE_DIR"]))
    assert cache_dir(Shelf(shelf.root)) == folder and cache_dir(str(shelf.root) + "/papers/..") == folder
    assert any(folder.iterdir())
    assert not [p for p in shelf.root.rglob("*") if "cache" in p.name]


def test_cache_folders_of_two_shelves_differ(tmp_path):
    from papershelf.shelf import cache_dir

    one, two = Shelf.init(tmp_path / "x" / "list"), Shelf.init(tmp_path / "y" / "list")
    assert cache_dir(one) != cache_dir(two)


def test_a_warm_load_imports_no_yaml_library(shelf):
    """Every file as the cache holds it: the papers come from the cache, not the YAML readers."""
    import subprocess
    import sys

    _write(shelf, TWO)
    assert len(Shelf(shelf.root).papers) == 2
    script = (f"import sys; from papershelf import Shelf; print(len(Shelf({str(shelf.root)!r}).papers), "
              "sorted(m for m in ('yaml', 'yaml_rs', 'ruamel.yaml', 'papershelf.shelf.files') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=os.environ)
    assert out.stdout.split(maxsplit=1) == ["2", "[]\n"]


@pytest.mark.parametrize("damage", ["garbage", "wrong-shape", "unknown-field", "bad-date"])
def test_a_damaged_cache_is_rebuilt_not_trusted(shelf, damage):
    from papershelf.shelf.cache import PaperCache

    _write(shelf, TWO)
    assert [p.id for p in Shelf(shelf.root).papers] == ["a2020x", "b2021y"]
    cache = PaperCache.for_shelf(shelf.root)
    path = cache.path
    cache.close()
    import sqlite3

    if damage == "garbage":
        path.write_bytes(b"\x00not sqlite at all" * 100)
    else:
        con = sqlite3.connect(path)
        rows = con.execute("select path, papers from files").fetchall()
        fields = list(Paper.model_fields)
        for file, papers in rows:
            data = json.loads(papers)
            if damage == "wrong-shape":
                data = {"not": "a list"}
            elif damage == "unknown-field":
                data[0].append("evil")
            else:
                data[0][fields.index("added")] = "2021-02-30"
            con.execute("update files set papers = ? where path = ?", (json.dumps(data), file))
        con.commit()
        con.close()
    papers = Shelf(shelf.root).papers
    assert [p.id for p in papers] == ["a2020x", "b2021y"]
    assert all(p.added is None for p in papers)
    assert "evil" not in papers[0].__dict__


def test_the_ci_workflow_caches_the_user_cache_folder(tmp_path):
    from papershelf.ci import render_workflow

    text = render_workflow("reading-list")
    assert ".papershelf/" not in text
    assert "PAPERSHELF_CACHE_DIR" in text


# -- 5. writes stay inside the shelf -----------------------------------------------------------------

@pytest.mark.parametrize("target", ["../x.yaml", "ABS", "papers/x.txt", "shelf.toml", "papers/../../x.yaml"])
def test_add_and_import_never_write_outside_the_papers_folder(cli, shelf, tmp_path, target):
    if target == "ABS":
        target = str(tmp_path / "elsewhere.yaml")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    _fails(cli, "add", "--title", "T", "--file", target, "--shelf", shelf.root, message="papers folder")
    bib = tmp_path / "in.bib"
    bib.write_text("@article{k2020, title={A title}, year={2020}}\n")
    before[bib] = bib.read_bytes()
    _fails(cli, "import", bib, "--into", target, "--shelf", shelf.root, message="papers folder")
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and "user-cache" not in p.parts
             and p.name != "lock"}
    assert after == before


def test_a_yaml_file_in_a_subfolder_of_papers_is_fine(cli, shelf):
    _ok(cli, "add", "--title", "Deep paper", "--file", "papers/sub/deep.yaml", "--shelf", shelf.root)
    assert (shelf.root / "papers/sub/deep.yaml").is_file()


@pytest.mark.parametrize("value", ["../elsewhere", "/tmp", "papers/../..", "p" + "[" * 300, "papers/" + "x" * 256])
def test_papers_dir_outside_the_shelf_or_unusable_is_refused(cli, shelf, value):
    config = shelf.root / "shelf.toml"
    config.write_text(config.read_text().replace('papers_dir = "papers"', f'papers_dir = "{value}"'))
    _fails(cli, "list", "--shelf", shelf.root, message="papers_dir")


def test_a_paper_file_linking_out_of_the_shelf_is_refused(cli, shelf, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("- id: s2020x\n  title: Secret\n")
    (shelf.root / "papers" / "link.yaml").symlink_to(outside)
    _fails(cli, "list", "--shelf", shelf.root, message="outside the shelf")
    assert outside.read_text() == "- id: s2020x\n  title: Secret\n"


# -- 8. duplicate keys ---------------------------------------------------------------------------

def test_a_duplicate_key_is_an_error_naming_both_lines(cli, shelf):
    _write(shelf, "- id: a2020x\n  title: Kept?\n  year: 2020\n  title: Lost?\n")
    err = _fails(cli, "list", "--shelf", shelf.root, message="duplicate key 'title'")
    assert "papers/a.yaml:4:" in err and "line 2" in err
    code, out, _ = cli("lint", "--shelf", shelf.root)
    assert code == 1 and "duplicate key 'title'" in out


def test_a_duplicate_nested_key_is_an_error(cli, shelf):
    _write(shelf, "- id: a2020x\n  title: T\n  links:\n    paper: https://a.org\n    paper: https://b.org\n")
    err = _fails(cli, "list", "--shelf", shelf.root, message="duplicate key 'paper'")
    assert "papers/a.yaml:5:" in err and "line 4" in err


# -- 9. line ends, BOM, flow style ---------------------------------------------------------------

def _mark(cli, shelf, paper_id="b2021y", status="read"):
    _ok(cli, "mark", paper_id, status, "--shelf", shelf.root)


def test_crlf_file_keeps_its_line_ends(cli, shelf):
    path = _write(shelf, TWO.replace("\n", "\r\n"))
    _mark(cli, shelf)
    data = path.read_bytes()
    assert data.startswith(TWO.split("- id: b")[0].replace("\n", "\r\n").encode())
    assert b"status: read\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    _ok(cli, "note", "a2020x", "hello", "--shelf", shelf.root)
    _ok(cli, "tag", "a2020x", "+x", "--shelf", shelf.root)
    data = path.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")
    _ok(cli, "rm", "a2020x", "--shelf", shelf.root)
    assert path.read_bytes().startswith(b"- id: b2021y\r\n")


def test_a_bom_is_kept_and_read(cli, shelf):
    path = _write(shelf, "\ufeff" + TWO)
    out, _ = _ok(cli, "list", "--format", "ids", "--shelf", shelf.root)
    assert sorted(out.split()) == ["a2020x", "b2021y"]
    _mark(cli, shelf, "a2020x")
    data = path.read_bytes()
    assert data.startswith("\ufeff- id: a2020x\n".encode()) and data.count("\ufeff".encode()) == 1
    assert data.endswith(TWO.split("\n", 3)[3].encode())


def test_flow_style_papers_can_be_edited(cli, shelf):
    text = "- {id: a2020x, title: First paper, year: 2020}\n- {id: b2021y, title: Second paper, year: 2021}\n"
    path = _write(shelf, text)
    _mark(cli, shelf)
    data = path.read_text()
    assert data.startswith("- {id: a2020x, title: First paper, year: 2020}\n")
    assert Shelf(shelf.root).get("b2021y").status == "read"
    _ok(cli, "rm", "a2020x", "--shelf", shelf.root)
    assert [p.id for p in Shelf(shelf.root).papers] == ["b2021y"]


@pytest.mark.parametrize("command", [("rm", "a2020x"), ("mark", "b2021y", "read"), ("tag", "b2021y", "+kd")])
def test_two_papers_on_one_line_are_listed_but_edits_are_refused_unchanged(cli, shelf, command):
    text = "[{id: a2020x, title: First paper}, {id: b2021y, title: Second paper}]\n"
    path = _write(shelf, text)
    assert [p.id for p in Shelf(shelf.root).papers] == ["a2020x", "b2021y"]
    err = _fails(cli, *command, "--shelf", shelf.root, message="two papers start on one line")
    assert "papers/a.yaml:1:" in err and path.read_text() == text


def test_a_lone_cr_in_another_papers_comment_is_kept(cli, shelf):
    text = "- id: a2020x  # first\r# still a comment\n  title: First paper\n- id: b2021y\n  title: Second paper\n"
    path = _write(shelf, text)
    _mark(cli, shelf)
    assert path.read_bytes().startswith(b"- id: a2020x  # first\r# still a comment\n  title: First paper\n")


def test_a_form_feed_in_a_title_never_crashes(cli, shelf):
    path = _write(shelf, "- id: a2020x\n  title: \"Page\\fbreak\"\n" + TWO.split("\n", 3)[3])
    shelf.add([shelf.new_paper(title="Form\x0cfeed and \x1b[31mred", year=2020)])
    for args in (["list"], ["show", "a2020x"], ["stats"], ["lint"], ["export", "bibtex"], ["export", "csv"]):
        code, _, err = cli(*args, "--shelf", shelf.root)
        assert code in (0, 1) and "Traceback" not in err and "internal error" not in err, (args, err)
    _mark(cli, shelf)
    assert path.read_text().startswith("- id: a2020x\n  title: \"Page\\fbreak\"\n")
    titles = [p.title for p in Shelf(shelf.root).papers]
    assert "Page\x0cbreak" in titles and "Form\x0cfeed and \x1b[31mred" in titles


# -- 10. modes, links, read-only -----------------------------------------------------------------

def test_an_edit_keeps_the_files_mode(cli, shelf):
    path = _write(shelf, TWO)
    path.chmod(0o644)
    _mark(cli, shelf)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_new_files_follow_the_umask(cli, shelf, tmp_path):
    old = os.umask(0o022)
    try:
        _ok(cli, "add", "--title", "T", "--shelf", shelf.root)
        _ok(cli, "export", "csv", "-o", tmp_path / "out.csv", "--shelf", shelf.root)
    finally:
        os.umask(old)
    assert stat.S_IMODE((shelf.root / "papers/inbox.yaml").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o644


def test_a_symlinked_yaml_file_is_written_through(cli, shelf):
    (shelf.root / "data").mkdir()
    target = shelf.root / "data" / "target.yaml"
    target.write_text(TWO)
    link = shelf.root / "papers" / "link.yml"
    link.symlink_to(target)
    _mark(cli, shelf)
    assert link.is_symlink()
    assert "status: read" in target.read_text()


def test_a_read_only_file_is_refused(cli, shelf):
    path = _write(shelf, TWO)
    path.chmod(0o444)
    _fails(cli, "mark", "b2021y", "read", "--shelf", shelf.root, message="read-only")
    assert path.read_text() == TWO


def test_a_read_only_checkout_gives_a_clear_error(cli, shelf, monkeypatch):
    _write(shelf, TWO)
    import filelock

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(shelf.root / ".papershelf" / "lock"))

    monkeypatch.setattr(filelock.FileLock, "acquire", refuse)
    _fails(cli, "mark", "b2021y", "read", "--shelf", shelf.root, message="cannot take the shelf's write lock")
    out, _ = _ok(cli, "list", "--format", "ids", "--shelf", shelf.root)
    assert sorted(out.split()) == ["a2020x", "b2021y"]


# -- 11. invalid files are not edited; leftovers are cleaned ---------------------------------------

def test_an_invalid_file_is_not_edited(cli, shelf):
    text = TWO + "- id: c2020z\n  title: Third\n  colour: red\n"
    path = _write(shelf, text)
    _, _, list_err = cli("list", "--shelf", shelf.root)
    err = _fails(cli, "mark", "b2021y", "read", "--shelf", shelf.root, message="unknown field 'colour'")
    assert list_err.strip().splitlines()[0] in err
    assert path.read_text() == text


def test_lint_fix_still_repairs_invalid_entries(cli, shelf):
    path = _write(shelf, TWO + "- id: c2020z\n  title: Third\n  links: {paper: 'hhttps://x.org/a'}\n")
    cli("lint", "--fix", "--shelf", shelf.root)
    assert "https://x.org/a" in path.read_text() and "hhttps" not in path.read_text()


def test_leftover_temporary_files_are_cleaned_on_the_next_write(cli, shelf):
    path = _write(shelf, TWO)
    leftover = path.parent / ".a.yaml.k1ll3d.tmp"
    leftover.write_text("half a fi")
    _mark(cli, shelf)
    assert not leftover.exists()


# -- 12. clear errors ----------------------------------------------------------------------------

def test_shelf_toml_that_is_not_utf8(cli, shelf):
    (shelf.root / "shelf.toml").write_bytes(b'title = "caf\xe9"\n')
    _fails(cli, "list", "--shelf", shelf.root, message="UTF-8")


def test_deeply_nested_shelf_toml(cli, shelf):
    (shelf.root / "shelf.toml").write_text("title = " + "[" * 100000 + "]" * 100000 + "\n")
    _fails(cli, "list", "--shelf", shelf.root, message="shelf.toml")


def test_a_number_of_five_thousand_digits_in_shelf_toml(cli, shelf):
    (shelf.root / "shelf.toml").write_text("title = \"T\"\npapers_dir = " + "9" * 5000 + "\n")
    err = _fails(cli, "list", "--shelf", shelf.root, message="shelf.toml")
    assert "not valid TOML" in err and len(err) < 2000


@pytest.mark.parametrize("url", ["https://[oops", "http://[oops?utm_source=x", "https://x.org:99999/p"])
def test_a_link_with_a_malformed_host_or_port_is_reported_by_lint(cli, shelf, url):
    _write(shelf, f"- id: a2020x\n  title: T\n  links:\n    paper: {url}\n    code: {url}\n")
    for args in (("lint",), ("lint", "--fix")):
        code, out, err = cli(*args, "--shelf", shelf.root)
        assert code == 1 and "PS202" in out and "cannot be parsed" in out, (out, err)
        assert "Traceback" not in err and "internal error" not in err


def test_state_folder_that_is_a_file(cli, shelf):
    _write(shelf, TWO)
    (shelf.root / ".papershelf").write_text("not a folder")
    _fails(cli, "mark", "b2021y", "read", "--shelf", shelf.root, message=".papershelf")
    _ok(cli, "list", "--shelf", shelf.root)


def test_add_file_on_a_file_that_is_not_yaml(cli, shelf):
    bad = _write(shelf, b"\x89PNG\r\n\x1a\n\x00\x00binary", "pic.yaml")
    _fails(cli, "add", "--title", "T", "--file", "papers/pic.yaml", "--shelf", shelf.root, message="pic.yaml")
    assert bad.read_bytes().startswith(b"\x89PNG")
    notes = _write(shelf, "# Notes\n\nSome *markdown*: not a list\n", "notes.yaml")
    _fails(cli, "add", "--title", "T", "--file", "papers/notes.yaml", "--shelf", shelf.root, message="notes.yaml")
    assert notes.read_text().startswith("# Notes")


@pytest.mark.parametrize("value", ["2021-02-30", "2021-13-01", "2021-00-10"])
def test_impossible_dates(cli, shelf, value):
    _write(shelf, f"- id: a2020x\n  title: T\n  added: {value}\n")
    err = _fails(cli, "list", "--shelf", shelf.root, message="added")
    assert "papers/a.yaml:3:" in err


def test_a_year_of_five_thousand_digits(cli, shelf):
    _write(shelf, "- id: a2020x\n  title: T\n  year: " + "9" * 5000 + "\n")
    err = _fails(cli, "list", "--shelf", shelf.root, message="year")
    assert "papers/a.yaml:3:" in err and len(err) < 2000


# -- 15. big shelf files ----------------------------------------------------------------------------

def _many(n: int, start: int = 0) -> str:
    return "".join(f"- id: p{i:06d}\n  title: Paper number {i}\n  year: 2020\n  authors: [A B, C D]\n"
                   for i in range(start, start + n))


def test_an_edit_parses_only_the_edited_paper(shelf, monkeypatch):
    """Edits must be linear in the file: the round-trip parser sees one paper, not the file."""
    from ruamel.yaml import YAML

    path = _write(shelf, _many(3000))
    seen: list[int] = []
    original = YAML.load

    def spy(self, stream):
        seen.append(len(stream) if isinstance(stream, str) else -1)
        return original(self, stream)

    monkeypatch.setattr(YAML, "load", spy)
    shelf.update("p001500", status="read")
    assert seen == []   # plain layout: no parse at all (changed keys only)
    assert Shelf(shelf.root).get("p001500").status == "read"
    edited = _many(1, 1500) + "  status: read\n"
    assert path.read_text() == _many(1500) + edited + _many(1499, 1501)
    # a paper with a comment is parsed by the round-trip parser: its own lines only
    commented = _many(1, 1600).replace("year: 2020", "year: 2020  # checked")
    path.write_text(_many(1600) + commented + _many(1399, 1601))
    seen.clear()
    shelf.update("p001600", status="read")
    assert len(seen) == 1 and seen[0] < 500
    assert path.read_text() == _many(1600) + commented + "  status: read\n" + _many(1399, 1601)


@pytest.mark.parametrize("bad, line, words, factor", [
    ("- id: bad\n  title: [unclosed\n", 80003, ["line 80002"], 5),       # parsed by events, nothing built
    ("- id: bad\n  title: T\n  colour: red\n", 80003, ["colour"], 5),    # checked piece by piece
    ("- id: p000007\n  title: Again\n", 80001, ["duplicate id", "a.yaml:29"], 5),  # ids checked in pass 1
])
def test_an_error_in_a_big_file_is_reported_without_building_it_again(shelf, bad, line, words, factor,
                                                                       monkeypatch):
    """Memory stays a small multiple of the file: one piece's reading at a time (pieces made
    small here so that a test-sized file is cut)."""
    import papershelf.shelf.files as files

    monkeypatch.setattr(files, "PIECE", 20000)
    import tracemalloc

    text = _many(20000) + bad
    _write(shelf, text)
    tracemalloc.start()
    with pytest.raises(PapershelfError) as info:
        Shelf(shelf.root).papers
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert info.value.line == line and all(w in info.value.message for w in words)
    assert peak < factor * len(text)


def test_build_on_a_full_disk_leaves_no_empty_marker(shelf, tmp_path):
    """No file may be left half-written when the disk is full (here: a file-size limit of 0)."""
    import resource
    import signal
    import subprocess
    import sys

    _write(shelf, TWO)

    def full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))

    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "papershelf", "build", "--out", str(out), "--shelf", str(shelf.root)],
                          capture_output=True, text=True, preexec_fn=full_disk, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert "cannot write" in proc.stderr
    assert not [p for p in out.rglob("*") if p.is_file() and p.stat().st_size == 0]


def test_a_raw_form_feed_in_another_papers_title_is_kept(cli, shelf):
    text = "- id: a2020x\n  title: Page\x0cbreak from a PDF\n" + TWO.split("\n", 3)[3]
    path = _write(shelf, text)
    out, _ = _ok(cli, "list", "--format", "ids", "--shelf", shelf.root)
    assert sorted(out.split()) == ["a2020x", "b2021y"]
    _mark(cli, shelf)
    assert path.read_text().startswith("- id: a2020x\n  title: Page\x0cbreak from a PDF\n- id: b2021y\n")


def test_add_file_on_a_markdown_file(cli, shelf):
    path = shelf.root / "papers" / "notes.md"
    path.write_text("# My notes\n\nPapers to read\n")
    err = _fails(cli, "add", "--title", "T", "--file", "papers/notes.md", "--shelf", shelf.root,
                 message="papers folder")
    assert ".yaml" in err and path.read_text() == "# My notes\n\nPapers to read\n"


@pytest.fixture
def small_pieces(monkeypatch):
    """Big-file reading (piece by piece) on files of test size."""
    import papershelf.shelf.files as files

    monkeypatch.setattr(files, "PIECE", 2000)


def test_a_big_file_read_in_pieces_gives_the_same_papers(shelf, small_pieces):
    import papershelf.shelf.files as files

    text = "# header\n" + _many(300) + "- id: odd\n  title: _0\n" + _many(100, 300)
    _write(shelf, text)
    assert len(files.pieces(text)) > 5
    papers = Shelf(shelf.root).papers
    assert [p.id for p in papers] == [f"p{i:06d}" for i in range(300)] + ["odd"] + [f"p{i:06d}" for i in range(300, 400)]
    assert papers[300].title == "_0"   # a paper yaml-rs misreads is read again, in its piece


@pytest.mark.parametrize("bad, line, words", [
    ("- id: bad\n  title: T\n  colour: red\n", 1203, ["paper 'bad'", "colour"]),
    ("- id: bad\n  title: [unclosed\n", 1203, ["malformed YAML", "line 1202"]),
    ("- id: bad\n  title: *nowhere\n", 1202, ["malformed YAML"]),
    ("- id: p000005\n  title: Again\n", 1201, ["duplicate id 'p000005' (also at papers/a.yaml:21)"]),
])
def test_an_error_in_a_later_piece_names_its_line_in_the_file(shelf, small_pieces, bad, line, words):
    _write(shelf, _many(300) + bad + _many(50, 300))
    with pytest.raises(PapershelfError) as info:
        Shelf(shelf.root).papers
    assert info.value.line == line and all(w in info.value.message for w in words), info.value


def test_an_alias_to_another_piece_reads_the_whole_file(shelf, small_pieces):
    text = "- id: first\n  title: &t Shared title\n" + _many(300) + "- id: last\n  title: *t\n"
    _write(shelf, text)
    assert Shelf(shelf.root).get("last").title == "Shared title"


def test_line_numbers_of_a_later_piece_count_crlf_and_a_bom(shelf, small_pieces):
    text = "\ufeff# header\r\n" + (_many(300) + "- id: bad\n  title: T\n  colour: red\n").replace("\n", "\r\n")
    _write(shelf, text)
    with pytest.raises(PapershelfError) as info:
        Shelf(shelf.root).papers
    assert info.value.line == 1204 and "colour" in info.value.message
