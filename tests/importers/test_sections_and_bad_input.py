"""Section judgement, paragraph papers, sub-bullet details, and files of any shape giving papers plus
findings or one clear error."""

from __future__ import annotations

import json

import pytest

from papershelf.config import ShelfConfig
from papershelf.errors import PapershelfError
from papershelf.importers import import_file
from papershelf.importers.markdown.sections import heading_reason


@pytest.mark.parametrize(("heading", "why"), [
    ("Implementations", "code"), ("Some Open Source Codes", "code"), ("Libraries", "tools"),
    ("Talks", "talks, courses and tutorials"), ("Latest Updates", "news and blogs"), ("Contributing", "housekeeping"),
    ("Other Awesome Lists", "housekeeping"), ("Workshop", "events"),
    ("Papers", None), ("Code Generation", None), ("Tool Learning", None), ("Video", None), ("Survey", None),
])
def test_heading_judgement(heading, why):
    assert heading_reason(heading) == why


def test_non_paper_sections_are_skipped_and_reported_unless_included(tmp_path):
    path = tmp_path / "list.md"
    path.write_text("## Papers\n- [A Real Paper Title](https://arxiv.org/abs/2101.00001)\n\n"
                    "## Talks\n- [A Talk About Things](https://youtube.com/watch?v=1)\n"
                    "- [Another Talk Here](https://youtube.com/watch?v=2)\n", encoding="utf-8")
    result = import_file(path, ShelfConfig())
    assert [p.title for p in result.papers] == ["A Real Paper Title"]
    (skip,) = [f for f in result.findings if f.code == "IMP123"]
    assert (skip.line, skip.data["entries"], skip.data["lines"], skip.data["reason"]) == (
        4, 2, [5, 6], "talks, courses and tutorials")
    again = import_file(path, ShelfConfig(), include_sections=("talks",))
    assert len(again.papers) == 3


def test_sections_of_code_repositories_are_not_papers(import_text):
    titles = [p.title for p in import_text("list.md",
        "## Things\n- [Alpha Net](https://github.com/a/alpha)\n- [Beta Net](https://github.com/b/beta)\n"
        "- [Gamma Network Study](https://arxiv.org/abs/2101.00003)\n\n## Papers\n"
        "- [Delta With Code](https://github.com/d/delta)\n- [Epsilon Learning Method](https://arxiv.org/abs/2101.00004)\n"
        "- [Zeta Learning Method](https://arxiv.org/abs/2101.00005)\n").papers]
    assert titles == ["Gamma Network Study", "Delta With Code", "Epsilon Learning Method", "Zeta Learning Method"]


def test_papers_written_as_paragraphs(import_text):
    papers = import_text("list.md",
        "Intro text with [a link](https://example.org) in prose, explaining the list at length.\n\n"
        "[Multimodal Learning with Transformers](https://arxiv.org/abs/2206.06488), TPAMI 2023\n\n"
        "[Experience Grounds Language](https://arxiv.org/abs/2004.10151), EMNLP 2020\n").papers
    assert [(p.title, p.venue, p.year) for p in papers] == [
        ("Multimodal Learning with Transformers", "TPAMI", 2023), ("Experience Grounds Language", "EMNLP", 2020)]


def test_one_paper_over_several_lines_and_sub_bullets(import_text):
    papers = import_text("list.md",
        "- A Survey on Neural Trojans.\n  [[pdf]](https://eprint.iacr.org/2020/201.pdf)\n"
        "  - Yuntao Liu, Ankit Mondal, and Ankur Srivastava. *ISQED*, 2020.\n\n"
        "- [Value Prediction Network](https://arxiv.org/abs/1707.03497)\n"
        "  - Junhyuk Oh, Satinder Singh, Honglak Lee. *NIPS 2017*\n  - Key: value-prediction model\n"
        "  - ExpEnv: [atari](https://github.com/openai/gym)\n").papers
    assert [(p.title, p.authors, p.venue, p.year) for p in papers] == [
        ("A Survey on Neural Trojans", ["Yuntao Liu", "Ankit Mondal", "Ankur Srivastava"], "ISQED", 2020),
        ("Value Prediction Network", ["Junhyuk Oh", "Satinder Singh", "Honglak Lee"], "NeurIPS", 2017)]
    assert papers[1].links == {"paper": "https://arxiv.org/abs/1707.03497"}  # the aside's repo is not a link


