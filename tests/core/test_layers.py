"""Imports go one way (README "Architecture"): typer only in cli/, and nothing below the
application layer imports it or the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "papershelf"
BELOW_APP = ("model.py", "venues.py", "identifiers.py", "formats.py", "findings.py", "report.py", "config.py",
             "errors.py", "shelf", "importers", "enrich", "lint", "linkcheck")


def _imports(path: Path) -> set[str]:
    """Absolute module names imported by ``path`` (relative imports resolved)."""
    package = ".".join(path.relative_to(SRC.parent).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            module = f"{base}.{node.module}" if node.level and node.module else (node.module or base)
            names.add(module)
            names |= {f"{module}.{alias.name}" for alias in node.names}
    return names


def test_typer_is_imported_only_by_the_cli():
    offenders = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                 if "cli" not in p.relative_to(SRC).parts and any(n.split(".")[0] == "typer" for n in _imports(p))]
    assert offenders == []


def test_layers_below_the_application_never_import_it_or_the_cli():
    offenders = []
    for name in BELOW_APP:
        for path in ([SRC / name] if name.endswith(".py") else (SRC / name).rglob("*.py")):
            bad = {n for n in _imports(path) if n.startswith(("papershelf.app", "papershelf.cli"))}
            if bad:
                offenders.append((str(path.relative_to(SRC)), sorted(bad)))
    assert offenders == []
