"""The README's Python API example runs as written (a doctest)."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_python_api_example(tmp_path, monkeypatch):
    section = README.read_text(encoding="utf-8").split("## Python API", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```pycon\n(.*?)```", section, re.S)
    assert blocks, "no pycon example in the Python API section"
    monkeypatch.chdir(tmp_path)  # the example creates its shelf in the working directory
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "README Python API", str(README), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
    assert (tmp_path / "my-list" / "papers" / "inbox.yaml").is_file()
