"""The one YAML line locator (``shelf.locate``: key lines) and the one place for the rules on
which scalars both readers agree (``shelf.files``), as the locator and the splicing edit use them."""

from __future__ import annotations

import pytest
import yaml_rs
from hypothesis import given, settings
from hypothesis import strategies as st

from papershelf.shelf import splice
from papershelf.shelf.files import StrictLoader, _pyyaml, readers_agree
from papershelf.shelf.locate import FileIndex, split_lines

PAPER = """- id: p1
  'title': A title
  "venue": NeurIPS
  '': empty key
  year: 2021
  links:
    'code': https://example.org/c
    "paper": https://example.org/p
"""


def test_the_locator_and_the_cut_find_the_same_key_lines():
    lines = split_lines(PAPER)
    keys = FileIndex(text=PAPER).items[0][1]
    assert keys == {"id": 1, "title": 2, "venue": 3, "": 4, "year": 5, "links": 6,
                    "links.code": 7, "links.paper": 8}
    cut = splice.cut(lines, {"id": "p1", "title": "A title", "venue": "NeurIPS", "": "empty key", "year": 2021,
                             "links": {"code": "https://example.org/c", "paper": "https://example.org/p"}})
    assert cut is not None and cut.keys == ["id", "title", "venue", "", "year", "links"]
    starts = {key: lines.index(run[0] if key != "id" else lines[0]) + 1 for key, run in cut.runs.items()}
    assert starts == {key: line for key, line in keys.items() if "." not in key}


def test_a_key_the_scan_cannot_read_exactly_is_never_indexed_under_a_wrong_name():
    """``"ti\\x74le"`` is the key ``title`` (an escape): neither the locator nor the cut guesses it."""
    text = '- id: p1\n  "ti\\x74le": A title\n'
    assert _pyyaml().load(text, Loader=StrictLoader) == [{"id": "p1", "title": "A title"}]
    keys = FileIndex(text=text).items[0][1]
    assert keys == {"id": 1}
    assert splice.cut(split_lines(text), {"id": "p1", "title": "A title"}) is None


@pytest.mark.parametrize("atom, agreed", [
    ("plain words", True), ("'quoted: yes'", True), ("12", True), ("-7", True), ("2021-02-28", True),
    ("true", True), ("null", True), ("~", True), ("_0", False), ("yes", False), ("012", False),
    ("2021-02-30", False), ("12:30", False), ("1" * 19, False), ("1e3", False),
])
def test_which_scalars_both_readers_read_alike(atom, agreed):
    assert readers_agree(atom) is agreed


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("0123456789-_.:+eEyYnNoOtTrRuUfFaAlLsS~ ")), min_size=1, max_size=12))
def test_an_agreed_scalar_reads_the_same_in_both_readers(atom):
    atom = atom.strip()
    if not atom or not readers_agree(atom):
        return
    line = f"k: {atom}\n"
    readers = (lambda: yaml_rs.loads(line)["k"], lambda: _pyyaml().load(line, Loader=StrictLoader)["k"])
    read = []
    for reader in readers:
        try:
            read.append(reader())
        except Exception:  # a line neither reader takes (``k: A:``) never reaches an edit
            read.append("refused")
    assert read[0] == read[1]
