"""The lint runner: loads a shelf tolerantly, runs the registered rules, locates and fixes findings.

It knows nothing about individual rules: they register themselves with :func:`rule` when the
modules of ``papershelf/lint/rules/`` are imported (see the package docstring).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PapershelfError
from ..findings import SEVERITIES, Finding, Fix
from ..model import Paper
from ..shelf.locate import FileIndex, ids_in

SCOPES = ("paper", "entry", "shelf")


# -- what rules are and what they report ------------------------------------------------------

@dataclass
class Report:
    """What a rule yields: a message about one paper, maybe pointing at a field, maybe fixable."""

    message: str
    field: str | None = None
    # A safe repair: ``fix.apply(data)`` edits the paper's raw mapping in place. It must work
    # from the *current* value (another fix may have run first) and do nothing when the problem
    # is already gone.
    fix: Fix | None = None
    paper: str | None = None          # shelf-scope rules name the paper
    entry: Entry | None = None        # …or the exact entry (two papers may share an id)
    file: Path | None = None          # for problems with a file rather than a paper
    line: int | None = None


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    summary: str
    rationale: str
    check: Callable[..., Iterable[Report | str]]
    scope: str = "paper"
    online: bool = False
    fixable: bool = False

    def explain(self) -> str:
        flags = [self.severity] + (["fixable"] if self.fixable else []) + (["online"] if self.online else [])
        return f"{self.code} {self.name} ({', '.join(flags)})\n\n{self.summary}\n\n{self.rationale}".rstrip() + "\n"


_REGISTRY: dict[str, Rule] = {}
_DISCOVERED = False


def rule(code: str, name: str, *, severity: str, summary: str, scope: str = "paper", online: bool = False,
         fixable: bool = False) -> Callable[[Callable], Callable]:
    """Register the decorated function as rule ``code``; its docstring is the rationale."""
    if severity not in SEVERITIES:
        raise ValueError(f"{code}: severity must be one of {SEVERITIES}")
    if scope not in SCOPES:
        raise ValueError(f"{code}: scope must be one of {SCOPES}")

    def register(fn: Callable) -> Callable:
        if code in _REGISTRY and _REGISTRY[code].check.__qualname__ != fn.__qualname__:
            raise ValueError(f"lint rule code {code} is registered twice")
        _REGISTRY[code] = Rule(code, name, severity, summary, inspect.getdoc(fn) or "", fn, scope, online, fixable)
        return fn

    return register


def _discover() -> None:
    global _DISCOVERED
    if _DISCOVERED:
        return
    from . import rules as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        importlib.import_module(f"{package.__name__}.{info.name}")
    _DISCOVERED = True


def all_rules() -> list[Rule]:
    _discover()
    return sorted(_REGISTRY.values(), key=lambda r: r.code)


def get_rule(code: str) -> Rule:
    _discover()
    found = _REGISTRY.get(code.strip().upper())
    if found is None:
        raise PapershelfError(f"no lint rule {code!r}", hint="`papershelf lint --rules` lists every rule")
    return found


# -- the shelf as lint sees it ------------------------------------------------------------------

@dataclass
class Entry:
    """One item of one shelf file: its raw mapping, and the Paper when it is valid."""

    path: Path | None
    index: int | None
    raw: dict[str, Any]
    paper: Paper | None = None
    errors: list[tuple[str, str | None]] = field(default_factory=list)  # (message, top-level key)

    @property
    def id(self) -> str | None:
        value = self.raw.get("id")
        return str(value) if value is not None else None


@dataclass
class FileProblem:
    path: Path
    line: int | None
    message: str


class LintContext:
    """What rules see: the shelf, its settings, every entry and the valid papers."""

    def __init__(self, shelf, entries: list[Entry], problems: list[FileProblem], online: bool = False) -> None:
        self.shelf = shelf
        self.config = shelf.config
        self.entries = entries
        self.problems = problems
        self.online = online
        self.papers: list[Paper] = [e.paper for e in entries if e.paper is not None]
        self.active: set[str] = set()
        self.memo: dict[str, Any] = {}   # rules may cache shelf-wide data here
        self._by_id: dict[str, Entry] = {}
        for entry in entries:
            if entry.id is not None:
                self._by_id.setdefault(entry.id, entry)
        self._indexes: dict[Path, FileIndex] = {}
        self._id_map: dict[str, Path] | None = None
        self._counts: dict[Path, int] = {}
        for entry in entries:
            if entry.path is not None:
                self._counts[entry.path] = self._counts.get(entry.path, 0) + 1

    @classmethod
    def load(cls, shelf, online: bool = False) -> LintContext:
        """Every entry of the shelf. A shelf that loads is taken as is (fast, cached); one that
        does not is read file by file and item by item, so one bad entry hides nothing else."""
        try:
            papers = shelf.papers
        except PapershelfError:
            entries, problems = _load_tolerantly(shelf)
            return cls(shelf, entries, problems, online)
        entries = [Entry(None, None, paper.__dict__, paper) for paper in papers]
        return cls(shelf, entries, [], online)

    def entry(self, paper_id: str) -> Entry | None:
        return self._by_id.get(paper_id)

    def locate(self, entry: Entry | None, field: str | None = None) -> tuple[str | None, int | None]:
        """(file relative to the shelf, line) of an entry, or of one of its fields."""
        if entry is None:
            return None, None
        if entry.path is None:
            if entry.id is None or not self._find(entry):
                return None, None
        return self.shelf.relative(entry.path), self._index(entry.path).line(entry.index, field)

    def _find(self, entry: Entry) -> bool:
        """Fill in the file and index of an entry of a shelf that loaded. The files are searched
        for ``id:`` lines once (a regular expression over bytes), then only the file holding
        the id is scanned line by line."""
        if self._id_map is None:
            self._id_map = {}
            for path in self.shelf.files():
                for paper_id in ids_in(path.read_bytes()):
                    self._id_map.setdefault(paper_id, path)
        path = self._id_map.get(entry.id)
        if path is None:  # an unusual layout (a flow-style list): ask the shelf
            try:
                path, _ = self.shelf.where(entry.id)
            except PapershelfError:
                return False
        index = self._index(path).by_id.get(entry.id)
        if index is None:
            self._index(path).compose()
            index = self._index(path).by_id.get(entry.id)
        if index is None:
            return False
        entry.path, entry.index = path, index
        return True

    def _index(self, path: Path) -> FileIndex:
        if path not in self._indexes:
            expected = self._counts.get(path)
            self._indexes[path] = FileIndex(path, expected)
        return self._indexes[path]


def _errors(exc) -> list[tuple[str, str | None]]:
    """Every validation error of an entry: (message, top-level key)."""
    from ..model import describe_error

    return [(describe_error(err), str(err["loc"][0]) if err["loc"] else None) for err in exc.errors()]


def _load_tolerantly(shelf) -> tuple[list[Entry], list[FileProblem]]:
    from pydantic import ValidationError

    from ..shelf import files as shelf_files

    entries: list[Entry] = []
    problems: list[FileProblem] = []
    for path in shelf.files():
        try:
            items = shelf_files.parse_file(path)
        except PapershelfError as exc:
            problems.append(FileProblem(path, exc.line, exc.message))
            continue
        for index, raw in enumerate(items):
            try:
                entries.append(Entry(path, index, raw, Paper.model_validate(raw)))
            except ValidationError as exc:
                entries.append(Entry(path, index, raw, None, _errors(exc)))
    return entries, problems


# -- running ------------------------------------------------------------------------------------

def _matches(code: str, patterns: Iterable[str]) -> bool:
    return any(p == "ALL" or code.startswith(p) for p in patterns)


def _patterns(values: Iterable[str] | None) -> list[str]:
    return [v.strip().upper() for value in values or [] for v in str(value).split(",") if v.strip()]


def select_rules(config, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                 online: bool = False) -> list[Rule]:
    """The rules to run: ``select`` (codes or prefixes; default all) minus ``ignore`` and the
    shelf's ``[lint] ignore``; online rules only when ``online``."""
    rules = all_rules()
    known = {r.code for r in rules}
    chosen = _patterns(select) or ["ALL"]
    skipped = _patterns(ignore) + _patterns(config.lint.ignore)
    for pattern in chosen + skipped:
        if pattern != "ALL" and not any(code.startswith(pattern) for code in known):
            raise PapershelfError(f"no lint rule matches {pattern!r}",
                                  hint="`papershelf lint --rules` lists every rule code")
    for code, severity in config.lint.severity.items():
        if severity not in SEVERITIES:
            raise PapershelfError(f"[lint] severity for {code}: {severity!r} is not one of {', '.join(SEVERITIES)}",
                                  file=getattr(config, "_path", None) or "shelf.toml")
    return [r for r in rules if _matches(r.code, chosen) and not _matches(r.code, skipped)
            and (online or not r.online)]


