"""What every importer returns: papers (validated) and findings about the source."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..model import Paper


@dataclass
class Finding:
    """Something an importer noticed: a skipped line, a merged duplicate, a broken link."""

    code: str
    severity: str  # error | warning | info
    line: int | None
    message: str
    paper: str | None = None

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None or k in ("line",)}


@dataclass
class ImportResult:
    source: Path
    papers: list[Paper] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"papers": [p.to_json() for p in self.papers], "findings": [f.to_json() for f in self.findings]}
