"""A misbehaving source (issue 14, item 13) costs one warning, never the run: a dribbled body
ends at the time limit, a gzip bomb or an endless body at the size limit, a redirect loop at the
redirect limit, a bad Content-Encoding is reported. Real loopback servers, real `add`."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from papershelf.enrich import hf
from papershelf.enrich.http import Fetcher, source_settings

sys.path.insert(0, str(Path(__file__).parents[1] / "lint"))
sys.path.insert(0, str(Path(__file__).parents[1] / "net"))

from loopback import LoopbackServer, Reply  # noqa: E402
from test_client import gzip_bomb  # noqa: E402

BAD = {
    "dribble": (lambda r: Reply(body=b'{"x": 1}' * 10, dribble=2.0), "timed out after 0.5 s"),
    "bomb": (lambda r: Reply(body=gzip_bomb(2000), headers={"Content-Encoding": "gzip"}), "answer larger than"),
    "endless": (lambda r: Reply(endless=True), "answer larger than"),
    "loop": (lambda r: Reply(302, b"", {"Location": r.path}), "more than 10 redirects"),
    "encoding": (lambda r: Reply(body=b"not gzip", headers={"Content-Encoding": "gzip"}), "undecodable gzip body"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_misbehaving_source_is_one_warning(api, case):
    handler, expected = BAD[case]
    with LoopbackServer(handler) as srv:
        settings = source_settings(None, env={**api.env(), "PAPERSHELF_HF_URL": srv.url("/api")})
        for s in settings.values():
            s.rate_limit = 0
        fetcher = Fetcher(settings, timeout=0.5, max_retries=0, max_bytes=1024 * 1024)

        async def main():
            try:
                return [await hf.fetch(fetcher, "1412.6550"), await hf.fetch(fetcher, "1503.02531")]
            finally:
                await fetcher.aclose()

        assert asyncio.run(main()) == [None, None]
    assert len(fetcher.warnings) == 1 and expected in fetcher.warnings[0], fetcher.warnings  # one per source
    assert fetcher.warnings[0].startswith("Hugging Face: ")


@pytest.mark.parametrize("case", ["loop", "encoding", "bomb"])
def test_add_by_id_survives_a_misbehaving_source(api, eshelf, cli, monkeypatch, case):
    handler, expected = BAD[case]
    with LoopbackServer(handler) as srv:
        monkeypatch.setenv("PAPERSHELF_HF_URL", srv.url("/api"))
        code, out, err = cli("add", "arXiv:1412.6550", "--yes", "--shelf", eshelf.root)
    assert code == 0, err
    assert "Hugging Face" in err and expected in err
    assert "internal error" not in err.lower() and "Traceback" not in err
    assert eshelf.get(out.strip()).title == "FitNets: Hints for Thin Deep Nets"  # the other sources still served
