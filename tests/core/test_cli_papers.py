"""Every paper command, driven through the CLI as a curator would."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from papershelf import Shelf


def add_two(cli, shelf):
    code, out, err = cli("add", "--shelf", shelf.root, "--title", "Distilling the Knowledge in a Neural Network",
                         "--authors", "Geoffrey Hinton, Oriol Vinyals, Jeff Dean", "--year", "2015",
                         "--venue", "NIPS Workshop", "--topic", "kd", "--priority", "top",
                         "--link", "paper=https://arxiv.org/abs/1503.02531")
    assert code == 0, err
    assert out.strip() == "hinton2015distilling"
    code, out, err = cli("add", "--shelf", shelf.root, "--title", "FitNets: Hints for Thin Deep Nets",
                         "--authors", "Adriana Romero", "--authors", "Nicolas Ballas", "--year", "2015",
                         "--venue", "ICLR", "--topic", "kd")
    assert code == 0, err
    return "hinton2015distilling", out.strip()


def test_init_creates_commented_config_and_papers_folder(cli, tmp_path):
    code, _, err = cli("init", tmp_path / "new", "--title", "My list")
    assert code == 0, err
    text = (tmp_path / "new" / "shelf.toml").read_text()
    assert 'title = "My list"' in text and "# " in text
    assert (tmp_path / "new" / "papers").is_dir()
    code, _, err = cli("init", tmp_path / "new")
    assert code == 1 and "already exists" in err


def test_add_prints_id_canonicalises_venue_and_writes_yaml(cli, shelf):
    first, second = add_two(cli, shelf)
    assert second == "romero2015fitnets"
    papers = {p.id: p for p in Shelf(shelf.root).papers}
    assert papers[first].venue == "NeurIPS Workshop"
    assert papers[first].priority == "top"
    assert papers[second].authors == ["Adriana Romero", "Nicolas Ballas"]
    assert papers[first].added == dt.date.today()
    assert (shelf.root / "papers" / "kd.yaml").read_text().startswith("- id: hinton2015distilling\n")


def test_add_clash_gets_suffix(cli, shelf):
    add_two(cli, shelf)
    code, out, _ = cli("add", "--shelf", shelf.root, "--title", "Distilling more", "--authors", "G. Hinton",
                       "--year", "2015")
    assert code == 0 and out.strip() == "hinton2015distillingb"


def test_add_rejects_bad_input_without_writing(cli, shelf):
    for args, needle in ((["--year", "1800"], "year 1800"), (["--link", "paper=javascript:alert(1)"], "http(s)"),
                         (["--priority", "urgent"], "priority"), (["--link", "nonsense"], "KIND=URL")):
        code, out, err = cli("add", "--shelf", shelf.root, "--title", "T", *args)
        assert code == 1, args
        assert needle in err and "Traceback" not in err
    assert not list((shelf.root / "papers").iterdir())


def test_list_filters_sorts_and_formats(cli, shelf):
    add_two(cli, shelf)
    cli("add", "--shelf", shelf.root, "--title", "Attention Transfer", "--authors", "Sergey Zagoruyko",
        "--year", "2017", "--venue", "ICLR", "--topic", "kd")
    code, out, _ = cli("list", "--shelf", shelf.root, "--venue", "iclr", "--format", "ids")
    assert code == 0 and out.split() == ["zagoruyko2017attention", "romero2015fitnets"]
    code, out, _ = cli("list", "--shelf", shelf.root, "--year", "2016-2020", "--format", "ids")
    assert out.split() == ["zagoruyko2017attention"]
    code, out, _ = cli("list", "--shelf", shelf.root, "knowledge", "--format", "json")
    data = json.loads(out)
    assert [p["id"] for p in data] == ["hinton2015distilling"]
    assert data[0]["links"] == {"paper": "https://arxiv.org/abs/1503.02531"}
    code, out, _ = cli("list", "--shelf", shelf.root, "--priority", "top", "--format", "csv")
    assert out.splitlines()[0].startswith("id,title,authors") and len(out.splitlines()) == 2
    code, out, _ = cli("list", "--shelf", shelf.root, "--sort", "title", "--format", "ids")
    assert out.split() == ["zagoruyko2017attention", "hinton2015distilling", "romero2015fitnets"]
    code, out, _ = cli("list", "--shelf", shelf.root)
    assert "3 papers" in out
    code, _, err = cli("list", "--shelf", shelf.root, "--status", "done")
    assert code == 1 and "--status" in err
    code, _, err = cli("list", "--shelf", shelf.root, "--year", "soon")
    assert code == 1 and "--year" in err


def test_show_mark_prio_note_tag_rm_edit(cli, shelf):
    first, second = add_two(cli, shelf)
    root = shelf.root
    assert cli("mark", "--shelf", root, first, second, "read")[0] == 0
    p = Shelf(root).get(first)
    assert p.status == "read" and p.read_on == dt.date.today()
    assert cli("mark", "--shelf", root, first, "unread")[0] == 0
    p = Shelf(root).get(first)
    assert p.status == "unread" and p.read_on is None
    assert cli("prio", "--shelf", root, first, "none")[0] == 0
    assert Shelf(root).get(first).priority is None
    assert cli("prio", "--shelf", root, second, "second")[0] == 0
    assert Shelf(root).get(second).priority == "second"
    assert cli("note", "--shelf", root, first, "Temperature matters.")[0] == 0
    assert cli("note", "--shelf", root, first, "Read section 3.", "--append")[0] == 0
    assert Shelf(root).get(first).notes == "Temperature matters.\nRead section 3."
    assert cli("tag", "--shelf", root, first, second, "+classic", "+survey")[0] == 0
    assert cli("tag", "--shelf", root, second, "-survey")[0] == 0
    assert Shelf(root).get(first).tags == ["classic", "survey"]
    assert Shelf(root).get(second).tags == ["classic"]
    code, _, err = cli("edit", "--shelf", root, second, "--title", "FitNets: Hints for Thin Deep Nets (v2)",
                       "--venue", "nips", "--link", "code=https://github.com/adri-romsor/FitNets", "--year", "2014")
    assert code == 0, err
    p = Shelf(root).get(second)
    assert (p.title, p.venue, p.year) == ("FitNets: Hints for Thin Deep Nets (v2)", "NeurIPS", 2014)
    assert p.links["code"] == "https://github.com/adri-romsor/FitNets"
    assert cli("edit", "--shelf", root, second, "--link", "code=", "--clear", "tags")[0] == 0
    p = Shelf(root).get(second)
    assert "code" not in p.links and p.tags == []
    code, _, err = cli("edit", "--shelf", root, second, "--colour", "red")
    assert code == 1 and "not a field" in err
    code, out, _ = cli("show", "--shelf", root, first)
    assert "Distilling the Knowledge" in out and "notes" in out
    code, out, _ = cli("show", "--shelf", root, first, "--format", "json")
    assert json.loads(out)[0]["tags"] == ["classic", "survey"]
    assert cli("rm", "--shelf", root, first)[0] == 0
    assert [p.id for p in Shelf(root).papers] == [second]


def test_unknown_id_is_a_clear_error(cli, shelf):
    add_two(cli, shelf)
    before = (shelf.root / "papers" / "kd.yaml").read_text()
    for args in (["mark", "nope2020x", "read"], ["show", "nope2020x"], ["rm", "hinton2015distilling", "nope2020x"]):
        code, _, err = cli(*args, "--shelf", shelf.root)
        assert code == 1 and "nope2020x" in err and "Traceback" not in err
    assert (shelf.root / "papers" / "kd.yaml").read_text() == before


def test_stats_and_queue(cli, shelf):
    first, second = add_two(cli, shelf)
    cli("add", "--shelf", shelf.root, "--title", "Old unread", "--year", "2010", "--venue", "ICML")
    cli("add", "--shelf", shelf.root, "--title", "New unread", "--year", "2021", "--venue", "ICML")
    cli("add", "--shelf", shelf.root, "--title", "Second prio", "--year", "2012", "--priority", "second")
    cli("mark", "--shelf", shelf.root, second, "reading")
    code, out, _ = cli("stats", "--shelf", shelf.root, "--format", "json")
    data = json.loads(out)
    assert data["total"] == 5
    assert data["by_status"] == {"unread": 4, "reading": 1, "read": 0}
    assert data["by_priority"] == {"top": 1, "second": 1, "none": 3}
    assert data["venue_year"]["ICML"] == {"2021": 1, "2010": 1}
    code, out, _ = cli("stats", "--shelf", shelf.root)
    assert "venue × year" in out and "ICML" in out
    code, out, _ = cli("queue", "--shelf", shelf.root, "--format", "ids")
    assert out.split() == [first, "second2012prio", "new2021unread", "old2010unread"]
    code, out, _ = cli("queue", "--shelf", shelf.root, "-n", "1", "--format", "ids")
    assert out.split() == [first]


def test_shelf_is_found_upward_or_explained(cli, shelf, tmp_path):
    add_two(cli, shelf)
    code, out, _ = cli("list", "--format", "ids", cwd=shelf.root / "papers")
    assert code == 0 and "hinton2015distilling" in out
    (tmp_path / "elsewhere").mkdir()
    code, _, err = cli("list", cwd=tmp_path / "elsewhere")
    assert code == 1 and "shelf.toml" in err and "papershelf init" in err


def test_help_lists_every_command(cli):
    code, out, _ = cli("--help")
    for command in ("init", "add", "list", "show", "mark", "prio", "note", "tag", "rm", "edit", "stats", "queue",
                    "import", "export"):
        assert command in out


@pytest.mark.parametrize("command", ["list", "mark", "add", "export"])
def test_subcommand_help(cli, command):
    code, out, _ = cli(command, "--help")
    assert code == 0 and "Usage" in out
