"""Bounded decompression: a gzip bomb is decoded only up to the caller's byte limit."""

from __future__ import annotations

import zlib

from .retry import BadEncoding

# wbits: 16+ for gzip, plain for zlib-wrapped deflate, - for raw deflate (servers send both)
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class Decoder:
    """``feed(chunk, room)`` returns at most ``room`` decoded bytes (``room`` + 1 tells the caller
    the limit was passed); what is not decoded yet stays compressed, so memory stays bounded."""

    def __init__(self, encoding: str) -> None:
        encoding = encoding.strip().lower()
        self.identity = encoding in ("", "identity")
        if not self.identity and encoding not in _WBITS:
            raise BadEncoding(f"unsupported Content-Encoding {encoding[:40]!r}")
        self.encoding = encoding
        self._z = None if self.identity else zlib.decompressobj(_WBITS[encoding])
        self._first = True

    def feed(self, chunk: bytes, room: int) -> bytes:
        if self.identity:
            return chunk[:room + 1]
        try:
            if self._first and chunk:
                self._first = False
                if self.encoding == "deflate" and (chunk[0] & 0x0F) != 8:
                    self._z = zlib.decompressobj(-zlib.MAX_WBITS)   # raw deflate, no zlib header
            return self._z.decompress(chunk, room + 1)
        except zlib.error as exc:
            raise BadEncoding(f"undecodable {self.encoding} body ({exc})") from None

    def finish(self) -> None:
        """Raise if the body ended inside the compressed stream."""
        if self._z is not None and not self._z.eof:
            raise BadEncoding(f"truncated {self.encoding} body")
