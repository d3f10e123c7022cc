"""The reader's dark preference without JavaScript.

The theme picks the colour scheme with a script: with JavaScript off the page keeps the light
"default" scheme even when the reader asked for dark. So each build writes ``noscript-dark.css``:
the dark ("slate") rules of the theme's palette and of ``papershelf.css``, re-aimed at the
"default" scheme. Pages link it inside ``<noscript>`` with ``media="(prefers-color-scheme: dark)"``,
so it applies only when no script chose a scheme and the reader prefers dark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

SLATE = "[data-md-color-scheme=slate]"
DEFAULT = "[data-md-color-scheme=default]"
NAME = "noscript-dark.css"
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_PALETTE = re.compile(r'<link rel="stylesheet" href="([^"]*palette\.[^"]*\.css)"')


def _blocks(css: str) -> Iterator[tuple[str, str]]:
    """Top-level ``prelude { body }`` pairs of a stylesheet (braces inside strings respected)."""
    depth, start, open_at, quote = 0, 0, 0, ""
    for i, c in enumerate(css):
        if quote:
            quote = "" if c == quote and css[i - 1] != "\\" else quote
        elif c in "\"'":
            quote = c
        elif c == "{":
            if depth == 0:
                open_at = i
            depth += 1
        elif c == "}" and depth:
            depth -= 1
            if depth == 0:
                yield css[start:open_at].strip(), css[open_at + 1:i]
                start = i + 1
        elif c == ";" and depth == 0:
            start = i + 1  # an at-rule without a block (@import, @charset)


def _selectors(prelude: str) -> list[str]:
    """A selector list split on its top-level commas (not those inside ``:is(…)``/``:not(…)``)."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(prelude):
        depth += (c in "([") - (c in ")]")
        if c == "," and depth == 0:
            parts.append(prelude[start:i].strip())
            start = i + 1
    return parts + [prelude[start:].strip()]


def dark_rules(css: str) -> str:
    """The rules of ``css`` that apply to the dark scheme, aimed at the light one instead.
    Rules that apply when the scheme is *not* dark (``:not(…slate…)``) are left out."""
    out = []
    for prelude, body in _blocks(_COMMENT.sub("", css)):
        if prelude.startswith(("@media", "@supports")):
            inner = dark_rules(body)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif not prelude.startswith("@"):
            chosen = [s.replace(SLATE, DEFAULT) for s in _selectors(prelude) if SLATE in s and ":not(" not in s]
            if chosen:
                out.append(f"{','.join(chosen)}{{{body.strip()}}}\n")
    return "".join(out)


def palette_href(page_html: str) -> str | None:
    """The theme palette stylesheet a built page links (relative to the page), if any."""
    match = _PALETTE.search(page_html)
    return match.group(1) if match else None
