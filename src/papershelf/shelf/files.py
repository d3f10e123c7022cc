"""Reading shelf files fast, strictly, and with errors that name the line.

The readers, and why there are two (measured in BENCHMARKS.md, "YAML readers"): yaml-rs (Rust)
loads shelf files about 5x faster than PyYAML's C loader, which is what keeps a cold load of
100,000 papers under 8 s; PyYAML's C parser explains a file yaml-rs rejects (with its line, and
both lines of a duplicate key) and re-reads a paper whose values yaml-rs read differently from
the YAML spec (yaml-rs takes a plain ``_0`` for the number 0). ruamel.yaml, in ``store``, is the
round-trip writer. Where the two readers could disagree, writers quote (:func:`reads_back_as_text`):
those quoting rules live here and nowhere else.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import PapershelfError
from .locate import FileIndex, decode

# PyYAML, imported by ``_pyyaml()`` where it is first needed: importing it costs about 10 ms (its
# reader compiles a large regular expression) that a command reading the shelf from the parse
# cache, such as ``check-links``, never needs.
yaml: Any = None


def _pyyaml() -> Any:
    global yaml
    if yaml is None:
        import yaml as module  # the import system makes a first import from two threads safe

        yaml = module
    return yaml


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
        theirs = _pyyaml().load(line, Loader=FastLoader)["k"]
    except Exception:
        return False
    return ours == value and theirs == value


@cache
def _loaders() -> tuple[type, type]:
    """PyYAML's fast loader and :class:`StrictLoader` on it, made on first use."""
    _pyyaml()
    try:  # the C loader is several times faster; fall back where libyaml is missing
        fast = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - depends on the PyYAML build
        fast = yaml.SafeLoader

    class StrictLoader(fast):
        """PyYAML's safe loader, stricter where the safe loader is lenient or crashes: a duplicate
        key is an error naming both lines; a date that does not exist (2021-02-30, month 13) and an
        integer too long to convert stay text, for validation to report with its line."""

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            seen: dict[str, int] = {}
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                    line = key_node.start_mark.line + 1
                    if key_node.value in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"duplicate key {key_node.value!r} (also at line {seen[key_node.value]})",
                            key_node.start_mark)
                    seen[key_node.value] = line
            return super().construct_mapping(node, deep)

        def construct_lenient(self, node: yaml.ScalarNode) -> Any:
            try:
                return self.yaml_constructors_strict[node.tag](self, node)
            except (ValueError, OverflowError):
                return self.construct_scalar(node)

        yaml_constructors_strict = {tag: fast.yaml_constructors[tag]
                                    for tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int",
                                                "tag:yaml.org,2002:float")}

    for tag in StrictLoader.yaml_constructors_strict:
        StrictLoader.add_constructor(tag, StrictLoader.construct_lenient)
    return fast, StrictLoader


def FastLoader(stream: Any) -> Any:
    """PyYAML's C safe loader (the Python one where libyaml is missing) on ``stream``: a
    function with a class's name, as PyYAML only calls what it is given as ``Loader=``."""
    return _loaders()[0](stream)


def StrictLoader(stream: Any) -> Any:
    """The strict loader of ``_loaders`` on ``stream``."""
    return _loaders()[1](stream)


def _check_events(text: str) -> None:
    """Walk the file as a stream of parser events, building nothing (so memory stays flat on a
    50 MB file): raises PyYAML's error for a syntax error, or a duplicate key with both lines."""
    _pyyaml()
    stack: list[list[Any]] = []  # [is mapping, expecting a key, {key: line}]

    def finished() -> None:
        if stack and stack[-1][0]:
            stack[-1][1] = not stack[-1][1]

    for event in yaml.parse(text, Loader=FastLoader):
        if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            frame = stack[-1] if stack else None
            if frame and frame[0] and frame[1] and isinstance(event, yaml.ScalarEvent) and event.value != "<<":
                line = event.start_mark.line + 1
                if event.value in frame[2]:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {event.value!r} (also at line {frame[2][event.value]})",
                        event.start_mark)
                frame[2][event.value] = line
            finished()
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([isinstance(event, yaml.MappingStartEvent), True, {}])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            finished()


def read_text(path: Path, display: str | None = None) -> str:
    """A shelf file's text (UTF-8, byte-order mark dropped), or a PapershelfError."""
    try:
        return decode(path.read_bytes())[0]
    except OSError as exc:
        raise PapershelfError(f"cannot read: {exc.strerror or exc}", file=display or path) from None
    except UnicodeDecodeError:
        raise PapershelfError("not UTF-8 text", file=display or path, hint="save the file as UTF-8") from None


