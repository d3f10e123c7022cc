"""scripts/build_reading_list.py builds the bundled shelf beside it and swaps it in, so a
failure part-way leaves the shelf as it was (it used to delete papers/ first)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def script():
    spec = importlib.util.spec_from_file_location("build_reading_list", ROOT / "scripts" / "build_reading_list.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failed_rebuild_leaves_the_shelf_as_it_was(script, tmp_path, monkeypatch):
    out = tmp_path / "shelf"
    args = ["--out", str(out), "--catalog", str(tmp_path / "no-dumps"), "--history", str(tmp_path / "no.bundle")]
    assert script.main(args) == 0
    before = snapshot(out)
    assert sum(1 for name in before if name.startswith("papers/")) > 20 and "shelf.toml" in before

    add, calls = script.Shelf.add, []

    def crash_on_third_file(self, *args, **kwargs):  # a crash half-way through writing papers/
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("crash while writing papers")
        return add(self, *args, **kwargs)

    monkeypatch.setattr(script.Shelf, "add", crash_on_third_file)
    with pytest.raises(RuntimeError, match="crash"):
        script.main(args)
    assert snapshot(out) == before
    assert not [p for p in tmp_path.iterdir() if "build" in p.name]  # no build folder left behind

    monkeypatch.undo()
    assert script.main(args) == 0 and snapshot(out) == before  # a rebuild is byte-identical


def test_a_failed_swap_leaves_the_shelf_as_it_was(script, tmp_path, monkeypatch, capsys):
    out = tmp_path / "shelf"
    args = ["--out", str(out), "--catalog", str(tmp_path / "no-dumps"), "--history", str(tmp_path / "no.bundle")]
    assert script.main(args) == 0
    (out / "README.md").write_text("edited by hand\n", encoding="utf-8")  # so a rebuild would change it
    before = snapshot(out)
    replace = script.os.replace

    def fail_swap_in(src, dst):  # the second rename of the swap fails (e.g. a file held open)
        if Path(src).name == "papers" and Path(dst) == out / "papers":
            raise OSError("swap failed")
        return replace(src, dst)

    monkeypatch.setattr(script.os, "replace", fail_swap_in)
    capsys.readouterr()
    assert script.main(args) == 1
    assert snapshot(out) == before  # the papers put back, the other files not yet replaced
    err = capsys.readouterr().err
    assert f"error: could not write the shelf at {out}: swap failed" in err and "Traceback" not in err


def _bad_sources(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "latin1.md").write_bytes("# To-Do\n- caf\xe9\n".encode("latin-1"))
    (tmp_path / "other.md").write_text("# Some other list\n- [A paper](https://example.org)\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    return {"missing": (tmp_path / "nope.md", "no such file"),
            "a folder": (tmp_path / "folder", "is a folder"),
            "not UTF-8": (tmp_path / "latin1.md", "not UTF-8"),
            "another list": (tmp_path / "other.md", "not the original reading list")}


@pytest.mark.parametrize("case", ["missing", "a folder", "not UTF-8", "another list"])
def test_a_bad_or_missing_source_is_one_clear_message_and_nothing_is_built(script, tmp_path, capsys, case):
    source, message = _bad_sources(tmp_path)[case]
    out = tmp_path / "shelf"
    assert script.main([str(source), "--out", str(out), "--catalog", str(tmp_path / "no-dumps"),
                        "--history", str(tmp_path / "no.bundle")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {source}") and message in err and "Traceback" not in err
    assert not out.exists() and not [p for p in tmp_path.iterdir() if "build" in p.name]


def test_the_script_run_on_a_missing_source_exits_1_without_a_traceback(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_reading_list.py"), str(tmp_path / "nope.md"),
                           "--out", str(tmp_path / "shelf")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stderr == f"error: {tmp_path / 'nope.md'}: no such file\n"


def test_a_history_bundle_that_does_not_clone_is_one_clear_message(script, tmp_path, capsys):
    (tmp_path / "bad.bundle").write_text("not a bundle")
    out = tmp_path / "shelf"
    assert script.main(["--out", str(out), "--catalog", str(tmp_path / "no-dumps"),
                        "--history", str(tmp_path / "bad.bundle")]) == 1
    err = capsys.readouterr().err
    assert f"error: {tmp_path / 'bad.bundle'}: cannot clone the history bundle" in err and "Traceback" not in err
    assert not (out / "papers").exists()


def test_without_git_installed_dating_from_the_bundle_is_one_clear_message(script, tmp_path, capsys, monkeypatch):
    (tmp_path / "some.bundle").write_text("a bundle git is needed to read")
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))
    out = tmp_path / "shelf"
    assert script.main(["--out", str(out), "--catalog", str(tmp_path / "no-dumps"),
                        "--history", str(tmp_path / "some.bundle")]) == 1
    err = capsys.readouterr().err
    assert "needs the git command" in err and "Traceback" not in err
    assert not (out / "papers").exists()
