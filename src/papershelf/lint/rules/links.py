"""PS2xx: links that are missing, malformed, insecure, non-canonical or carry tracking junk."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ...findings import Fix
from ...identifiers import arxiv_from_url, split_url
from ...model import URL_PATTERN
from ..core import Report, rule

# Hosts known to serve https (an offline list: lint never makes a request). Links to other
# hosts, and to loopback or private addresses, are never reported by PS203.
HTTPS_HOSTS = frozenset("""
arxiv.org export.arxiv.org openreview.net doi.org dx.doi.org github.com gist.github.com gitlab.com
huggingface.co dl.acm.org ieeexplore.ieee.org link.springer.com proceedings.neurips.cc papers.nips.cc
papers.neurips.cc proceedings.mlr.press jmlr.org openaccess.thecvf.com aclanthology.org
www.aclweb.org ojs.aaai.org aaai.org www.ijcai.org ijcai.org www.semanticscholar.org
semanticscholar.org scholar.google.com dblp.org www.sciencedirect.com www.nature.com nature.com
www.mdpi.com www.ecva.net bmvc2021-virtualconference.com www.bmva.org www.youtube.com youtube.com
youtu.be vimeo.com drive.google.com docs.google.com sites.google.com colab.research.google.com
paperswithcode.com medium.com towardsdatascience.com twitter.com x.com www.microsoft.com
research.google ai.googleblog.com ai.meta.com openai.com www.deepmind.com deepmind.google
zenodo.org figshare.com www.kaggle.com pytorch.org www.tensorflow.org bitbucket.org
""".split())
HTTPS_SUFFIXES = (".github.io", ".github.com", ".readthedocs.io", ".googleusercontent.com")

# Query parameters that only track who clicked where.
TRACKING = frozenset("fbclid gclid dclid gclsrc msclkid yclid mc_cid mc_eid _hsenc _hsmi igshid "
                     "ref_src ref_url trk spm scid mkt_tok".split())
TRACKING_PREFIXES = ("utm_", "pk_", "__hs")

_LOCAL_HOSTS = {"localhost"}


def _links(entry) -> dict:
    links = entry.raw.get("links")
    return links if isinstance(links, dict) else {}


def is_local(host: str) -> bool:
    if host in _LOCAL_HOSTS or host.endswith(".localhost"):
        return True
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        return False
    return addr.is_loopback or addr.is_private or addr.is_link_local


def url_problem(url: object) -> str | None:
    """Why ``url`` is not a usable absolute http(s) URL, or None when it is."""
    if not isinstance(url, str):
        return f"is a {type(url).__name__}, not a URL"
    if not URL_PATTERN.match(url):
        return "is not an absolute http(s) URL"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        return f"cannot be parsed ({exc})"
    host = parts.hostname or ""
    if not host:
        return "has no host"
    if "." not in host and not is_local(host):
        return f"host {host!r} has no domain"
    if ".." in host or host.startswith("-") or not re.fullmatch(r"[A-Za-z0-9.\-\[\]:_]+", host):
        return f"host {host!r} is not a valid host name"
    return None


_REPAIRS = (
    (re.compile(r"^\s+|\s+$"), ""),                                 # surrounding whitespace
    (re.compile(r"^h+t+p+s?(?=[:;]?/)", re.I), lambda m: "https" if "s" in m.group(0).lower() else "http"),
    (re.compile(r"^(https?);//", re.I), r"\1://"),                  # https;//
    (re.compile(r"^(https?)//", re.I), r"\1://"),                   # https//
    (re.compile(r"^(https?):/(?=[^/])", re.I), r"\1://"),           # https:/x
    (re.compile(r"^(https?):\\\\", re.I), r"\1://"),                # https:\\x
    (re.compile(r"^(HTTPS?)://", re.I), lambda m: m.group(1).lower() + "://"),
    (re.compile(r"^(?=(?:www\.|arxiv\.org/|doi\.org/|github\.com/|openreview\.net/))", re.I), "https://"),
)


def repair_url(url: object) -> str | None:
    """The evident repair of a malformed URL (``hhttps://`` → ``https://``, a missing scheme,
    surrounding spaces), or None when there is none. ``""`` repairs to None: a placeholder."""
    if not isinstance(url, str):
        return None
    fixed = url
    for pattern, replacement in _REPAIRS:
        fixed = pattern.sub(replacement, fixed, count=1)
    return fixed if fixed != url and url_problem(fixed) is None else None


def _set_link(kind: str, transform):
    def apply(data: dict) -> None:
        links = data.get("links")
        if isinstance(links, dict) and kind in links and links[kind] is not None:
            new = transform(links[kind])
            if new is not None or links[kind] == "" or links[kind].strip() == "":
                links[kind] = new
    return apply


@rule("PS201", "missing-paper-link", severity="warning", fixable=True,
      summary="the paper has no link to the paper itself (links.paper is absent or a placeholder)")
def missing_paper_link(paper, ctx):
    """A reading list is for reading: each entry should lead to the paper. An empty placeholder
    (``links: {paper: null}``) marks an ``href=""`` of the original list. When the paper has an
    arXiv id or DOI, the fix fills in the link from it."""
    if paper.links.get("paper"):
        return
    what = "links.paper is a placeholder with no URL" if "paper" in paper.links else "no links.paper"
    url = None
    if paper.ids.get("arxiv"):
        url = f"https://arxiv.org/abs/{paper.ids['arxiv']}"
    elif paper.ids.get("doi"):
        url = f"https://doi.org/{paper.ids['doi']}"
    fix = None
    if url:
        def apply(data: dict, url: str = url) -> None:
            links = data.setdefault("links", {})
            if isinstance(links, dict) and not links.get("paper"):
                links["paper"] = url
        fix = Fix(f"links.paper: set to {url}", apply)
    yield Report(what, field="links.paper" if "paper" in paper.links else "links", fix=fix)


@rule("PS202", "malformed-url", severity="error", scope="entry", fixable=True,
      summary="a link is not a well-formed absolute http(s) URL (hhttps://, missing scheme, spaces)")
def malformed_url(entry, ctx):
    """Malformed links are dead links that no checker can even try. Evident typos
    (``hhttps://``, ``https//``, a missing ``https://``, surrounding spaces) are fixed safely; an
    empty string becomes an explicit placeholder (null)."""
    for kind, url in _links(entry).items():
        if url is None:
            continue
        if isinstance(url, str) and not url.strip():
            yield Report(f"links.{kind} is an empty string", field=f"links.{kind}",
                         fix=Fix(f"links.{kind}: empty string → null (placeholder)", _set_link(kind, lambda u: None)))
            continue
        problem = url_problem(url)
        if problem is None:
            continue
        fixed = repair_url(url)
        fix = Fix(f"links.{kind}: {url!r} → {fixed!r}", _set_link(kind, lambda u: repair_url(u))) if fixed else None
        yield Report(f"links.{kind} {url!r} {problem}", field=f"links.{kind}", fix=fix)


def serves_https(host: str) -> bool:
    return host in HTTPS_HOSTS or host.endswith(HTTPS_SUFFIXES)


@rule("PS203", "insecure-link", severity="warning", fixable=True,
      summary="an http:// link to a host known to serve https")
def insecure_link(paper, ctx):
    """Plain http leaks what readers read and gets redirected (or blocked) by browsers anyway.
    Lint knows, offline, a list of scholarly and code hosts that serve https; other hosts,
    including loopback and private addresses, are never reported."""
    for kind, url in paper.links.items():
        if not url or not url.lower().startswith("http://"):
            continue
        parts = split_url(url)
        host = (parts.hostname or "").lower() if parts else ""
        if serves_https(host) and not is_local(host):
            yield Report(f"links.{kind} uses http although {host} serves https", field=f"links.{kind}",
                         fix=Fix(f"links.{kind}: http:// → https://", _set_link(kind, _to_https)))


def _to_https(url: str) -> str:
    return "https://" + url[7:] if url.lower().startswith("http://") else url


_ARXIV_VERSION = re.compile(r"v(\d+)(?:\.pdf)?/?$")


def canonical_arxiv(url: str) -> str | None:
    """``https://arxiv.org/abs/<id>[vN]`` for any arXiv paper URL (pdf, www., export., http)."""
    if "arxiv.org/" not in url.lower():
        return None
    arxiv = arxiv_from_url(url)
    if not arxiv:
        return None
    m = _ARXIV_VERSION.search(urlsplit(url).path)
    return f"https://arxiv.org/abs/{arxiv}{'v' + m.group(1) if m else ''}"


@rule("PS204", "arxiv-link-form", severity="warning", fixable=True,
      summary="an arXiv link is not the canonical abstract page (pdf link, www./export. host, http)")
def arxiv_link_form(paper, ctx):
    """The abstract page (``https://arxiv.org/abs/ID``) is arXiv's canonical URL: it shows
    title, authors, versions and every format, whereas a pdf link downloads one version and
    defeats deduplication and link checking."""
    for kind, url in paper.links.items():
        if not url:
            continue
        canonical = canonical_arxiv(url)
        if canonical and canonical != url:
            yield Report(f"links.{kind} {url} is not arXiv's canonical form {canonical}", field=f"links.{kind}",
                         fix=Fix(f"links.{kind}: → {canonical}",
                                 _set_link(kind, lambda u: canonical_arxiv(u) or u)))


def strip_tracking(url: str) -> str:
    parts = split_url(url)
    if parts is None or not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not _is_tracking(k)]
    if len(kept) == len(pairs):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept, doseq=True)))


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in TRACKING or key.startswith(TRACKING_PREFIXES)


@rule("PS205", "tracking-parameters", severity="warning", fixable=True,
      summary="a link carries tracking parameters (utm_*, fbclid, gclid, …)")
def tracking_parameters(paper, ctx):
    """Tracking parameters say nothing about the paper, make equal links look different (so
    duplicates go unnoticed) and report the list's readers to advertisers."""
    for kind, url in paper.links.items():
        parts = split_url(url) if url and "?" in url else None
        if parts is None:
            continue
        keys = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True) if _is_tracking(k)]
        if keys:
            yield Report(f"links.{kind} carries tracking parameters: {', '.join(keys)}", field=f"links.{kind}",
                         fix=Fix(f"links.{kind}: remove {', '.join(keys)}", _set_link(kind, strip_tracking)))
