"""Reading shelf files fast and locating things in them.

Parsing uses yaml-rs (Rust, about 5x faster than PyYAML's C loader on shelf files); PyYAML's C
loader re-reads a file only to explain an error with its line, or where yaml-rs is missing.
Validated papers are cached per file (keyed by mtime and size), so an unchanged shelf is
neither parsed nor validated again.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import PapershelfError
from .atomic import atomic_write

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as FastLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as FastLoader  # type: ignore[assignment]

CACHE_VERSION = 1


def paper_files(papers_dir: Path) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` under the papers folder, in a stable order."""
    if not papers_dir.is_dir():
        return []
    found = [p for p in papers_dir.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
    return sorted(found)


try:
    import yaml_rs
except ImportError:  # pragma: no cover - optional accelerator
    yaml_rs = None


# Plain scalars that a YAML reader may take for a number, boolean, null or date. yaml-rs and
# PyYAML disagree on some (yaml-rs reads `_0` as 0, PyYAML reads `yes` as true): such strings are
# written quoted, and a file that fails validation as yaml-rs read it is read again by PyYAML.
_MAYBE_NOT_TEXT = re.compile(r"^[-+._~]?[0-9._:]|^(?:y|n|yes|no|on|off|true|false|null|~|[-+]?\.(?:inf|nan))$", re.I)


def reads_back_as_text(value: str) -> bool:
    """Whether ``value`` written as a plain YAML scalar reads back as the same string in both
    readers papershelf uses."""
    if not _MAYBE_NOT_TEXT.match(value):
        return True
    line = f"k: {value}\n"
    try:
        ours = yaml_rs.loads(line)["k"] if yaml_rs is not None else value
        theirs = yaml.load(line, Loader=FastLoader)["k"]
    except Exception:
        return False
    return ours == value and theirs == value


def parse_file(path: Path, text: str | None = None, display: str | None = None,
               fast: bool = True) -> list[dict[str, Any]]:
    """The list of paper mappings in one file, or a PapershelfError naming the line.

    ``display`` is the name used in messages (the path relative to the shelf); ``fast=False``
    reads with PyYAML only."""
    name = display or str(path)
    try:
        if text is None:
            text = path.read_text(encoding="utf-8")
        data = None
        if yaml_rs is not None and fast:
            try:
                data = yaml_rs.loads(text)
            except Exception:
                data = yaml.load(text, Loader=FastLoader)  # to report the error with its line
        else:
            data = yaml.load(text, Loader=FastLoader)
    except OSError as exc:
        raise PapershelfError(f"cannot read: {exc.strerror}", file=name) from None
    except UnicodeDecodeError:
        raise PapershelfError("not UTF-8 text", file=name, hint="save the file as UTF-8") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"malformed YAML: {exc.problem or exc.context}"
        if exc.context and exc.context_mark and mark is not exc.context_mark:
            message += f" ({exc.context} started at line {exc.context_mark.line + 1})"
        raise PapershelfError(message, file=name, line=mark.line + 1 if mark else None,
                              hint="fix the YAML syntax (indentation, quotes, a missing ':')") from None
    except yaml.YAMLError as exc:
        raise PapershelfError(f"malformed YAML: {exc}", file=name) from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise PapershelfError("expected a list of papers (each item starting with '- id: ...')",
                              file=name, line=1)
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            raise PapershelfError("each paper must be a mapping of fields ('- id: ...', 'title: ...')",
                                  file=name, line=locate(path, index))
    return data


def locate(path: Path, index: int, key: str | None = None) -> int | None:
    """1-based line of the ``index``-th paper in ``path`` (or of its ``key``), for messages."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=FastLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
    if node is None or not isinstance(node, yaml.SequenceNode) or index >= len(node.value):
        return None
    item = node.value[index]
    if key is not None and isinstance(item, yaml.MappingNode):
        for key_node, _ in item.value:
            if key_node.value == key:
                return key_node.start_mark.line + 1
    return item.start_mark.line + 1


def item_lines(path: Path) -> list[int]:
    """1-based start line of every paper in a file, in file order."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=FastLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return []
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


def find_id_in_files(files: list[Path], paper_id: str) -> Path | None:
    """The file that holds ``paper_id``, found by scanning bytes (no YAML parsing)."""
    needle = paper_id.encode()
    pattern = re.compile(rb"^[ \t]*(?:-[ \t]+)?id:[ \t]*['\"]?" + re.escape(needle) + rb"['\"]?[ \t]*(?:#.*)?$", re.M)
    for path in files:
        data = path.read_bytes()
        if needle in data and pattern.search(data):
            return path
    return None


class PaperCache:
    """Validated papers of each file as plain attribute dicts, keyed by (mtime, size).

    Only files that changed since the last run are parsed and validated again.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, tuple[int, int, list[dict[str, Any]]]] = {}
        self.dirty = False
        if path and path.exists():
            try:
                with path.open("rb") as fh:
                    version, entries = pickle.load(fh)
                if version == CACHE_VERSION:
                    self.entries = entries
            except Exception:  # a corrupt or foreign cache only costs a slower start
                self.entries = {}

    def get(self, file: Path) -> list[dict[str, Any]] | None:
        st = file.stat()
        hit = self.entries.get(str(file))
        if hit and hit[0] == st.st_mtime_ns and hit[1] == st.st_size:
            return hit[2]
        return None

    def put(self, file: Path, items: list[dict[str, Any]]) -> None:
        st = file.stat()
        self.entries[str(file)] = (st.st_mtime_ns, st.st_size, items)
        self.dirty = True

    def save(self, keep: set[str]) -> None:
        if not self.path or not (self.dirty or set(self.entries) - keep):
            return
        self.entries = {k: v for k, v in self.entries.items() if k in keep}
        try:
            atomic_write(self.path, pickle.dumps((CACHE_VERSION, self.entries), protocol=pickle.HIGHEST_PROTOCOL),
                         durable=False)
        except PapershelfError:
            pass  # read-only checkout: run without a cache
