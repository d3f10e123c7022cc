"""suggest --embeddings with the real WordLlama model (installed by the test extra), on the
hand-made catalog of test_suggest."""

from __future__ import annotations

import json

import numpy as np
import pytest

from papershelf.app import discover
from papershelf.discover import embed
from papershelf.discover.index import open_index, with_embeddings
from papershelf.discover.suggest import Query, scores
from papershelf.errors import PapershelfError

pytestmark = pytest.mark.skipif(not embed.available(), reason="papershelf[embeddings] is not installed")


def test_embeddings_are_unit_rows_that_place_like_meanings_together():
    rows = embed.embed(["a student network learns from a large teacher model",
                        "knowledge distillation compresses a teacher into a student",
                        "a recipe for chocolate cake"])
    assert rows.shape == (3, embed.DIM) and rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows, axis=1), 1, atol=1e-3)
    sims = rows @ rows.T
    assert sims[0, 1] > sims[0, 2] and sims[0, 1] > sims[1, 2]
    assert embed.embed([]).shape == (0, embed.DIM)


def test_the_catalog_is_embedded_once_per_catalog_version(catalog):
    messages: list[str] = []
    index = with_embeddings(catalog, open_index(catalog), messages.append)
    assert index.embeddings.shape == (index.size, embed.DIM) and index.embeddings.dtype == np.float16
    path = index.folder / f"embeddings-{embed.model_name()}.npy"
    stamp = path.stat().st_mtime_ns
    assert len(messages) == 1 and "embedding the catalog" in messages[0]
    again = with_embeddings(catalog, open_index(catalog), messages.append)
    assert path.stat().st_mtime_ns == stamp and len(messages) == 1  # reused, not recomputed
    assert np.array_equal(again.embeddings, index.embeddings)


def test_suggest_with_embeddings_ranks_the_topic_first(shelf, catalog):
    found = discover.suggest(shelf, catalog, topic="knowledge-distillation", n=4, embeddings=True)
    assert sorted(s.record.key for s in found) == ["paperlists/icml2020:kd4", "paperlists/icml2020:kd5",
                                                   "paperlists/icml2020:kd6", "paperlists/icml2020:kd7"]


def test_the_embeddings_change_the_scores(shelf, catalog):
    """The embedding half of the features is used: scores differ from TF-IDF's alone, and an
    index without embeddings is refused rather than silently ranked without them."""
    index = open_index(catalog)
    inside = [p for p in shelf.papers if "knowledge-distillation" in p.topics]
    query = Query(inside, exclude=[(p.title, p.ids) for p in shelf.papers])
    with pytest.raises(PapershelfError, match="no sentence embeddings"):
        scores(index, query, embeddings=True)
    words, _ = scores(index, query, embeddings=False)
    both, _ = scores(with_embeddings(catalog, index), query)
    finite = np.isfinite(words)
    assert np.array_equal(finite, np.isfinite(both))
    assert not np.allclose(words[finite], both[finite])


def test_without_the_model_the_option_says_what_to_install(shelf, catalog, monkeypatch):
    monkeypatch.setattr(embed, "available", lambda: False)
    with pytest.raises(PapershelfError, match="needs an embedding model") as err:
        discover.suggest(shelf, catalog, embeddings=True)
    assert "papershelf[embeddings]" in err.value.hint


def test_the_command_line_option(cli, shelf, catalog):
    code, out, err = cli("suggest", "--embeddings", "-t", "knowledge-distillation", "-n", "2", "-f", "json",
                         "--shelf", shelf.root)
    assert code == 0, err
    assert "embedding the catalog" in err and all(":kd" in s["key"] for s in json.loads(out))
