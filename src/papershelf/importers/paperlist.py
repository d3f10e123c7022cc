"""The papers and findings an import read, kept compact: an import of 100,000 entries held 100,000
validated Paper objects (~2 KB each) at once; each is kept as its JSON instead (~250 bytes) and
validated back into a Paper when it is read. Likewise a Finding (~450 bytes with its data) is kept
packed with ``marshal`` (~180 bytes): 10,000 duplicate keys in a 320 KB BibTeX file made 4 MB of
findings."""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, overload

from ..findings import Finding
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


class FindingList(Sequence[Finding]):
    """A list of Findings stored packed; reading one gives a new Finding, so set ``file`` with
    :meth:`fill_file`. A finding carrying a Fix (a function) or data marshal cannot write is kept
    as it is."""

    def __init__(self, findings: Iterable[Finding] = ()) -> None:
        self._items: list[bytes | Finding] = []
        self.extend(findings)

    @staticmethod
    def _pack(f: Finding) -> bytes | Finding:
        if f.fix is not None:
            return f
        try:
            return marshal.dumps((f.code, f.severity, f.message, f.file, f.line, f.paper, f.data))
        except ValueError:  # data holding something marshal cannot write (a date, a Path)
            return f

    @staticmethod
    def _unpack(item: bytes | Finding) -> Finding:
        return item if isinstance(item, Finding) else Finding(*marshal.loads(item))

    def append(self, finding: Finding) -> None:
        self._items.append(self._pack(finding))

    def extend(self, findings: Iterable[Finding]) -> None:
        for f in findings:
            self.append(f)

    def sort(self, *, key: Callable[[Finding], Any]) -> None:
        """Stable, like ``list.sort``; unpacks one finding at a time to compute its key."""
        keys = [key(self._unpack(item)) for item in self._items]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        self._items = [self._items[i] for i in order]

    def fill_file(self, file: str) -> None:
        """Name ``file`` in every finding that names none."""
        for i, item in enumerate(self._items):
            f = self._unpack(item)
            if f.file is None:
                f.file = file
                self._items[i] = self._pack(f)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, i: int) -> Finding: ...
    @overload
    def __getitem__(self, i: slice) -> list[Finding]: ...
    def __getitem__(self, i: int | slice) -> Finding | list[Finding]:
        if isinstance(i, slice):
            return [self._unpack(item) for item in self._items[i]]
        return self._unpack(self._items[i])

    def __iter__(self) -> Iterator[Finding]:
        return (self._unpack(item) for item in self._items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"FindingList({len(self)} findings)"
