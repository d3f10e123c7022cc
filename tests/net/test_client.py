"""The one HTTP client against real loopback servers: bounds on time, size (after
decompression too) and redirects; retries honouring Retry-After; the User-Agent."""

from __future__ import annotations

import gzip
import struct
import tracemalloc
import zlib

import pytest
import stamina

from loopback import LoopbackServer, Reply
from papershelf.net import (BadEncoding, BadURL, Bounds, Client, ConnectFailed, RateLimited, RetryPolicy, TimedOut,
                            TooLarge, TooManyRedirects, run)

MB = 1024 * 1024


def gzip_bomb(megabytes: int) -> bytes:
    """A gzip stream of ``megabytes`` MB of zeros, built from one repeated deflate block (about
    1 KB per MB), so making a 2 GB bomb takes no time."""
    chunk = bytes(MB)
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = z.compress(chunk) + z.flush(zlib.Z_SYNC_FLUSH)
    repeat = z.compress(chunk) + z.flush(zlib.Z_SYNC_FLUSH)
    crc = 0  # never checked: the client must stop long before the trailer
    return first + repeat * (megabytes - 1) + b"\x03\x00" + struct.pack("<II", crc, (megabytes * MB) & 0xFFFFFFFF)


def send(client: Client, method: str, url: str, **kw):
    async def main():
        async with client:
            return await client.send(method, url, **kw)
    return run(main())


@pytest.fixture
def no_backoff():
    with stamina.set_testing(True, attempts=10, cap=True):
        yield


def test_gzip_body_is_decoded():
    body = b"<html>" + b"paper " * 1000 + b"</html>"
    with LoopbackServer(lambda r: Reply(body=gzip.compress(body), headers={"Content-Encoding": "gzip"})) as srv:
        response = send(Client(), "GET", srv.url("/x"))
    assert response.status == 200 and response.body == body


def test_a_2mb_gzip_bomb_stops_at_the_bound_without_growing_memory():
    bomb = gzip_bomb(2000)  # 2 GB of zeros in about 2 MB
    assert len(bomb) < 2.5 * MB
    with LoopbackServer(lambda r: Reply(body=bomb, headers={"Content-Encoding": "gzip"})) as srv:
        tracemalloc.start()
        try:
            with pytest.raises(TooLarge, match="larger than 1024 KB"):
                send(Client(bounds=Bounds(max_bytes=MB)), "GET", srv.url("/bomb"))
            truncated = send(Client(bounds=Bounds(max_bytes=MB)), "GET", srv.url("/bomb"), truncate=True)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert truncated.truncated and truncated.body == bytes(MB)
    assert peak < 16 * MB, f"peak {peak / MB:.1f} MB"


def test_an_endless_body_stops_at_the_bound():
    with LoopbackServer(lambda r: Reply(endless=True)) as srv:
        with pytest.raises(TooLarge):
            send(Client(bounds=Bounds(max_bytes=MB)), "GET", srv.url("/endless"))
        cut = send(Client(bounds=Bounds(max_bytes=100_000)), "GET", srv.url("/endless"), truncate=True)
    assert len(cut.body) == 100_000 and cut.truncated


def test_a_dribbled_body_ends_at_the_time_limit():
    # one byte every 2 s: each read succeeds, only a limit on the whole request can end it
    with LoopbackServer(lambda r: Reply(body=b"x" * 100, dribble=2.0)) as srv:
        client = Client(bounds=Bounds(timeout=0.5), retry=RetryPolicy(retries=0))
        with pytest.raises(TimedOut, match="timed out after 0.5 s"):
            send(client, "GET", srv.url("/dribble"))


def test_redirects_are_followed_and_bounded():
    def handler(request):
        if request.path == "/loop":
            return Reply(302, b"", {"Location": "/loop"})
        if request.path.startswith("/hop"):
            n = int(request.path[4:])
            return Reply(301, b"", {"Location": f"/hop{n - 1}" if n else "/done"})
        return Reply(body=b"here")

    with LoopbackServer(handler) as srv:
        done = send(Client(), "GET", srv.url("/hop3"))
        assert done.status == 200 and done.body == b"here" and done.url == srv.url("/done")
        with pytest.raises(TooManyRedirects, match="more than 2 redirects"):
            send(Client(bounds=Bounds(max_redirects=2)), "GET", srv.url("/hop3"))
        with pytest.raises(TooManyRedirects):
            send(Client(), "GET", srv.url("/loop"))
        first = send(Client(), "GET", srv.url("/hop3"), follow_redirects=False)
        assert first.status == 301 and first.headers["location"] == "/hop2"


def test_credentials_do_not_follow_a_redirect_to_another_host():
    with LoopbackServer(ports=2) as srv:
        elsewhere = srv.url("/ok/there", port_index=1)
        srv.handler = lambda r: Reply(302, b"", {"Location": elsewhere}) if r.path == "/here" else Reply()
        send(Client(), "GET", srv.url("/here"), headers={"Authorization": "Bearer secret", "X-Other": "1"})
        first, second = srv.requests
    assert first.headers["authorization"] == "Bearer secret"
    assert "authorization" not in second.headers and second.headers["x-other"] == "1"


@pytest.mark.parametrize("encoding, body", [("gzip", b"this is not gzip at all"), ("br", b"\x1b\x00"),
                                            ("gzip", gzip.compress(b"cut short" * 100)[:-30])])
