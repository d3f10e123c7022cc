"""What every importer returns: papers (validated) and findings about the source
(``papershelf.findings.Finding``: a skipped line, a merged duplicate, a broken link)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from .paperlist import FindingList, PaperList


@dataclass
class ImportResult:
    source: Path
    papers: PaperList = field(default_factory=PaperList)  # compact: see paperlist.py
    findings: FindingList = field(default_factory=FindingList)  # packed, same file

    def to_json(self) -> dict:
        return {"papers": [p.to_json() for p in self.papers], "findings": [f.to_json() for f in self.findings]}

__all__ = ["Finding", "ImportResult"]
