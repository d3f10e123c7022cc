"""Editing a paper by replacing only the lines of the keys that changed.

The round-trip parser costs about a millisecond a paper, which a bulk edit (`enrich` writing
10,000 papers) pays thousands of times. Most papers are written in the plain layout papershelf
itself writes (``- key: value`` then ``  key: value``, no comments, anchors or tags): for those,
a paper's text is cut into one run of lines per top-level key, the data yaml-rs read stands for
the paper, and an edit re-emits only the changed keys (all changed keys of a file in one dump).
Any other layout takes the round-trip parser (``store.PaperFile.item``).

The cut is checked against the data: the keys found must be the paper's keys, in order, and no
plain scalar in the paper may be one the YAML readers could read differently (``_0``, ``yes``,
``12:30``, ``2021-02-30``), so the data handed to an edit is what the round-trip parser reads.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString,
                                      ScalarString, SingleQuotedScalarString)

from .files import readers_agree, reads_back_as_text
from .locate import KEY, key_name

# A key line at the paper's key column (2), or the paper's first line ``- key:``.
_KEY_LINE = re.compile(r"^(?:- |  )" + KEY + r"(?:[ \t]+|(?=[\r\n])|$)")
# What the cut does not handle: comments, anchors/aliases/tags, block scalars that keep trailing
# blank lines (``|+``), tabs, explicit keys, document markers, line breaks other than LF and CRLF.
_UNSAFE = re.compile(r"(?:^|[ \t])#|(?:^|[:,\[{-])[ \t]*[&*!]|[|>][0-9]?\+|\t|^[ ]*\? |^(?:---|\.\.\.)"
                     r"|\r(?!\n)|[\x85\u2028\u2029]", re.M)
# The value on a line: after any ``- `` list marks and a ``key:``.
_VALUE = re.compile(r"^[ ]*(?:- +)*(?:" + KEY + r"(?:[ \t]+|$))?(?P<value>.*)$")


def _readers_agree(lines: list[str]) -> bool:
    """Whether every scalar written on these lines (values, list items, flow atoms) reads the
    same in every YAML reader (``files.readers_agree``)."""
    for line in lines:
        m = _VALUE.match(line.rstrip("\r\n"))
        value = m.group("value").strip() if m else line.strip()
        if value[:1] in "[{":
            for part in value.split(","):
                atom = part.strip(" []{}")
                if ": " in atom:
                    atom = atom.rsplit(": ", 1)[1].strip()
                if not readers_agree(atom):
                    return False
        elif not readers_agree(value):
            return False
    return True


@dataclass
class Cut:
    """A paper's lines, one run per top-level key (in file order), then the blank lines after it.
    Every run starts at the key column: the first run's ``- `` is put back when joined."""

    keys: list[str]
    runs: dict[str, list[str]]
    tail: list[str] = field(default_factory=list)


def cut(lines: list[str], data: dict[str, Any]) -> Cut | None:
    """The paper written in ``lines`` (its span in the file) cut by key, or None when its layout
    is not the plain one or the cut does not match ``data`` (what yaml-rs read)."""
    if not lines or not lines[0].startswith("- ") or not data:
        return None
    text = "".join(lines)
    if _UNSAFE.search(text):
        return None
    end = len(lines)
    while end > 1 and not lines[end - 1].strip():
        end -= 1
    keys: list[str] = []
    runs: dict[str, list[str]] = {}
    current: list[str] | None = None
    for n, line in enumerate(lines[:end]):
        m = _KEY_LINE.match(line) if n == 0 or line.startswith("  ") and line[2:3] not in " -" else None
        if m:
            key = key_name(m)
            if key in runs:
                return None
            keys.append(key)
            current = runs[key] = ["  " + line[2:]] if n == 0 else [line]
        elif n == 0 or current is None or line[:1] not in (" ", "\r", "\n", ""):
            return None
        else:
            current.append(line)
    if keys != [str(k) for k in data] or not _readers_agree(lines[:end]):
        return None
    return Cut(keys, runs, lines[end:])


