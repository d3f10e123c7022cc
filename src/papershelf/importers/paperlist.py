"""The papers and findings an import read, kept compact: an import of 100,000 entries held 100,000
validated Paper objects (~2 KB each) at once; each is kept as its JSON instead (~250 bytes) and
validated back into a Paper when it is read, and the JSON of 64 papers in a row is kept compressed
together (``Blocks``) (papers of one list share most of their words: 62,000 papers read from 1 MB of CSV rows
took 6.5 MB as JSON strings, 0.7 MB compressed). Likewise a Finding (~450 bytes with its data) is
kept packed with ``marshal`` (~180 bytes): 10,000 duplicate keys in a 320 KB BibTeX file made 4 MB
of findings."""

from __future__ import annotations

import dataclasses
import marshal
import zlib
from abc import abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

from ..findings import Finding
from ..model import Paper

T = TypeVar("T")


class Blocks:
    """A list of values (anything ``marshal`` writes) appended one by one and kept zlib-compressed
    in blocks of ``size``; the block read last is kept open, so reading in order opens each block
    once. Values are read, never changed."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._blocks: list[bytes] = []
        self._tail: list[Any] = []  # the block being filled
        self._open: tuple[int, list[Any]] = (-1, [])

    def append(self, value: Any) -> None:
        self._tail.append(value)
        if len(self._tail) == self.size:
            self._blocks.append(zlib.compress(marshal.dumps(self._tail), 1))
            self._tail = []

    def __len__(self) -> int:
        return len(self._blocks) * self.size + len(self._tail)

    def _block(self, b: int) -> list[Any]:
        if b == len(self._blocks):
            return self._tail
        if self._open[0] != b:
            self._open = (b, marshal.loads(zlib.decompress(self._blocks[b])))
        return self._open[1]

    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError("index out of range")
        b, j = divmod(i % len(self), self.size)
        return self._block(b)[j]

    def __iter__(self) -> Iterator[Any]:
        for b in range(len(self._blocks) + 1):
            yield from self._block(b)


class _Packed(Sequence[T], Generic[T]):
    """A list of values stored packed by ``_pack`` in a ``_store``; reading one unpacks a new object,
    so a change made to a value read is not kept: change values with :meth:`map`."""

    _store: Callable[[], Any] = list

    def __init__(self, values: Iterable[T] = ()) -> None:
        self._items = self._store()
        self.extend(values)

    @staticmethod
    @abstractmethod
    def _pack(value: T) -> Any: ...

    @staticmethod
    @abstractmethod
    def _unpack(item: Any) -> T: ...

    def append(self, value: T) -> None:
        self._items.append(self._pack(value))

    def extend(self, values: Iterable[T]) -> None:
        for v in values:
            self.append(v)

    def map(self, change: Callable[[T], T]) -> None:
        """Replace every value by ``change(value)``: a changed copy (``dataclasses.replace``,
        ``model_copy``) or the value itself, changed in place or not. One value unpacked at a time."""
        items = type(self._items)()  # the same kind of store, filled in order
        for item in self._items:
            items.append(self._pack(change(self._unpack(item))))
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...
    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            return [self._unpack(item) for item in self._items[i]]
        return self._unpack(self._items[i])

    def __iter__(self) -> Iterator[T]:
        return (self._unpack(item) for item in self._items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self)} items)"


# Each optional field of a Paper and its default: a field not set but no longer at its default
# (``paper.tags.append(…)``) was changed in place, and is kept as if set.
_DEFAULTS = {name: f.get_default(call_default_factory=True) for name, f in Paper.model_fields.items()
             if not f.is_required()}


class PaperList(_Packed[Paper]):
    """A list of Papers stored as JSON (the fields set, and those changed in place, so each comes
    back equal), compressed in blocks. Reading one gives a new Paper object: change papers with
    :meth:`map`."""

    _store = Blocks

    @staticmethod
    def _pack(value: Paper) -> str:
        kept = value.model_fields_set | {name for name, default in _DEFAULTS.items()
                                         if name not in value.model_fields_set and getattr(value, name) != default}
        return value.model_dump_json(include=kept)

    @staticmethod
    def _unpack(item: str) -> Paper:
        return Paper.model_validate_json(item)


class FindingList(_Packed[Finding]):
    """A list of Findings stored packed; reading one gives a new Finding, so change findings with
    :meth:`map` (``file`` with :meth:`fill_file`). A finding carrying a Fix (a function) or data
    marshal cannot write is kept as it is."""

    @staticmethod
    def _pack(value: Finding) -> bytes | Finding:
        if value.fix is not None:
            return value
        try:
            return marshal.dumps((value.code, value.severity, value.message, value.file, value.line,
                                  value.paper, value.data))
        except ValueError:  # data holding something marshal cannot write (a date, a Path)
            return value

    @staticmethod
    def _unpack(item: bytes | Finding) -> Finding:
        return item if isinstance(item, Finding) else Finding(*marshal.loads(item))

    def sort(self, *, key: Callable[[Finding], Any]) -> None:
        """Stable, like ``list.sort``; unpacks one finding at a time to compute its key."""
        keys = [key(self._unpack(item)) for item in self._items]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        self._items = [self._items[i] for i in order]

    def fill_file(self, file: str) -> None:
        """Name ``file`` in every finding that names none."""
        for i, item in enumerate(self._items):  # in place: ``map`` would hold a second copy of a long list
            finding = self._unpack(item)
            if finding.file is None:
                self._items[i] = self._pack(dataclasses.replace(finding, file=file))
