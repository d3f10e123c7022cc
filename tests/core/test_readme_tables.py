"""The README's tables of commands, lint rules and formats say what the code does (the import
finding codes are checked in tests/importers/test_findings.py)."""

from __future__ import annotations

import re
from pathlib import Path

from papershelf import formats
from papershelf.cli import app
from papershelf.lint import all_rules

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _rows(first: str) -> list[list[str]]:
    """The cells of every table row whose first cell matches ``first`` (a regular expression)."""
    rows = [[c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]] for line in README.splitlines()
            if line.startswith("| ")]
    return [r for r in rows if re.fullmatch(first, r[0])]


def _commands() -> set[str]:
    return {c.name or c.callback.__name__.rstrip("_").replace("_", "-") for c in app.registered_commands} | \
        {g.name for g in app.registered_groups}  # command groups: papershelf catalog add|stats|search


def test_every_command_in_the_commands_table_exists_and_every_command_is_documented():
    section = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    table = set(re.findall(r"^\| `papershelf ([a-z-]+)", section, re.M))
    assert table and table <= _commands()
    undocumented = {c for c in _commands() if not re.search(rf"papershelf {c}(?![\w-])", README)}
    assert not undocumented, f"commands the README never shows: {sorted(undocumented)}"


def test_the_lint_rules_table_is_the_rule_registry():
    rows = [tuple(r[:4]) for r in _rows(r"PS\d{3}")]
    assert rows == [(r.code, r.name, r.severity, "yes" if r.fixable else "") for r in all_rules()]


def test_the_formats_table_is_the_format_registry():
    rows = [(r[0], r[1], r[2], r[3].split()) for r in _rows(r"`[a-z]+`") if len(r) == 4 and r[1] in ("yes", "")]
    assert rows == [(f"`{f.name}`", "yes" if f.reader else "", "yes" if f.writer else "",
                     [f"`{s}`" for s in f.suffixes]) for f in formats.FORMATS.values()]


def test_report_formats_are_documented_for_every_command_that_prints_findings():
    assert "`--format text|json|github|sarif`" in README
    assert "`--report text\\|json\\|github\\|sarif`" in README
