"""The Markdown importer reads the shapes curators really write: each test builds its own small list."""

from __future__ import annotations

import pytest

from papershelf.config import ShelfConfig
from papershelf.importers.markdown import link_kind


def titles(result):
    return {p.title: p for p in result.papers}


def codes(result):
    return [f.code for f in result.findings]


def test_html_list_without_closing_li_link_on_next_line_and_wrapped_title(read):
    result = read("""\
## Knowledge Distillation

### [CVPR 2021](http://cvpr2021.thecvf.com/)
<ul>
<li>Structure-Level Knowledge Distillation For
Multilingual Sequence Labeling<a href="https://arxiv.org/abs/2005.00001">[paper]</a><a href="https://github.com/a/b">[code]</a>
<li>A General Framework via Uniform Data <a href="https://example.org/p.pdf">[paper]</a>
<a href="https://github.com/c/d">[code]</a>
<li>Fidelity &amp; Speed: A Study.<a href="https://example.org/q.pdf">[paper]</a>
</ul>
""")
    papers = titles(result)
    assert set(papers) == {"Structure-Level Knowledge Distillation For Multilingual Sequence Labeling",
                           "A General Framework via Uniform Data", "Fidelity & Speed: A Study"}
    wrapped = papers["Structure-Level Knowledge Distillation For Multilingual Sequence Labeling"]
    assert wrapped.links == {"paper": "https://arxiv.org/abs/2005.00001", "code": "https://github.com/a/b"}
    assert wrapped.ids == {"arxiv": "2005.00001"}
    assert (wrapped.venue, wrapped.year, wrapped.topics) == ("CVPR", 2021, ["knowledge-distillation"])
    assert papers["A General Framework via Uniform Data"].links["code"] == "https://github.com/c/d"
    assert result.findings == []


def test_markdown_bullets_with_title_links_authors_and_venue(read):
    result = read("""\
- [Distilling the Knowledge in a Neural Network](https://arxiv.org/abs/1503.02531), Geoffrey Hinton, Oriol Vinyals, Jeff Dean, NeurIPS 2015, [code](https://github.com/x/y)
* [Born Again Neural Networks](https://arxiv.org/abs/1805.04770), Tommaso Furlanello, ICML 2018
""")
    papers = titles(result)
    hinton = papers["Distilling the Knowledge in a Neural Network"]
    assert hinton.authors == ["Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"]
    assert (hinton.venue, hinton.year) == ("NeurIPS", 2015)
    assert hinton.links == {"paper": "https://arxiv.org/abs/1503.02531", "code": "https://github.com/x/y"}
    assert hinton.id == "hinton2015distilling"
    assert (papers["Born Again Neural Networks"].venue, papers["Born Again Neural Networks"].year) == ("ICML", 2018)


def test_numbered_list_with_reference_links(read):
    result = read("""\
1. FitNets: Hints for Thin Deep Nets. A. Romero, N. Ballas. ICLR 2015 [[code]][fit] [[paper]][fitp]
2. Paying More Attention to Attention. S. Zagoruyko, N. Komodakis. ICLR 2017 [[code]][missing]

[fit]: https://github.com/adri-romsor/FitNets
[fitp]: https://arxiv.org/abs/1412.6550
""")
    papers = titles(result)
    fit = papers["FitNets: Hints for Thin Deep Nets"]
    assert fit.authors == ["A. Romero", "N. Ballas"]
    assert (fit.venue, fit.year) == ("ICLR", 2015)
    assert fit.links == {"code": "https://github.com/adri-romsor/FitNets", "paper": "https://arxiv.org/abs/1412.6550"}
    attention = papers["Paying More Attention to Attention"]
    assert (attention.venue, attention.year) == ("ICLR", 2017)
    assert "IMP181" in codes(result)  # [[code]][missing] has no definition


