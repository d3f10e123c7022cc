"""The catalog database: SQLite with an FTS5 index, filled from dumps one file per transaction.

Tables: ``files`` (one row per source: path, size, mtime, content hash), ``papers`` (one row per
record, ``local`` its id within the dump, so the key is ``<source>:<local>``; lists and dicts as JSON; ``nhash`` is a 64-bit hash of the normalised title, indexed for
exact-title look-ups at a tenth of the size of an index on the title itself), ``ids`` (kind,
value → paper, for identifier look-ups) and ``fts`` (title, authors, abstract; external content
over ``papers``; ``detail=column``: words and their columns, no positions, which is all the
searches need and 40 % less index). A rollback journal, not WAL: a file of a million papers is
one transaction, and WAL would write it twice and hold a second copy on disk until the checkpoint.

The catalog is a cache rebuilt from the dumps, so it is written without ``fsync``
(``synchronous=OFF``): a failed file still rolls back (the journal is kept), and a crashed process
loses nothing; only a power cut in the middle of an add can spoil the file (README: delete it and
add the dumps again).
A large page cache keeps the random inserts into the title-hash and identifier indexes in memory,
and FTS5 gathers 64 MB of terms before writing a segment (1 MB by default: a million abstracts
made hundreds of small segments) and does not merge segments as it goes (``automerge=0``, which
cost a sixth of the CPU of a million-paper add): FTS5 still merges the segments of a level once 16
gather there (``crisismerge``); a million papers end in ~20 segments, which searches read in turn.

A file whose hash is unchanged is skipped; a changed one replaces its source's records. A file
that fails to read is rolled back whole: the catalog keeps what it had before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import PapershelfError
from ..findings import Finding
from ..model import normalise_title
from .readers import CatalogInputError, Reader, Skipped, detect, source_name
from .record import ID_KINDS, CatalogRecord, id_key

SCHEMA_VERSION = "2"
BATCH = 2000
CHUNK = 500  # values bound in one ``IN (…)`` look-up (SQLite allows 32,766)
PAGE_SIZE = 16384
CACHE_KB = 256 * 1024  # an upper bound: SQLite allocates the page cache as it fills
FTS_CONFIG = (("hashsize", 64 << 20), ("automerge", 0))
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files(id INTEGER PRIMARY KEY, source TEXT UNIQUE NOT NULL, path TEXT, format TEXT,
    size INTEGER, mtime_ns INTEGER, hash TEXT, records INTEGER, indexed_at TEXT);
CREATE TABLE IF NOT EXISTS papers(id INTEGER PRIMARY KEY, file INTEGER NOT NULL, local TEXT NOT NULL,
    title TEXT NOT NULL, nhash INTEGER NOT NULL, authors TEXT, abstract TEXT, venue TEXT, year INTEGER,
    ids TEXT, links TEXT);
CREATE INDEX IF NOT EXISTS papers_nhash ON papers(nhash);
CREATE INDEX IF NOT EXISTS papers_file ON papers(file);
CREATE TABLE IF NOT EXISTS ids(kind TEXT NOT NULL, value TEXT NOT NULL, paper INTEGER NOT NULL,
    PRIMARY KEY(kind, value, paper)) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, authors, abstract, content='papers',
    content_rowid='id', tokenize='unicode61 remove_diacritics 2', detail=column);
"""
COLUMNS = "p.local, f.source, p.title, p.authors, p.abstract, p.venue, p.year, p.ids, p.links"
# One encoder for every row (``json.dumps(..., ensure_ascii=False)`` builds a new one per call).
to_json = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
FILTERS = {"source": "f.source", "venue": "p.venue", "year": "p.year", "norm": "p.nhash"}


@dataclass
class FileResult:
    """What adding one file did: indexed, unchanged or failed, with the numbers."""

    path: Path
    source: str | None
    status: str  # indexed | unchanged | failed
    records: int = 0
    skipped: int = 0


def title_hash(norm: str) -> int:
    """The signed 64-bit hash of a normalised title that ``papers.nhash`` indexes."""
    return int.from_bytes(hashlib.blake2b(norm.encode(), digest_size=8).digest(), "big", signed=True)


