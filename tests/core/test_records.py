"""The record reader (check-links' view of a shelf): the same papers, lines and errors as the
full load, read from the parse cache without the model when the cache holds the shelf as it is."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from papershelf import PapershelfError, Shelf
from papershelf.shelf.records import ShelfRecords

A = """\
- id: a2020x
  title: First paper
  links:
    paper: https://example.org/a
    code: https://github.com/x/a
- id: b2021y
  title: Second paper
  year: 2021
"""
B = """\
# a comment before the first paper
- id: c2022z
  title: Third paper
  links: {project: "https://example.org/c"}
"""


def _write(shelf: Shelf, name: str, text: str) -> None:
    path = shelf.papers_dir / name
    path.write_text(text, encoding="utf-8")
    # the cache keys a file by (mtime, size): a rewrite within one clock tick must still count
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def _error(call) -> tuple[str, str | None, int | None]:
    with pytest.raises(PapershelfError) as info:
        call()
    return str(info.value), info.value.file and str(info.value.file), info.value.line


def _same_as_full_load(shelf: Shelf) -> ShelfRecords:
    records, full = ShelfRecords(shelf.root), Shelf(shelf.root)
    assert [(r.id, r.title, r.links) for r in records.papers] == [(p.id, p.title, p.links) for p in full.papers]
    for paper in full.papers:
        for key in (None, "title", "links", *(f"links.{kind}" for kind in paper.links)):
            assert records.where(paper.id, key) == full.where(paper.id, key)
    assert records.config.contact == full.config.contact and records.config.papers_dir == full.config.papers_dir
    return records


def test_records_are_the_full_loads_papers_cold_and_warm(shelf):
    _write(shelf, "a.yaml", A)
    _write(shelf, "b.yaml", B)
    cold = _same_as_full_load(shelf)   # nothing cached yet: read by the full load
    warm = _same_as_full_load(shelf)   # now from the cache
    assert cold._shelf is not None and warm._shelf is None  # else both comparisons were of the full load
    assert [r.id for r in warm.papers] == [r.id for r in cold.papers] == ["a2020x", "b2021y", "c2022z"]
    assert warm.relative(shelf.papers_dir / "b.yaml") == "papers/b.yaml"


def test_a_warm_shelf_is_read_without_the_model(shelf):
    _write(shelf, "a.yaml", A)
    assert len(Shelf(shelf.root).papers) == 2
    ShelfRecords(shelf.root)  # the first record read keeps the validated settings
    script = textwrap.dedent(f"""
        import sys
        from papershelf.shelf.records import ShelfRecords
        records = ShelfRecords({str(shelf.root)!r})
        print(len(records.papers), records.where("b2021y", "year")[1],
              sorted(m for m in ("pydantic", "papershelf.model", "papershelf.config", "yaml_rs") if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=os.environ)
    assert out.stdout.split(maxsplit=2) == ["2", "8", "[]\n"]


def test_an_edited_file_is_read_again(shelf):
    _write(shelf, "a.yaml", A)
    _same_as_full_load(shelf)
    _write(shelf, "a.yaml", A.replace("https://github.com/x/a", "https://github.com/x/moved"))
    records = _same_as_full_load(shelf)
    assert records.papers[0].links["code"] == "https://github.com/x/moved"


@pytest.mark.parametrize("bad", [
    A.replace("year: 2021", "year: soon"),                       # invalid once the cache is warm (stale cache)
    A.replace("  title: Second paper\n", ""),                    # a required field removed
    A + "- id: a2020x\n  title: Again\n",                       # an id written twice
    A.replace("links:", "links: [oops"),                         # not YAML
])
def test_a_stale_or_invalid_file_gives_the_full_loads_error(shelf, bad):
    _write(shelf, "a.yaml", A)
    _write(shelf, "b.yaml", B)
    _same_as_full_load(shelf)
    _write(shelf, "a.yaml", bad)
    expected = _error(lambda: Shelf(shelf.root).papers)
    assert _error(lambda: ShelfRecords(shelf.root)) == expected
    assert _error(lambda: ShelfRecords(shelf.root)) == expected  # and again: nothing invalid was cached


def test_an_id_in_two_files_gives_the_full_loads_error(shelf):
    _write(shelf, "a.yaml", A)
    _same_as_full_load(shelf)
    _write(shelf, "b.yaml", B.replace("c2022z", "a2020x"))
    expected = _error(lambda: Shelf(shelf.root).papers)
    assert "duplicate id 'a2020x'" in expected[0]
    assert _error(lambda: ShelfRecords(shelf.root)) == expected


def test_settings_are_validated_as_the_full_load_does(shelf):
    _write(shelf, "a.yaml", A)
    _same_as_full_load(shelf)
    toml = shelf.config_path.read_text(encoding="utf-8")
    shelf.config_path.write_text(toml.replace('contact = ""', 'contact = "me@example.org"'), encoding="utf-8")
    assert _same_as_full_load(shelf).config.contact == "me@example.org"
    for bad in (toml + "\nunknown = 1\n", toml.replace('papers_dir = "papers"', 'papers_dir = "../elsewhere"'),
                toml + "\n[[topics]\n"):
        shelf.config_path.write_text(bad, encoding="utf-8")
        expected = _error(lambda: Shelf(shelf.root))
        assert _error(lambda: ShelfRecords(shelf.root)) == expected


def test_a_papers_folder_linked_out_of_the_shelf_is_refused_as_by_the_full_load(shelf, tmp_path):
    _write(shelf, "a.yaml", A)
    _same_as_full_load(shelf)
    outside = tmp_path / "outside"
    outside.mkdir()
    (shelf.root / "linked").symlink_to(outside)
    shelf.config_path.write_text('title = "x"\npapers_dir = "linked"\n', encoding="utf-8")
    expected = _error(lambda: Shelf(shelf.root))
    assert "outside the shelf" in expected[0]
    assert _error(lambda: ShelfRecords(shelf.root)) == expected


def test_no_shelf_is_found_as_by_the_full_load(tmp_path):
    assert _error(lambda: ShelfRecords.find(tmp_path / "none")) == _error(lambda: Shelf.find(tmp_path / "none"))
    assert _error(lambda: ShelfRecords.find(start=tmp_path)) == _error(lambda: Shelf.find(start=tmp_path))