def _severity(rule_: Rule, config) -> str:
    overrides = {k.upper(): v for k, v in config.lint.severity.items()}
    return overrides.get(rule_.code, rule_.severity)


def lint(shelf, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None, online: bool = False,
         context: LintContext | None = None) -> list[Finding]:
    """Run the selected rules over ``shelf``; findings sorted by file, line and code."""
    rules = select_rules(shelf.config, select, ignore, online)
    ctx = context or LintContext.load(shelf, online=online)
    ctx.active = {r.code for r in rules}
    findings: list[Finding] = []
    for rule_ in rules:
        severity = _severity(rule_, shelf.config)
        for report, entry in _run(rule_, ctx):
            findings.append(_finding(rule_, severity, report, entry, ctx))
    findings.sort(key=lambda f: (f.file or "", f.line or 0, f.code, f.paper or ""))
    return findings


def _run(rule_: Rule, ctx: LintContext) -> Iterator[tuple[Report, Entry | None]]:
    def wrap(item: Report | str) -> Report:
        return Report(item) if isinstance(item, str) else item

    if rule_.scope == "paper":
        for entry in ctx.entries:
            if entry.paper is not None:
                for item in rule_.check(entry.paper, ctx) or ():
                    yield wrap(item), entry
    elif rule_.scope == "entry":
        for entry in ctx.entries:
            for item in rule_.check(entry, ctx) or ():
                yield wrap(item), entry
    else:
        for item in rule_.check(ctx) or ():
            report = wrap(item)
            yield report, report.entry or (ctx.entry(report.paper) if report.paper else None)