@pytest.mark.parametrize(("suffix", "content", "problem"), [
    (".json", json.dumps([{"title": "A", "authors": [1, [2]]}]), "field 'authors' must be a list of text"),
    (".json", json.dumps([{"title": "A", "id": ["x"]}]), "field 'id' must be text"),
    (".json", json.dumps([{"title": "A", "links": "x"}]), "field 'links' must be an object"),
    (".json", json.dumps([{"title": "A", "links": {"paper": "https://[oops"}}]), "'links.paper': malformed URL"),
    (".json", json.dumps([{"title": "A", "read_on": "2021-02-30"}]), "read_on"),
    (".csv", "title,year\nA," + "9" * 5000 + "\n", "field 'year' must be a year"),
    (".csv", "title,links\nA,x\n", "field 'links' must be an object"),
    (".bib", "@misc{k, title={A}, author={B}, url={https://[oops}}", "'links.paper': malformed URL"),
])
def test_records_of_the_wrong_shape_name_their_field(tmp_path, suffix, content, problem):
    path = tmp_path / f"bad{suffix}"
    path.write_text(content, encoding="utf-8")
    result = import_file(path, ShelfConfig())
    (finding,) = [f for f in result.findings if f.severity == "error"]
    assert problem in finding.message and finding.file == str(path)


def test_csv_field_over_the_csv_limit_is_a_finding(import_text):
    result = import_text("big.csv", 'title,abstract\nFirst,"' + "x" * 140_000 + '"\nSecond,short\n')
    assert "First" not in [p.title for p in result.papers]  # csv cannot always resync after such a row
    assert result.findings[0].code == "IMP001" and "field larger than field limit" in result.findings[0].message


@pytest.mark.parametrize(("suffix", "content", "message"), [
    (".json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    (".json", "[" + "9" * 5000 + "]", "cannot be read"),
    (".json", "{", "not valid JSON"),
])
def test_unreadable_files_are_one_clear_error(tmp_path, suffix, content, message):
    path = tmp_path / f"bad{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PapershelfError, match=message):
        import_file(path, ShelfConfig())


def test_records_sharing_one_id_get_fresh_ids(import_text):
    ids = [p.id for p in import_text("same.csv",
        "id,title\n" + "".join(f"same,Title {n}\n" for n in range(300))).papers]
    assert len(set(ids)) == 300 and ids[:3] == ["same", "sameb", "samec"]


def test_papers_whose_only_link_is_their_code_stay_papers(import_text):
    """A plain title with authors, venue and a [code] link is a paper with code, not a repository."""
    result = import_text("list.md", "## ECCV 2020\n\n" + "".join(
        f"{n}. Some Paper Title Number {n}. A. Author, B. Writer. ECCV 2020 [[code]](https://github.com/u/r{n})\n"
        for n in range(1, 4)))
    assert len(result.papers) == 3 and not [f for f in result.findings if f.code == "IMP121"]


def test_bibtex_latex_is_decoded_and_names_split_by_bibtexparser(import_text):
    (paper,) = import_text("refs.bib",
        '@article{k, author = {Sch{\\"o}lkopf, Bernhard and van der Maaten, L. and Yann LeCun},\n'
        "  title = {A {GAN} -- \\emph{and} more}, year = {2020}}\n").papers
    assert paper.authors == ["Bernhard Schölkopf", "L. van der Maaten", "Yann LeCun"]
    assert paper.title == "A GAN \u2013 and more"
