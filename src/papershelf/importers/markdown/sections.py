"""Section judgement: does a heading open papers, or something else a list keeps beside them
(code, tools, datasets, talks, courses, news, contributing notes)?

Stateless: ``heading_reason`` reads one heading's text; ``entry_reason`` one entry's links. The
reader skips what they reject and reports it (IMP121 per entry, IMP123 per section) unless the
curator names the section with ``--include-section``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ...model import normalise_title
from .entries import Entry
from .vocab import slug

# heading words -> what the section holds instead of papers
_NOT_PAPERS: tuple[tuple[str, str], ...] = (
    (r"implementations?|codes?|codebases?|code ?bases?|open ?source(?: codes?)?|source codes?|repositor(?:y|ies)|"
     r"related repos?|github repos?", "code"),
    (r"tools?|toolbox(?:es)?|toolkits?|librar(?:y|ies)|frameworks? and tools|software|packages?", "tools"),
    (r"datasets?|data ?sets? and benchmarks?|benchmarks? and datasets?|corpora", "datasets"),
    (r"blogs?|blog posts?|articles? and blogs?|media(?: coverage)?|press|news|latest (?:news|updates?)|updates?|"
     r"change ?logs?|what ?s new|recent updates?", "news and blogs"),
    (r"tutorials?|courses?|lectures?|lecture notes|talks?|videos|podcasts?|presentations?|slides|"
     r"system tutorials?", "talks, courses and tutorials"),
    (r"workshops?|challenges?|competitions?|conferences?|events?|meetups?", "events"),
    (r"contributing|contributions?|contributors?|how to contribute|acknowledge?ments?|citations?|cite|"
     r"citing|license|licence|star history|contact|todo|to ?do list|"
     r"other (?:awesome )?(?:lists?|resources?)|awesome lists?|(?:other )?useful (?:resources?|links?)|"
     r"related (?:awesome )?lists?|resources?", "housekeeping"),
)
_HEADING = [(re.compile(rf"^(?:[\W\d_]*\s)?(?:(?:other|some|useful|related|recommended|popular|selected)\s+)*"
                        rf"(?:{words})(?:\s+(?:and|&)\s+\w+)?\s*$"), why) for words, why in _NOT_PAPERS]
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "pypi.org", "colab.research.google.com")


_HOUSEKEEPING = re.compile(r"^(?:how to|add(?:ing)? (?:a |new |your )|join |submit|contribut|advices? |tips? (?:for|on) |"
                          r"guidelines? )")


def heading_reason(text: str) -> str | None:
    """Why a heading opens a section of non-papers (``"code"``, ``"tools"``…), or None."""
    norm = normalise_title(text)
    if _HOUSEKEEPING.match(" ".join(re.findall(r"[a-z]+", text.lower())) + " "):
        return "housekeeping"  # "Add a new paper", "How to contribute", "Join the … group"
    norm = re.sub(r"\b(?:papers?|list)\b", " ", norm).strip() if re.search(r"\b(?:code|tools?)\b", norm) else norm
    if not norm or "paper" in norm.split() or "papers" in norm.split():
        return None
    norm = " ".join(norm.split())
    for pattern, why in _HEADING:
        if pattern.match(norm):
            return why
    return None


def is_code_host(url: str) -> bool:
    low = url.lower()
    if not any(host in low for host in CODE_HOSTS):
        return False  # (cheap: a code host's name is in its URL)
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return host.endswith(CODE_HOSTS)


def entry_reason(urls: list[str]) -> str | None:
    """Why an entry is not a paper judging by its links: every one is a code host."""
    if urls and all(is_code_host(u) for u in urls):
        return "its only links are code repositories"
    return None


def included(text: str, wanted: tuple[str, ...]) -> bool:
    """Whether a heading is one the curator asked for with ``--include-section`` (text or slug)."""
    names = {normalise_title(text), slug(text)}
    return any(normalise_title(w) in names or w in names for w in wanted)


def named_by_repository(e: Entry) -> bool:
    """``[FlashMLA](github…)``: the entry's name links to a repository and every link is code. A
    plain title with a ``[code]`` link (``Title. Authors. CVPR 2021 [[code]](…)``) is a paper."""
    named = any(lk.label == "title link" and lk.url and is_code_host(lk.url) for lk in e.links)
    return named and entry_reason(e.urls()) is not None
