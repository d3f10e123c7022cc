"""CSL-JSON and RIS, the formats reference managers exchange: export then import gives the same
papers back (priority, status and tags included), and no string, however hostile, can add a field
or a record on the way."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papershelf.config import ShelfConfig
from papershelf.export.csl import to_csl_json
from papershelf.export.ris import to_ris
from papershelf.importers import import_file
from papershelf.model import Paper
from papershelf.venues import canonical_venue

HINTON = Paper.model_validate({
    "id": "hinton2015distilling", "title": "Distilling the Knowledge in a Neural Network",
    "authors": ["Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"], "year": 2015, "venue": "NeurIPS Workshop",
    "topics": ["knowledge-distillation"], "sections": ["kd/response-based"], "tags": ["survey", "a_b"],
    "links": {"paper": "https://arxiv.org/abs/1503.02531", "code": "https://github.com/x/y", "supp": None},
    "ids": {"arxiv": "1503.02531", "doi": "10.1000/xyz"}, "priority": "top", "status": "read",
    "read_on": "2021-03-02", "added": "2021-03-01", "abstract": "First line.\nSecond line.",
    "notes": "My note.\n\nSecond paragraph."})
WRITERS = {".ris": to_ris, ".json": to_csl_json}


def round_trip(papers: list[Paper], suffix: str, tmp_path: Path):
    path = tmp_path / f"export{suffix}"
    path.write_text(WRITERS[suffix](papers), encoding="utf-8")
    return import_file(path, ShelfConfig())


@pytest.mark.parametrize("suffix", WRITERS)
def test_every_field_survives_a_round_trip(suffix, tmp_path):
    result = round_trip([HINTON], suffix, tmp_path)
    assert result.findings == []
    assert [p.to_dict() for p in result.papers] == [HINTON.to_dict()]


def test_ris_uses_the_tags_reference_managers_read():
    text = to_ris([HINTON])
    lines = text.splitlines()
    assert lines[:4] == ["TY  - CPAPER", "ID  - hinton2015distilling",
                         "TI  - Distilling the Knowledge in a Neural Network", "AU  - Hinton, Geoffrey"]
    assert "KW  - survey" in lines and "DO  - 10.1000/xyz" in lines and lines[-1] == "ER  -"


def test_csl_json_uses_csl_names_and_dates():
    (item,) = json.loads(to_csl_json([HINTON]))
    assert item["type"] == "paper-conference"
    assert item["author"][0] == {"family": "Hinton", "given": "Geoffrey"}
    assert item["issued"] == {"date-parts": [[2015]]} and item["keyword"] == "survey, a_b"


def test_ris_from_a_reference_manager(import_text):
    """A Zotero-style record: names family first, keywords with spaces, a wrapped abstract, a DOI URL."""
    (paper,) = import_text("zotero.ris",
        "TY  - JOUR\nTI  - Attention Is All You Need\nAU  - Vaswani, Ashish\nAU  - Shazeer, Noam\n"
        "PY  - 2017/06/12/\nJO  - Journal of Things\nAB  - An abstract\n  that wraps.\n"
        "KW  - Computer Science - Machine Learning\nDO  - https://doi.org/10.48550/arXiv.1706.03762\n"
        "UR  - http://arxiv.org/abs/1706.03762\nER  - \n").papers
    assert paper.authors == ["Ashish Vaswani", "Noam Shazeer"] and paper.year == 2017
    assert paper.venue == "Journal of Things" and paper.abstract == "An abstract that wraps."
    assert paper.tags == ["computer-science-machine-learning"]
    assert paper.ids == {"arxiv": "1706.03762", "doi": "10.48550/arXiv.1706.03762"}


def test_csl_json_of_the_wrong_shape_is_a_finding_per_item(import_text):
    result = import_text("items.json", json.dumps([
        {"type": "article", "title": "Good", "author": [{"family": "Doe", "given": "Jane"}]},
        {"type": "article", "title": "Bad names", "author": [[1, 2]]},
        {"type": "article", "title": "Bad year", "issued": {"date-parts": [["9" * 50]]}},
        {"type": "article", "title": ["not", "text"], "author": []},
    ]))
    assert [p.title for p in result.papers] == ["Good"]
    assert [(f.code, f.data["record"]) for f in result.findings] == [("IMP001", "item 2"), ("IMP001", "item 3"),
                                                                     ("IMP002", "item 4")]
    assert "field 'title' must be text" in result.findings[-1].message


# -- hostile strings -----------------------------------------------------------------------------

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
NONBLANK = TEXT.filter(lambda t: t.strip())
TAG = st.from_regex(r"[a-z0-9][a-z0-9_\-]{0,8}", fullmatch=True)
PAPERS = st.fixed_dictionaries({
    "title": NONBLANK, "authors": st.lists(NONBLANK, max_size=3), "venue": st.one_of(st.none(), NONBLANK),
    "year": st.one_of(st.none(), st.integers(1900, 2025)), "notes": st.one_of(st.none(), NONBLANK),
    "abstract": st.one_of(st.none(), NONBLANK), "tags": st.lists(TAG, max_size=3, unique=True),
    "priority": st.sampled_from([None, "top", "second"]), "status": st.sampled_from(["unread", "reading", "read"]),
})


def one_line(text: str) -> str:
    return " ".join(text.split())


def lines(text: str | None) -> str | None:
    return None if text is None else text.replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(PAPERS, min_size=1, max_size=4), st.sampled_from(sorted(WRITERS)))
def test_arbitrary_strings_add_no_field_and_no_record(tmp_path, items, suffix):
    papers = [Paper.model_validate({**d, "id": f"p{n}", "added": dt.date(2020, 1, 1),
                                    "venue": canonical_venue(d["venue"])}) for n, d in enumerate(items)]
    result = round_trip(papers, suffix, tmp_path)
    assert [p.id for p in result.papers] == [p.id for p in papers]
    for made, back in zip(papers, result.papers, strict=True):
        assert set(back.to_dict()) == set(made.to_dict())
        assert (back.priority, back.status, back.tags, back.year) == (made.priority, made.status, made.tags, made.year)
        # JSON keeps every string as it is; RIS, a one-line-per-field format, folds whitespace
        same = one_line if suffix == ".ris" else str
        assert back.title == same(made.title) and back.venue == (made.venue and same(made.venue))
        if suffix == ".json" or not any("," in a for a in made.authors):  # RIS reads "Family, Given"
            assert back.authors == [same(a) for a in made.authors]
        assert lines(back.notes) == lines(made.notes) and lines(back.abstract) == lines(made.abstract)
