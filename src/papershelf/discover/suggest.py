"""Ranking catalog papers by how well they fit a set of shelf papers.

The arxiv-sanity-lite recipe: the shelf's papers (or one topic's / taxonomy node's) are the
positives, an even sample of the catalog the negatives (plus, for a topic, the shelf's papers
outside it), a linear SVM on TF-IDF vectors learns the difference, and every catalog paper is
scored by one sparse product. With ``--embeddings`` (a model installed, ``embed.py``), each paper's
sentence embedding is appended to its TF-IDF vector, so the SVM also learns from meaning that
shares no words. Papers on the shelf or dismissed are never suggested; each suggestion names the
shelf papers nearest to it, so the curator sees why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..catalog.record import CatalogRecord
from ..errors import PapershelfError
from ..model import Paper
from . import embed
from .index import CatalogIndex
from .text import match_keys, paper_text, top_k

NEGATIVES = 5_000  # catalog papers sampled as negatives (recall as with 20,000, BENCHMARKS.md; 4-20x faster)
C = 0.1  # the SVM's regularisation, as arxiv-sanity-lite
EMBED_WEIGHT = 0.5  # an embedding row's length beside a TF-IDF row's (1); 1.0 and 2.0 recalled less
SCORE_CHUNK = 100_000  # catalog embeddings (float16 on disk) scored this many rows at a time
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


def _rows(index: CatalogIndex, papers: Sequence[Paper]) -> list[int | None]:
    """Each paper's catalog matrix row (the catalog's vector often has the abstract the shelf lacks)."""
    rows = [index.rows_for(match_keys(p.title, p.ids)) for p in papers]
    return [found[0] if found else None for found in rows]


def _vectors(index: CatalogIndex, papers: Sequence[Paper]):
    """One TF-IDF row per paper, in order: the catalog's when the paper is in the catalog, else
    the paper's own title + abstract (vectorised in one call: thousands of shelf papers cost one
    transform, not thousands)."""
    import numpy as np
    from scipy.sparse import vstack

    if not papers:
        return None
    rows = _rows(index, papers)
    known = [i for i, row in enumerate(rows) if row is not None]
    unknown = [i for i, row in enumerate(rows) if row is None]
    parts = []
    if known:
        parts.append(index.matrix[[rows[i] for i in known]])
    if unknown:
        parts.append(index.transform([paper_text(papers[i].title, papers[i].abstract) for i in unknown]))
    stacked = vstack(parts, format="csr")
    return stacked[np.argsort(np.asarray(known + unknown))]  # back to the papers' order


def _embeddings(index: CatalogIndex, papers: Sequence[Paper]):
    """One sentence embedding per paper, in order (the catalog's, else embedded now)."""
    import numpy as np

    rows = _rows(index, papers)
    out = np.zeros((len(papers), index.embeddings.shape[1]), dtype=np.float32)
    known = [i for i, row in enumerate(rows) if row is not None]
    unknown = [i for i, row in enumerate(rows) if row is None]
    if known:
        out[known] = index.embeddings[[rows[i] for i in known]]
    if unknown:
        out[unknown] = embed.embed([embed.embed_text(papers[i].title, papers[i].abstract) for i in unknown])
    return out


def _features(index: CatalogIndex, papers: Sequence[Paper], catalog_rows, embedded: bool):
    """The SVM's training rows: the papers' then the sampled catalog rows' TF-IDF vectors, each
    followed by its embedding when ``embedded``."""
    from scipy.sparse import csr_matrix, hstack, vstack

    tfidf = vstack([_vectors(index, papers), index.matrix[catalog_rows]], format="csr")
    if not embedded:
        return tfidf
    dense = [EMBED_WEIGHT * _embeddings(index, papers), EMBED_WEIGHT * index.embeddings[catalog_rows].astype("float32")]
    return hstack([tfidf, csr_matrix(vstack([csr_matrix(d) for d in dense]))], format="csr")


def _score_catalog(index: CatalogIndex, coef, embedded: bool):
    """Every catalog row's SVM score: one sparse product, plus the embeddings' in chunks."""
    import numpy as np

    width = index.matrix.shape[1]
    ranked = index.matrix @ coef[:width].astype(np.float32)
    if embedded:
        weights = EMBED_WEIGHT * coef[width:].astype(np.float32)
        for start in range(0, index.size, SCORE_CHUNK):
            block = np.asarray(index.embeddings[start:start + SCORE_CHUNK], dtype=np.float32)
            ranked[start:start + len(block)] += block @ weights
    return ranked


def scores(index: CatalogIndex, query: Query, *, seed: int = 0, embeddings: bool | None = None):
    """``(scores of every catalog row, positive vectors)``; excluded rows score ``-inf``.
    ``embeddings``: use the catalog's sentence embeddings (None: when the index has them,
    see ``index.with_embeddings``)."""
    import numpy as np
    from sklearn.svm import LinearSVC

    if not query.positives:
        raise PapershelfError("no papers to learn from", hint="suggest needs papers on the shelf (or in the "
                              "topic/section asked for)")
    embedded = index.embeddings is not None if embeddings is None else embeddings
    if embedded and index.embeddings is None:
        raise PapershelfError("the discovery index has no sentence embeddings",
                              hint="add them with papershelf.discover.index.with_embeddings")
    excluded = index.rows_for(k for title, ids in query.exclude for k in match_keys(title, ids))
    rng = np.random.default_rng(seed)
    sample = rng.choice(index.size, size=min(NEGATIVES, index.size), replace=False)
    sample = np.sort(np.setdiff1d(sample, np.asarray(excluded, dtype=np.int64)))
    papers = [*query.positives, *query.negatives]
    x = _features(index, papers, sample, embedded)
    y = np.zeros(x.shape[0], dtype=np.int8)
    y[:len(query.positives)] = 1
    model = LinearSVC(C=C, class_weight="balanced", tol=1e-4, max_iter=5000)
    model.fit(x, y)
    ranked = _score_catalog(index, model.coef_[0], embedded)
    ranked[np.asarray(excluded, dtype=np.int64)] = -np.inf
    return ranked, x[:len(query.positives), :index.matrix.shape[1]]


def suggest(catalog, index: CatalogIndex, query: Query, n: int = 50, *, seed: int = 0,
            embeddings: bool | None = None) -> list[Suggestion]:
    """The ``n`` best catalog papers for ``query``, best first, each with its nearest positives."""
    import numpy as np

    ranked, positives = scores(index, query, seed=seed, embeddings=embeddings)
    best = [r for r in top_k(ranked, 2 * n + 10) if np.isfinite(ranked[r])]
    records = catalog.at_rows(int(index.rowids[r]) for r in best)  # a row gone since: not there
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
