"""Related lists brought up to date after a few edits, without fitting TF-IDF again.

A full fit (``related``: TF-IDF over every paper, ``discover.tfidf``, then the nearest papers)
costs about half a second of CPU at 10,000 papers. What it learnt (the vocabulary, the idf
weights, each paper's vector) is kept beside the lists (``related-model.npz``). When the titles
or abstracts of a few papers changed, or a few papers came or went, ``find`` transforms only
those papers (``tfidf.transform``) with the kept vocabulary and weights, works out
which papers' lists can have changed (those sharing a term whose best papers changed) and finds
only those again; the other lists are kept.

The approximation, documented in the README: after such an update the lists are those of the
current texts under the vocabulary and idf weights of the last fit (a new word in an edited
title counts only from the next fit; the weights do not move). A fit is made again once the
papers changed since the last one exceed 1 % of the shelf (every change on a shelf of fewer
than 100 papers), or when the shelf crosses the size where rare and common terms are dropped.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model import Paper
from .related import FLOOR, candidates, fitted_lists, load_related, nearest, no_gc, store_related
from .text import LARGE, paper_text, stop_words
from .tfidf import transform

VERSION = 1
REFIT_SHARE = 100  # fit again once more than 1/REFIT_SHARE of the papers changed since the last fit


@dataclass
class Model:
    """What the last fit learnt, and the papers its matrix holds (rows in shelf order)."""

    terms: list[str]  # the vocabulary, in column order
    idf: object  # float32 idf weight per term
    stop: list[str]
    ids: list[str]
    digests: object  # uint64 digest of each paper's text
    matrix: object  # CSR, one L2-normalised row per paper
    k: int
    stale: int = 0  # papers changed since the fit
    lists_key: str = ""  # the related_key of the lists made with this model


def find(papers: Sequence[Paper], lists: Path, model_path: Path, key: str, k: int = 5) -> dict[str, list[str]]:
    """The related lists of ``papers``, stored in ``lists`` under ``key``: updated from the model
    kept in ``model_path`` when few papers changed, else from a new fit (model kept for next time)."""
    with no_gc():
        texts = [paper_text(p.title, p.abstract) for p in papers]
        digests = text_digests(texts)
        model = load_model(model_path)
        previous = load_related(lists, model.lists_key) if model is not None and model.k == k else None
        found = update(model, papers, texts, digests, previous) if previous is not None else None
        if found is None:
            found, model = fit_model(papers, texts, digests, k)
        store_related(lists, key, found)
        if model is not None:
            model.lists_key = key
            save_model(model, model_path)
        else:
            model_path.unlink(missing_ok=True)
        return found


def text_digests(texts: Sequence[str]):
    import numpy as np

    return np.array([int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(), "little")
                     for t in texts], dtype=np.uint64)


def fit_model(papers: Sequence[Paper], texts: list[str], digests, k: int) -> tuple[dict[str, list[str]], Model | None]:
    """``related``'s lists (the same fit, the same search) and the model they came from."""
    ids = [p.id for p in papers]
    out, fitted = fitted_lists(ids, texts, k, FLOOR)
    if fitted is None:
        return out, None
    return out, Model(fitted.terms, fitted.idf, stop_words(), ids, digests, fitted.matrix, k)


def update(model: Model, papers: Sequence[Paper], texts: list[str], digests,
           previous: dict[str, list[str]]) -> dict[str, list[str]] | None:
    """The lists after the changes since ``model`` (updated in place); None when a fit is due."""
    import numpy as np
    from scipy.sparse import vstack

    n = len(papers)
    index = {pid: i for i, pid in enumerate(model.ids)}
    old_rows = np.array([index.get(p.id, -1) for p in papers], dtype=np.int64)
    kept = old_rows >= 0
    kept[kept] = model.digests[old_rows[kept]] == digests[kept]
    fresh = np.flatnonzero(~kept)
    changed = len(fresh) + len(model.ids) - int(np.count_nonzero(old_rows >= 0))  # edited, added; removed
    if model.stale + changed > n // REFIT_SHARE or (n >= LARGE) != (len(model.ids) >= LARGE):
        return None
    order = np.empty(n, dtype=np.int64)  # row of each paper in [kept rows; fresh rows]
    order[kept] = np.arange(n - len(fresh))
    order[fresh] = n - len(fresh) + np.arange(len(fresh))
    rows_fresh = transform(model.terms, model.idf, frozenset(model.stop), [texts[j] for j in fresh])
    matrix = vstack([model.matrix[old_rows[kept]], rows_fresh], format="csr")[order]
    cands = candidates(matrix)
    ids = [p.id for p in papers]
    rows = _touched(model, cands, matrix, old_rows, kept, fresh)
    out = {pid: list(previous.get(pid, ())) for pid in ids}
    for r in rows.tolist():
        out[ids[r]] = []
    nearest(matrix, cands, ids, out, model.k, FLOOR, rows)
    model.ids, model.digests, model.matrix, model.stale = ids, digests, matrix, model.stale + changed
    return out


def _touched(model: Model, cands, matrix, old_rows, kept, fresh):
    """The papers whose lists can differ: the changed ones, and those sharing a term whose
    candidate papers (``candidates``) changed, as they score every other paper through them."""
    import numpy as np
    from scipy.sparse import csc_matrix

    n = matrix.shape[0]
    new_of_old = np.full(len(model.ids), n, dtype=np.int64)  # gone or edited papers: column n
    new_of_old[old_rows[kept]] = np.flatnonzero(kept)
    before = candidates(model.matrix).tocoo()
    before = csc_matrix((before.data, (before.row, new_of_old[before.col])), shape=(matrix.shape[1], n + 1))
    after = cands.tocoo()
    after = csc_matrix((after.data, (after.row, after.col)), shape=(matrix.shape[1], n + 1))
    diff = (after - before).tocoo()
    terms = np.zeros(matrix.shape[1], dtype=bool)
    terms[diff.row[diff.data != 0]] = True
    owner = np.repeat(np.arange(n), np.diff(matrix.indptr))
    return np.union1d(owner[terms[matrix.indices]], fresh)


def save_model(model: Model, path: Path) -> None:
    import numpy as np

    from ..shelf.atomic import atomic_write

    meta = {"v": VERSION, "k": model.k, "stale": model.stale, "lists_key": model.lists_key,
            "terms": model.terms, "stop": model.stop, "ids": model.ids}
    buffer = io.BytesIO()
    np.savez(buffer, data=model.matrix.data, indices=model.matrix.indices, indptr=model.matrix.indptr,
             idf=model.idf, digests=model.digests, meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8))
    atomic_write(path, buffer.getvalue(), durable=False, replace_leftovers=True)


def load_model(path: Path) -> Model | None:
    """The kept model; None when there is none or it cannot be read (a fit is made instead)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    try:
        with np.load(path, allow_pickle=False) as stored:
            meta = json.loads(stored["meta"].tobytes())
            if meta.get("v") != VERSION:
                return None
            shape = (len(meta["ids"]), len(meta["terms"]))
            matrix = csr_matrix((stored["data"], stored["indices"], stored["indptr"]), shape=shape)
            model = Model(meta["terms"], stored["idf"], meta["stop"], meta["ids"], stored["digests"], matrix,
                          meta["k"], meta["stale"], meta["lists_key"])
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None
    if len(model.digests) != shape[0] or len(model.idf) != shape[1]:
        return None
    return model
