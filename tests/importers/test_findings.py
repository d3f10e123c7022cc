"""Each finding code comes from a small list built to show it; the README documents every code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from papershelf.importers.markdown import FINDING_CODES, check_href

README = Path(__file__).resolve().parents[2] / "README.md"


def found(result, code):
    return [f for f in result.findings if f.code == code]


@pytest.mark.parametrize("href,code,url", [
    ("", "IMP101", None),
    ("hhttps://www.ecva.net/x-supp.pdf", "IMP102", None),
    ("www.example.org/paper.pdf", "IMP102", None),
    ("https://\ngithub.com/TAMU-VITA/AGD", "IMP103", "https://github.com/TAMU-VITA/AGD"),
    ("https://example.org/a b.pdf", "IMP103", "https://example.org/ab.pdf"),
    ("Distilling the Knowledge in a Neural Network", "IMP104", None),
    ("#AAAI-2021", "IMP105", None),
    ("mailto:someone@example.org", "IMP105", None),
    ("javascript:alert(1)", "IMP105", None),
    ("https://github.com/dgliu/SIGIR20_KDCRec.", "IMP106", "https://github.com/dgliu/SIGIR20_KDCRec."),
])
def test_href_checks(href, code, url):
    got, findings = check_href(href, "[paper]", 3)
    assert got == url
    assert [f.code for f in findings] == [code] and findings[0].line == 3


def test_good_href_has_no_finding():
    assert check_href(" https://arxiv.org/abs/1503.02531 ", "[paper]", 1) == ("https://arxiv.org/abs/1503.02531", [])


def test_same_url_for_two_titles_and_untitled_entry(read):
    result = read("""\
<ul>
<li>Towards Cross-modality Medical Image Segmentation<a href="https://example.org/cross-modality.pdf">[paper]</a>
<li>Towards Oracle Knowledge Distillation<a href="https://example.org/cross-modality.pdf">[paper]</a>
<li>Scalable Attentive Sentence-Pair Modeling<a href="https://arxiv.org/pdf/1908.05161.pdf">[paper]</a>
<li>Distilling Knowledge from Well-informed Soft Labels<a href="https://arxiv.org/pdf/1908.05161">[paper]</a>
<li><a href="https://example.org/orphan.pdf">[paper]</a>
<li><strong></strong>Heo, B., Lee, M. (2019) In: NeurIPS <a href="">[paper]</a></li>
</ul>
""")
    assert len(result.papers) == 4  # same identifier, different titles: both kept, not merged
    assert [f.line for f in found(result, "IMP110")] == [3, 5]
    assert [f.line for f in found(result, "IMP120")] == [6, 7]


def test_duplicates_merge_by_title_or_by_arxiv_id_with_a_similar_title(read):
    result = read("""\
