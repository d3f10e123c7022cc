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


def test_a_failed_swap_leaves_the_shelf_as_it_was(script, tmp_path, monkeypatch):
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
    with pytest.raises(OSError, match="swap failed"):
        script.main(args)
    assert snapshot(out) == before  # the papers put back, the other files not yet replaced