def test_undecodable_bodies(encoding, body):
    with LoopbackServer(lambda r: Reply(body=body, headers={"Content-Encoding": encoding})) as srv:
        with pytest.raises(BadEncoding):
            send(Client(), "GET", srv.url("/x"))


def limited_once(retry_after: str, hits: list):
    """A server that answers 429 with ``retry_after`` once, then 200."""
    def handler(request):
        hits.append(request.path)
        return Reply(429, b"slow", {"Retry-After": retry_after}) if len(hits) == 1 else Reply(body=b"ok")
    return handler


def test_unparsable_retry_after_is_retried_with_backoff(no_backoff):
    hits: list[str] = []
    with LoopbackServer(limited_once("²", hits)) as srv:
        assert send(Client(), "GET", srv.url("/x")).body == b"ok"
    assert len(hits) == 2


def test_retry_after_pushes_the_host_back(fake_clock):
    hits: list[str] = []
    with LoopbackServer(limited_once("7", hits)) as srv:
        client = Client(clock=fake_clock, sleep=fake_clock.sleep)
        assert send(client, "GET", srv.url("/x")).body == b"ok"
    assert len(hits) == 2 and fake_clock.sleeps == [7.0]


def test_a_long_retry_after_gives_up_at_once():
    hits = []

    def handler(request):
        hits.append(request.path)
        return Reply(503, b"later", {"Retry-After": "3600"})

    with LoopbackServer(handler) as srv:
        with pytest.raises(RateLimited, match="asked to wait 3600 s") as info:
            send(Client(), "GET", srv.url("/x"))
    assert info.value.wait == 3600 and len(hits) == 1


def test_server_errors_are_retried_then_returned(no_backoff):
    hits = []

    def handler(request):
        hits.append(request.path)
        return Reply(500, b"oops")

    with LoopbackServer(handler) as srv:
        response = send(Client(retry=RetryPolicy(retries=2)), "GET", srv.url("/x"))
    assert response.status == 500 and len(hits) == 3


def test_user_agent_names_the_contact():
    with LoopbackServer() as srv:
        send(Client(contact="curator@example.org"), "HEAD", srv.url("/ok"))
        agent = srv.requests[0].headers["user-agent"]
    assert agent.startswith("papershelf/") and "mailto:curator@example.org" in agent


def test_bad_urls_and_refused_connections_are_errors_not_crashes():
    for url in ("https://[oops", "ftp://example.org/x", "http:///nohost", "http://example.org:99999/"):
        with pytest.raises(BadURL):
            send(Client(), "GET", url)
    with pytest.raises(ConnectFailed, match="refused"):
        send(Client(), "GET", "http://127.0.0.1:9/x")


def test_connections_are_reused():
    with LoopbackServer() as srv:
        async def main():
            async with Client(per_host=2) as client:
                for method in ("HEAD", "GET", "HEAD") * 5:
                    await client.send(method, srv.url("/ok"))
                    await client.send(method, srv.url("/301/ok"))
        run(main())
        assert len(srv.requests) == 45 and len({r.peer for r in srv.requests}) == 1  # 15 redirects followed


def test_the_plain_url_shortcut_splits_as_urlsplit_does(monkeypatch):
    """``_split`` reads a plain http(s) URL with one regular expression and anything else with
    ``urlsplit``: on tricky and on generated URLs both roads give the same parts (or both refuse)."""
    import random
    import re

    from papershelf.net import client

    def split(url: str):
        client._split.cache_clear()
        try:
            return client._split(url)
        except BadURL:
            return "BadURL"

    urls = ["http://a.com", "HTTP://A.com/x?y", "https://a.com:443/x", "http://a.com:0/x", "http://a.com:65536/",
            "http://a.com:/x", "http://a.com?q=1", "http://a.com/p?", "http://a.com/p?a?b", "http://a.com/p#f",
            "http://u@a.com/", "http://[::1]:8/x", "http://a.com/ x", "ftp://a.com/x", "http:///x",
            "http://a\u212a.com/x", "http://a.com/\u017f", "http://b\u00fccher.de/x", "http://a.com/%7Ex"]
    rng = random.Random(13)
    chars = "aZ0.-:/?#@%~ \"\\[]\u212a\u017f\u00e9"
    urls += [rng.choice(["http://", "https://", "HtTp://"]) + "".join(rng.choice(chars) for _ in range(rng.randint(0, 12)))
             for _ in range(3000)]
    shortcut = [split(u) for u in urls]
    monkeypatch.setattr(client, "_PLAIN_URL", re.compile(r"(?!)"))  # every URL through urlsplit
    assert [split(u) for u in urls] == shortcut


def test_connecting_counts_towards_the_time_bound():
    """A server whose accept queue is full drops new connections' SYNs: the attempt ends at the
    bound as a timeout, not after the system's own connect timeout (minutes)."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    queued = []
    try:
        for _ in range(8):  # fill the accept queue (the listener never accepts)
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            queued.append(s)
        client = Client(bounds=Bounds(timeout=0.3), retry=RetryPolicy(retries=0))
        with pytest.raises(TimedOut, match="timed out after 0.3 s"):
            send(client, "HEAD", f"http://127.0.0.1:{port}/x")
    finally:
        for s in queued:
            s.close()
        listener.close()