def _finding(rule_: Rule, severity: str, report: Report, entry: Entry | None, ctx: LintContext) -> Finding:
    file, line = ctx.locate(entry, report.field) if entry is not None else (None, None)
    if report.file is not None:
        file, line = ctx.shelf.relative(report.file), report.line
    paper = report.paper or (entry.id if entry is not None else None)
    return Finding(rule_.code, severity, report.message, file=file, line=line, paper=paper,
                   data={"rule": rule_.name}, fix=report.fix)


# -- fixing -------------------------------------------------------------------------------------

@dataclass
class AppliedFix:
    code: str
    paper: str
    file: str | None
    line: int | None
    description: str


def apply_fixes(shelf, findings: Iterable[Finding]) -> list[AppliedFix]:
    """Apply the safe fixes of ``findings`` through the shelf's round-trip writer.

    Papers whose id is missing or shared by two entries are left alone (an edit could land on
    the wrong one). Returns one record per fix that changed something.
    """
    findings = [f for f in findings if f.fix is not None and f.paper]
    if not findings:
        return []
    by_paper: dict[str, list[Finding]] = {}
    for f in findings:
        by_paper.setdefault(f.paper, []).append(f)
    ambiguous = _shared_ids(shelf, by_paper)
    applied: list[AppliedFix] = []

    def change(paper_id: str, data: dict[str, Any]) -> dict[str, Any]:
        import copy

        for f in by_paper[paper_id]:
            before = copy.deepcopy(data)
            f.fix.apply(data)
            if data != before:
                applied.append(AppliedFix(f.code, paper_id, f.file, f.line, f.fix.description))
        return data

    ids = [pid for pid in by_paper if pid not in ambiguous]
    if ids:
        shelf.edit_raw(ids, change)
    return applied


def _shared_ids(shelf, ids: Iterable[str]) -> set[str]:
    """Ids (of ``ids``) held by more than one entry of the shelf."""
    wanted = set(ids)
    seen: dict[str, int] = {}
    for path in shelf.files():
        for value in ids_in(path.read_bytes()):
            if value in wanted:
                seen[value] = seen.get(value, 0) + 1
    return {k for k, n in seen.items() if n > 1}

