"""`papershelf catalog add|stats|search` as a curator runs them."""

from __future__ import annotations

import gzip
import json

from catalog_dumps import CVPR, write_json


def test_add_a_folder_then_stats_and_search(cli, dumps, tmp_path):
    code, out, err = cli("catalog", "add", dumps)
    assert code == 0, err
    assert "5 papers from 2 file(s) indexed" in " ".join(err.split())
    assert (tmp_path / "user-cache" / "catalog.sqlite").exists()
    code, out, err = cli("catalog", "stats", "--format", "json")
    stats = json.loads(out)
    assert stats["fields"]["papers"] == 5
    assert [s["source"] for s in stats["sources"]] == ["paperlists/cvpr2021", "paperlists/iclr2018"]
    code, out, _ = cli("catalog", "search", "knowledge review", "--format", "json")
    assert json.loads(out)[0]["ids"] == {"arxiv": "2104.09044"}
    code, out, _ = cli("catalog", "search", "contrastive")
    assert code == 0 and "Complementary" in out


def test_a_bad_file_exits_1_naming_it_and_the_rest_is_indexed(cli, dumps, tmp_path):
    bad = dumps / "eccv2020.json.gz"
    bad.write_bytes(gzip.compress(json.dumps(CVPR * 500).encode())[:900])
    code, _, err = cli("catalog", "add", dumps)
    assert code == 1
    text = " ".join(err.split())
    assert "eccv2020.json.gz" in text and "truncated" in text and "Traceback" not in err
    assert "5 papers from 2 file(s) indexed, 1 failed" in text


def test_the_shelf_can_name_its_catalog(cli, shelf, dumps):
    with open(shelf.config_path, "a") as f:
        f.write('\n[catalog]\npath = "data/cat.sqlite"\n')
    code, _, err = cli("catalog", "add", dumps / "iclr2018.json", "--shelf", shelf.root)
    assert code == 0, err
    assert (shelf.root / "data" / "cat.sqlite").exists()


def test_stats_without_a_catalog_says_how_to_make_one(cli):
    code, _, err = cli("catalog", "stats")
    assert code == 1 and "catalog add" in err


def test_add_of_a_missing_path_is_one_clear_error(cli, tmp_path):
    code, _, err = cli("catalog", "add", tmp_path / "missing")
    assert code == 1 and "no such file or folder" in err


def test_json_report_lists_every_finding(cli, tmp_path):
    path = write_json(tmp_path / "cvpr2021.json", [CVPR[0], {"author": "x", "status": "Poster"}])
    code, out, _ = cli("catalog", "add", path, "--format", "json", "--db", tmp_path / "x.sqlite")
    report = json.loads(out)
    assert code == 0 and report["papers"] == 1
    assert [f["code"] for f in report["findings"]] == ["CAT003", "CAT011"]
