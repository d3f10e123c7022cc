"""The vectorised catalog: every catalog paper's TF-IDF vector, built once per catalog version
and kept on disk beside the catalog database, so ranking a million papers is a memory-mapped
sparse product instead of minutes of tokenising.

Files (in ``<catalog>.discover/<version>/``): the fitted vectoriser as data (its vocabulary
in JSON, its idf as ``.npy``, its settings in ``meta.json``), the CSR matrix as three ``.npy``
arrays, the catalog row id of each matrix row, and a sorted table of identifier and
normalised-title hashes → matrix row (to find shelf and dismissed papers in
the catalog without loading a million titles; titles by the catalog's own ``nhash``). The
papers' sentence embeddings (float16, ``embeddings-<model>.npy``) are added the first time
``suggest --embeddings`` asks for them (``embed.py``).

Nothing here can run code: a catalog named in ``shelf.toml`` lies in the shelf, so a cloned shelf
can ship its index folder. Only JSON and ``.npy`` arrays without pickles are read, checked for
shape and settings; an index that does not pass is built again, never trusted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import PapershelfError
from . import embed
from .text import TOKEN_PATTERN, fitted_vectorizer, id_hashes, keep_top_terms, paper_text, settings, vectorizer

FORMAT = "2"  # 2: the vectoriser saved as JSON + .npy (1 pickled it: ignored, rebuilt)
FIT_SAMPLE = 50_000  # the vocabulary and idf are learnt from an even sample of this many papers
CHUNK = 20_000
TERMS_PER_PAPER = 64  # a paper's heaviest terms kept in the index (bounds its size and scoring time)


def catalog_version(catalog) -> str:
    """Changes whenever a dump is added, replaced or removed (``Catalog.version``), or the index's
    format or vectorising does."""
    payload = json.dumps([FORMAT, TOKEN_PATTERN, TERMS_PER_PAPER, catalog.version()]).encode()
    return hashlib.blake2b(payload, digest_size=8).hexdigest()


@dataclass
class CatalogIndex:
    """The vectorised catalog. ``matrix`` rows are catalog papers (L2-normalised TF-IDF)."""

    folder: Path
    vectorizer: object
    matrix: object  # scipy.sparse.csr_matrix, memory-mapped
    rowids: object  # numpy int64: catalog papers.id of each matrix row
    match_hash: object  # numpy int64, sorted
    match_row: object  # numpy int64, matrix row of each hash
    embeddings: object = None  # numpy float16 (rows x embed.DIM), memory-mapped: see with_embeddings

    @property
    def size(self) -> int:
        return self.matrix.shape[0]

    def transform(self, texts: list[str]):
        return self.vectorizer.transform(texts)

    def rows_for(self, keys: Iterable[int]) -> list[int]:
        """Matrix rows whose identifier or title hash is among ``keys``."""
        import numpy as np

        wanted = np.fromiter(set(keys), dtype=np.int64)
        if not len(wanted) or not len(self.match_hash):
            return []
        left = np.searchsorted(self.match_hash, wanted, side="left")
        right = np.searchsorted(self.match_hash, wanted, side="right")
        rows: set[int] = set()
        for lo, hi in zip(left.tolist(), right.tolist()):
            rows.update(self.match_row[lo:hi].tolist())
        return sorted(rows)


def index_folder(catalog) -> Path:
    return Path(str(catalog.path) + ".discover")


def open_index(catalog, progress: Callable[[str], None] | None = None) -> CatalogIndex:
    """The index of the catalog's current version, built first if there is none (or if the one
    on disk cannot be read: it is only a cache)."""
    folder = index_folder(catalog) / catalog_version(catalog)
    if (folder / "meta.json").is_file():
        try:
            return load(folder)
        except PapershelfError:
            shutil.rmtree(folder, ignore_errors=True)
    if progress:
        progress(f"vectorising the catalog ({catalog.count():,} papers; once per catalog version)")
    build(catalog, folder)
    return load(folder)


def load(folder: Path) -> CatalogIndex:
    import numpy as np
    from scipy.sparse import csr_matrix

    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise ValueError("not an index of this papershelf")
        shape, papers = meta.get("shape"), meta.get("papers")
        if (not isinstance(shape, list) or len(shape) != 2 or not all(type(n) is int and n >= 0 for n in shape)
                or type(papers) is not int or papers < 1):
            raise ValueError("meta.json lacks the index's shape")
        vocabulary = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        vec = fitted_vectorizer(papers, meta.get("vectorizer"), vocabulary,
                                np.load(folder / "idf.npy", allow_pickle=False))
        arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
                  for name in ("data", "indices", "indptr", "rowids", "match_hash", "match_row")}
        if shape[1] != len(vocabulary) or not len(arrays["rowids"]) == shape[0] == len(arrays["indptr"]) - 1 \
                or len(arrays["match_hash"]) != len(arrays["match_row"]):
            raise ValueError("its parts do not fit together")
        matrix = csr_matrix((arrays["data"], arrays["indices"], arrays["indptr"]), shape=tuple(shape), copy=False)
    except (OSError, ValueError, EOFError) as exc:  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise PapershelfError(f"the discovery index is unreadable ({exc})", file=folder,
                              hint="delete that folder; the next suggest builds it again") from None
    return CatalogIndex(folder, vec, matrix, arrays["rowids"], arrays["match_hash"], arrays["match_row"])


def _fit_sample(catalog, total: int) -> list[str]:
    """Texts the vocabulary is learnt from: all papers, or an even sample of ``FIT_SAMPLE``."""
    step = max(1, total // FIT_SAMPLE)
    return [paper_text(p.title, p.abstract) for i, p in enumerate(catalog.texts()) if i % step == 0]


def build(catalog, folder: Path) -> None:
    """Vectorise every catalog paper into ``folder`` (written beside it, then renamed)."""
    import numpy as np
    from scipy.sparse import vstack

    total = catalog.count()
    if total == 0:
        raise PapershelfError("the catalog is empty", file=catalog.path,
                              hint="index some dumps first: papershelf catalog add PATH…")
    vec = vectorizer(total)
    try:
        vec.fit(_fit_sample(catalog, total))
    except ValueError:  # sklearn: "empty vocabulary"
        raise PapershelfError("the catalog's titles and abstracts hold no usable words", file=catalog.path,
                              hint="add dumps with English titles or abstracts") from None
    vec.stop_words_ = None  # the dropped terms: large, and not needed to transform
    blocks, rowids, hashes, rows = [], [], [], []
    texts: list[str] = []
    for row, paper in enumerate(catalog.texts()):
        rowids.append(paper.row)
        texts.append(paper_text(paper.title, paper.abstract))
        for h in [paper.title_hash, *id_hashes(paper.ids)]:
            hashes.append(h)
            rows.append(row)
        if len(texts) == CHUNK:
            blocks.append(keep_top_terms(vec.transform(texts), TERMS_PER_PAPER))
            texts = []
    if texts:
        blocks.append(keep_top_terms(vec.transform(texts), TERMS_PER_PAPER))
    matrix = vstack(blocks, format="csr", dtype=np.float32)
    order = np.argsort(np.asarray(hashes, dtype=np.int64), kind="stable")
    arrays = {"data": matrix.data.astype(np.float32), "indices": matrix.indices.astype(np.int32),
              "indptr": matrix.indptr.astype(np.int64), "rowids": np.asarray(rowids, dtype=np.int64),
              "match_hash": np.asarray(hashes, dtype=np.int64)[order],
              "match_row": np.asarray(rows, dtype=np.int64)[order]}
    arrays["idf"] = vec.idf_
    _write(folder, {str(term): int(column) for term, column in vec.vocabulary_.items()}, arrays,
           {"format": FORMAT, "shape": list(matrix.shape), "papers": total, "vectorizer": settings(vec)})


def _write(folder: Path, vocabulary: dict[str, int], arrays: dict, meta: dict) -> None:
    import numpy as np

    base = folder.parent
    tmp = None
    try:
        base.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=base))
        (tmp / "vocabulary.json").write_text(json.dumps(vocabulary), encoding="utf-8")
        for name, array in arrays.items():
            np.save(tmp / f"{name}.npy", array)
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        for old in base.iterdir():  # earlier versions are of no further use
            if old.is_dir() and old != tmp:
                shutil.rmtree(old, ignore_errors=True)
        os.replace(tmp, folder)
    except OSError as exc:
        if tmp is not None:  # no half-built index left beside the catalog
            shutil.rmtree(tmp, ignore_errors=True)
        raise PapershelfError(f"cannot write the discovery index: {exc.strerror or exc}", file=base,
                              hint="check the catalog's folder is writable and has room") from None


def with_embeddings(catalog, index: CatalogIndex, progress: Callable[[str], None] | None = None) -> CatalogIndex:
    """The index with every catalog paper's sentence embedding, computed the first time they are
    asked for (once per catalog version: they live in the index's folder)."""
    import numpy as np

    path = index.folder / f"embeddings-{embed.model_name()}.npy"
    if not path.is_file():
        if progress:
            progress(f"embedding the catalog ({index.size:,} papers; once per catalog version)")
        chunk: list[str] = []
        parts = []
        for paper in catalog.texts():
            chunk.append(embed.embed_text(paper.title, paper.abstract))
            if len(chunk) == CHUNK:
                parts.append(embed.embed(chunk).astype(np.float16))
                chunk = []
        parts.append(embed.embed(chunk).astype(np.float16))
        vectors = np.vstack(parts)
        if len(vectors) != index.size:
            raise PapershelfError("the catalog changed while it was being embedded", file=catalog.path,
                                  hint="run the command again")
        fh = None
        try:
            with tempfile.NamedTemporaryFile(dir=index.folder, suffix=".npy", delete=False) as fh:
                np.save(fh, vectors)
            os.replace(fh.name, path)
        except OSError as exc:
            if fh is not None:  # a full disk: no half-written array left in the index folder
                Path(fh.name).unlink(missing_ok=True)
            raise PapershelfError(f"cannot write the catalog's embeddings: {exc.strerror or exc}", file=path,
                                  hint="check the catalog's folder is writable and has room") from None
    return dataclasses.replace(index, embeddings=np.load(path, mmap_mode="r", allow_pickle=False))

