"""Untrusted text made safe to print: a title from a cloned shelf or an imported list must not
drive the terminal (ESC sequences clear the screen, set the window title, hide lines; a bidi
override reorders what is shown). Pure function; the CLI and the report printer use it."""

from __future__ import annotations

import re

# C0 controls (tab and line feed aside), DEL, C1 controls, bidi embeddings/overrides/isolates.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match) -> str:
    code = ord(m.group())
    if m.group() == "\n":
        return "\\n"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, newlines: bool = True) -> str:
    """``text`` with every control character shown as a visible escape (``\\x1b``); line feeds
    and tabs are kept unless ``newlines`` is false."""
    return (_CONTROL if newlines else _CONTROL_OR_NEWLINE).sub(_visible, text)
