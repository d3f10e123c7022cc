"""The original reading list (reading-list/source/original-reading-list.md) imported end to end.

The expected numbers were verified by hand against the file, independently of the importer:

- `grep -o '<li' original-reading-list.md | wc -l` = 212 list items. 4 are the `<code>` commands
  under "How to Run this project" (IMP121), 2 have no title (line 182: only a [paper] link; line
  454: an empty <strong></strong>; IMP120), and 9 repeat an earlier entry (read by eye: Circumventing
  Outliers, Neural Epitome Search, FedED, FedMD, Improving Neural Topic Models, Improved KD via
  Teacher Assistant, Differentiable Feature Aggregation Search, and Ensemble distillation twice):
  212 - 4 - 2 - 9 = 197 papers.
- `grep -c 'href=""'` = 11 empty links: 10 placeholders (IMP101) plus the one in the untitled
  entry at line 454, which is skipped with its entry.
- `grep -o ':star2:' | wc -l` = 3 (one in the legend) → 2 top-priority papers; `:star:` = 11 (one in
  the legend) → 10 second-priority papers; `:heavy_check_mark:` = 28 (one in the legend) = 27
  marks, two of them on repeats of papers already marked read (FedMD, Ensemble distillation) →
  25 read papers.
- `grep -o '<a href' | wc -l` = 249 links: minus 11 empty, minus the hhttps:// one, minus the
  untitled entry's one = 236; merging drops 5 that repeat a link the paper already has (Neural
  Epitome's second OpenReview URL, FedED's repeat, FedMD's arXiv repeat, Ensemble distillation's
  supplement given twice as [paper]) = 231 links with a URL.
"""

from __future__ import annotations

from collections import Counter

import pytest
from md_support import ORIGINAL, TOPICS



@pytest.fixture(scope="module")
def imported():
    from pathlib import Path

    from papershelf.config import ShelfConfig
    from papershelf.importers.build import PaperBuilder
    from papershelf.importers.markdown import read_markdown

    return read_markdown(Path(ORIGINAL), ORIGINAL.read_text(encoding="utf-8"), PaperBuilder(ShelfConfig(topics=TOPICS)))


def test_counts_of_papers_links_and_marks(imported):
    papers = imported.papers
    assert len(papers) == 197
    assert Counter(t for p in papers for t in p.topics) == {"knowledge-distillation": 146, "federated-learning": 48,
                                                           "topic-models": 7}
    assert sum(1 for p in papers for url in p.links.values() if url) == 231
    assert sum(1 for p in papers for url in p.links.values() if url is None) == 10
    assert sum(p.priority == "top" for p in papers) == 2
    assert sum(p.priority == "second" for p in papers) == 10
    assert sum(p.status == "read" for p in papers) == 25


def test_findings(imported):
    assert Counter(f.code for f in imported.findings) == {
        "IMP101": 10,  # empty placeholders
        "IMP102": 1,   # hhttps://
        "IMP103": 1,   # https://\ngithub.com/TAMU-VITA/AGD
        "IMP106": 1,   # .../SIGIR20_KDCRec.
        "IMP107": 2,   # [paper] → ...-Supplemental.pdf, twice
        "IMP110": 3,   # Lequan_Yu URL twice; arXiv 1908.05161 twice; the untitled ECCV entry's link
        "IMP120": 2, "IMP121": 4, "IMP122": 1,
        "IMP130": 9, "IMP131": 3,
        "IMP140": 2,   # :heavy_check_mark:<li> twice
        "IMP150": 2,   # SIGIR 2020 → ijcai.org, IEEE Signal Processing Magazine → ickg2020
        "IMP151": 1,   # Heo et al. "NeurIPS" with an AAAI link
        "IMP152": 1,   # [WACV2021] under CVPR 2021
        "IMP153": 1,   # a heading "### IEEE" read as the venue "IEEE" (not in the vocabulary)
        "IMP160": 2,   # "...Anomaly Detectio", "...Knowledge Distilla"
        "IMP161": 5,   # [TBD], 3× [short paper], (Not published yet)
        "IMP190": 1,   # Data-Free Knowledge Amalgamation via Group-Stack Dual-GAN
    }
    by_code = {}
    for f in imported.findings:
        by_code.setdefault(f.code, []).append(f)
    assert [f.line for f in by_code["IMP102"]] == [193]
    assert [f.line for f in by_code["IMP120"]] == [182, 454]
    assert all(f.paper for f in by_code["IMP130"])


def test_specific_entries(imported):
    papers = {p.id: p for p in imported.papers}
    ensemble = next(p for p in imported.papers if p.title == "Ensemble Distillation for Robust Model Fusion in Federated Learning")
    assert ensemble.topics == ["knowledge-distillation", "federated-learning"]
    assert ensemble.sections == ["fd-kd-nlp", "fd-ml-crossfield"]
    assert (ensemble.venue, ensemble.year, ensemble.priority, ensemble.status) == ("NeurIPS", 2020, "second", "read")
    assert ensemble.links["paper"].endswith("-Paper.pdf") and ensemble.links["supp"].endswith("-Supplemental.pdf")
    teacher = papers["mirzadeh2020improved"]
    assert teacher.sections == ["different-form-of-knowledge/response-based-knowledge"]
    assert len(teacher.authors) == 6 and teacher.links["poster"]
    stray = next(p for p in imported.papers if p.title.startswith("Communication-efficient on-device"))
    assert stray.status == "read"  # the :heavy_check_mark: standing before the next <li>
    assert papers["semantic2020relation"].links["supp"] is None  # hhttps:// is not a link
    assert papers["data2021freeb"].venue == "WACV"