def test_bold_titles_with_apa_authors(read):
    result = read("""\
<ul>
<li> <strong>Do deep nets really need to be deep?</strong> Ba, J., & Caruana, R. (2014). NIPS <a href="https://papers.nips.cc/paper/2014/file/ea8f-Paper.pdf">[paper]</a></li>
<li><strong>Transferring
knowledge to smaller network.</strong> Kim, S. W. & Kim, H. E. (2017). In: ICLRW. <a href="https://openreview.net/pdf?id=ByXrfaGFe">[paper]</a></li>
</ul>

- **Markdown Bold Title** · A. Smith, B. Jones · [pdf](https://example.org/m.pdf)
""")
    papers = titles(result)
    ba = papers["Do deep nets really need to be deep?"]
    assert ba.authors == ["J. Ba", "R. Caruana"] and (ba.venue, ba.year) == ("NeurIPS", 2014)
    kim = papers["Transferring knowledge to smaller network"]
    assert kim.authors == ["S. W. Kim", "H. E. Kim"] and (kim.venue, kim.year) == ("ICLR Workshop", 2017)
    assert kim.ids == {"openreview": "ByXrfaGFe"}
    assert papers["Markdown Bold Title"].authors == ["A. Smith", "B. Jones"]
    assert papers["Markdown Bold Title"].links == {"paper": "https://example.org/m.pdf"}


def test_nested_sub_bullets_carry_url_and_authors_or_group_entries(read):
    result = read("""\
- **Relational Knowledge Distillation**
  - Authors: Wonpyo Park, Dongju Kim
  - https://arxiv.org/abs/1904.05068
  - [code](https://github.com/lenscloth/RKD)
- Vision
  - [Paper One About Vision](https://example.org/1.pdf)
  - [Paper Two About Vision](https://example.org/2.pdf)
""")
    papers = titles(result)
    assert set(papers) == {"Relational Knowledge Distillation", "Paper One About Vision", "Paper Two About Vision"}
    rkd = papers["Relational Knowledge Distillation"]
    assert rkd.authors == ["Wonpyo Park", "Dongju Kim"]
    assert rkd.links == {"paper": "https://arxiv.org/abs/1904.05068", "code": "https://github.com/lenscloth/RKD"}
    assert rkd.ids == {"arxiv": "1904.05068"}
    assert papers["Paper One About Vision"].sections == ["vision"]  # the parent bullet is a section


def test_tables_with_ragged_rows_and_an_index_table_that_is_not_papers(read):
    result = read("""\
| Conference | 2021 | 2020 |
| --- | --- | --- |
| CVPR | [CVPR2021](#cvpr-2021) | NA |

| Title | Venue | Date | Code |
| --- | --- | --- | --- |
| [**Contrastive Representation Distillation**](https://arxiv.org/abs/1910.10699) | ICLR | 2020 | [Github](https://github.com/HobbitLong/RepDistiller) |
| [**Short Row Paper Title**](https://example.org/s.pdf) | CVPR |
| [**Long Row Paper Title**](https://example.org/l.pdf) | ECCV | 2020-08 | [code](https://github.com/a/b) | [video](https://youtube.com/watch?v=1) |
""")
    papers = titles(result)
    assert set(papers) == {"Contrastive Representation Distillation", "Short Row Paper Title", "Long Row Paper Title"}
    crd = papers["Contrastive Representation Distillation"]
    assert (crd.venue, crd.year) == ("ICLR", 2020)
    assert crd.links == {"paper": "https://arxiv.org/abs/1910.10699",
                         "code": "https://github.com/HobbitLong/RepDistiller"}
    long = papers["Long Row Paper Title"]
    assert long.year == 2020 and long.links["video"] == "https://youtube.com/watch?v=1"
    assert papers["Short Row Paper Title"].venue == "CVPR"
    assert codes(result).count("IMP180") == 2


def test_headings_set_venue_and_year_and_other_headings_topic_and_section(read):
    result = read("""\
# My list

## Federated Learning

### FL on ICML 2020
<ul><li>Federated Paper On ICML<a href="https://proceedings.mlr.press/v119/a.pdf">[paper]</a></ul>

### 2019
- [A Paper From 2019 Only](https://example.org/2019.pdf)

### Applications of Things
- [An Application Paper](https://example.org/app.pdf)

## Knowledge Distillation

### [CVPR 2021](http://cvpr2021.thecvf.com/)
<ul>
<li>[WACV2021]Data-free Knowledge Distillation for Object Detection<a href="https://openaccess.thecvf.com/content/WACV2021/x.pdf">[paper]</a>
</ul>

### Response-based knowledge
<strong>[ECCV 2020](https://eccv2020.eu/)</strong>
<ul>
<li>Under A Bold Venue Line<a href="https://example.org/b.pdf">[paper]</a>
</ul>
""")
    papers = titles(result)
    icml = papers["Federated Paper On ICML"]
    assert (icml.venue, icml.year, icml.topics, icml.sections) == ("ICML", 2020, ["federated-learning"], [])
    only_year = papers["A Paper From 2019 Only"]
    assert (only_year.venue, only_year.year) == (None, 2019)
    assert papers["An Application Paper"].sections == ["applications-of-things"]
    wacv = papers["Data-free Knowledge Distillation for Object Detection"]
    assert (wacv.venue, wacv.year) == ("WACV", 2021)
    assert "IMP152" in codes(result)
    bold = papers["Under A Bold Venue Line"]
    assert (bold.venue, bold.year, bold.sections) == ("ECCV", 2020, ["kd/response-based"])  # taxonomy name


