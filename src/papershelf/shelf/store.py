"""Writing shelf files: round-trip edits that keep comments and layout, atomic replacement,
and a lock so that concurrent `papershelf` processes never lose an edit."""

from __future__ import annotations

import contextlib
import copy
import functools
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
from . import splice
from .atomic import atomic_write
from .files import parse_file, reads_back_as_text
from .locate import LINE_BREAK, FileIndex, decode, split_lines

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
            position = _insert_position(list(item.keys()), key)
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


def _insert_position(keys: list[Any], key: str) -> int:
    """Where a new key goes among a paper's ``keys``: before the first one that comes after it
    in the canonical order."""
    rank = FIELD_ORDER.index(key) if key in FIELD_ORDER else len(FIELD_ORDER)
    for i, existing in enumerate(keys):
        if existing in FIELD_ORDER and FIELD_ORDER.index(existing) > rank:
            return i
    return len(keys)


class PaperFile:
    """One YAML file opened for editing, paper by paper.

    Saving rewrites only the papers that changed (or are new): every other paper's bytes, the
    comments between papers, the header, the byte-order mark and each line's own line end are
    kept as they were. The papers' places come from the line locator, so an edit costs the same
    in a 1.6 MB file as in a small one: a paper in the plain layout papershelf writes gets only
    its changed keys' lines replaced (:mod:`papershelf.shelf.splice`, all of a file's in one
    dump), any other paper's own lines are parsed by the round-trip parser, and a layout the
    locator does not understand is parsed whole.
    """

    def __init__(self, path: Path, display: str | None = None) -> None:
        self.path = path
        self.name = display or str(path)
        self.bom = False
        self.text = ""
        self.data: list[dict[str, Any]] = []
        if path.exists():
            try:
                self.text, self.bom = decode(path.read_bytes())
            except OSError as exc:
                raise PapershelfError(f"cannot read: {exc.strerror or exc}", file=self.name) from None
            except UnicodeDecodeError:
                raise PapershelfError("not UTF-8 text", file=self.name, hint="save the file as UTF-8") from None
            self.data = parse_file(path, text=self.text, display=self.name)
        self.lines = split_lines(self.text)
        first_break = LINE_BREAK.search(self.text)
        self.newline = first_break.group() if first_break and first_break.group() == "\r\n" else "\n"
        self.items: dict[int, CommentedMap] = {}   # round-trip mappings of papers read so far
        self.changed: dict[int, CommentedMap | None] = {}  # None: removed
        self.appended: list[CommentedMap] = []
        self.inserted: dict[int, list[CommentedMap]] = {}  # new papers to write before paper ``index``
        self.spliced: dict[int, tuple[dict[str, Any], list[str | tuple[str, Any]]]] = {}  # new data, runs
        self._cuts: dict[int, splice.Cut | None] = {}
        self._whole: CommentedSeq | None = None
        self._ids: dict[str, int] | None = None
        index = FileIndex(text=self.text, expected=len(self.data))
        self.starts = [n - 1 for n in index.starts] if len(index.starts) == len(self.data) else None
        self._one_per_line()
        # Nested block lists written "  authors:\n    - A" (dash indented under its key) or
        # "  authors:\n  - A": render edited papers the way the file already does.
        self._dash_offset = 2 if re.search(r"^( +)[^\s#-][^\n]*:[ \t]*\r?\n\1  - ", self.text, re.M) else 0

    def _one_per_line(self) -> None:
        """Papers are edited line by line (every other paper's bytes kept): two papers starting on
        one line (``[{id: a, …}, {id: b, …}]``) cannot be, so such a file is refused, unchanged."""
        starts = self.starts or []
        same = next((a for a, b in zip(starts, starts[1:]) if b <= a), None)
        if same is not None:
            raise PapershelfError("two papers start on one line: papershelf edits a file whose papers each "
                                  "start on a line of their own", file=self.name, line=same + 1,
                                  hint="write the file as a YAML block list, one `- id: …` per paper")

    @functools.cached_property
    def yaml(self) -> YAML:
        """The round-trip parser and writer, made when first needed (most edits never parse)."""
        yaml = _yaml()
        if self._dash_offset:
            yaml.indent(mapping=2, sequence=4, offset=2)
        return yaml

    def index_of(self, paper_id: str) -> int | None:
        if self._ids is None:  # one pass for all the ids of a bulk edit, not one per id
            self._ids = {}
            for i, item in enumerate(self.data):
                self._ids.setdefault(str(item.get("id")), i)
        return self._ids.get(paper_id)

    def _span(self, index: int) -> tuple[int, int]:
        assert self.starts is not None
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.lines)
        return self.starts[index], end

    def item(self, index: int) -> CommentedMap:
        """The round-trip mapping of paper ``index``: parsed from its own lines, or from the whole
        file when those lines alone do not read back as the same paper."""
        if index in self.items:
            return self.items[index]
        if self.starts is not None and self._whole is None:
            start, end = self._span(index)
            try:
                loaded = self.yaml.load("".join(self.lines[start:end]))
            except (YAMLError, ValueError):
                loaded = None
            if isinstance(loaded, list) and len(loaded) == 1 and _plain(loaded[0]) == _plain(self.data[index]):
                self.items[index] = loaded[0]
                return loaded[0]
        self._load_whole()
        return self.items[index]

    def _load_whole(self) -> None:
        """Parse the file with ruamel and take the papers' places from its line marks."""
        if self._whole is not None:
            return
        try:
            whole = self.yaml.load(self.text) or CommentedSeq()
        except (YAMLError, ValueError) as exc:
            mark = getattr(exc, "problem_mark", None)
            raise PapershelfError(f"malformed YAML: {getattr(exc, 'problem', None) or exc}", file=self.name,
                                  line=mark.line + 1 if mark else None) from None
        self._whole = whole
        self.starts = [whole.lc.item(i)[0] for i in range(len(whole))]
        self._one_per_line()
        self.items = dict(enumerate(whole))
        self.data = [_plain(item) for item in whole]
        self._ids = None
        self._cuts = {}
        spliced, self.spliced = self.spliced, {}
        for index, (data, _) in spliced.items():  # papers edited by key: edit them as nodes now
            self.set(index, data)

    def _cut(self, index: int) -> splice.Cut | None:
        """Paper ``index`` cut by key for a splice edit, or None (its layout needs the parser)."""
        if index not in self._cuts:
            plain_layout = self.starts is not None and self._whole is None and index not in self.items
            self._cuts[index] = (splice.cut(self.lines[slice(*self._span(index))], self.data[index])
                                 if plain_layout else None)
        return self._cuts[index]

    def plain(self, index: int) -> dict[str, Any]:
        """Paper ``index`` as plain data, as the round-trip parser reads it (and as edited so far)."""
        if index in self.spliced:
            return _plain(self.spliced[index][0])
        if index not in self.items and self._cut(index) is not None:
            return _plain(self.data[index])
        return _plain(self.item(index))

    def set(self, index: int, data: dict[str, Any]) -> None:
        """Make paper ``index`` hold exactly ``data`` (changed keys only)."""
        cut = None if index in self.items else self._cut(index)
        runs = self._runs(index, cut, data) if cut is not None else None
        if runs is not None:
            if data == self.data[index]:
                self.spliced.pop(index, None)
            else:
                self.spliced[index] = (_plain(data), runs)
            return
        self.spliced.pop(index, None)
        item = self.item(index)
        if apply_changes(item, data):
            self.changed[index] = item

    def _runs(self, index: int, cut: splice.Cut, new: dict[str, Any]) -> list[str | tuple[str, Any]] | None:
        """The new paper as runs: the old text of each unchanged key, ``(key, node)`` for a changed
        or new key (placed and styled as :func:`apply_changes` would). None: a changed nested
        mapping whose lines do not read back alone."""
        old = self.data[index]
        order = [key for key in cut.keys if key in new]
        for key in new:
            if key not in old:
                order.insert(_insert_position(order, key), key)
        runs: list[str | tuple[str, Any]] = []
        for key in order:
            value = new[key]
            if key in old and _plain(old[key]) == value:
                runs.append("".join(cut.runs[key]))
            elif key in old and isinstance(old[key], dict) and isinstance(value, dict):
                node = self._node(cut.runs[key], key, old[key])
                if node is None:
                    return None
                apply_changes(node, value)  # keeps the nested order and style
                runs.append((key, node))
            else:
                node = _to_yaml_value(key, value)
                runs.append((key, splice.restyle(cut.runs[key], old[key], node) if key in old else node))
        return runs + ["".join(cut.tail)] if cut.tail else runs

    def _node(self, run: list[str], key: str, old: Any) -> Any:
        """The round-trip node of one key from its own lines, or None."""
        try:
            loaded = self.yaml.load("".join(line[2:] if line.startswith("  ") else line for line in run))
        except (YAMLError, ValueError):
            return None
        if not isinstance(loaded, CommentedMap) or list(loaded) != [key] or _plain(loaded[key]) != _plain(old):
            return None
        return loaded[key]

    def remove(self, index: int) -> None:
        self.changed[index] = None

    def append(self, item: CommentedMap) -> None:
        self.appended.append(item)

    def insert(self, index: int, item: CommentedMap) -> None:
        """Write ``item`` as a new paper just before the paper at ``index`` (undoing a removal)."""
        self.inserted.setdefault(index, []).append(item)

    def _render_items(self, items: list[CommentedMap]) -> str:
        buffer = io.StringIO()
        if self._dash_offset:
            items = copy.deepcopy(items)
            for item in items:
                _shift_comments(item, self._dash_offset)
        self.yaml.dump(CommentedSeq(items), buffer)
        text = buffer.getvalue()
        if text.endswith("\n...\n"):  # ruamel ends the document after a `|+` string: more papers follow
            text = text[:-4]
        if self._dash_offset:  # ruamel indents the root list too; the file's root list is not
            text = "".join(line[2:] if line.startswith("  ") else line
                           for line in text.splitlines(keepends=True))
        return text.replace("\n", self.newline) if self.newline != "\n" else text

    def _render_spliced(self) -> dict[int, str]:
        """The text of every paper edited by key: the changed keys emitted directly where
        :func:`splice.emit` can, the others by the writer, all of a file's in one dump."""
        direct: dict[int, str] = {}
        nodes = []
        for _, runs in self.spliced.values():
            for run in runs:
                if isinstance(run, tuple):
                    text = None if self._dash_offset else splice.emit(*run)
                    if text is None:
                        nodes.append(CommentedMap([run]))
                    else:
                        direct[id(run)] = text.replace("\n", self.newline) if self.newline != "\n" else text
        items: list[str] = []
        for line in split_lines(self._render_items(nodes)) if nodes else ():
            if line.startswith("- "):
                items.append("  " + line[2:])
            else:
                items[-1] += line
        emitted = iter(items)
        return {index: splice.join([run if isinstance(run, str) else direct.get(id(run)) or next(emitted)
                                    for run in runs], self.newline)
                for index, (_, runs) in self.spliced.items()}

    def render(self) -> str:
        if not self.data and not self.appended and not self.inserted:
            return ("\ufeff" if self.bom else "") + self.text if self.text.strip() else "[]\n"
        starts = self.starts or []
        if not self.data:  # "[]" or comments only: keep the comments
            parts = [line for line in self.lines if not line.strip() or line.lstrip().startswith("#")]
        else:
            parts = self.lines[:starts[0]]
        spliced = self._render_spliced() if self.spliced else {}
        for index in range(len(self.data)):
            if index in self.inserted:
                parts.append(self._render_items(self.inserted[index]))
            if index in spliced and index not in self.changed:
                parts.append(spliced[index])
            elif index not in self.changed:
                start, end = self._span(index)
                parts.extend(self.lines[start:end])
            elif self.changed[index] is not None:
                parts.append(self._render_items([self.changed[index]]))
        if self.appended:
            parts.append(self._render_items(self.appended))
        for i in range(len(parts) - 1):  # a paper's lines must end before the next paper starts
            if parts[i] and not LINE_BREAK.search(parts[i][-1:]):
                parts[i] += self.newline
        return ("\ufeff" if self.bom else "") + "".join(parts)

    def save(self) -> None:
        atomic_write(self.path, self.render(), replace_leftovers=True)


@contextlib.contextmanager
def locked(lock_path: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold the shelf's write lock; waits for another writer instead of racing it."""
    from filelock import FileLock, Timeout

    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(lock_path), timeout=timeout)
        lock.acquire()
    except Timeout:
        raise PapershelfError("another papershelf process has held the shelf lock for too long",
                              file=lock_path, hint="wait for it to finish, or delete the lock file "
                              "if no papershelf process is running") from None
    except OSError as exc:
        raise PapershelfError(f"cannot take the shelf's write lock: {exc.strerror or exc}", file=lock_path,
                              hint="the shelf is read-only here (or .papershelf is not a folder): "
                              "papershelf can read it but not change it") from None
    try:
        yield
    finally:
        lock.release()
