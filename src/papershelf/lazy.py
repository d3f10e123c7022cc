"""Package names imported on first use (PEP 562): a command pays only for the modules it uses,
so ``check-links`` on a warm shelf imports neither pydantic, nor the YAML readers, nor the
response cache's SQLite (the packages ``papershelf``, ``shelf``, ``net`` and ``app`` use this)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(package: str, homes: Mapping[str, tuple[str, ...]]) -> Callable[[str], Any]:
    """The module ``__getattr__`` of ``package``: ``homes`` maps each submodule to the names it
    exports (a submodule that names itself is exported whole). A name's module is imported at
    the name's first use, and the name kept in the package, so later uses cost nothing more."""
    module_of = {name: module for module, names in homes.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        home = import_module(f"{package}.{module}")
        value = home if name == module else getattr(home, name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
