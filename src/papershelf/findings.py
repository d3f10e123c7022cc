"""The one Finding type: what importers, lint, link checking and the catalog report.

Every producer returns ``Finding`` values; one printer (``papershelf.report``) turns them into
text, JSON, GitHub annotations or SARIF. Structured facts go into ``data`` so that scripts never
have to parse ``message``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")


@dataclass
class Fix:
    """A safe, mechanical change to one paper's raw data (applied through the shelf's writer)."""

    description: str
    apply: Callable[[dict[str, Any]], None] = field(repr=False, compare=False)


@dataclass
class Finding:
    """One thing noticed about a source, a shelf or a link.

    ``file``/``line`` say where (shelf-relative path or the imported file), ``paper`` the paper id
    when there is one, ``data`` the structured facts behind the message (urls, titles, counts),
    ``fix`` an optional safe fix.
    """

    code: str
    severity: str
    message: str
    file: str | None = None
    line: int | None = None
    paper: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    fix: Fix | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity {self.severity!r} is not one of {SEVERITIES}")

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "severity": self.severity, "message": self.message,
                               "file": self.file, "line": self.line, "paper": self.paper}
        if self.data:
            out["data"] = self.data
        out["fix"] = self.fix.description if self.fix is not None else None
        return out


def count(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings per severity, every severity present (zero when none)."""
    out = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        out[f.severity] += 1
    return out
