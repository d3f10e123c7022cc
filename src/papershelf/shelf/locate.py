"""The one YAML line locator: where each paper of a shelf file starts, where its keys are, and
which file holds an id — found by scanning lines, so it stays fast on big shelves.

Lines are counted as YAML counts them (``\\r\\n``, ``\\r``, ``\\n``, NEL, LS, PS; never a form feed),
so line numbers agree with the parsers' and with what an editor shows. Files in a layout the
scan does not understand are composed with PyYAML instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_LINE = re.compile(r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029])|[^\r\n\x85\u2028\u2029]+$")


def split_lines(text: str) -> list[str]:
    """``text`` cut into lines that keep their line ends, at YAML's line breaks only."""
    return _LINE.findall(text)


def decode(raw: bytes) -> tuple[str, bool]:
    """UTF-8 text of a file without its byte-order mark, and whether it had one
    (UnicodeDecodeError when it is not UTF-8)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), True
    return raw.decode("utf-8"), False


# An ``id:`` key in block style (``- id: x``, ``  id: x``) or flow style (``{id: x, …}``).
_ID_KEY = rb"""(?:^[ \t]*(?:-[ \t]+)?|[{,][ \t]*)['"]?id['"]?[ \t]*:[ \t]*"""
ID_LINE = re.compile(_ID_KEY + rb"""(['"]?)([^'"\s#,{}\[\]]+)\1""", re.M)


def ids_in(data: bytes) -> Iterator[str]:
    """Every paper id written in a file's bytes, in file order (no YAML parsing)."""
    for m in ID_LINE.finditer(data):
        yield m.group(2).decode("utf-8", "replace")


_ID_END = rb"[ \t]*(?:[,}#\r\n]|$)"
# ``ID_LINE`` where the id is the whole value: what ``_id_pattern`` finds for one id, for all ids.
_EXACT_ID_LINE = re.compile(ID_LINE.pattern + rb"(?=" + _ID_END + rb")", re.M)


def _id_pattern(needle: bytes) -> re.Pattern[bytes]:
    return re.compile(_ID_KEY + rb"(['\"]?)" + re.escape(needle) + rb"\1" + _ID_END, re.M)


def find_ids_in_files(files: list[Path], paper_ids: list[str]) -> dict[str, Path | None]:
    """``find_id_in_files`` for many ids, reading each file once: the first file where one
    pattern finds the id as a whole value (what the exact per-id pattern finds, without compiling
    one pattern per id); any other id (a layout the scan does not know) takes the slow path, so a
    bulk edit finds the same files one by one would."""
    first: dict[bytes, Path] = {}
    for path in files:
        for m in _EXACT_ID_LINE.finditer(path.read_bytes()):
            first.setdefault(m.group(2), path)
    return {paper_id: first.get(paper_id.encode()) or find_id_in_files(files, paper_id) for paper_id in paper_ids}


def find_id_in_files(files: list[Path], paper_id: str) -> Path | None:
    """The file that holds ``paper_id``: found by scanning bytes, then (for a layout the scan
    does not know) by parsing only the files that contain the id's bytes."""
    needle = paper_id.encode()
    pattern = _id_pattern(needle)
    candidates = []
    for path in files:
        data = path.read_bytes()
        if needle in data:
            if pattern.search(data):
                return path
            candidates.append(path)
    from .files import parse_file

    for path in candidates:
        if any(str(item.get("id")) == paper_id for item in parse_file(path)):
            return path
    return None


_ITEM = re.compile(r"^( *)-(?: +|$)")
# A mapping key as a line scan reads it (plain, or quoted without escapes) and its colon: the one
# key pattern of the shelf, used here and by ``splice``'s cut. A key it does not match (an
# escaped or explicit key) leaves the line to the parsers.
KEY = r"""(?:'(?P<sq>[^'\n]*)'|"(?P<dq>[^"\\\n]*)"|(?P<plain>[A-Za-z_][\w\-]*))[ \t]*:"""
_KEY = re.compile("^" + KEY + r"(?:[ \t]+(?P<value>.*))?$")


def key_name(m: re.Match) -> str:
    """The key a match of a pattern built on :data:`KEY` found (``''`` is a key too)."""
    single, double, plain = m.group("sq", "dq", "plain")
    return plain if plain is not None else single if single is not None else double


class FileIndex:
    """Start line of every item of a YAML file, the line of each of its keys (and of the keys
    one level down) and its id. ``expected`` (the number of items a parser found) is checked:
    a scan that disagrees is replaced by PyYAML's composition of the file."""

    def __init__(self, path: Path | None = None, expected: int | None = None, *, text: str | None = None) -> None:
        self.items: list[tuple[int, dict[str, int], str | None]] = []
        self.by_id: dict[str, int] = {}
        self.composed = False
        if text is None:
            try:
                text, _ = decode(path.read_bytes()) if path is not None else ("", False)
            except (OSError, UnicodeDecodeError):
                text = ""
        self.text = text
        self._scan(text)
        if expected is not None and len(self.items) != expected:
            self.compose()
        self._ids()

    @property
    def starts(self) -> list[int]:
        """1-based start line of every item, in file order."""
        return [start for start, _, _ in self.items]

    def _ids(self) -> None:
        self.by_id = {}
        for index, (_, _, paper_id) in enumerate(self.items):
            if paper_id is not None:
                self.by_id.setdefault(paper_id, index)

    def compose(self) -> None:
        """Index the file with PyYAML instead of the line scan (a layout the scan missed)."""
        if not self.composed:
            self.composed = True
            self._compose(self.text)
            self._ids()

    def _scan(self, text: str) -> None:
        item_indent: int | None = None
        col: int | None = 0
        current: str | None = None
        sub_indent: int | None = None
        keys: dict[str, int] = {}
        # lines without their breaks (YAML's breaks only, as split_lines cuts them)
        for n, line in enumerate(LINE_BREAK.split(text), 1):
            stripped = line.lstrip(" ")
            if not stripped or stripped[0] == "#":
                continue
            indent = len(line) - len(stripped)
            m = _ITEM.match(line) if stripped[0] == "-" else None
            if m and (item_indent is None or len(m.group(1)) == item_indent):
                item_indent = len(m.group(1))
                col = m.end()
                keys = {}
                self.items.append((n, keys, None))
                current, sub_indent = None, None
                rest = line[col:]
                if not rest.strip():
                    col = None  # keys start on the next line; learn their column there
                    continue
                km = _KEY.match(rest)
                if km:
                    current = self._key(km, n, keys)
                elif rest.startswith("{"):
                    self._flow(rest, n, keys)
                continue
            if item_indent is None or not self.items:
                continue
            if col is None and indent > item_indent:
                col = indent
            if indent == col:
                km = _KEY.match(stripped)
                if km:
                    current = self._key(km, n, keys)
                    sub_indent = None
            elif col is not None and indent > col and current:
                if sub_indent is None:
                    sub_indent = indent
                if indent == sub_indent:
                    km = _KEY.match(stripped)
                    if km:
                        keys.setdefault(f"{current}.{key_name(km)}", n)

    def _key(self, km: re.Match, n: int, keys: dict[str, int]) -> str:
        key = key_name(km)
        keys.setdefault(key, n)
        if key == "id" and km.group("value"):
            self._set_id(re.sub(r"\s+#.*$", "", km.group("value")).strip().strip("'\""))
        return key

    def _flow(self, rest: str, n: int, keys: dict[str, int]) -> None:
        """A paper written ``- {id: x, title: …}``: its id (keys are on this line)."""
        m = ID_LINE.search(rest.encode("utf-8", "surrogatepass"))
        if m:
            keys.setdefault("id", n)
            self._set_id(m.group(2).decode("utf-8", "replace"))

    def _set_id(self, value: str) -> None:
        start, k, _ = self.items[-1]
        self.items[-1] = (start, k, value)

    def _compose(self, text: str) -> None:
        import yaml

        from .files import FastLoader

        self.items = []
        try:
            node = yaml.compose(text, Loader=FastLoader)
        except (yaml.YAMLError, ValueError, RecursionError):
            return
        if not isinstance(node, yaml.SequenceNode):
            return
        for item in node.value:
            keys: dict[str, int] = {}
            paper_id = None
            if isinstance(item, yaml.MappingNode):
                for key_node, value_node in item.value:
                    keys.setdefault(str(key_node.value), key_node.start_mark.line + 1)
                    if key_node.value == "id" and isinstance(value_node, yaml.ScalarNode):
                        paper_id = str(value_node.value)
                    if isinstance(value_node, yaml.MappingNode):
                        for sub_key, _ in value_node.value:
                            keys.setdefault(f"{key_node.value}.{sub_key.value}", sub_key.start_mark.line + 1)
            self.items.append((item.start_mark.line + 1, keys, paper_id))

    def line(self, index: int | None, field: str | None = None) -> int | None:
        """1-based line of item ``index`` (or of its ``field``, ``a.b`` for a nested key)."""
        if index is None or index >= len(self.items):
            return None
        start, keys, _ = self.items[index]
        if field:
            return keys.get(field) or keys.get(field.split(".")[0]) or start
        return start


def locate(path: Path, index: int, key: str | None = None, expected: int | None = None) -> int | None:
    """1-based line of the ``index``-th paper in ``path`` (or of its ``key``), for messages."""
    return FileIndex(path, expected).line(index, key)
