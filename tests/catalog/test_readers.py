"""Each dump format read into CatalogRecords, and what a reader skips or refuses."""

from __future__ import annotations

import json

import pytest
from catalog_dumps import CVPR, ICLR, write_json

from papershelf.catalog.readers import READERS, CatalogInputError, Skipped, detect, paperlists, source_name


def read_all(path):
    reader = detect(path)
    return reader, list(reader.read(path, source_name(reader, path), None))


def test_paperlists_records_carry_venue_year_ids_and_links_from_the_dump(tmp_path):
    reader, items = read_all(write_json(tmp_path / "cvpr2021.json.gz", CVPR, gz=True))
    assert reader.name == "paperlists"
    first, second, third = items
    assert first.key.startswith("paperlists/cvpr2021:") and first.source == "paperlists/cvpr2021"
    assert (first.venue, first.year) == ("CVPR", 2021)
    assert first.authors == ["Pengguang Chen", "Shu Liu", "Hengshuang Zhao", "Jiaya Jia"]
    assert first.ids == {"arxiv": "2104.09044"}
    assert first.links == {"paper": CVPR[0]["oa"], "pdf": CVPR[0]["pdf"], "code": CVPR[0]["github"]}
    assert second.authors == ["Mingi Ji", "Seungjae Shin", "Seunghyun Hwang"]  # ';' separated
    assert second.links["code"] == "https://github.com/MingiJi/FRSKD-Efficient"  # scheme added, ligature unfolded
    assert second.abstract == "Knowledge distillation transfers knowledge."
    assert third.ids == {"arxiv": "2103.16367"}  # version dropped


def test_paperlists_names_openreview_ids_and_rejected_papers_have_no_venue(tmp_path):
    _, (accepted, rejected) = read_all(write_json(tmp_path / "iclr2018.json", ICLR))
    assert accepted.key == "paperlists/iclr2018:Bk7wvW-C-"
    assert accepted.ids == {"openreview": "Bk7wvW-C-"}
    assert accepted.links == {"paper": "https://openreview.net/forum?id=Bk7wvW-C-"}
    assert (accepted.venue, rejected.venue, rejected.year) == ("ICLR", None, 2018)


def test_quoted_nicknames_are_left_out_of_author_names():
    assert paperlists.split_authors("Yonggan Fu, Zhangyang \u201cAtlas\u201d Wang; x") == ["Yonggan Fu, Zhangyang Wang", "x"]
    assert paperlists.split_authors('A "B" C, D') == ["A C", "D"]


def test_nips_file_names_give_the_canonical_venue(tmp_path):
    _, (record,) = read_all(write_json(tmp_path / "nips2020.json", [{"title": "T", "author": "A", "status": "Oral"}]))
    assert (record.venue, record.year) == ("NeurIPS", 2020)


def test_a_record_without_title_is_skipped_and_named(tmp_path):
    data = [CVPR[0], {"id": "x1", "title": "  ", "author": "A", "status": "Poster"}, "text", CVPR[1]]
    _, items = read_all(write_json(tmp_path / "cvpr2021.json", data))
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [(s.record, s.key, s.code) for s in skipped] == [(2, "x1", "CAT003"), (3, None, "CAT004")]
    assert sum(not isinstance(i, Skipped) for i in items) == 2


