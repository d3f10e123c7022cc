"""The papers an import read, kept compact: an import of 100,000 entries held 100,000 validated
Paper objects (~2 KB each) at once; each is kept as its JSON instead (~250 bytes) and validated
back into a Paper when it is read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from ..model import Paper


class PaperList(Sequence[Paper]):
    """A list of Papers stored as JSON (the fields set, so each comes back equal, with the same
    fields set). Reading one gives a new Paper object: change papers with ``model_copy``."""

    def __init__(self, papers: Iterable[Paper] = ()) -> None:
        self._json: list[str] = []
        for p in papers:
            self.append(p)

    def append(self, paper: Paper) -> None:
        self._json.append(paper.model_dump_json(exclude_unset=True))

    def __len__(self) -> int:
        return len(self._json)

    @overload
    def __getitem__(self, i: int) -> Paper: ...
    @overload
    def __getitem__(self, i: slice) -> list[Paper]: ...
    def __getitem__(self, i: int | slice) -> Paper | list[Paper]:
        if isinstance(i, slice):
            return [Paper.model_validate_json(s) for s in self._json[i]]
        return Paper.model_validate_json(self._json[i])

    def __iter__(self) -> Iterator[Paper]:
        return (Paper.model_validate_json(s) for s in self._json)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"PaperList({len(self)} papers)"
