"""suggest, accept and dismiss on a hand-made catalog (real SQLite) and a temp shelf."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from discover_data import dump

from papershelf.app import discover
from papershelf.discover.index import index_folder, open_index
from papershelf.errors import PapershelfError

TODAY = dt.date(2026, 12, 1)


def keys(found):
    return [s.record.key for s in found]


def test_topic_suggestions_fit_the_topic_and_skip_the_shelf(shelf, catalog):
    found = discover.suggest(shelf, catalog, topic="knowledge-distillation", n=4)
    # the four KD papers not on the shelf, none of the three that are (matched by arXiv id or title)
    assert sorted(keys(found)) == ["paperlists/icml2020:kd4", "paperlists/icml2020:kd5",
                                   "paperlists/icml2020:kd6", "paperlists/icml2020:kd7"]
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    for s in found:  # each says why: its nearest papers of the topic
        assert s.because and {pid for pid, _ in s.because} <= {"hinton", "fitnets", "rkd"}
        assert all(0 < sim <= 1 for _, sim in s.because)


def test_whole_shelf_suggestions_rank_both_topics_above_unrelated_papers(shelf, catalog):
    found = discover.suggest(shelf, catalog, n=100)
    ranked = keys(found)
    assert len(ranked) == 57 - 4  # every catalog paper but the shelf's four
    local = [k.rsplit(":", 1)[1] for k in ranked]
    assert {"kd4", "kd5", "kd6", "kd7"} <= set(local[:6])
    last_fl = max(local.index(k) for k in ("fl2", "fl3", "fl4", "fl5"))
    assert all(local.index(k) > last_fl for k in local if k.startswith("ot") and int(k[2:]) >= 10)


def test_section_scope_learns_from_the_node_and_its_subtree(shelf, catalog):
    found = discover.suggest(shelf, catalog, section="kd", n=3)
    assert all(":kd" in k for k in keys(found))
    with pytest.raises(PapershelfError, match="no taxonomy node 'nope'"):
        discover.suggest(shelf, catalog, section="nope")
    with pytest.raises(PapershelfError, match="no topic 'nope'"):
        discover.suggest(shelf, catalog, topic="nope")
    with pytest.raises(PapershelfError, match="not both"):
        discover.suggest(shelf, catalog, topic="knowledge-distillation", section="kd")


def test_dismissed_papers_are_never_suggested_and_remembered_in_the_shelf(shelf, catalog):
    first = keys(discover.suggest(shelf, catalog, topic="knowledge-distillation", n=1))[0]
    new = discover.dismiss(shelf, catalog, [first], today=TODAY)
    assert [d.key for d in new] == [first]
    assert discover.dismiss(shelf, catalog, [first], today=TODAY) == []  # already dismissed: not repeated
    text = (shelf.root / "dismissed.yaml").read_text()
    assert text.count(f"key: '{first}'") == 1 and "date: 2026-12-01" in text
    again = keys(discover.suggest(shelf, catalog, topic="knowledge-distillation", n=10))
    assert first not in again and all(":kd" in k for k in again[:3])


def test_a_dismissed_paper_stays_dismissed_under_another_key(shelf, catalog, dumps):
    discover.dismiss(shelf, catalog, ["paperlists/icml2020:kd7"], today=TODAY)
    same = dump([("other", "Data-free knowledge distillation with synthetic samples!", None, None)])
    (dumps / "cvpr2021.json").write_text(json.dumps(same))
    assert catalog.add([dumps / "cvpr2021.json"])[0].code == "CAT011"
    found = keys(discover.suggest(shelf, catalog, topic="knowledge-distillation", n=20))
    assert "paperlists/cvpr2021:other" not in found and "paperlists/icml2020:kd7" not in found


def test_accept_adds_the_catalog_record_with_provenance(shelf, catalog):
    discover.dismiss(shelf, catalog, ["paperlists/icml2020:kd4"], today=TODAY)
    (paper,) = discover.accept(shelf, catalog, ["paperlists/icml2020:kd4"], topic="knowledge-distillation",
                               section="kd/feature-based", today=TODAY)
    shelf.invalidate()
    stored = shelf.get(paper.id)
    assert stored.title == "Contrastive Representation Distillation"
    assert stored.authors == ["Author KD4", "Second kd4"] and stored.year == 2020 and stored.venue == "ICML"
    assert stored.abstract.startswith("A contrastive objective")
    assert stored.links["code"] == "https://github.com/example/kd4"
    assert stored.topics == ["knowledge-distillation"] and stored.sections == ["kd/feature-based"]
    assert stored.added == TODAY
    assert stored.provenance["abstract"].source == "catalog:paperlists/icml2020"
    assert stored.provenance["links.code"].date == TODAY
    path, _ = shelf.where(paper.id)
    assert path.name == "knowledge-distillation.yaml"
    assert discover.dismissed(shelf) == []  # accepting takes it off the dismissed list
    with pytest.raises(PapershelfError, match=f"already on the shelf as '{paper.id}'"):
        discover.accept(shelf, catalog, ["paperlists/icml2020:kd4"])
    assert "paperlists/icml2020:kd4" not in keys(discover.suggest(shelf, catalog, n=50))


def test_unknown_keys_are_refused_and_nothing_is_written(shelf, catalog):
    before = [p.id for p in shelf.papers]
    with pytest.raises(PapershelfError, match="no paper 'paperlists/icml2020:nope' in the catalog"):
        discover.accept(shelf, catalog, ["paperlists/icml2020:kd5", "paperlists/icml2020:nope"])
    with pytest.raises(PapershelfError, match="no paper 'x' in the catalog"):
        discover.dismiss(shelf, catalog, ["x"])
    shelf.invalidate()
    assert [p.id for p in shelf.papers] == before
    assert not (shelf.root / "dismissed.yaml").exists()


def test_a_broken_dismissed_file_is_reported_with_its_line(shelf, catalog):
    (shelf.root / "dismissed.yaml").write_text("# comment\n- {key: a, title: A}\n- just text\n")
    with pytest.raises(PapershelfError) as info:
        discover.suggest(shelf, catalog)
    assert info.value.line == 3 and "entry 2" in str(info.value)


def test_the_vectorised_catalog_is_kept_per_catalog_version(shelf, catalog, dumps):
    first = open_index(catalog)
    assert open_index(catalog).folder == first.folder  # reused, not rebuilt
    (dumps / "cvpr2021.json").write_text(json.dumps(dump([("n", "A New Paper on Graphs", None, None)])))
    assert catalog.add([dumps / "cvpr2021.json"])[0].code == "CAT011"
    second = open_index(catalog)
    assert second.folder != first.folder and second.size == first.size + 1 == 58
    assert [p.name for p in index_folder(catalog).iterdir()] == [second.folder.name]  # the old one is gone


def test_an_unreadable_vectorised_catalog_is_built_again(shelf, catalog):
    folder = open_index(catalog).folder
    (folder / "indptr.npy").write_bytes(b"not numpy")
    heard = []
    found = discover.suggest(shelf, catalog, topic="knowledge-distillation", n=2, progress=heard.append)
    assert len(found) == 2 and heard and "vectorising" in heard[0]
    assert open_index(catalog).folder == folder


def test_an_empty_catalog_says_so(shelf, tmp_path):
    from papershelf.catalog.store import Catalog

    with Catalog.open(tmp_path / "empty.sqlite") as empty:
        with pytest.raises(PapershelfError, match="the catalog is empty"):
            discover.suggest(shelf, empty)


def test_a_failed_write_of_the_embeddings_leaves_no_file(catalog, monkeypatch):
    """A full disk while the catalog's embeddings are saved: an error naming it, and no
    half-written array left in the index folder (a fake model: the real one is optional)."""
    import numpy as np

    from papershelf.discover import embed
    from papershelf.discover.index import with_embeddings

    index = open_index(catalog)
    before = set(index.folder.iterdir())

    def disk_full(fh, array):
        fh.write(b"\x93NUMPY half an array")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(embed, "model_name", lambda: "fake")
    monkeypatch.setattr(embed, "embed", lambda texts: np.zeros((len(texts), embed.DIM), dtype=np.float32))
    monkeypatch.setattr(np, "save", disk_full)
    with pytest.raises(PapershelfError, match="No space left on device"):
        with_embeddings(catalog, index)
    assert set(index.folder.iterdir()) == before


def test_a_failed_build_of_the_index_leaves_no_folder(catalog, monkeypatch):
    import numpy as np

    def disk_full(path, array):
        Path(path).write_bytes(b"\x93NUMPY half an array")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "save", disk_full)
    with pytest.raises(PapershelfError, match="No space left on device"):
        open_index(catalog)
    assert not [p for p in index_folder(catalog).iterdir() if p.name.startswith(".building-")]


class PublicOnly:
    """A catalog seen only through its API: discover must not reach for its tables."""

    def __init__(self, catalog):
        self._catalog = catalog

    def __getattr__(self, name):
        if name == "db" or name.startswith("_"):
            raise AttributeError(f"{name}: not the catalog's API")
        return getattr(self._catalog, name)


def test_the_index_reads_the_catalog_through_its_api_only(shelf, catalog, dumps):
    index = open_index(PublicOnly(catalog))
    assert index.size == catalog.count() and open_index(catalog).folder == index.folder
    before = catalog.version()
    (dumps / "cvpr2021.json").write_text(json.dumps(dump([("n", "A New Paper on Graphs", None, None)])))
    catalog.add([dumps / "cvpr2021.json"])
    assert catalog.version() != before and open_index(PublicOnly(catalog)).size == index.size + 1
    found = discover.suggest(shelf, PublicOnly(catalog), topic="knowledge-distillation", n=2)
    assert len(found) == 2
