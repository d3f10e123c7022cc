"""Writing shelf files: round-trip edits that keep comments and layout, atomic replacement,
and a lock so that concurrent `papershelf` processes never lose an edit."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..errors import PapershelfError
from ..model import FIELD_ORDER

# Short lists are written inline (`authors: [A, B]`), as a person would type them.
FLOW_LISTS = {"authors", "topics", "sections", "tags"}


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    return yaml


def atomic_write(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path`` and rename it over: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _to_yaml_value(key: str, value: Any) -> Any:
    if isinstance(value, list):
        seq = CommentedSeq(value)
        if key in FLOW_LISTS:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _to_yaml_value(k, v)
        return out
    return value


def to_yaml_item(data: dict[str, Any]) -> CommentedMap:
    """A paper's ``to_dict()`` as a ruamel mapping in canonical key order."""
    item = CommentedMap()
    for key in FIELD_ORDER:
        if key in data:
            item[key] = _to_yaml_value(key, data[key])
    return item


def _plain(value: Any) -> Any:
    """ruamel's commented containers as plain Python, for validation and comparison."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _same(old: Any, new: Any) -> bool:
    return _plain(old) == new


def apply_changes(item: CommentedMap, new: dict[str, Any]) -> bool:
    """Make ``item`` hold exactly ``new`` (a paper's ``to_dict()``), touching only keys that
    changed; returns whether anything changed."""
    changed = False
    for key in list(item.keys()):
        if key not in new:
            del item[key]
            changed = True
    for key, value in new.items():
        if key in item:
            if _same(item[key], value):
                continue
            old = item[key]
            if isinstance(old, dict) and isinstance(value, dict):
                apply_changes(old, value)  # keep nested comments and order
            else:
                replacement = _to_yaml_value(key, value)
                if isinstance(old, CommentedSeq) and isinstance(replacement, CommentedSeq):
                    replacement.fa._flow_style = old.fa.flow_style()
                item[key] = replacement
        else:
            position = _insert_position(item, key)
            item.insert(position, key, _to_yaml_value(key, value))
        changed = True
    return changed


def _insert_position(item: CommentedMap, key: str) -> int:
    rank = FIELD_ORDER.index(key) if key in FIELD_ORDER else len(FIELD_ORDER)
    keys = list(item.keys())
    for i, existing in enumerate(keys):
        if existing in FIELD_ORDER and FIELD_ORDER.index(existing) > rank:
            return i
    return len(keys)


class PaperFile:
    """One YAML file opened for round-trip editing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.yaml = _yaml()
        if path.exists():
            try:
                text = path.read_text(encoding="utf-8")
                self.items = self.yaml.load(text)
            except (OSError, UnicodeDecodeError) as exc:
                raise PapershelfError(f"cannot read: {exc}", file=path) from None
            except YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                raise PapershelfError(f"malformed YAML: {getattr(exc, 'problem', exc)}", file=path,
                                      line=mark.line + 1 if mark else None) from None
            if self.items is None:
                self.items = CommentedSeq()
        else:
            self.items = CommentedSeq()

    def index_of(self, paper_id: str) -> int | None:
        for i, item in enumerate(self.items):
            if str(item.get("id")) == paper_id:
                return i
        return None

    def render(self) -> str:
        buffer = io.StringIO()
        self.yaml.dump(self.items, buffer)
        return buffer.getvalue()

    def save(self) -> None:
        if len(self.items) == 0:
            text = "[]\n"
        else:
            text = self.render()
        atomic_write(self.path, text)


def today() -> dt.date:
    return dt.date.today()


@contextlib.contextmanager
def locked(lock_path: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold the shelf's write lock; waits for another writer instead of racing it."""
    from filelock import FileLock, Timeout

    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path), timeout=timeout)
    try:
        with lock:
            yield
    except Timeout:
        raise PapershelfError("another papershelf process has held the shelf lock for too long",
                              file=lock_path, hint="wait for it to finish, or delete the lock file "
                              "if no papershelf process is running") from None
