"""`papershelf suggest [accept|dismiss]` and `papershelf classify` as a curator runs them."""

from __future__ import annotations

import gzip
import json



def test_suggest_then_accept_and_dismiss(cli, shelf, catalog):
    code, out, err = cli("suggest", "--topic", "knowledge-distillation", "-n", "3", "--format", "json",
                         "--shelf", shelf.root)
    assert code == 0, err
    found = json.loads(out)
    assert len(found) == 3 and all(":kd" in s["key"] for s in found)
    assert found[0]["because"][0]["paper"] in {"hinton", "fitnets", "rkd"} and found[0]["title"]
    code, out, err = cli("suggest", "-t", "knowledge-distillation", "-n", "2", "--shelf", shelf.root)
    assert code == 0 and found[0]["key"] in out and "suggest accept KEY" in " ".join(err.split())
    code, out, err = cli("suggest", "accept", found[0]["key"], "--topic", "knowledge-distillation",
                         "--shelf", shelf.root)
    assert code == 0, err
    new_id = out.strip()
    assert new_id in {p.id for p in type(shelf)(shelf.root).papers}
    code, _, err = cli("suggest", "dismiss", found[1]["key"], found[1]["key"], "--shelf", shelf.root)
    assert code == 0 and "1 paper dismissed" in err
    code, out, _ = cli("suggest", "-t", "knowledge-distillation", "-f", "json", "--shelf", shelf.root)
    assert {s["key"] for s in json.loads(out)}.isdisjoint({found[0]["key"], found[1]["key"]})


def test_clear_messages_for_bad_input(cli, shelf, tmp_path):
    code, _, err = cli("suggest", "--shelf", shelf.root)
    assert code == 1 and "no catalog at" in err and "catalog add" in err and "Traceback" not in err
    code, _, err = cli("suggest", "--format", "xml", "--shelf", shelf.root)
    assert code == 1 and "--format 'xml'" in err


def test_suggest_accept_of_an_unknown_key(cli, shelf, catalog):
    code, _, err = cli("suggest", "accept", "nope:1", "--shelf", shelf.root)
    assert code == 1 and "no paper 'nope:1' in the catalog" in err


def test_classify_lists_then_files_with_yes(cli, shelf):
    papers = shelf.root / "papers" / "knowledge-distillation.yaml"
    papers.write_text(papers.read_text() + "- id: soft\n  title: Soft targets of the network's output\n"
                      "  topics: [knowledge-distillation]\n", encoding="utf-8")
    code, out, err = cli("classify", "--taxonomy", "kd", "--format", "json", "--shelf", shelf.root)
    assert code == 0, err
    proposals = {p["paper"]: p["section"] for p in json.loads(out)}
    assert set(proposals) == {"rkd", "soft"}
    assert "pass --yes" in err and "sections" not in papers.read_text().split("id: soft")[1]
    code, out, err = cli("classify", "--taxonomy", "kd", "--yes", "--shelf", shelf.root)
    assert code == 0 and "2 papers filed" in err
    after = {p.id: p.sections for p in type(shelf)(shelf.root).papers}
    assert after["soft"] == [proposals["soft"]] and after["rkd"] == [proposals["rkd"]]
    code, _, err = cli("classify", "--taxonomy", "fl", "--shelf", shelf.root)
    assert code == 1 and "no taxonomy node 'fl'" in err


def test_the_site_shows_nothing_of_dismissed_papers(cli, shelf, catalog, tmp_path):
    code, _, err = cli("suggest", "dismiss", "paperlists/icml2020:kd7", "--shelf", shelf.root)
    assert code == 0, err
    assert "Data-Free Knowledge Distillation" in (shelf.root / "dismissed.yaml").read_text()
    code, _, err = cli("build", "--out", tmp_path / "site", "--shelf", shelf.root)
    assert code == 0, err
    built = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    texts = [gzip.decompress(data) if p.suffix == ".gz" else data for p, data in built.items()]
    assert any(b"Relational Knowledge Distillation" in t for t in texts)  # the shelf's papers are there
    assert not [t for t in texts if b"Data-Free" in t or b"dismissed" in t]
