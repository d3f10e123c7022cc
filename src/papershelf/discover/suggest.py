"""Ranking catalog papers by how well they fit a set of shelf papers.

The arxiv-sanity-lite recipe: the shelf's papers (or one topic's / taxonomy node's) are the
positives, an even sample of the catalog the negatives (plus, for a topic, the shelf's papers
outside it), a linear SVM on TF-IDF vectors learns the difference, and every catalog paper is
scored by one sparse product. Papers on the shelf or dismissed are never suggested; each
suggestion names the shelf papers nearest to it, so the curator sees why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..catalog.record import CatalogRecord
from ..errors import PapershelfError
from ..model import Paper
from .index import CatalogIndex, records_by_row
from .text import match_keys, paper_text, top_k

NEGATIVES = 5_000  # catalog papers sampled as negatives (recall as with 20,000, BENCHMARKS.md; 4-20x faster)
C = 0.1  # the SVM's regularisation, as arxiv-sanity-lite
WHY = 3  # nearest shelf papers named per suggestion


@dataclass
class Suggestion:
    """A catalog paper worth a look, its score and the shelf papers it is nearest to."""

    record: CatalogRecord
    score: float
    because: list[tuple[str, float]] = field(default_factory=list)  # (shelf paper id, cosine)

    def to_json(self) -> dict:
        return {"key": self.record.key, "score": round(self.score, 4), **_record_fields(self.record),
                "because": [{"paper": pid, "similarity": round(sim, 3)} for pid, sim in self.because]}


def _record_fields(record: CatalogRecord) -> dict:
    data = record.to_json()
    data.pop("key")
    return data


@dataclass
class Query:
    """What to rank for: ``positives`` (papers that fit), ``negatives`` (shelf papers that do
    not, e.g. other topics), ``exclude`` (titles/ids never to suggest: the whole shelf and the
    dismissed papers, as ``(title, ids)`` pairs)."""

    positives: Sequence[Paper]
    negatives: Sequence[Paper] = ()
    exclude: Sequence[tuple[str, dict]] = ()


def _vectors(index: CatalogIndex, papers: Sequence[Paper]):
    """One row per paper, in order: the catalog's vector when the paper is in the catalog (it
    often has the abstract the shelf lacks), else the paper's own title + abstract (vectorised
    in one call: thousands of shelf papers cost one transform, not thousands)."""
    import numpy as np
    from scipy.sparse import vstack

    if not papers:
        return None
    rows = [index.rows_for(match_keys(p.title, p.ids)) for p in papers]
    known = [i for i, found in enumerate(rows) if found]
    unknown = [i for i, found in enumerate(rows) if not found]
    parts = []
    if known:
        parts.append(index.matrix[[rows[i][0] for i in known]])
    if unknown:
        parts.append(index.transform([paper_text(papers[i].title, papers[i].abstract) for i in unknown]))
    stacked = vstack(parts, format="csr")
    return stacked[np.argsort(np.asarray(known + unknown))]  # back to the papers' order


def scores(index: CatalogIndex, query: Query, *, seed: int = 0):
    """``(scores of every catalog row, positive vectors)``; excluded rows score ``-inf``."""
    import numpy as np
    from scipy.sparse import vstack
    from sklearn.svm import LinearSVC

    if not query.positives:
        raise PapershelfError("no papers to learn from", hint="suggest needs papers on the shelf (or in the "
                              "topic/section asked for)")
    positives = _vectors(index, query.positives)
    excluded = index.rows_for(k for title, ids in query.exclude for k in match_keys(title, ids))
    rng = np.random.default_rng(seed)
    sample = rng.choice(index.size, size=min(NEGATIVES, index.size), replace=False)
    sample = np.setdiff1d(sample, np.asarray(excluded, dtype=np.int64))
    parts = [positives, index.matrix[np.sort(sample)]]
    hard = _vectors(index, query.negatives)
    if hard is not None:
        parts.append(hard)
    x = vstack(parts, format="csr")
    y = np.zeros(x.shape[0], dtype=np.int8)
    y[:positives.shape[0]] = 1
    model = LinearSVC(C=C, class_weight="balanced", tol=1e-4, max_iter=5000)
    model.fit(x, y)
    ranked = index.matrix @ model.coef_[0].astype(np.float32)
    ranked[np.asarray(excluded, dtype=np.int64)] = -np.inf
    return ranked, positives


def suggest(catalog, index: CatalogIndex, query: Query, n: int = 50, *, seed: int = 0) -> list[Suggestion]:
    """The ``n`` best catalog papers for ``query``, best first, each with its nearest positives."""
    import numpy as np

    ranked, positives = scores(index, query, seed=seed)
    best = [r for r in top_k(ranked, 2 * n + 10) if np.isfinite(ranked[r])]
    records = records_by_row(catalog, [int(index.rowids[r]) for r in best])
    chosen: list[tuple[int, CatalogRecord]] = []
    seen: set[str] = set()
    for row in best:
        record = records.get(int(index.rowids[row]))
        if record is None or record.norm_title in seen:  # the same paper in two dumps: once
            continue
        seen.add(record.norm_title)
        chosen.append((row, record))
        if len(chosen) == n:
            break
    if not chosen:
        return []
    sims = (index.matrix[[row for row, _ in chosen]] @ positives.T).toarray()
    out = []
    for (row, record), row_sims in zip(chosen, sims):
        near = [j for j in top_k(row_sims, WHY) if row_sims[j] > 0]
        out.append(Suggestion(record, float(ranked[row]),
                              [(query.positives[j].id, float(row_sims[j])) for j in near]))
    return out
