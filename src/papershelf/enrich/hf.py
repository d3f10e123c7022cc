"""Hugging Face papers API: code and project links of arXiv papers.

``GET {base}/papers/{arxiv_id}`` → ``{"id", "title", "githubRepo", "projectPage", …}``.
"""

from __future__ import annotations

import json

from ..model import URL_PATTERN
from .http import Fetcher, Malformed
from .record import Record, clean_arxiv, tidy

SOURCE = "hf"


def parse_paper(body: bytes) -> Record:
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise Malformed(f"not JSON: {exc.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not clean_arxiv(data["id"]):
        raise Malformed("no arXiv paper id")
    links = {}
    for kind, key in (("code", "githubRepo"), ("project", "projectPage")):
        url = data.get(key)
        if isinstance(url, str) and URL_PATTERN.match(url.strip()):
            links[kind] = url.strip()
    authors = [tidy(a.get("name")) for a in data.get("authors") or [] if isinstance(a, dict) and tidy(a.get("name"))]
    return Record(SOURCE, f"https://huggingface.co/papers/{data['id']}", title=tidy(data.get("title")),
                  authors=authors, ids={"arxiv": clean_arxiv(data["id"])}, links=links)


async def fetch(fetcher: Fetcher, arxiv_id: str) -> Record | None:
    if not fetcher.enabled(SOURCE):
        return None
    result = await fetcher.get(SOURCE, f"{fetcher.base(SOURCE)}/papers/{arxiv_id}", parse=parse_paper)
    return result.data if result and result.found else None
