"""README "Security": papershelf never runs data as code. A guard over the source tree: no
module may deserialise with a format that can run code, or evaluate text (issue 14 item 1 was a
pickled vectoriser in a folder a cloned shelf can ship)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "papershelf"
CODE_FORMATS = {"pickle", "cPickle", "_pickle", "shelve", "dill", "cloudpickle", "joblib", "jsonpickle"}
# marshal only packs the importers' own values in memory (never read from a file): where it may be.
MARSHAL_IN_MEMORY = {"importers/paperlist.py", "importers/markdown/collect.py"}
UNSAFE_YAML = {"unsafe_load", "full_load", "unsafe_load_all", "full_load_all", "Loader", "UnsafeLoader",
               "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader"}


def offences(text: str, name: str) -> list[str]:
    """What in the module ``name`` (path under src/papershelf) with source ``text`` breaks the rule."""
    found = []
    for node in ast.walk(ast.parse(text)):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for module in modules:
                top = module.split(".")[0]
                if top in CODE_FORMATS or top == "marshal" and name not in MARSHAL_IN_MEMORY:
                    found.append(f"{where}: imports {module}")
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if called in ("eval", "exec", "compile") and isinstance(func, ast.Name):
                found.append(f"{where}: calls {called}")
            for kw in node.keywords:
                if kw.arg == "allow_pickle" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                    found.append(f"{where}: allow_pickle is not False")
                if kw.arg == "Loader" and isinstance(kw.value, ast.Attribute) and kw.value.attr in UNSAFE_YAML:
                    found.append(f"{where}: YAML loader {kw.value.attr}")
            if isinstance(func, ast.Attribute) and func.attr in UNSAFE_YAML:
                found.append(f"{where}: calls {func.attr}")
            if called == "load" and isinstance(func, ast.Attribute) and getattr(func.value, "id", "") in ("np", "numpy"):
                if not any(kw.arg == "allow_pickle" for kw in node.keywords):
                    found.append(f"{where}: np.load without allow_pickle=False")
    return found


def test_no_module_reads_data_in_a_format_that_runs_code():
    found = [o for path in sorted(SRC.rglob("*.py"))
             for o in offences(path.read_text(encoding="utf-8"), str(path.relative_to(SRC)))]
    assert found == []


def test_the_guard_sees_what_it_is_for():
    text = ("import pickle\nimport marshal\nimport numpy as np\nimport yaml\nx = np.load('a.npy')\n"
            "y = np.load('b', allow_pickle=True)\nz = yaml.load(s, Loader=yaml.UnsafeLoader)\neval('1')\n")
    assert [f.split(": ", 1)[1] for f in offences(text, "shelf/probe.py")] == [
        "imports pickle", "imports marshal", "np.load without allow_pickle=False", "allow_pickle is not False",
        "YAML loader UnsafeLoader", "calls eval"]
    assert offences("import marshal\n", "importers/paperlist.py") == []