def test_arxiv_snapshot_lines(tmp_path):
    lines = [
        {"id": "1503.02531", "title": "Distilling the Knowledge in a\n  Neural Network", "authors": "G. Hinton, O. Vinyals, J. Dean",
         "authors_parsed": [["Hinton", "Geoffrey", ""], ["Vinyals", "Oriol", ""], ["Dean", "Jeff", ""]],
         "abstract": " A very simple way ", "doi": None, "versions": [{"version": "v1", "created": "Mon, 9 Mar 2015 15:44:49 GMT"}]},
        {"id": "hep-th/9901001", "title": "Old style", "authors": "A. One and B. Two", "abstract": "x"},
        {"id": "2001.00001", "title": "", "authors": "Nobody"},
    ]
    path = tmp_path / "arxiv-metadata-oai-snapshot.json"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    reader, items = read_all(path)
    assert reader.name == "arxiv"
    hinton, old, skipped = items
    assert hinton.title == "Distilling the Knowledge in a Neural Network"
    assert hinton.authors == ["Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"]
    assert (hinton.year, hinton.venue, hinton.ids) == (2015, "arXiv", {"arxiv": "1503.02531"})
    assert hinton.links["paper"] == "https://arxiv.org/abs/1503.02531"
    assert (old.year, old.authors) == (1999, ["A. One", "B. Two"])
    assert isinstance(skipped, Skipped) and skipped.record == 3


def test_csl_json(tmp_path):
    items = [{"id": "ref1", "type": "paper-conference", "title": "Deep Mutual Learning",
              "author": [{"family": "Zhang", "given": "Ying"}, {"literal": "Tao Xiang"}],
              "issued": {"date-parts": [[2018, 6]]},
              "container-title": "Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)",
              "DOI": "10.1109/CVPR.2018.00454", "URL": "https://arxiv.org/abs/1706.00384"}]
    reader, (record,) = read_all(write_json(tmp_path / "refs.json", items))
    assert reader.name == "csl"
    assert record.key == "csl/refs:ref1"
    assert record.authors == ["Ying Zhang", "Tao Xiang"]
    assert (record.year, record.venue) == (2018, "CVPR")
    assert record.ids == {"arxiv": "1706.00384", "doi": "10.1109/CVPR.2018.00454"}


def test_bibtex_uses_the_importer_parsing(tmp_path):
    path = tmp_path / "library.bib"
    path.write_text("@inproceedings{romero2015fitnets, title={{FitNets}: Hints for Thin Deep Nets},\n"
                    " author={Romero, Adriana and Ballas, Nicolas}, booktitle={ICLR}, year={2015},\n"
                    " eprint={1412.6550}, archivePrefix={arXiv}}\n@misc{notitle, year={2020}}\n")
    reader, (record, skipped) = read_all(path)
    assert reader.name == "bibtex"
    assert record.key == "bibtex/library:romero2015fitnets"
    assert (record.title, record.venue, record.year) == ("FitNets: Hints for Thin Deep Nets", "ICLR", 2015)
    assert record.ids == {"arxiv": "1412.6550"}
    assert isinstance(skipped, Skipped) and "notitle" in skipped.message


@pytest.mark.parametrize("content, expected", [
    ('{"papers": []}', "another shape"),
    ('[{"name": "x", "people": []}]', "first record has name, people"),
    ("title,author\nA,B\n", "not a catalog dump"),
    ("", "not a catalog dump"),
])
def test_other_shapes_are_refused_with_what_was_found(tmp_path, content, expected):
    path = tmp_path / "thing.json"
    path.write_text(content)
    with pytest.raises(CatalogInputError) as info:
        detect(path)
    assert expected in info.value.message
    assert "paperlists" in info.value.hint


def test_every_reader_says_where_to_download():
    assert set(READERS) == {"paperlists", "arxiv", "csl", "bibtex"}
    assert READERS["paperlists"].download == "https://github.com/papercopilot/paperlists"


def test_collapsing_whitespace_takes_the_short_cut_only_for_text_already_collapsed():
    from papershelf.catalog.record import collapse

    spaces = [chr(c) for c in range(0x3001) if chr(c).isspace()] + ["\u200b", "\u00ad"]
    for ch in spaces:
        for text in (f"a{ch}b", f"{ch}a", f"a{ch}", f"a {ch}b", ch, f"a{ch}{ch}b"):
            assert collapse(text) == " ".join(text.split()), repr(text)
    already = "Knowledge distillation: a survey"
    assert collapse(already) is already
