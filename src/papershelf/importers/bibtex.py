"""Importing BibTeX through bibtexparser 2: citation keys become ids; names are split by
bibtexparser's own middlewares (``Hinton, Geoffrey`` → Geoffrey Hinton) and LaTeX is decoded with
pylatexenc, bibtexparser's decoder (``Sch{\\"o}lkopf`` → Schölkopf, ``\\emph{x} -- y`` → x – y);
papershelf's own extra fields (priority, status, topics, links…) are read back, so an export
round-trips."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..formats import latex_unescape
from ..identifiers import ids_from_url
from .base import Finding, ImportResult
from .build import PaperBuilder, skipped, url_problem
from .paperlist import FindingList

VENUE_FIELDS = ("booktitle", "journal", "howpublished", "publisher", "school")
# Fields read as written: JSON, URLs and identifiers are not LaTeX.
RAW_FIELDS = ("links", "ids", "provenance", "url", "doi", "eprint")
_YEAR = re.compile(r"\D{0,20}(\d{4})\D{0,20}")


def _text(value) -> str:
    return " ".join(str(value).split())


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _json_field(raw: dict[str, str], key: str):
    try:
        return json.loads(raw[key]) if raw.get(key) else None
    except (ValueError, RecursionError) as exc:
        raise json.JSONDecodeError(f"field {key!r} is not valid JSON ({str(exc)[:80]})", raw[key][:80], 0) from None


def _json_object(raw: dict[str, str], key: str) -> dict:
    """A JSON field merged into links or ids: ``links = {15}`` is refused (ValueError), not a crash."""
    value = _json_field(raw, key) or {}
    if not isinstance(value, dict):
        raise ValueError(f"field {key!r} must be a JSON object, not {str(raw[key])[:40]!r}")
    return value


def entry_fields(entry) -> tuple[dict, list[str]]:
    """(loose Paper fields, what was left out) of one bibtexparser entry, for the importer and the
    catalog's BibTeX reader. ``json.JSONDecodeError`` for papershelf's own JSON fields when they
    are broken."""
    f = {k.lower(): v.value for k, v in entry.fields_dict.items()}
    raw = {k: str(v) for k, v in f.items() if k in RAW_FIELDS}  # as written: not LaTeX-decoded
    left_out: list[str] = []
    fields: dict = {"id": entry.key, "links": {}, "ids": {}}
    if "title" in f:
        fields["title"] = _text(latex_text(str(f["title"])))
    if "author" in f:
        names = split_names(str(f["author"]))
        fields["authors"] = [n for n in (_text(latex_text(str(n))) for n in names) if n]
    year = _YEAR.fullmatch(str(f.get("year", "")).strip())
    if year:
        fields["year"] = int(year.group(1))
    elif str(f.get("year", "")).strip():
        left_out.append(f"year {str(f['year']).strip()[:20]!r} is not a year: left out")
    for name in VENUE_FIELDS:
        if f.get(name):
            fields["venue"] = _text(latex_text(str(f[name])))
            break
    fields["links"].update(_json_object(raw, "links"))
    if raw.get("url"):
        url = raw["url"].strip()
        fields["links"]["paper"] = url
        if url_problem(url) is None:
            fields["ids"].update(ids_from_url(url))
    fields["ids"].update(_json_object(raw, "ids"))
    if raw.get("doi"):
        fields["ids"]["doi"] = raw["doi"].strip()
    if raw.get("eprint") and str(f.get("archiveprefix", "arxiv")).lower() == "arxiv":
        fields["ids"]["arxiv"] = raw["eprint"].strip()
    if f.get("abstract"):
        fields["abstract"] = _text(latex_text(str(f["abstract"])))
    if f.get("note"):
        fields["notes"] = latex_text(str(f["note"])).strip()
    if f.get("keywords"):
        fields["tags"] = _list(latex_text(str(f["keywords"])))
    for key in ("topics", "sections"):
        if f.get(key):
            fields[key] = _list(f[key])
    for key in ("priority", "status", "read_on", "added"):
        if f.get(key):
            fields[key] = str(f[key]).strip()
    if raw.get("provenance"):
        fields["provenance"] = _json_field(raw, "provenance")
    return fields, left_out


# LaTeX beyond the escapes papershelf's own export writes (\\&, \\textbackslash{}, \\textbraceleft{}…)
_OTHER_LATEX = re.compile(r"\\(?!(?:textbackslash|textbraceleft|textbraceright)\b|[&%$#_{}])[A-Za-z'\"`^~=.]")
_GROUPING = re.compile(r"(?<!\\)[{}]")


def latex_text(value: str) -> str:
    """A field's text. Real LaTeX from another tool (``Sch{\\"o}lkopf``, ``\\emph{x} -- y``) is decoded
    by pylatexenc, the decoder bibtexparser's LatexDecodingMiddleware uses; a value holding only the
    escapes papershelf writes is unescaped exactly, so an export reads back unchanged (a ``~`` or
    ``--`` typed in a title stays as typed)."""
    if _OTHER_LATEX.search(value):
        from pylatexenc.latex2text import LatexNodes2Text

        value = value.replace("\\textbraceleft{}", "\\{").replace("\\textbraceright{}", "\\}")
        return LatexNodes2Text().latex_to_text(value)
    return latex_unescape(_GROUPING.sub("", value))


def split_names(value: str) -> list[str]:
    """``A and Hinton, Geoffrey`` → [A, Geoffrey Hinton], with bibtexparser's own name functions (what
    its SeparateCoAuthors/SplitNameParts/MergeNameParts middlewares call); a name they cannot split
    (``,``, an unbalanced brace) is kept as written rather than losing the entry."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

    names = []
    for name in split_multiple_persons_names(value):
        try:
            names.append(parse_single_name_into_parts(name).merge_first_name_first)
        except ValueError:  # InvalidNameError
            names.append(name)
    return names


