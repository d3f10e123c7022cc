"""The catalog database: indexing, incremental re-adds, look-ups, and bad files left out whole."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3

import pytest

from catalog_dumps import CVPR, ICLR, write_json

from papershelf.catalog.readers import base
from papershelf.catalog.store import Catalog, title_hash
from papershelf.errors import PapershelfError
from papershelf.model import normalise_title


def codes(findings):
    return [f.code for f in findings]


def test_add_search_and_look_up(catalog, dumps):
    findings = catalog.add([dumps / "cvpr2021.json.gz", dumps / "iclr2018.json"])
    assert codes(findings) == ["CAT011", "CAT011"]
    assert catalog.count() == 5
    hits = catalog.search("distillation")
    assert {h.title for h in hits} >= {"Complementary Relation Contrastive Distillation",
                                       "A Rejected Paper on Distillation"}
    assert catalog.search("review knowledge")[0].title == "Distilling Knowledge via Knowledge Review"
    assert catalog.search("Pengguang")[0].authors[0] == "Pengguang Chen"
    assert catalog.search("distil")  # the last word is a prefix
    assert catalog.search('"; DROP TABLE papers; --') == []  # user text is never FTS syntax
    (rec,) = catalog.by_id("arxiv", "2103.16367")
    assert rec.source == "paperlists/cvpr2021" and rec.year == 2021
    assert catalog.by_id("openreview", "Bk7wvW-C-")[0].venue == "ICLR"
    assert [r.title for r in catalog.by_title("complementary relation contrastive DISTILLATION!")] == [CVPR[2]["title"]]
    assert len(list(catalog.records({"source": "paperlists/iclr2018"}))) == 2
    keys = ["paperlists/iclr2018:Bk7wvW-C-", rec.key, "paperlists/iclr2018:nope", "nokey"]
    assert set(catalog.by_keys(keys)) == {"paperlists/iclr2018:Bk7wvW-C-", rec.key}
    rows = list(catalog.texts())
    assert len(rows) == 5 and rows[2].title == rec.title and rows[2].ids == {"arxiv": "2103.16367"}
    assert catalog.by_title(rec.title) == [rec] and rows[2].title_hash == title_hash(normalise_title(rec.title))
    assert catalog.at_rows([rows[2][0], -1]) == {rows[2][0]: rec}  # a row not there is left out
    assert [r.year for r in catalog.records({"venue": "CVPR"})] == [2021, 2021, 2021]


def test_unchanged_files_are_skipped_and_changed_ones_replace_their_source(catalog, dumps):
    catalog.add([dumps / "iclr2018.json"])
    assert codes(catalog.add([dumps / "iclr2018.json"])) == ["CAT010"]
    os.utime(dumps / "iclr2018.json", ns=(1, 1))  # touched, same content: still unchanged (hash)
    assert codes(catalog.add([dumps / "iclr2018.json"])) == ["CAT010"]
    write_json(dumps / "iclr2018.json", ICLR[:1])
    assert codes(catalog.add([dumps / "iclr2018.json"])) == ["CAT011"]
    assert catalog.count() == 1
    assert catalog.search("rejected") == []  # gone from the full-text index too
    assert catalog.sources()[0]["records"] == 1


def test_a_truncated_gzip_is_reported_and_the_earlier_version_stays(catalog, tmp_path):
    path = write_json(tmp_path / "cvpr2021.json.gz", CVPR, gz=True)
    catalog.add([path])
    big = CVPR * 2000
    data = gzip.compress(json.dumps(big).encode())
    path.write_bytes(data[: len(data) // 2])
    (failure,) = catalog.add([path])
    assert failure.code == "CAT001" and failure.severity == "error"
    assert failure.file == str(path) and "truncated" in failure.message
    assert failure.line and failure.line > 1  # the record where reading stopped
    assert "nothing of this file was indexed" in failure.message
    assert catalog.count() == 3  # the earlier version, whole


def test_a_file_broken_half_way_indexes_nothing(catalog, tmp_path, monkeypatch):
    from papershelf.catalog import store

    monkeypatch.setattr(store, "BATCH", 2)  # batches (and their full-text index) written before the failure
    good = write_json(tmp_path / "wacv2021.json", CVPR)
    catalog.add([good])
    broken = tmp_path / "iccv2021.json"
    broken.write_text(json.dumps(CVPR)[:-1] + ', {"title": "x", ]')
    (failure,) = catalog.add([broken])
    assert failure.code == "CAT001" and failure.line == 4 and "not valid JSON" in failure.message
    assert catalog.count() == 3 and [s["source"] for s in catalog.sources()] == ["paperlists/wacv2021"]
    assert [r.source for r in catalog.search(CVPR[0]["title"], 10)] == ["paperlists/wacv2021"]
    catalog.db.execute("INSERT INTO fts(fts, rank) VALUES ('integrity-check', 1)")  # the index is the papers'


def test_a_record_bigger_than_any_paper_stops_the_file(catalog, tmp_path, monkeypatch):
    monkeypatch.setattr(base, "MAX_RECORD_BYTES", 4096)
    monkeypatch.setattr(base, "CHUNK", 1024)
    path = write_json(tmp_path / "cvpr2021.json", CVPR + [{"title": "t", "author": "a", "status": "x",
                                                            "abstract": "y" * 10000}])
    (failure,) = catalog.add([path])
    assert failure.code == "CAT001" and failure.line == 4 and "larger than" in failure.message
    assert catalog.count() == 0


def test_records_without_title_are_warnings_naming_file_and_record(catalog, tmp_path):
    path = write_json(tmp_path / "cvpr2021.json", [CVPR[0], {"id": "p7", "author": "A", "status": "Poster"}])
    findings = catalog.add([path])
    assert codes(findings) == ["CAT003", "CAT011"]
    assert findings[0].file == str(path) and findings[0].line == 2 and "(p7)" in findings[0].message
    assert catalog.count() == 1


def test_duplicate_ids_in_one_dump_are_both_kept(catalog, tmp_path):
    path = write_json(tmp_path / "iclr2018.json", [ICLR[0], ICLR[0]])
    catalog.add([path])
    assert sorted(r.key for r in catalog.records()) == ["paperlists/iclr2018:Bk7wvW-C-",
                                                        "paperlists/iclr2018:Bk7wvW-C-~2"]


def test_the_catalog_survives_reopening_and_reports_fields(tmp_path, dumps):
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        cat.add([dumps / "cvpr2021.json.gz"])
    with Catalog.open(path) as cat:
        counts = cat.field_counts()
    assert counts["papers"] == 3 and counts["ids.arxiv"] == 2 and counts["links.code"] == 2
    assert counts["abstract"] == 1


def test_a_missing_file_is_a_finding_not_a_crash(catalog, tmp_path):
    (failure,) = catalog.add([tmp_path / "nope.json"])
    assert failure.code == "CAT001" and "cannot read" in failure.message


def test_a_catalog_of_another_schema_version_says_to_rebuild(tmp_path):
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('schema', '1');"
                     "CREATE TABLE papers(id INTEGER PRIMARY KEY, norm TEXT);")
    db.close()
    with pytest.raises(PapershelfError, match="schema 1 is not") as info:
        Catalog.open(path)
    assert "add the dumps again" in str(info.value)


def test_a_full_disk_is_one_clear_error_and_the_catalog_keeps_what_it_had(catalog, dumps, tmp_path):
    """SQLite rolls a transaction back itself when the disk fills (a cap on the file's pages
    here): the error says so, not a failed second ROLLBACK."""
    catalog.add([dumps / "iclr2018.json"])
    big = [dict(CVPR[0], id=f"x{i}", title=f"Paper number {i}", abstract="words " * 400) for i in range(3000)]
    write_json(tmp_path / "big.json", big)
    pages = catalog.db.execute("PRAGMA page_count").fetchone()[0]
    catalog.db.execute(f"PRAGMA max_page_count={pages + 20}")
    with pytest.raises(PapershelfError, match="disk is full; nothing of big.json was indexed"):
        catalog.add([tmp_path / "big.json"])
    assert catalog.count() == 2 and [s["source"] for s in catalog.sources()] == ["paperlists/iclr2018"]
