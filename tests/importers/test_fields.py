"""The stateless stages on small hand-written inputs: venue tags, titles from pieces, title keys,
one-letter variants, and the five entry patterns of issue 9 end to end."""

from __future__ import annotations

import pytest

from papershelf.importers.dedupe import one_letter_apart, title_key
from papershelf.importers.markdown.entries import Piece
from papershelf.importers.markdown.fields import title_of
from papershelf.importers.markdown.vocab import venue_year
from papershelf.venues import find_venue_in


@pytest.mark.parametrize(("text", "want"), [
    ("CVPR 2023", ("CVPR", 2023)), ("ICLR'24", ("ICLR", 2024)), ("ECCV 24'", ("ECCV", 2024)),
    ("CVPR2021", ("CVPR", 2021)), ("TMLR 2024", ("TMLR", 2024)), ("CoRL 2023", ("CoRL", 2023)),
    ("NeurIPS Workshop 2023", ("NeurIPS Workshop", 2023)), ("Findings of ACL 2023", ("ACL Findings", 2023)),
    ("Interspeech 2020", ("Interspeech", 2020)), ("Preprint'25", (None, 2025)), ("[ICRA 2024]", ("ICRA", 2024)),
    ("Deep Learning 2020", None), ("The 2023", None), ("CVPR", None),
])
def test_venue_tags(text, want):
    assert venue_year(text) == want


@pytest.mark.parametrize(("text", "want"), [
    ("John Colt", None), ("Aa Spm", None), ("COLT", ("COLT", None)), ("Colt 2021", ("COLT", 2021)),
    ("Neurips 2020", ("NeurIPS", 2020)), ("Interspeech", ("Interspeech", None)), ("SPM", ("IEEE SPM", None)),
])
def test_a_capitalised_acronym_without_a_year_is_a_name_not_a_venue(text, want):
    """Found by the README round-trip property test: the author "Aa Spm" was read as IEEE SPM."""
    assert find_venue_in(text) == want


def test_a_bold_name_starts_the_title():
    work = [Piece("text", "MaskINT", bold=True), Piece("text", ": Video Editing via Masked Transformers, "),
            Piece("text", "Ma et al.", em=True)]
    title, link, rest = title_of(work)
    assert (title, link) == ("MaskINT: Video Editing via Masked Transformers", None)
    assert "Ma et al." in rest


def test_a_titled_link_is_the_title():
    work = [Piece("link", "Distilling the Knowledge", href="https://x.org/p"), Piece("text", ", G. Hinton, 2015")]
    title, link, rest = title_of(work)
    assert title == "Distilling the Knowledge" and link is work[0] and "Hinton" in rest


@pytest.mark.parametrize(("a", "b"), [
    ("Self\u2011Supervised \ufb01ne-tuning", "self-supervised fine tuning"),
    ("\u201cQuoted\u201d Caf\u00e9", '"quoted" cafe'), ("Snake_Case_Title", "snake case title"),
])
def test_title_keys_fold_look_alikes(a, b):
    assert title_key(a) == title_key(b)


def test_title_keys_keep_other_scripts():
    assert title_key("联邦学习综述") != title_key("联邦推荐系统") and title_key("联邦学习综述")


def test_one_letter_variants_with_the_same_year_only():
    items = [("Data poisoning attacks on federated learning", 2021), ("Data posioning attacks on federated learning", 2021),
             ("Data poisoning attacks on federated learnin", 2020), ("Graph Attention Networks for Nodes", 2018),
             ("Graph Attention Network for Nodes", 2018)]
    pairs = list(one_letter_apart(items, lambda t: (title_key(t[0]), t[1])))
    assert pairs == [(items[3], items[4])]  # not 0/2 (years differ), not 0/1 (two letters swapped)


def test_the_five_patterns_of_issue_9(read):
    text = """\
## Papers

[Paragraph Paper One](https://arxiv.org/abs/2101.00001), TPAMI 2023

**Bold Paragraph Paper** [[pdf]](https://arxiv.org/abs/2101.00002) [[code]](https://github.com/a/b)

- [[CVPR](https://cvpr.thecvf.com)] Venue Tag Before Title [[code]](https://github.com/c/d)
- [CVPR 2023] Bracket Tag Before Title [pdf](https://x.org/3.pdf)
- **[ICLR'24]** Bold Tag Before Title [pdf](https://x.org/4.pdf)
- Multi Line Paper Title.
  [[pdf]](https://x.org/5.pdf)
  - Jane Doe, John Roe. *ICML*, 2020.
- [Fields In One Line](https://x.org/6.pdf), Yiming Li, TMLR 2024, [code](https://github.com/e/f)

## Implementations
- [FastNet Speedy Trainer](https://github.com/g/h)
"""
    result = read(text)
    got = {p.title: (p.venue, p.year, p.authors) for p in result.papers}
    assert got == {
        "Paragraph Paper One": ("TPAMI", 2023, []),
        "Bold Paragraph Paper": (None, None, []),
        "Venue Tag Before Title": ("CVPR", None, []),
        "Bracket Tag Before Title": ("CVPR", 2023, []),
        "Bold Tag Before Title": ("ICLR", 2024, []),
        "Multi Line Paper Title": ("ICML", 2020, ["Jane Doe", "John Roe"]),
        "Fields In One Line": ("TMLR", 2024, ["Yiming Li"]),
    }
    assert [f.data["section"] for f in result.findings if f.code == "IMP123"] == ["Implementations"]
