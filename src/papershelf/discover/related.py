"""Related papers: each paper's nearest neighbours on the same shelf (cosine of TF-IDF vectors
of title + abstract), computed when the site is built."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Paper
from .text import paper_text, top_k, vectorizer

# Rows of the similarity matrix computed at once: bounds memory to about 64 MB per block.
BLOCK_CELLS = 16_000_000


def related(papers: Sequence[Paper], k: int = 5, *, min_similarity: float = 0.05) -> dict[str, list[str]]:
    """``{paper id: [ids of its k nearest papers, nearest first]}``; papers with nothing in
    common with any other (similarity below ``min_similarity``) get fewer or none."""
    if len(papers) < 2:
        return {p.id: [] for p in papers}
    texts = [paper_text(p.title, p.abstract) for p in papers]
    try:
        matrix = vectorizer(len(texts)).fit_transform(texts).tocsr()
    except ValueError:  # no usable word at all (titles of stop words only)
        return {p.id: [] for p in papers}
    transposed = matrix.T.tocsc()
    block = max(1, BLOCK_CELLS // len(papers))
    out: dict[str, list[str]] = {}
    for start in range(0, len(papers), block):
        sims = (matrix[start:start + block] @ transposed).toarray()
        for row, scores in enumerate(sims):
            scores[start + row] = -1.0  # not itself
            best = top_k(scores, k)
            out[papers[start + row].id] = [papers[j].id for j in best if scores[j] >= min_similarity]
        del sims
    return out
