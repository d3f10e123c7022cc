"""The CI workflow template, and lint on the bundled reading list."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from papershelf import Shelf
from papershelf.ci import write_workflow
from papershelf.errors import PapershelfError
from papershelf.lint import lint

BUNDLED = Path(__file__).resolve().parents[2] / "reading-list"


def test_workflow_lints_pull_requests_and_checks_links_weekly(tmp_path, cli):
    code, _, err = cli("init", str(tmp_path / "list"), "--ci", "github")
    assert code == 0, err
    path = tmp_path / "list" / ".github" / "workflows" / "papershelf.yml"
    flow = yaml.safe_load(path.read_text())
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads `on:` as True
    assert "pull_request" in triggers and triggers["schedule"][0]["cron"]
    lint_job, links_job = flow["jobs"]["lint"], flow["jobs"]["links"]
    assert any("papershelf lint --shelf . --format github" in s.get("run", "") for s in lint_job["steps"])
    assert "schedule" in links_job["if"]
    assert any("papershelf check-links" in s.get("run", "") for s in links_job["steps"])
    assert "${{ github.run_id }}" in path.read_text()


def test_workflow_in_a_repository_names_the_shelf_path(tmp_path):
    (tmp_path / ".git").mkdir()
    shelf = Shelf.init(tmp_path / "reading-list")
    path = write_workflow(shelf.root, "github")
    assert path == tmp_path / ".github" / "workflows" / "papershelf.yml"
    assert "--shelf reading-list " in path.read_text()
    with pytest.raises(PapershelfError, match="already exists"):
        write_workflow(shelf.root, "github")
    with pytest.raises(PapershelfError, match="unknown CI kind"):
        write_workflow(shelf.root, "gitlab")


def test_bundled_shelf_has_no_error_findings():
    findings = lint(Shelf(BUNDLED))
    errors = [f"{f.file}:{f.line} {f.code} {f.paper}: {f.message}" for f in findings if f.severity == "error"]
    assert errors == []


def test_fix_on_a_copy_of_the_bundled_shelf_keeps_it_loadable(tmp_path, cli):
    copy = tmp_path / "reading-list"
    shutil.copytree(BUNDLED, copy, ignore=shutil.ignore_patterns(".papershelf"))
    before = len(Shelf(copy).papers)
    code, out, err = cli("lint", "--shelf", str(copy), "--fix", "--format", "json")
    shelf = Shelf(copy)
    assert len(shelf.papers) == before
    remaining = [f for f in lint(shelf) if f.fix]
    assert remaining == []
