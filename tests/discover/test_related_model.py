"""Related lists updated from the last fit's model after a few edits (discover/relatedmodel.py)."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import numpy as np
import pytest

from papershelf.discover.related import FLOOR, candidates, nearest, related, related_key
from papershelf.discover.relatedmodel import find, load_model
from papershelf.discover.text import paper_text, vectorizer
from papershelf.model import Paper

WORDS = [f"{a}{b}" for a in ("dist", "feder", "graph", "prun", "quant", "contrast", "attent", "spars", "token",
                              "teach", "robust", "adapt") for b in ("il", "ator", "onic", "ive", "ment")]


def shelf(n: int, seed: int = 7) -> list[Paper]:
    """``n`` papers whose titles are random draws of 7 words out of 60 (ties between
    similarities are then unlikely, so list order is the similarity order)."""
    rng = random.Random(seed)
    return [Paper(id=f"p{i:04d}", title=" ".join(rng.sample(WORDS, 7)),
                  abstract=" ".join(rng.sample(WORDS, 12)) if i % 2 else None) for i in range(n)]


def run(papers, tmp_path):
    return find(papers, tmp_path / "related.json", tmp_path / "related-model.npz", related_key(papers))


def with_old_vocabulary(before: list[Paper], after: list[Paper]) -> dict[str, list[str]]:
    """What the update should give: the texts of ``after`` under the vocabulary and idf fitted on
    ``before`` (scikit-learn's own ``transform``), every list found again."""
    matrix = sklearn_fit(before).transform([paper_text(p.title, p.abstract) for p in after]).tocsr()
    ids = [p.id for p in after]
    out: dict[str, list[str]] = {pid: [] for pid in ids}
    nearest(matrix, candidates(matrix), ids, out, 5, FLOOR)
    return out


def test_a_first_build_fits_and_gives_the_same_lists_as_related(tmp_path) -> None:
    papers = shelf(300)
    found = run(papers, tmp_path)
    assert found == related(papers)
    assert json.loads((tmp_path / "related.json").read_text())["related"] == found
    model = load_model(tmp_path / "related-model.npz")
    assert model.ids == [p.id for p in papers] and model.stale == 0 and model.matrix.shape[0] == 300


def test_an_edit_updates_the_lists_under_the_vocabulary_of_the_last_fit(tmp_path) -> None:
    """An edited title and abstract, a paper added and one removed (4 of 400 papers: 1 %, no fit): the lists
    are those of the new texts under the last fit's vocabulary and weights, every paper's list
    (not only the edited papers') found as scikit-learn's own transform would make them."""
    papers = shelf(400)
    run(papers, tmp_path)
    after = list(papers)
    after[10] = after[10].model_copy(update={"title": "graphil teachment quantive robustive adaptonic"})
    after[200] = after[200].model_copy(update={"abstract": "distil distil distil federator"})
    del after[50]
    after.append(Paper(id="p9999", title="spars teachil tokenator graphive quantment"))
    found = run(after, tmp_path)
    expected = with_old_vocabulary(papers, after)
    assert found == expected
    assert found != related(after)  # a new fit's weights differ (else the update would prove nothing)
    model = load_model(tmp_path / "related-model.npz")
    assert model.stale == 4 and model.ids == [p.id for p in after]
    np.testing.assert_allclose(model.matrix.toarray(), vec_transform(papers, after), atol=1e-6)


def vec_transform(before: list[Paper], after: list[Paper]):
    return sklearn_fit(before).transform([paper_text(p.title, p.abstract) for p in after]).toarray()


def sklearn_fit(papers: list[Paper]):
    """scikit-learn's vectoriser fitted on ``papers``: the reference the update is checked against."""
    return vectorizer(len(papers)).fit([paper_text(p.title, p.abstract) for p in papers])


def test_more_changes_than_one_percent_fit_again(tmp_path) -> None:
    papers = shelf(300)
    run(papers, tmp_path)
    after = [p.model_copy(update={"title": p.title + " robustil"}) if i < 2 else p for i, p in enumerate(papers)]
    run(after, tmp_path)  # 2 changed: an update
    assert load_model(tmp_path / "related-model.npz").stale == 2
    again = [p.model_copy(update={"title": p.title + " adaptil"}) if i in (5, 6) else p for i, p in enumerate(after)]
    assert run(again, tmp_path) == related(again)  # 4 since the fit, over 3 (1 % of 300): a new fit
    assert load_model(tmp_path / "related-model.npz").stale == 0


@pytest.mark.parametrize("damage", [b"", b"not a model", None])
def test_a_missing_or_unreadable_model_means_a_fit(tmp_path, damage) -> None:
    papers = shelf(200)
    run(papers, tmp_path)
    model = tmp_path / "related-model.npz"
    if damage is None:
        model.unlink()
    else:
        model.write_bytes(damage)
    after = [p.model_copy(update={"title": "quantil quantil"}) if i == 3 else p for i, p in enumerate(papers)]
    assert run(after, tmp_path) == related(after)
    assert load_model(model) is not None


FIND_JOB = """
import json, sys
from pathlib import Path
from papershelf.discover.related import related_key
from papershelf.discover.relatedmodel import find
from papershelf.model import Paper
papers = [Paper(**p) for p in json.loads(Path(sys.argv[1]).read_text())]
found = find(papers, Path(sys.argv[2]), Path(sys.argv[3]), related_key(papers))
print(json.dumps({"sklearn": "sklearn" in sys.modules, "found": found}))
"""


def find_elsewhere(papers: list[Paper], tmp_path) -> dict:
    """``find`` run in a new interpreter: its lists, and whether it imported scikit-learn."""
    source = tmp_path / "papers.json"
    source.write_text(json.dumps([p.model_dump(exclude_none=True) for p in papers]))
    done = subprocess.run([sys.executable, "-c", FIND_JOB, str(source), str(tmp_path / "related.json"),
                           str(tmp_path / "related-model.npz")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_an_update_does_not_import_scikit_learn(tmp_path) -> None:
    papers = shelf(200)
    run(papers, tmp_path)
    after = [p.model_copy(update={"title": "tokenil graphator"}) if i == 9 else p for i, p in enumerate(papers)]
    assert find_elsewhere(after, tmp_path) == {"sklearn": False, "found": with_old_vocabulary(papers, after)}


def test_a_fit_does_not_import_scikit_learn(tmp_path) -> None:
    """A first build (no lists, no model): TF-IDF fitted without scikit-learn, the lists of ``related``."""
    papers = shelf(300)
    result = find_elsewhere(papers, tmp_path)
    assert result == {"sklearn": False, "found": related(papers)}
    assert any(result["found"].values()) and load_model(tmp_path / "related-model.npz").stale == 0