_STYLES = {"'": SingleQuotedScalarString, '"': DoubleQuotedScalarString, "|": LiteralScalarString,
           ">": FoldedScalarString}


def restyle(run: list[str], old: Any, node: Any) -> Any:
    """``node`` (the new value of the key written in ``run``) in the old value's style, as the
    round-trip writer keeps it when a key is set again: a list stays flow or block, a string
    replacing a quoted or block string is quoted or block the same way."""
    m = _KEY_LINE.match(run[0])
    written = "".join(run)[m.end():].lstrip() if m else ""
    if isinstance(node, CommentedSeq) and isinstance(old, list):
        node.fa._flow_style = written.startswith("[")
    elif isinstance(node, str) and not isinstance(node, ScalarString) and isinstance(old, str) and written[:1] in _STYLES:
        node = _STYLES[written[:1]](node)
    return node


# A string the round-trip writer emits plain in a block mapping (its emitter's analysis, made
# stricter): no leading indicator or space (nor ``=``, ``<``: its resolver's value and merge
# tags, nor ``---``/``...``: document markers), printable characters of the Basic Multilingual
# Plane without line breaks or a byte-order mark, no ": ", " #", trailing ":" or space.
_PLAIN = re.compile(r"^(?!---|\.\.\.)(?![-?:,\[\]{}#&*!|>'\"%@`=<\s])(?:[ -9;-~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]"
                    r"|:(?=[^ ]))*(?<![ :])$")
_QUOTABLE = re.compile(r"^[ -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$")
_WIDTH = 4000  # the writer folds lines past 4,096 characters: longer values go to it


def _plain_scalar(value: str) -> bool:
    return bool(_PLAIN.match(value)) and " #" not in value and reads_back_as_text(value)


def _scalar(value: Any) -> str | None:
    """``value`` as the round-trip writer writes it on one line, or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, ScalarString):
        if type(value) is SingleQuotedScalarString and _QUOTABLE.match(value):
            return "'" + value.replace("'", "''") + "'"
        return None
    if isinstance(value, str):
        return value if _plain_scalar(value) else None
    if isinstance(value, int) or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return str(value) if isinstance(value, int) else value.isoformat()
    return None


def emit(key: str, node: Any, indent: int = 2) -> str | None:
    """``key: node`` as the round-trip writer writes it in a paper (keys at ``indent``), for
    the shapes new values have: one-line scalars, flow lists of plain words, mappings of those.
    None for anything else (the writer itself emits it): its per-character emitter is most of
    the cost of writing thousands of enriched papers."""
    if not _plain_scalar(key):
        return None
    head = " " * indent + key + ":"
    if isinstance(node, CommentedSeq) and not node.ca.items and node.fa.flow_style():
        items = [_scalar(v) if isinstance(v, str) and not isinstance(v, ScalarString) else None for v in node]
        if None in items:
            return None
        line = f"{head} [{', '.join(items)}]"  # type: ignore[arg-type]
        return line + "\n" if len(line) <= _WIDTH else None
    if isinstance(node, dict):
        if not node or isinstance(node, CommentedMap) and (node.ca.items or node.fa.flow_style()):
            return None
        parts = [emit(str(k), v, indent + 2) if isinstance(k, str) else None for k, v in node.items()]
        return None if None in parts else head + "\n" + "".join(parts)  # type: ignore[arg-type]
    text = _scalar(node)
    if text is None or len(head) + 1 + len(text) > _WIDTH:
        return None
    return f"{head} {text}\n"


def join(pieces: list[str], newline: str) -> str:
    """The paper's text from its runs (each one or more whole lines): the first gets its ``- ``."""
    for i in range(len(pieces) - 1):
        if pieces[i] and pieces[i][-1] not in "\r\n\x85\u2028\u2029":
            pieces[i] += newline
    text = "".join(pieces)
    return "- " + text[2:]
