"""Linting a shelf, with fixes applied until the shelf is stable, and the rule catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..findings import Finding
from ..lint import all_rules, apply_fixes
from ..lint import lint as run_rules
from ..lint.core import AppliedFix
from ..shelf import Shelf

# A repair can reveal another fixable problem (hhttps://…pdf → https://…pdf → the abs page):
# fix and re-lint until nothing changes, but never loop forever.
FIX_ROUNDS = 3


@dataclass
class LintRun:
    findings: list[Finding]                                  # what remains after any fixes
    applied: list[AppliedFix] = field(default_factory=list)  # one record per fix that changed something


def lint(shelf: Shelf, *, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
         online: bool = False, fix: bool = False) -> LintRun:
    """Run the selected rules; with ``fix``, apply the safe fixes (through the shelf's writer)
    and lint again, up to ``FIX_ROUNDS`` times."""
    select, ignore = list(select or []), list(ignore or [])
    run = LintRun(run_rules(shelf, select=select, ignore=ignore, online=online))
    for _ in range(FIX_ROUNDS if fix else 0):
        batch = apply_fixes(shelf, run.findings)
        if not batch:
            break
        run.applied.extend(batch)
        shelf.invalidate()
        run.findings = run_rules(shelf, select=select, ignore=ignore, online=online)
    return run


def rule_descriptions() -> dict[str, str]:
    """Rule code → one-line summary, for SARIF output."""
    return {r.code: f"{r.name}: {r.summary}" for r in all_rules()}