@pytest.mark.parametrize("label,kind", [
    ("[paper]", "paper"), ("PDF", "paper"), ("arXiv", "paper"), ("[page]", "paper"), ("[article]", "paper"),
    ("code", "code"), ("[Github]", "code"), ("PyTorch", "code"), ("TensorFlow", "code"), ("[Speed Measure code]", "code"),
    ("project", "project"), ("Homepage", "project"), ("[supp]", "supp"), ("Supplemental", "supp"),
    ("video", "video"), ("[poster]", "poster"), ("Slides", "slides"), ("[paper_ToBeUpdate]", "paper"),
    ("Online Version", None),
])
def test_link_labels_map_to_kinds(label, kind):
    assert link_kind(label) == kind


def test_placeholder_with_empty_href_is_link_missing(read):
    result = read("""\
<ul>
<li>PSSM-Distil: Protein Structure Prediction <a href="">[paper_ToBeUpdate]</a>
<li>Decoupled Features Detector<a href="">[paper_tobe_updated]</a><a href="https://github.com/x/y">[code]</a>
</ul>
""")
    papers = titles(result)
    assert papers["PSSM-Distil: Protein Structure Prediction"].links == {"paper": None}
    assert papers["Decoupled Features Detector"].links == {"paper": None, "code": "https://github.com/x/y"}
    assert codes(result).count("IMP101") == 2


def test_marks_follow_the_lists_own_legend(read):
    legend = """\
Reading Priority:
Top: :star2:
Second :star:

Reading Completion:
:heavy_check_mark:

"""
    items = """\
<ul>
<li>:star2:Top Priority Paper Title<a href="https://example.org/1.pdf">[paper]</a>
<li>:star:Second Priority Paper<a href="https://example.org/2.pdf">[paper]</a>:heavy_check_mark:
<li>Owner Of The Stray Mark<a href="https://example.org/3.pdf">[paper]</a>
:heavy_check_mark:<li>Next Entry After The Mark<a href="https://example.org/4.pdf">[paper]</a>
</ul>
"""
    result = read(legend + items)
    papers = titles(result)
    assert (papers["Top Priority Paper Title"].priority, papers["Top Priority Paper Title"].status) == ("top", "unread")
    assert (papers["Second Priority Paper"].priority, papers["Second Priority Paper"].status) == ("second", "read")
    assert papers["Owner Of The Stray Mark"].status == "read"
    assert papers["Next Entry After The Mark"].status == "unread"
    assert codes(result).count("IMP140") == 1
    # the same entries without a legend: stars are not priorities (they may mean GitHub stars)
    bare = read(items)
    assert all(p.priority is None and p.status == "unread" for p in bare.papers)
    assert "IMP141" in codes(bare)


def test_unicode_emoji_legend(read):
    result = read("Legend: 🌟 must read, ✅ done\n\n- 🌟 [Emoji Marked Study](https://example.org/e.pdf) ✅\n")
    (paper,) = result.papers
    assert (paper.title, paper.priority, paper.status) == ("Emoji Marked Study", "top", "read")


def test_entry_id_comment_and_tags_are_read(read):
    result = read("- **Tagged Paper** · [paper](https://example.org/t.pdf) `short-paper` <!-- id: smith2020tagged -->\n")
    (paper,) = result.papers
    assert (paper.id, paper.tags) == ("smith2020tagged", ["short-paper"])