## Knowledge Distillation
### NIPS 2020
- [Ensemble Distillation for Robust Model Fusion](https://papers.nips.cc/paper/2020/file/18df-Paper.pdf) :star:
## Federated Learning
### FD ML crossfield
- [Ensemble distillation for robust model fusion.](https://papers.nips.cc/paper/2020/file/18df-Supplemental.pdf)
- [FedMD: Heterogenous Federated Learning via Model Distillation](https://arxiv.org/pdf/1910.03581.pdf)
- [Fedmd: Heterogenous federated learning via model distillation (extended)](https://arxiv.org/abs/1910.03581)
""")
    assert len(result.papers) == 2
    ensemble = result.papers[0]
    assert ensemble.topics == ["knowledge-distillation", "federated-learning"]
    assert ensemble.sections == ["fd-ml-crossfield"]
    assert (ensemble.venue, ensemble.year) == ("NeurIPS", 2020)
    assert ensemble.links["other"].endswith("Supplemental.pdf")
    assert len(found(result, "IMP130")) == 2 and all(f.paper for f in found(result, "IMP130"))
    assert "IMP107" in [f.code for f in result.findings]  # a [paper] link to a supplement


def test_heading_and_entry_linking_to_another_venues_site(read):
    result = read("""\
### [SIGIR 2020](http://static.ijcai.org/2020-accepted_papers.html)
- [A Retrieval Paper Title](https://dl.acm.org/doi/10.1145/3397271.3401259)

### [CVPR 2021](http://cvpr2021.thecvf.com/)
- [A Vision Paper Title](https://openaccess.thecvf.com/content/CVPR2021/a.pdf)
- **Adversarial Samples Supporting Decision Boundary** Heo, B. (2019) In: NeurIPS [paper](https://www.aaai.org/ojs/index.php/AAAI/article/download/4263/4141)
""")
    assert [f.line for f in found(result, "IMP150")] == [1]
    assert [f.line for f in found(result, "IMP151")] == [6]
    assert {p.title: p for p in result.papers}["A Retrieval Paper Title"].ids == {"doi": "10.1145/3397271.3401259"}


def test_annotations_truncation_and_stray_text(read):
    result = read("""\
See the survey [Knowledge Distillation Survey](https://arxiv.org/pdf/2006.05525.pdf) for more.

- [Multiresolution Knowledge Distillation for Anomaly Detection](https://example.org/1)
- [Multiresolution Knowledge Distillation for Anomaly Detectio](https://example.org/2)
- [Federated Knowledge Distillation (Not published yet)](https://example.org/3)
- [Why Skip If You Can Combine [short paper]](https://example.org/4)
- `pip install mkdocs`
- A Paper Without Any Link At All
""")
    titles = {p.title: p for p in result.papers}
    assert "IMP122" in [f.code for f in result.findings]
    assert [f.line for f in found(result, "IMP160")] == [4]
    assert titles["Federated Knowledge Distillation"].notes == "The list marks this entry: Not published yet"
    assert titles["Why Skip If You Can Combine"].tags == ["short-paper"]
    assert [f.line for f in found(result, "IMP121")] == [7]
    assert [f.line for f in found(result, "IMP190")] == [8]


def test_unknown_mark_with_legend_and_implausible_year(read):
    result = read("Top: :star2:\n\n- :fire: [A Hot Paper Title](https://example.org/h) (2999)\n")
    assert [f.code for f in result.findings if f.code in ("IMP142",)] == ["IMP142"]
    assert result.papers[0].priority is None
    future = read("### CVPR 2099\n- [A Paper From The Future](https://example.org/f)\n")
    assert [f.code for f in future.findings] == ["IMP162"] and future.papers[0].year is None


def test_readme_documents_every_finding_code():
    text = README.read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (IMP1\d\d) \| (error|warning|info) \|", text, re.M))
    assert table == {code: severity for code, (severity, _) in FINDING_CODES.items()}


def test_a_code_repository_shared_by_two_papers_is_not_a_finding(read):
    result = read("""\
- [Contrastive Representation Distillation](https://arxiv.org/abs/1910.10699) [code](https://github.com/HobbitLong/RepDistiller)
- [Variational Information Distillation](https://arxiv.org/abs/1904.05835) [code](https://github.com/HobbitLong/RepDistiller)
""")
    assert len(result.papers) == 2 and result.findings == []


def test_link_findings_carry_their_facts_as_data(read):
    """Scripts (scripts/build_reading_list.py) read these, never the message text."""
    result = read("""\
### CVPR 2021
- Distilling the Knowledge in a Neural Network [[paper]](hhttps://arxiv.org/abs/1503.02531)
- FitNets: Hints for Thin Deep Nets [[paper]](https://arxiv.org/abs/1412.6550)
- Paying More Attention to Attention [[paper]](https://arxiv.org/abs/1412.6550)
""")
    by_code = {f.code: f for f in result.findings}
    assert by_code["IMP102"].data == {"url": "hhttps://arxiv.org/abs/1503.02531", "label": "[paper]",
                                      "suggestion": "https://arxiv.org/abs/1503.02531"}
    assert by_code["IMP110"].data == {"url": "https://arxiv.org/abs/1412.6550",
                                      "other_title": "FitNets: Hints for Thin Deep Nets", "other_line": 3}
