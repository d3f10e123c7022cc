"""Writing shelf files: round-trip edits that keep comments and layout, atomic replacement,
and a lock so that concurrent `papershelf` processes never lose an edit."""

from __future__ import annotations

import contextlib
import copy
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from ..errors import PapershelfError
from ..model import FIELD_ORDER
from .atomic import atomic_write
from .files import reads_back_as_text

# Short lists are written inline (`authors: [A, B]`), as a person would type them.
FLOW_LISTS = {"authors", "topics", "sections", "tags"}


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    # papers written in one dump share objects (the same `added` date): never write &id001/*id001
    yaml.representer.ignore_aliases = lambda data: True
    return yaml


# A string ruamel may write bare inside ``[a, b]`` and read back as something else: only words
# without YAML indicators at the start and without flow separators inside are left unquoted.
_FLOW_SAFE = re.compile(r"^[^\s?\-:,\[\]{}#&*!|>'\"%@`][^,\[\]{}#:]*(?<!\s)$")


def _to_yaml_value(key: str, value: Any) -> Any:
    if isinstance(value, list):
        if key in FLOW_LISTS:
            seq = CommentedSeq(v if not isinstance(v, str) or (_FLOW_SAFE.match(v) and reads_back_as_text(v))
                               else DoubleQuotedScalarString(v) for v in value)
            seq.fa.set_flow_style()
        else:
            seq = CommentedSeq(value)
        return seq
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _to_yaml_value(k, v)
        return out
    if isinstance(value, str) and not reads_back_as_text(value):
        return SingleQuotedScalarString(value)
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
            last = next(reversed(item)) if len(item) else None
            item.insert(position, key, _to_yaml_value(key, value))
            if last is not None and position == len(item) - 1:
                _move_trailing_comment(item, last, key)
        changed = True
    return changed


def _shift_comments(node: Any, by: int) -> None:
    """Move end-of-line comments right by ``by`` columns (undone by the later dedent)."""
    if isinstance(node, (CommentedMap, CommentedSeq)):
        for slots in node.ca.items.values():
            for token in slots:
                if isinstance(token, CommentToken) and token.column and not token.value.startswith("\n"):
                    token.column = token.column + by
        for child in (node.values() if isinstance(node, CommentedMap) else node):
            _shift_comments(child, by)


def _move_trailing_comment(item: CommentedMap, old_last: Any, new_last: Any) -> None:
    """A comment after a paper's last line belongs between papers: keep it after the new last key."""
    slots = item.ca.items.get(old_last)
    if slots and len(slots) > 2 and slots[2] is not None:
        item.ca.items.setdefault(new_last, [None, None, None, None])[2] = slots[2]
        slots[2] = None


def _insert_position(item: CommentedMap, key: str) -> int:
    rank = FIELD_ORDER.index(key) if key in FIELD_ORDER else len(FIELD_ORDER)
    keys = list(item.keys())
    for i, existing in enumerate(keys):
        if existing in FIELD_ORDER and FIELD_ORDER.index(existing) > rank:
            return i
    return len(keys)


class PaperFile:
    """One YAML file opened for round-trip editing.

    Saving rewrites only the papers whose data changed (or that are new): every other paper's
    lines, the comments between them and the file's header are copied byte for byte from the
    original text, so ruamel's own layout choices never spread beyond the edited paper.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.yaml = _yaml()
        self.text = ""
        if path.exists():
            try:
                self.text = path.read_text(encoding="utf-8")
                self.items = self.yaml.load(self.text)
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
        self._original = self._spans()
        # Nested block lists written "  authors:\n    - A" (dash indented under its key) or
        # "  authors:\n  - A": render edited papers the way the file already does.
        self._dash_offset = 2 if re.search(r"^( +)[^\s#-][^\n]*:[ \t]*\n\1  - ", self.text, re.M) else 0
        if self._dash_offset:
            self.yaml.indent(mapping=2, sequence=4, offset=2)

    def _spans(self) -> dict[int, tuple[str, Any]]:
        """For each original item (by identity): its exact source text and its data."""
        if not len(self.items):
            return {}
        lines = self.text.splitlines(keepends=True)
        starts = [self.items.lc.item(i)[0] for i in range(len(self.items))]
        self._header = "".join(lines[:starts[0]])
        spans = {}
        for i, item in enumerate(self.items):
            end = starts[i + 1] if i + 1 < len(starts) else len(lines)
            spans[id(item)] = ("".join(lines[starts[i]:end]), _plain(item))
        return spans

    def index_of(self, paper_id: str) -> int | None:
        for i, item in enumerate(self.items):
            if str(item.get("id")) == paper_id:
                return i
        return None

    def _render_items(self, items: list[CommentedMap]) -> str:
        buffer = io.StringIO()
        if self._dash_offset:
            items = copy.deepcopy(items)
            for item in items:
                _shift_comments(item, self._dash_offset)
        self.yaml.dump(CommentedSeq(items), buffer)
        text = buffer.getvalue()
        if self._dash_offset:  # ruamel indents the root list too; the file's root list is not
            text = "".join(line[2:] if line.startswith("  ") else line
                           for line in text.splitlines(keepends=True))
        return text

    def render(self) -> str:
        if not len(self.items):
            return "[]\n"
        parts = [getattr(self, "_header", "")]
        pending: list[CommentedMap] = []  # consecutive changed papers, rendered in one dump

        def append(text: str) -> None:
            if parts[-1] and not parts[-1].endswith("\n"):
                parts[-1] += "\n"
            parts.append(text)

        for item in self.items:
            original = self._original.get(id(item))
            if original is not None and original[1] == _plain(item):
                if pending:
                    append(self._render_items(pending))
                    pending = []
                append(original[0])
            else:
                pending.append(item)
        if pending:
            append(self._render_items(pending))
        return "".join(parts)

    def save(self) -> None:
        atomic_write(self.path, self.render())


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
