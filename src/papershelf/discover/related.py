"""Related papers: each paper's nearest neighbours on the same shelf (cosine of TF-IDF vectors
of title + abstract), computed when the site is built (``discover.tfidf``: without importing
scikit-learn, which cost more than the fit on a cold build).

Exact for words shared by up to ``POSTINGS`` papers; a word shared by more (common on shelves
of tens of thousands of papers) links each paper only to the ``POSTINGS`` papers where it
weighs most, which bounds the work per paper instead of letting it grow with the shelf.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from ..model import Paper
from . import tfidf
from .text import paper_text, ranked, stop_words

POSTINGS = 40
BLOCK = 2000  # papers compared at once
FLOOR = 0.05  # the least similarity of a related paper


def related(papers: Sequence[Paper], k: int = 5, *, min_similarity: float = FLOOR) -> dict[str, list[str]]:
    """``{paper id: [ids of its k nearest papers, nearest first]}``; papers with little in
    common with any other (similarity below ``min_similarity``) get fewer or none."""
    with no_gc():
        return fitted_lists([p.id for p in papers], [paper_text(p.title, p.abstract) for p in papers], k,
                            min_similarity)[0]


def fitted_lists(ids: list[str], texts: Sequence[str], k: int, floor: float):
    """The lists of a new TF-IDF fit of ``texts`` (one per id), and the fit (``tfidf.Fitted``;
    None for fewer than two texts or no usable word at all: titles of stop words only)."""
    out: dict[str, list[str]] = {pid: [] for pid in ids}
    fitted = tfidf.fit(texts, frozenset(stop_words())) if len(texts) > 1 else None
    if fitted is not None:
        nearest(fitted.matrix, candidates(fitted.matrix), ids, out, k, floor)
    return out, fitted


@contextlib.contextmanager
def no_gc():
    """Collections triggered by the many small lists cost more than the work here."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def candidates(matrix):
    """Which papers each term can relate (terms × papers, CSC): the ``POSTINGS`` papers where
    it weighs most."""
    return _top_per_column(matrix.tocsc(), POSTINGS).T.tocsc()


def nearest(matrix, cands, ids: list[str], out: dict[str, list[str]], k: int, floor: float, rows=None) -> None:
    """Append to ``out`` the nearest papers of the papers at ``rows`` (all when None)."""
    import numpy as np

    rows = np.arange(len(ids)) if rows is None else np.asarray(rows)
    for start in range(0, len(rows), BLOCK):
        block = rows[start:start + BLOCK]
        whole = len(block) and block[-1] - block[0] == len(block) - 1  # a slice: no copy of rows
        part = matrix[block[0]:block[-1] + 1] if whole else matrix[block]
        sims = (part @ cands).tocsr()
        top, cols = _top_per_row(sims, k + 1, floor)
        for row, col in zip(block[top].tolist(), cols.tolist()):
            if col != row and len(out[ids[row]]) < k:
                out[ids[row]].append(ids[col])


def _top_per_column(csc, n: int):
    """The matrix keeping, in each column, only its ``n`` largest entries (CSR)."""
    from scipy.sparse import csc_matrix

    order, cols, rank = ranked(csc.indptr, csc.data)
    keep = order[rank < n]
    return csc_matrix((csc.data[keep], (csc.indices[keep], cols[keep])), shape=csc.shape).tocsr()


def _top_per_row(csr, n: int, floor: float):
    """(row, column) of each row's ``n`` largest entries at least ``floor``, best first."""
    csr.data[csr.data < floor] = 0
    csr.eliminate_zeros()  # fewer entries to sort
    order, rows, rank = ranked(csr.indptr, csr.data)
    keep = order[rank < n]
    return rows[keep], csr.indices[keep]


def related_key(papers: Sequence[Paper], k: int = 5) -> str:
    """The digest the lists of ``papers`` are kept under (``store_related``): the same while every
    paper's id, title and abstract are, so a rebuild after any other edit reads them back."""
    digest = hashlib.blake2b(str(k).encode(), digest_size=16)
    for p in papers:
        digest.update(f"{p.id}\0{p.title}\0{p.abstract or ''}\n".encode())
    return digest.hexdigest()


def load_related(cache: Path, key: str) -> dict[str, list[str]] | None:
    """The lists kept in ``cache`` under ``key``; None when there are none (or other ones)."""
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored.get("digest") == key:
            return stored["related"]
    except (OSError, ValueError, AttributeError, KeyError):
        pass  # no cache yet, or an unreadable one
    return None


def store_related(cache: Path, key: str, found: dict[str, list[str]]) -> None:
    from ..shelf.atomic import atomic_write

    # replace_leftovers: the build's related child can be killed mid-write (build.py cancels it)
    atomic_write(cache, json.dumps({"digest": key, "related": found}, separators=(",", ":")), durable=False,
                 replace_leftovers=True)
