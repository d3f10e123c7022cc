"""The discovery index of a catalog inside the shelf (``[catalog] path``) is shelf data: a cloned
shelf can ship it. Loading it must never run code, and anything that does not check out is built
again rather than trusted."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from papershelf.app import discover
from papershelf.discover.index import FORMAT, catalog_version, index_folder, open_index
from papershelf.discover.text import settings, vectorizer


class Planted:
    """Unpickling this creates the marker file: proof that shelf data ran as code."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


@pytest.fixture
def shelf_catalog(shelf, dumps):
    """A catalog at a path relative to the shelf, as a cloned shelf can bring one."""
    from papershelf.catalog import default_path
    from papershelf.catalog.store import Catalog

    with open(shelf.config_path, "a", encoding="utf-8") as fh:
        fh.write('\n[catalog]\npath = "data/catalog.sqlite"\n')
    shelf = type(shelf)(shelf.root)
    path = default_path(shelf)
    assert path == shelf.root / "data" / "catalog.sqlite"
    path.parent.mkdir()
    with Catalog.open(path) as cat:
        cat.add(sorted(dumps.iterdir()))
        yield shelf, cat


def plant(folder: Path, marker: Path, papers: int) -> None:
    """Every file the index has, or had, as a pickle that would create ``marker``, beside a
    ``meta.json`` and vocabulary that look right."""
    import pickle

    folder.mkdir(parents=True)
    (folder / "vectorizer.pkl").write_bytes(pickle.dumps(Planted(marker)))
    for name in ("idf", "data", "indices", "indptr", "rowids", "match_hash", "match_row"):
        np.save(folder / f"{name}.npy", np.array([Planted(marker)], dtype=object), allow_pickle=True)
    (folder / "vocabulary.json").write_text(json.dumps({"knowledge": 0}))
    (folder / "meta.json").write_text(json.dumps({"format": FORMAT, "shape": [1, 1], "papers": papers,
                                                  "vectorizer": settings(vectorizer(papers))}))


def test_a_planted_pickle_in_the_shelfs_index_folder_never_runs(cli, shelf_catalog, tmp_path):
    shelf, cat = shelf_catalog
    marker = tmp_path / "pwned"
    folder = index_folder(cat) / catalog_version(cat)
    assert folder.is_relative_to(shelf.root)
    plant(folder, marker, cat.count())
    code, out, err = cli("suggest", "-t", "knowledge-distillation", "-n", "2", "-f", "json", "--shelf", shelf.root)
    assert not marker.exists()
    assert code == 0, err
    assert len(json.loads(out)) == 2 and all(":kd" in s["key"] for s in json.loads(out))
    assert not (folder / "vectorizer.pkl").exists() and (folder / "vocabulary.json").stat().st_size > 100
    assert open_index(cat).size == cat.count()  # the rebuilt index is used from now on


def _break_vocabulary(folder: Path) -> None:
    vocabulary = json.loads((folder / "vocabulary.json").read_text())
    vocabulary[next(iter(vocabulary))] = len(vocabulary) + 5  # a column that does not exist
    (folder / "vocabulary.json").write_text(json.dumps(vocabulary))


def _other_settings(folder: Path) -> None:
    meta = json.loads((folder / "meta.json").read_text())
    meta["vectorizer"]["ngram_range"] = [1, 3]
    (folder / "meta.json").write_text(json.dumps(meta))


BREAKAGES = {
    "vocabulary not JSON": lambda f: (f / "vocabulary.json").write_bytes(b"\x80not json"),
    "vocabulary a list": lambda f: (f / "vocabulary.json").write_text("[1, 2]"),
    "a vocabulary column out of range": _break_vocabulary,
    "idf of the wrong length": lambda f: np.save(f / "idf.npy", np.ones(3)),
    "idf not floats": lambda f: np.save(f / "idf.npy", np.array(["a"] * 3)),
    "another vectoriser's settings": _other_settings,
    "meta from an older format": lambda f: (f / "meta.json").write_text('{"format": "1", "shape": [57, 9]}'),
    "a wrong shape": lambda f: (f / "meta.json").write_text(
        json.dumps({**json.loads((f / "meta.json").read_text()), "shape": [3, "x"]})),
    "rowids of the wrong length": lambda f: np.save(f / "rowids.npy", np.arange(3)),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_an_index_that_does_not_check_out_is_built_again(shelf, catalog, breakage):
    first = open_index(catalog)
    want = first.transform(["knowledge distillation of a teacher network"]).toarray()
    BREAKAGES[breakage](first.folder)
    heard = []
    found = discover.suggest(shelf, catalog, topic="knowledge-distillation", n=2, progress=heard.append)
    assert len(found) == 2 and heard and "vectorising" in heard[0]
    again = open_index(catalog)
    assert np.array_equal(again.transform(["knowledge distillation of a teacher network"]).toarray(), want)
