"""PS0xx: files and entries the shelf cannot load at all."""

from __future__ import annotations

import re

from ..core import Report, rule

# Validation errors another (raw) rule reports more precisely, with a fix where one is safe.
_COVERED = ((re.compile(r"^links"), ("PS202",)),
            (re.compile(r"^ids\.arxiv\b"), ("PS401",)),
            (re.compile(r"^ids\.doi\b"), ("PS402",)),
            (re.compile(r"^ids\.openreview\b"), ("PS403",)))


@rule("PS000", "unreadable-file", severity="error", scope="shelf",
      summary="a shelf file is not valid YAML or not a list of papers")
def unreadable_file(ctx):
    """A file that cannot be parsed hides every paper in it: nothing else can be checked, built
    or published until its syntax is fixed."""
    for problem in ctx.problems:
        yield Report(problem.message, file=problem.path, line=problem.line)


@rule("PS001", "invalid-entry", severity="error", scope="entry",
      summary="a paper entry does not pass validation (unknown field, wrong type, bad value)")
def invalid_entry(entry, ctx):
    """The shelf refuses to load while any entry is invalid, so every other command fails too.
    Problems that a more specific rule reports (malformed links and ids) are left to that rule."""
    for message, key in entry.errors:
        covered = next((codes for pattern, codes in _COVERED if pattern.match(message) or (key and pattern.match(key))),
                       ())
        if covered and any(code in ctx.active for code in covered):
            continue
        yield Report(message, field=key)


@rule("PS002", "duplicate-id", severity="error", scope="shelf",
      summary="two entries share one id")
def duplicate_id(ctx):
    """Ids name papers in URLs, in the CLI and in other papers' notes: each must be unique."""
    first: dict[str, object] = {}
    for entry in ctx.entries:
        if entry.id is None:
            continue
        if entry.id in first:
            file, line = ctx.locate(first[entry.id])
            yield Report(f"id {entry.id!r} is already used at {file}:{line}; give one of them another id",
                         field="id", entry=entry)
        else:
            first[entry.id] = entry