def test_topic_option_adds_a_topic(read):
    result = read("- [Some Paper Title](https://example.org/x.pdf)\n", cfg=ShelfConfig(), topic="misc")
    assert result.papers[0].topics == ["misc"]


def test_awesome_list_shapes(read):
    result = read("""\
## 2019

- Distilling the Knowledge in a Neural Network. Geoffrey Hinton, Oriol Vinyals, and Jeff Dean. arXiv:1503.02531
- **[CVPR 2019]** Knowledge Adaptation for Efficient Semantic Segmentation. [[paper](https://arxiv.org/abs/1903.04688)] [[code](https://github.com/x/y)]
* <a href="https://openreview.net/forum?id=SkgpBJrtvS">Contrastive Representation Distillation</a> (ICLR 2020)
- [Similarity-Preserving Knowledge Distillation](https://arxiv.org/abs/1907.09682) - *ICCV*

| Year | Title | Venue | Paper | Code |
|------|-------|-------|-------|------|
| 2021 | Distilling Knowledge via Knowledge Review | CVPR | [link](https://arxiv.org/abs/2104.09044) | [GitHub](https://github.com/d/r) ![stars](https://img.shields.io/x) |
| 2020 | Online Knowledge Distillation via Collaborative Learning | CVPR | [pdf](https://example.org/a.pdf) | - |
""")
    papers = titles(result)
    hinton = papers["Distilling the Knowledge in a Neural Network"]
    assert hinton.authors == ["Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"]
    assert (hinton.links, hinton.ids) == ({"paper": "https://arxiv.org/abs/1503.02531"}, {"arxiv": "1503.02531"})
    adaptation = papers["Knowledge Adaptation for Efficient Semantic Segmentation"]
    assert (adaptation.venue, adaptation.year, sorted(adaptation.links)) == ("CVPR", 2019, ["code", "paper"])
    crd = papers["Contrastive Representation Distillation"]
    assert (crd.venue, crd.year, crd.ids) == ("ICLR", 2020, {"openreview": "SkgpBJrtvS"})
    assert (papers["Similarity-Preserving Knowledge Distillation"].venue,
            papers["Similarity-Preserving Knowledge Distillation"].year) == ("ICCV", 2019)
    review = papers["Distilling Knowledge via Knowledge Review"]
    assert (review.venue, review.year) == ("CVPR", 2021)
    assert review.links == {"paper": "https://arxiv.org/abs/2104.09044", "code": "https://github.com/d/r"}
    assert len(result.papers) == 6 and result.findings == []


def test_html_tables_and_bare_urls_in_prose(read):
    result = read("""\
<table>
<tr><th>Title</th><th>Venue</th><th>Links</th></tr>
<tr><td>Born Again Neural Networks</td><td>ICML 2018</td><td><a href="https://arxiv.org/abs/1805.04770">[paper]</a></td></tr>
<tr><td><b>Deep Mutual Learning</b></td><td>CVPR 2018</td><td><a href="https://arxiv.org/abs/1706.00384">paper</a> <a href="https://github.com/x/y">code</a></td></tr>
</table>

Also see https://arxiv.org/abs/2006.05525 for a survey.
""")
    papers = titles(result)
    assert set(papers) == {"Born Again Neural Networks", "Deep Mutual Learning"}  # the header row is not a paper
    assert (papers["Born Again Neural Networks"].venue, papers["Born Again Neural Networks"].year) == ("ICML", 2018)
    assert papers["Deep Mutual Learning"].links == {"paper": "https://arxiv.org/abs/1706.00384",
                                                   "code": "https://github.com/x/y"}
    assert [(f.code, f.line) for f in result.findings] == [("IMP122", 7)]


def test_nested_html_lists_name_groups(read):
    result = read("""\
<ul>
<li>Vision
  <ul>
  <li>Paper About Vision One<a href="https://example.org/1.pdf">[paper]</a></li>
  <li>Paper About Vision Two<a href="https://example.org/2.pdf">[paper]</a></li>
  </ul>
</li>
<li>Top Level Paper Title<a href="https://example.org/3.pdf">[paper]</a></li>
</ul>
""")
    assert {p.title: p.sections for p in result.papers} == {
        "Paper About Vision One": ["vision"], "Paper About Vision Two": ["vision"], "Top Level Paper Title": []}