def file_hash(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _row(row: tuple) -> CatalogRecord:
    local, source, title, authors, abstract, venue, year, ids, links = row
    return CatalogRecord(key=f"{source}:{local}", source=source, title=title, authors=json.loads(authors or "[]"),
                         abstract=abstract, venue=venue, year=year, ids=json.loads(ids or "{}"),
                         links=json.loads(links or "{}"))


def fts_query(text: str) -> str | None:
    """User text as an FTS5 query: every word must appear (the last one as a prefix); no
    operator syntax leaks through."""
    words = re.findall(r"\w+", text.lower())
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


class CatalogText(NamedTuple):
    """One paper as :meth:`Catalog.texts` scans it."""

    row: int
    title: str
    abstract: str | None
    ids: dict[str, str]
    title_hash: int  # title_hash(normalised title): the ``papers.nhash`` column


class Catalog:
    """A local paper catalog. ``Catalog.open(path)`` creates it on first use."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db, self.path = db, path

    @classmethod
    def open(cls, path: str | Path) -> Catalog:
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)  # _Batches
            db.execute(f"PRAGMA page_size={PAGE_SIZE}")  # a new database only; rows of ~1.3 KB fill big pages better
            db.execute("PRAGMA synchronous=OFF")
            db.execute(f"PRAGMA cache_size=-{CACHE_KB}")
            db.execute("PRAGMA temp_store=MEMORY")
            version = _schema(db)
        except sqlite3.DatabaseError as exc:
            raise PapershelfError(f"cannot open the catalog database: {exc}", file=path,
                                  hint="delete the file and add the dumps again (catalog add)") from None
        except OSError as exc:
            raise PapershelfError(f"cannot create the catalog: {exc.strerror or exc}", file=path) from None
        if version != SCHEMA_VERSION:
            db.close()
            raise PapershelfError(f"catalog schema {version} is not {SCHEMA_VERSION}", file=path,
                                  hint="delete the file and add the dumps again (catalog add)")
        return cls(db, path)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- adding -------------------------------------------------------------------------------

    def add(self, paths: Iterable[str | Path], progress: Callable[[int], None] | None = None,
            *, results: list[FileResult] | None = None) -> list[Finding]:
        """Index dumps; ``progress(n)`` is told each ``n`` bytes read (a file skipped as unchanged
        counts whole). Returns findings: one per indexed, unchanged or failed file, one per
        skipped record. ``results``, when given, receives one FileResult per file."""
        findings: list[Finding] = []
        for raw in paths:
            path = Path(raw)
            result = self._add_file(path, progress, findings)
            if results is not None:
                results.append(result)
        return findings

    def _add_file(self, path: Path, progress, findings: list[Finding]) -> FileResult:
        try:
            stat = path.stat()
            if not path.is_file():
                raise CatalogInputError("not a file")
            reader = detect(path)
        except (CatalogInputError, OSError) as exc:
            findings.append(_failure(path, exc))
            return FileResult(path, None, "failed")
        source = source_name(reader, path)
        known = self.db.execute("SELECT path, size, mtime_ns, hash FROM files WHERE source = ?", (source,)).fetchone()
        digest = None
        if known and known[1] == stat.st_size and (known[2] == stat.st_mtime_ns or known[3] == (
                digest := file_hash(path))):
            if progress:
                progress(stat.st_size)
            findings.append(Finding("CAT010", "info", f"{source}: unchanged since it was indexed, skipped",
                                    file=str(path), data={"source": source}))
            return FileResult(path, source, "unchanged")
        return self._index(path, reader, source, stat, digest or file_hash(path), progress, findings)

    def _index(self, path: Path, reader: Reader, source: str, stat, digest: str, progress,
               findings: list[Finding]) -> FileResult:
        skipped: list[Finding] = []
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            for option, value in FTS_CONFIG:  # kept in the file; set here for catalogs made before
                db.execute("INSERT INTO fts(fts, rank) VALUES (?, ?)", (option, value))
            file_id = self._replace_source(source)
            db.execute("INSERT INTO files(id, source, path, format, size, mtime_ns, hash, indexed_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (file_id, source, str(path.resolve()), reader.name, stat.st_size, stat.st_mtime_ns, digest,
                        dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))
            count = self._insert(file_id, reader.read(path, source, progress), path, skipped)
            db.execute("UPDATE files SET records = ? WHERE id = ?", (count, file_id))
            db.execute("COMMIT")
        except (CatalogInputError, OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
            _rollback(db)
            findings.append(_failure(path, exc, source))
            return FileResult(path, source, "failed")
        except sqlite3.OperationalError as exc:  # a full disk (from either thread), a locked file
            _rollback(db)
            raise PapershelfError(f"cannot write the catalog: {exc}; nothing of {path.name} was indexed",
                                  file=self.path, hint="free some disk space (or wait for the other writer) "
                                  "and add the file again; the rest of the catalog is unchanged") from None
        except BaseException:
            _rollback(db)
            raise
        findings.extend(skipped)
        findings.append(Finding("CAT011", "info", f"{source}: {count} papers indexed"
                                + (f", {len(skipped)} records skipped" if skipped else ""),
                                file=str(path), data={"source": source, "records": count, "skipped": len(skipped)}))
        return FileResult(path, source, "indexed", count, len(skipped))

    def _replace_source(self, source: str) -> int:
        """Drop an earlier version of ``source`` (inside the caller's transaction); the file id
        to use for the new one."""
        db = self.db
        old = db.execute("SELECT id FROM files WHERE source = ?", (source,)).fetchone()
        if old:
            db.execute("INSERT INTO fts(fts, rowid, title, authors, abstract) "
                       "SELECT 'delete', id, title, authors, abstract FROM papers WHERE file = ?", old)
            db.execute("DELETE FROM ids WHERE paper IN (SELECT id FROM papers WHERE file = ?)", old)
            db.execute("DELETE FROM papers WHERE file = ?", old)
            db.execute("DELETE FROM files WHERE id = ?", old)
            return old[0]
        return (db.execute("SELECT coalesce(max(id), 0) + 1 FROM files").fetchone())[0]

    def _insert(self, file_id: int, items, path: Path, skipped: list[Finding]) -> int:
        next_id = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM papers").fetchone()[0]
        keys: set[str] = set()
        papers, ids, count = [], [], 0
        with _Batches(self.db) as batches:
            for item in items:
                if isinstance(item, Skipped):
                    skipped.append(Finding(item.code, "warning", f"record {item.record}"
                                           + (f" ({item.key})" if item.key else "") + f" skipped: {item.message}",
                                           file=str(path), line=item.record, data={"record": item.record}))
                    continue
                local = key = item.key.removeprefix(item.source + ":")
                n = 2
                while local in keys:  # the same id twice in one dump: keep both (keys stay unique)
                    local, n = f"{key}~{n}", n + 1
                keys.add(local)
                pid = next_id + count
                count += 1
                papers.append((pid, file_id, local, item.title, title_hash(normalise_title(item.title)),
                               to_json(item.authors), item.abstract, item.venue, item.year, to_json(item.ids),
                               to_json(item.links)))
                ids.extend((kind, id_key(kind, value), pid) for kind, value in item.ids.items() if kind in ID_KINDS)
                if len(papers) >= BATCH:
                    batches.write(papers, ids)
                    papers, ids = [], []
            batches.write(papers, ids)
        return count

    # -- reading ------------------------------------------------------------------------------

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM papers").fetchone()[0]

    def search(self, text: str, limit: int = 20) -> list[CatalogRecord]:
        """Papers matching every word of ``text`` in title, authors or abstract, best first
        (BM25, title weighted highest)."""
        query = fts_query(text)
        if query is None:
            return []
        rows = self.db.execute(
            f"SELECT {COLUMNS} FROM fts JOIN papers p ON p.id = fts.rowid JOIN files f ON f.id = p.file "
            "WHERE fts MATCH ? ORDER BY bm25(fts, 10.0, 3.0, 1.0) LIMIT ?", (query, limit))
        return [_row(r) for r in rows]

    def records(self, where: dict[str, Any] | None = None) -> Iterator[CatalogRecord]:
        """Every record, or those whose ``source``, ``venue``, ``year`` or ``norm`` (normalised
        title) equal the given values; in insertion order."""
        clauses, params = [], []
        where = dict(where or {})
        for name, value in where.items():
            if name not in FILTERS:
                raise ValueError(f"records(where=…): {name!r} is not one of {', '.join(FILTERS)}")
            clauses.append(f"{FILTERS[name]} = ?")
            params.append(title_hash(value) if name == "norm" else value)
        sql = f"SELECT {COLUMNS} FROM papers p JOIN files f ON f.id = p.file"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        for row in self.db.execute(sql + " ORDER BY p.id", params):
            record = _row(row)
            if "norm" not in where or record.norm_title == where["norm"]:  # a hash collision is not a match
                yield record

    def by_id(self, kind: str, value: str) -> list[CatalogRecord]:
        """Records carrying identifier ``kind`` (arxiv, doi, openreview) = ``value``."""
        return self.by_ids(kind, [value]).get(id_key(kind, value), [])

    def by_ids(self, kind: str, values: Iterable[str]) -> dict[str, list[CatalogRecord]]:
        """``{id_key(kind, value): records}`` for the values some record carries: one query per
        ``CHUNK`` values, not one per paper."""
        found: dict[str, list[CatalogRecord]] = {}
        keys = list(dict.fromkeys(id_key(kind, v) for v in values))
        for part in _chunks(keys):
            rows = self.db.execute(
                f"SELECT i.value, {COLUMNS} FROM ids i JOIN papers p ON p.id = i.paper JOIN files f ON f.id = p.file "
                f"WHERE i.kind = ? AND i.value IN ({_marks(part)}) ORDER BY p.id", [kind, *part])
            for row in rows:
                found.setdefault(row[0], []).append(_row(row[1:]))
        return found

    def by_title(self, title: str) -> list[CatalogRecord]:
        """Records whose normalised title equals that of ``title``."""
        norm = normalise_title(title)
        return self.by_titles([norm]).get(norm, [])

    def by_titles(self, norms: Iterable[str]) -> dict[str, list[CatalogRecord]]:
        """``{normalised title: records}`` for the normalised titles the catalog has, by their
        hashes ``CHUNK`` at a time (a hash collision is not a match)."""
        wanted = {title_hash(n): n for n in norms}
        found: dict[str, list[CatalogRecord]] = {}
        for part in _chunks(list(wanted)):
            rows = self.db.execute(f"SELECT p.nhash, {COLUMNS} FROM papers p JOIN files f ON f.id = p.file "
                                   f"WHERE p.nhash IN ({_marks(part)}) ORDER BY p.id", part)
            for row in rows:
                record, norm = _row(row[1:]), wanted[row[0]]
                if record.norm_title == norm:
                    found.setdefault(norm, []).append(record)
        return found

    def titles(self) -> Iterator[tuple[int, str]]:
        """(row, normalised title) of every paper: what fuzzy matching indexes."""
        for pid, title in self.db.execute("SELECT id, title FROM papers"):
            yield pid, normalise_title(title)

    def at_rows(self, rows: Iterable[int]) -> dict[int, CatalogRecord]:
        """``{row: record}`` for these rows (from ``titles`` or ``texts``)."""
        found: dict[int, CatalogRecord] = {}
        for part in _chunks(list(dict.fromkeys(rows))):
            for r in self.db.execute(f"SELECT p.id, {COLUMNS} FROM papers p JOIN files f ON f.id = p.file "
                                     f"WHERE p.id IN ({_marks(part)})", part):
                found[r[0]] = _row(r[1:])
        return found

    def by_keys(self, keys: Iterable[str]) -> dict[str, CatalogRecord]:
        """``{key: record}`` for the keys (``<source>:<id in the dump>``) that are in the catalog."""
        found: dict[str, CatalogRecord] = {}
        pairs = [tuple(k.split(":", 1)) for k in dict.fromkeys(keys) if ":" in k]
        for part in _chunks(pairs, 400):
            marks = " OR ".join("(f.source = ? AND p.local = ?)" for _ in part)
            for row in self.db.execute(f"SELECT {COLUMNS} FROM papers p JOIN files f ON f.id = p.file "
                                       f"WHERE {marks}", [v for pair in part for v in pair]):
                record = _row(row)
                found[record.key] = record
        return found

    def texts(self) -> Iterator[CatalogText]:
        """(row, title, abstract, ids, title hash) of every paper in row order: the cheap scan that
        text models (discover) index; ``at_rows(rows)`` gives the full records of the rows they pick."""
        for pid, title, abstract, ids, nhash in self.db.execute(
                "SELECT id, title, abstract, ids, nhash FROM papers ORDER BY id"):
            yield CatalogText(pid, title, abstract, json.loads(ids or "{}"), nhash)

    def version(self) -> str:
        """Changes whenever a dump is added, replaced or removed (from the files' content hashes):
        what is derived from the catalog (discover's index) is kept per version."""
        rows = self.db.execute("SELECT source, hash, records FROM files ORDER BY source").fetchall()
        return hashlib.blake2b(json.dumps(rows).encode(), digest_size=8).hexdigest()

    def sources(self) -> list[dict[str, Any]]:
        """One dict per indexed file: source, path, format, records, size, indexed_at."""
        rows = self.db.execute("SELECT source, path, format, records, size, indexed_at FROM files ORDER BY source")
        return [dict(zip(("source", "path", "format", "records", "size", "indexed_at"), r)) for r in rows]

    def field_counts(self) -> dict[str, int]:
        """How many records have an abstract, authors, each identifier and each link kind."""
        db = self.db
        out = {"papers": self.count(),
               "abstract": db.execute("SELECT count(*) FROM papers WHERE abstract IS NOT NULL").fetchone()[0],
               "authors": db.execute("SELECT count(*) FROM papers WHERE authors != '[]'").fetchone()[0]}
        for kind in ID_KINDS:
            out[f"ids.{kind}"] = db.execute("SELECT count(DISTINCT paper) FROM ids WHERE kind = ?",
                                            (kind,)).fetchone()[0]
        for kind in ("paper", "pdf", "code", "project"):
            out[f"links.{kind}"] = db.execute("SELECT count(*) FROM papers WHERE json_extract(links, ?) IS NOT NULL",
                                              (f"$.{kind}",)).fetchone()[0]
        return out


class _Batches:
    """Writes one file's rows a batch at a time: papers and identifiers from the calling thread,
    then the batch's full-text index from a worker thread, which SQLite tokenises without the
    GIL while the caller reads and converts the next batch (half the work of an add each). The
    two never use the connection at once: a batch waits for the previous one's index."""

    FTS = ("INSERT INTO fts(rowid, title, authors, abstract) "
           "SELECT id, title, authors, abstract FROM papers WHERE id BETWEEN ? AND ?")

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.worker = ThreadPoolExecutor(1, thread_name_prefix="catalog-fts")
        self.pending: Future | None = None

    def write(self, papers: list[tuple], ids: list[tuple]) -> None:
        self.wait()
        if papers:
            self.db.executemany("INSERT INTO papers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", papers)
            self.db.executemany("INSERT OR IGNORE INTO ids VALUES (?, ?, ?)", ids)
            self.pending = self.worker.submit(self.db.execute, self.FTS, (papers[0][0], papers[-1][0]))

    def wait(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def __enter__(self) -> _Batches:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.wait()  # before the caller commits or rolls back
        finally:
            self.worker.shutdown()


def _rollback(db: sqlite3.Connection) -> None:
    """Undo the file's transaction, unless SQLite already has (it does on a full disk, and a
    second ROLLBACK would raise and hide the real error)."""
    if db.in_transaction:
        db.execute("ROLLBACK")


def _chunks(values: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _marks(values: list) -> str:
    return ",".join("?" * len(values))


def _schema(db: sqlite3.Connection) -> str:
    """The database's schema version, creating the tables in a new one."""
    if db.execute("SELECT 1 FROM sqlite_schema WHERE name = 'meta'").fetchone():
        found = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if found and found[0] != SCHEMA_VERSION:
            return found[0]
    db.executescript(SCHEMA)
    db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    return db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]


def _failure(path: Path, exc: BaseException, source: str | None = None) -> Finding:
    from .readers.base import read_problem

    record = getattr(exc, "record", None)
    message = exc.message if isinstance(exc, CatalogInputError) else read_problem(exc)
    where = f"record {record}: " if record else ""
    hint = getattr(exc, "hint", None) or "fix or replace the file and add it again; the rest of the catalog is unchanged"
    return Finding("CAT001", "error", f"{where}{message}; nothing of this file was indexed",
                   file=str(path), line=record, data={"source": source, "record": record, "hint": hint})
