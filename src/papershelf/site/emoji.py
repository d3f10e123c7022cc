"""The emoji index the engines' ``pymdownx.emoji`` reads (``emoji_index`` in ``mkdocs.yml``).

The extension turns shortcodes in the curator's pages (``:star2:``) into Unicode characters.
pymdownx's own index functions deep-copy the whole EmojiOne index for every page the engine
renders: about a quarter of Material for MkDocs' CPU on papershelf's page frames (0.5 s → 0.36 s
at 10,000 papers). With the ``to_alt`` generator papershelf sets, the extension only reads the
index, so this function builds it once per engine run and gives every page the same one.
"""

from __future__ import annotations

import functools


@functools.cache
def _emojione() -> dict:
    from pymdownx.emoji import emojione as index

    return index(None, None)


def emojione(options, md) -> dict:
    """pymdownx's EmojiOne index, shared by every page of one engine run (read only)."""
    return _emojione()