def test_numbered_lists_with_et_al_and_family_given_authors(read):
    result = read("""\
### Knowledge from logits

1. Distilling the knowledge in a neural network. Hinton et al. arXiv:1503.02531
2. Learning from Noisy Labels with Distillation. Li, Yuncheng et al. ICCV 2017
7. On the Efficacy of Knowledge Distillation. Cho, Jang Hyun & Hariharan, Bharath. arXiv:1910.01348. ICCV 2019
8. Revisit Knowledge Distillation: a Teacher-free Framework. Yuan, Li et al. CVPR 2020 [[code]][1.10]
13. Iterative Graph Self Distillation. iclr 2021
20. Conditional teacher-student learning. Z. Meng et al. ICASSP 2019
21. Like What You Like: Knowledge Distill via Neuron Selectivity Transfer. Huang, Zehao & Wang, Naiyan. 2017
22. QUEST: Quantized embedding space for transferring knowledge. Jain, Himalaya et al. arXiv:2020

[1.10]: https://github.com/yuanli2333/Teacher-free-Knowledge-Distillation
""")
    got = {p.title: (p.authors, p.venue, p.year) for p in result.papers}
    assert got == {
        "Distilling the knowledge in a neural network": (["Hinton"], None, None),
        "Learning from Noisy Labels with Distillation": (["Yuncheng Li"], "ICCV", 2017),
        "On the Efficacy of Knowledge Distillation": (["Jang Hyun Cho", "Bharath Hariharan"], "ICCV", 2019),
        "Revisit Knowledge Distillation: a Teacher-free Framework": (["Li Yuan"], "CVPR", 2020),
        "Iterative Graph Self Distillation": ([], "ICLR", 2021),
        "Conditional teacher-student learning": (["Z. Meng"], "ICASSP", 2019),
        "Like What You Like: Knowledge Distill via Neuron Selectivity Transfer": (["Zehao Huang", "Naiyan Wang"], None, 2017),
        "QUEST: Quantized embedding space for transferring knowledge": (["Himalaya Jain"], None, 2020),
    }
    papers = {p.title: p for p in result.papers}
    assert papers["Distilling the knowledge in a neural network"].ids == {"arxiv": "1503.02531"}
    assert papers["Revisit Knowledge Distillation: a Teacher-free Framework"].links == {
        "code": "https://github.com/yuanli2333/Teacher-free-Knowledge-Distillation"}
    assert "IMP160" not in [f.code for f in result.findings]  # "Transfer" is not cut from "transferring"


def test_short_marked_entries_are_not_taken_for_the_legend(read):
    result = read("Reading priority, first: :star2:\n\n- :star2: Deep Learning\n- :star2: Born Again\n")
    assert [(p.title, p.priority) for p in result.papers] == [("Deep Learning", "top"), ("Born Again", "top")]


def test_a_table_of_contents_is_not_papers(read):
    result = read("""\
- [Awesome KD](#awesome-kd)
  - [Different forms of knowledge](#different-forms-of-knowledge)
  - [KD + GAN](#kd--gan)

## Different forms of knowledge

- [Relational Knowledge Distillation](https://arxiv.org/abs/1904.05068)
""")
    assert [p.title for p in result.papers] == ["Relational Knowledge Distillation"]
    assert [(f.code, f.line) for f in result.findings] == [("IMP121", 1)]


def test_a_whole_html_page(read, config):
    result = read("""\
<html><body>
<h2>Knowledge Distillation</h2>
<h3><a href="https://cvpr2021.thecvf.com/">CVPR 2021</a></h3>
<ul>
<li>General Instance Distillation for Object Detection<a href="https://arxiv.org/abs/2103.02340">[paper]</a></li>
</ul>
<h3>ICLR 2020</h3>
<ul>
<li>Contrastive Representation Distillation<a href="https://openreview.net/pdf?id=SkgpBJrtvS">[paper]</a></li>
</ul>
</body></html>
""")
    got = {p.title: (p.venue, p.year, p.topics) for p in result.papers}
    assert got == {"General Instance Distillation for Object Detection": ("CVPR", 2021, ["knowledge-distillation"]),
                   "Contrastive Representation Distillation": ("ICLR", 2020, ["knowledge-distillation"])}
    assert [f.line for f in result.findings] == []
