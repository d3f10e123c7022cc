"""The command line never shows a traceback: usage errors and internal errors are one message."""

from __future__ import annotations

import subprocess
import sys


def test_usage_error_is_a_message_with_status_2(cli):
    code, out, err = cli("list", "--bogus")
    assert code == 2 and "No such option" in err + out and "Traceback" not in err


def test_internal_error_is_reported_without_traceback(cli, shelf, monkeypatch):
    import papershelf.shelf.core as core

    def broken(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(core.Shelf, "stats", broken)
    code, _, err = cli("stats", "--shelf", shelf.root)
    assert code == 2 and "internal error (RuntimeError: boom)" in err and "Traceback" not in err


def test_global_shelf_option_and_python_m(shelf):
    result = subprocess.run([sys.executable, "-m", "papershelf", "--shelf", str(shelf.root), "stats"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "0 papers" in result.stdout


def test_export_to_an_unwritable_place_is_one_message(cli, shelf, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = cli("export", "json", "-o", blocker / "out.json", "--shelf", shelf.root)
    assert code == 1 and "cannot write" in err and "Traceback" not in err and "internal error" not in err
