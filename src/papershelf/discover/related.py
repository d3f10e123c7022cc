"""Related papers: each paper's nearest neighbours on the same shelf (cosine of TF-IDF vectors
of title + abstract), computed when the site is built.

Exact for words shared by up to ``POSTINGS`` papers; a word shared by more (common on shelves
of tens of thousands of papers) links each paper only to the ``POSTINGS`` papers where it
weighs most, which bounds the work per paper instead of letting it grow with the shelf.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from ..model import Paper
from .text import paper_text, ranked, vectorizer

POSTINGS = 40
BLOCK = 2000  # papers compared at once


def related(papers: Sequence[Paper], k: int = 5, *, min_similarity: float = 0.05) -> dict[str, list[str]]:
    """``{paper id: [ids of its k nearest papers, nearest first]}``; papers with little in
    common with any other (similarity below ``min_similarity``) get fewer or none."""
    import gc

    gc.disable()  # collections triggered by the many small lists cost more than the work here
    try:
        return _related(papers, k, min_similarity)
    finally:
        gc.enable()


def _related(papers: Sequence[Paper], k: int, floor: float) -> dict[str, list[str]]:
    ids = [p.id for p in papers]
    out: dict[str, list[str]] = {pid: [] for pid in ids}
    if len(papers) < 2:
        return out
    try:
        matrix = vectorizer(len(papers)).fit_transform([paper_text(p.title, p.abstract) for p in papers]).tocsr()
    except ValueError:  # no usable word at all (titles of stop words only)
        return out
    candidates = _top_per_column(matrix.tocsc(), POSTINGS).T.tocsc()
    _nearest(matrix, candidates, ids, out, k, floor)
    return out


def _nearest(matrix, candidates, ids: list[str], out: dict[str, list[str]], k: int, floor: float) -> None:
    for start in range(0, len(ids), BLOCK):
        sims = (matrix[start:start + BLOCK] @ candidates).tocsr()
        rows, cols = _top_per_row(sims, k + 1, floor)
        for row, col in zip(rows.tolist(), cols.tolist()):
            if col != start + row and len(out[ids[start + row]]) < k:
                out[ids[start + row]].append(ids[col])


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


def related_cached(papers: Sequence[Paper], cache: Path, k: int = 5) -> dict[str, list[str]]:
    """``related(papers, k)``, kept in ``cache`` (JSON) under a digest of every paper's id,
    title and abstract: a rebuild after an edit that changed none of them reuses it."""
    key = related_key(papers, k)
    found = load_related(cache, key)
    if found is None:
        found = related(papers, k)
        store_related(cache, key, found)
    return found


def related_key(papers: Sequence[Paper], k: int = 5) -> str:
    """The digest ``related_cached`` keeps its lists under."""
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