def _yaml_error(exc: Exception, name: str) -> PapershelfError:
    _pyyaml()
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        message = f"malformed YAML: {exc.problem or exc.context}"
        if exc.context and exc.context_mark and mark is not exc.context_mark:
            message += f" ({exc.context} started at line {exc.context_mark.line + 1})"
        hint = ("remove or rename one of them" if "duplicate key" in message
                else "fix the YAML syntax (indentation, quotes, a missing ':')")
        return PapershelfError(message, file=name, line=mark.line + 1 if mark else None, hint=hint)
    if isinstance(exc, RecursionError):
        return PapershelfError("malformed YAML: nested too deeply", file=name)
    return PapershelfError(f"malformed YAML: {exc}", file=name)


def check_syntax(text: str, name: str) -> None:
    """A PapershelfError naming the line of ``text``'s first syntax error or duplicate key, if
    any (a parse that builds nothing)."""
    try:
        _check_events(text)
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise _yaml_error(exc, name) from None


def load_strictly(text: str, name: str) -> Any:
    """``text`` read by PyYAML (:class:`StrictLoader`); any problem is a PapershelfError."""
    check_syntax(text, name)
    try:
        return yaml.load(text, Loader=StrictLoader)
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise _yaml_error(exc, name) from None


def parse_file(path: Path, text: str | None = None, display: str | None = None) -> list[dict[str, Any]]:
    """The list of paper mappings in one file, or a PapershelfError naming the line.

    ``display`` is the name used in messages (the path relative to the shelf)."""
    name = display or str(path)
    if text is None:
        text = read_text(path, name)
    try:
        if yaml_rs is None:
            raise ValueError("yaml-rs is not installed")
        data = yaml_rs.loads(text)
    except Exception:  # rejected by yaml-rs: PyYAML says why, with the line
        data = load_strictly(text, name)
    if data is None:
        return []
    if not isinstance(data, list):
        raise PapershelfError("expected a list of papers (each item starting with '- id: ...')",
                              file=name, line=1)
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            raise PapershelfError("each paper must be a mapping of fields ('- id: ...', 'title: ...')",
                                  file=name, line=FileIndex(text=text, expected=len(data)).line(index))
    return data


# Files bigger than this are read in pieces of about PIECE characters (whole papers each), so
# that yaml-rs's reading of one piece, not of the whole file, is alive at a time.
PIECE = 2_000_000
_ROOT_ITEM = re.compile(r"^-(?:[ \t]|$)", re.M)
_ROOT_OTHER = re.compile(r"^(?:---|\.\.\.|%)", re.M)


def _line_breaks(text: str, start: int, end: int) -> int:
    """Line breaks in ``text[start:end]`` as YAML and the line locator count them."""
    return (text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)
            + sum(text.count(c, start, end) for c in "\x85\u2028\u2029"))


def pieces(text: str) -> list[tuple[int, int, int, int]] | None:
    """A big file cut between papers: ``(start, end, first line, papers)`` of each piece, or None
    for a small file or a layout where cutting could change the reading (papers not at column 0,
    directives or document markers after the first paper)."""
    if len(text) <= 2 * PIECE:
        return None
    starts = [m.start() for m in _ROOT_ITEM.finditer(text)]
    if not starts or _ROOT_OTHER.search(text, starts[0]):
        return None
    cuts: list[tuple[int, int, int, int]] = []
    first, line = 0, 1
    begin = 0
    for n, offset in enumerate(starts):
        if offset - starts[first] >= PIECE:
            cuts.append((begin, offset, line, n - first))
            line += _line_breaks(text, begin, offset)
            begin, first = offset, n
    cuts.append((begin, len(text), line, len(starts) - first))
    return cuts


def parse_piece(text: str, papers: int) -> list[dict[str, Any]] | None:
    """One piece of :func:`pieces` read by yaml-rs: its ``papers`` mappings, or None when it does
    not read as exactly that (the whole file is then read as one, which explains any error)."""
    if yaml_rs is None:
        return None
    try:
        data = yaml_rs.loads(text)
    except Exception:
        return None
    if not isinstance(data, list) or len(data) != papers or not all(isinstance(item, dict) for item in data):
        return None
    return data


def reread_item(lines: list[str], index: FileIndex, item: int) -> Any:
    """Paper ``item`` of a file (``lines``: its :func:`split_lines`) read again by PyYAML alone
    (its lines only), or None."""
    starts = index.starts
    if item >= len(starts):
        return None
    _pyyaml()
    end = starts[item + 1] - 1 if item + 1 < len(starts) else len(lines)
    try:
        data = yaml.load("".join(lines[starts[item] - 1:end]), Loader=StrictLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    return data[0] if isinstance(data, list) and len(data) == 1 else None
