"""Near-duplicates of one first author are merged; sequels, other authors and the one-letter
same-year variants (flagged, IMP132) are not."""

from pathlib import Path

import pytest

from papershelf.config import ShelfConfig
from papershelf.importers import import_file
from papershelf.importers.dedupe import author_key, near_duplicate, near_keys, title_key


def near(author: str, title: str, year: int | None) -> tuple[str, str, int | None]:
    return author_key([author]), title_key(title), year


@pytest.mark.parametrize(("a", "b"), [
    (("Sun", "data posioning attacks on federated machine learning", 2021),
     ("Sun", "Data poisoning attacks on federated machine learning", 2020)),  # typo, a year apart
    (("Baruch", "a-little-is-enough-circumventing-defenses-for-distributed-learning-Paper", 2019),
     ("Baruch", "A little Is Enough_circumventing defense for distributed learning", 2019)),  # file name
    (("Lai", "VFedAD A Defense Method Based on the Information", 2023),
     ("Lai", "VFedAD a defense method based on the information mechanism behind the attack", 2023)),  # cut short
    (("Krauß", "Poisoning defense for federated learning against adaptive attacks", 2023),
     ("Krauss", "Poisoning defense for federated learning against adaptive attackers", 2023)),  # ß folded
])
def test_near_duplicates_of_one_author_are_one_paper(a, b):
    assert near_duplicate(near(*a), near(*b)) and near_duplicate(near(*b), near(*a))


@pytest.mark.parametrize(("a", "b"), [
    (("Sun", "Data poisoning attacks on federated machine learning", 2020),
     ("Li", "Data poisoning attacks on federated machine learning", 2020)),  # another first author
    (("Sun", "data posioning attacks on federated machine learning", 2022),
     ("Sun", "Data poisoning attacks on federated machine learning", 2020)),  # two years apart
    (("Silver", "Mastering the game of Go with deep neural networks", 2016),
     ("Silver", "Mastering the game of Go with deep neural networks and tree search", 2017)),  # prefix, other year
    (("Smith", "Learning robust representations for tabular data part 1", 2021),
     ("Smith", "Learning robust representations for tabular data part 2", 2021)),  # a sequel
    (("Smith", "Scaling vision transformers II", 2021),
     ("Smith", "Scaling vision transformers III", 2021)),
    (("Shejwalkar", "Optimizing model poisoning attacks and defense for federated learning", 2021),
     ("Shejwalkar", "Optimizing model poisoning attacks and defenses for federated learning", 2021)),  # IMP132
    (("Kim", "Graph attention nets", 2021), ("Kim", "Graph attention net", 2020)),  # too short
    (("", "Data poisoning attacks on federated machine learning", 2020),
     ("", "data posioning attacks on federated machine learning", 2021)),  # no author
    (("Sun", "Data poisoning attacks on federated machine learning", None),
     ("Sun", "data posioning attacks on federated machine learning", 2021)),  # no year
])
def test_what_is_not_merged(a, b):
    assert not near_duplicate(near(*a), near(*b))


def test_buckets_need_an_author_and_a_long_title():
    assert near_keys("", title_key("Data poisoning attacks on federated machine learning")) == ()
    assert near_keys("sun", "short title") == ()
    head, tail = near_keys("sun", title_key("data posioning attacks on federated machine learning"))
    assert tail in near_keys("sun", title_key("Data poisoning attacks on federated machine learning"))
    assert head not in near_keys("li", title_key("data posioning attacks on federated machine learning"))


def test_a_list_with_a_typo_and_a_one_letter_variant(tmp_path: Path):
    path = tmp_path / "list.md"
    path.write_text(
        "# Papers\n\n"
        "- Sun et al. **data posioning attacks on federated machine learning.** arxiv, 2021.\n"
        "- Baruch et al. **Circumventing defenses for distributed learning.** NeurIPS, 2019.\n"
        "- Sun et al. **Data poisoning attacks on federated machine learning.** ICML, 2020.\n"
        "- Yan et al. **recess vaccine for federated learning against poisoning.** ICML, 2023.\n"
        "- Yan et al. **reces vaccine for federated learning against poisoning.** ICML, 2023.\n",
        encoding="utf-8")
    result = import_file(path, ShelfConfig())
    titles = [p.title for p in result.papers]
    assert len(titles) == 4 and sum("attacks on federated" in t for t in titles) == 1
    codes = [(f.code, f.line) for f in result.findings]
    assert ("IMP130", 5) in codes and ("IMP132", 7) in codes


def test_a_year_gained_by_a_merge_counts_for_the_near_duplicates_after_it(tmp_path: Path):
    path = tmp_path / "list.md"
    path.write_text(
        "# Papers\n\n"
        "- Sun et al. **Data poisoning attacks on federated machine learning.**\n"           # no year
        "- Sun et al. **Data poisoning attacks on federated machine learning.** ICML, 2020.\n"  # same title: year
        "- Sun et al. **data posioning attacks on federated machine learning.** arxiv, 2021.\n",  # typo, a year on
        encoding="utf-8")
    result = import_file(path, ShelfConfig())
    assert [(p.title, p.year) for p in result.papers] == [("Data poisoning attacks on federated machine learning", 2020)]
    assert [(f.code, f.line) for f in result.findings if f.code == "IMP130"] == [("IMP130", 4), ("IMP130", 5)]


@pytest.mark.parametrize("title", [
    "Self-Supervised Fine_Tuning (v2)!", "  GAN's: a 'Survey' -- of 3D   NeRF  ", "A\tB\nC", "x_y", "", "___",
    "".join(chr(c) for c in range(32, 127)),
])
def test_an_ascii_title_gets_the_key_the_unicode_folds_give(title):
    folded = title_key("\u200b" + title)  # (a zero-width space: not a word, and no longer ASCII)
    assert title_key(title) == folded