def parse_library(text: str):
    """The bibtexparser library of a whole file, for the catalog's BibTeX reader (the importer
    reads pieces: :func:`read_bibtex`). Values are decoded field by field by :func:`entry_fields`,
    so the library is left as parsed."""
    import bibtexparser

    return bibtexparser.parse_string(text)


# A file is parsed in pieces of about this many characters, each cut where a line starts with a
# block (``@misc{``): bibtexparser's library holds 20-75x its text (a 10 MB file held ~200 MB).
CHUNK_CHARS = 8_192
_BLOCK_LINE = re.compile(r"^[^\S\n]*@\w*[ \t]*[{(]", re.MULTILINE)
_STRING = re.compile("@string", re.IGNORECASE)


def _cut(text: str, at: int) -> int:
    """Where the first line at or after ``at`` starting a block begins (the end of the text if none)."""
    m = _BLOCK_LINE.search(text, at)  # with re.M, ``^`` only matches where a line really starts
    return m.start() if m else len(text)


def _blocks(text: str):
    """(block, line offset) for every block of ``text``, parsed piece by piece: bibtexparser starts a
    new block, or aborts the open one, at each line starting with ``@type{``, so each piece reads as
    in one pass. A block still open at a piece's end (an unclosed entry, "Unexpectedly reached end
    of file") is parsed again at the head of the next, longer piece. A file defining ``@string``
    macros is parsed whole (an entry may use a macro defined after it)."""
    import bibtexparser
    from bibtexparser.model import ParsingFailedBlock

    size = len(text) if _STRING.search(text) else CHUNK_CHARS
    start, line = 0, 0
    while start < len(text):
        end = _cut(text, start + size)
        piece = text[start:end]
        blocks = bibtexparser.parse_string(piece).blocks
        last = blocks[-1] if blocks else None
        if end < len(text) and isinstance(last, ParsingFailedBlock) and last.raw and piece.endswith(last.raw):
            if len(last.raw) == len(piece):  # one block spans the whole piece: take a longer one
                size *= 2
                continue
            end -= len(last.raw)
            blocks.pop()
        for block in blocks:
            yield block, line
        # bibtexparser does not count a line break right after a backslash: neither do the offsets
        line += text.count("\n", start, end) - text.count("\\\n", start, end)
        start = end


def read_bibtex(path: Path, text: str, builder: PaperBuilder) -> ImportResult:
    """Entries become papers as each piece of the file is parsed; duplicate keys across pieces are
    refused as bibtexparser refuses them within one, and the unparseable blocks' findings come
    first, as they did when the file was parsed in one go."""
    from bibtexparser.model import Entry, ParsingFailedBlock

    result = ImportResult(path)
    failed = FindingList()
    keys: set[str] = set()
    for block, offset in _blocks(text):
        line = block.start_line + offset + 1 if block.start_line is not None else None
        if isinstance(block, Entry) and block.key in keys:
            why = f"Duplicate entry key '{block.key}'"
        elif isinstance(block, ParsingFailedBlock):
            why = str(getattr(block, "error", "") or "")
        elif isinstance(block, Entry):
            keys.add(block.key)
            _read_entry(result, block, line, builder)
            continue
        else:
            continue
        why = why[:200]
        failed.append(Finding("IMP001", "error", f"unparseable BibTeX block skipped: {why}".strip(" :"),
                              line=line, data={"record": f"block at line {line}", "problem": why}))
    failed.extend(result.findings)
    result.findings = failed
    return result


def _read_entry(result: ImportResult, entry, line: int | None, builder: PaperBuilder) -> None:
    label = f"entry {str(entry.key)[:60]}"
    try:
        fields, left_out = entry_fields(entry)
    except ValueError as exc:
        result.findings.append(skipped(label, str(exc), line))
        return
    paper = builder.add(result, fields, line=line, label=label)
    for why in left_out:
        result.findings.append(Finding("IMP003", "warning", f"{label}: {why}", line=line,
                                       paper=paper.id if paper else None, data={"record": label}))
