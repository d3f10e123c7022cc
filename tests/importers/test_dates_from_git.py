"""`import --dates-from-git`: entries dated by the commit that first added them, in a real git
repository made in a temp folder."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

import pytest
import yaml

from papershelf import Shelf
from papershelf.errors import PapershelfError
from papershelf.importers.gitdates import history

FIRST = """# My list

- [Distilling the Knowledge in a Neural Network](https://arxiv.org/abs/1503.02531), Hinton, NIPS Workshop 2015
"""
SECOND = FIRST + """- [FitNets: Hints for Thin Deep Nets](https://arxiv.org/abs/1412.6550), Romero, ICLR 2015
"""
# A star added to the first entry and its title re-cased: its date must not move.
THIRD = SECOND.replace("[Distilling the Knowledge in a Neural Network]", "[Distilling the knowledge in a neural network]") \
    .replace("Workshop 2015", "Workshop 2015 :star:") + \
    "- [Born Again Neural Networks](https://arxiv.org/abs/1805.04770), Furlanello, ICML 2018\n"


def git(repo, *args, date="2021-01-01T12:00:00+11:00"):
    env = {**os.environ, "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A",
           "GIT_COMMITTER_EMAIL": "a@example.org", "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "list"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "TODO.md").write_text(FIRST)
    git(repo, "add", "TODO.md")
    git(repo, "commit", "-q", "-m", "first", date="2020-12-02T11:00:00+11:00")
    git(repo, "mv", "TODO.md", "README.md")  # renamed: the history is followed
    git(repo, "commit", "-q", "-m", "rename", date="2020-12-10T11:00:00+11:00")
    (repo / "README.md").write_text(SECOND)
    git(repo, "commit", "-q", "-am", "fitnets", date="2021-01-26T23:36:00+11:00")
    (repo / "README.md").write_text(THIRD)
    git(repo, "commit", "-q", "-am", "born again", date="2021-03-08T12:04:00+11:00")
    return repo


def added_dates(shelf):
    return {p.title.lower(): p.added for p in Shelf(shelf.root).papers}


def test_each_entry_is_dated_by_the_commit_that_first_added_it(cli, shelf, repo):
    code, _, err = cli("import", repo / "README.md", "--dates-from-git", "--shelf", shelf.root)
    assert code == 0, err
    assert added_dates(shelf) == {
        "distilling the knowledge in a neural network": dt.date(2020, 12, 2),  # before the rename and the star
        "fitnets: hints for thin deep nets": dt.date(2021, 1, 26),  # the author's own day, not UTC's
        "born again neural networks": dt.date(2021, 3, 8),
    }
    written = yaml.safe_load(next(shelf.papers_dir.rglob("*.yaml")).read_text())
    assert {str(p["added"]) for p in written} == {"2020-12-02", "2021-01-26", "2021-03-08"}


def test_an_uncommitted_entry_keeps_today_and_is_reported(cli, shelf, repo):
    (repo / "README.md").write_text(THIRD + "- [Deep Mutual Learning](https://arxiv.org/abs/1706.00384), Zhang\n")
    code, _, err = cli("import", repo / "README.md", "--dates-from-git", "--shelf", shelf.root)
    assert code == 0, err
    assert "GIT001" in err and "Deep Mutual Learning" in err
    assert added_dates(shelf)["deep mutual learning"] == dt.date.today()


def test_without_the_flag_entries_are_dated_today(cli, shelf, repo):
    cli("import", repo / "README.md", "--shelf", shelf.root)
    assert set(added_dates(shelf).values()) == {dt.date.today()}


def test_a_file_outside_git_is_one_clear_error(cli, shelf, tmp_path):
    (tmp_path / "loose").mkdir()
    path = tmp_path / "loose" / "list.md"
    path.write_text(FIRST)
    code, _, err = cli("import", path, "--dates-from-git", "--shelf", shelf.root)
    assert code == 1 and "not in a git repository" in err and "Traceback" not in err
    assert list(Shelf(shelf.root).papers) == []


def test_history_lists_versions_oldest_first_through_renames(repo):
    versions = history(repo / "README.md")
    assert [v.path for v in versions] == ["TODO.md", "README.md", "README.md", "README.md"]
    assert [v.date for v in versions][0] == dt.date(2020, 12, 2)


def test_without_git_installed_history_is_one_clear_error(repo, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))
    with pytest.raises(PapershelfError, match="needs the git command"):
        history(repo / "README.md")
