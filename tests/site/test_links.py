"""Every internal link and anchor of the bundled site resolves, on both engines (issue 10)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

from papershelf import Shelf
from papershelf.site import SiteBuilder

BASE = "http://site.invalid/"


def page_ids(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
        cache[path] = {n.attributes.get("id") for n in tree.css("[id]")} | {
            n.attributes.get("name") for n in tree.css("a[name]")}
    return cache[path]


def broken_links(out: Path) -> tuple[list[str], int]:
    """Every href/src of every page that points into the site, checked for a file and, with a
    fragment, for an element with that id on the target page."""
    ids: dict[Path, set[str]] = {}
    broken, checked = [], 0
    for page in sorted(out.rglob("*.html")):
        rel = page.relative_to(out).as_posix()
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        for node in tree.css("a[href], link[href], script[src], img[src]"):
            ref = node.attributes.get("href") or node.attributes.get("src") or ""
            if node.tag == "link" and (node.attributes.get("rel") or "") == "canonical":
                continue
            url = urlsplit(urljoin(BASE + rel, ref))
            if f"{url.scheme}://{url.netloc}/" != BASE:
                continue  # another host (paper links), mailto:, data:
            checked += 1
            target = out / unquote(url.path.lstrip("/"))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{rel}: {ref} (no {target.relative_to(out)})")
                continue
            fragment = unquote(url.fragment)
            if fragment and target.suffix == ".html" and fragment not in page_ids(target, ids):
                broken.append(f"{rel}: {ref} (no #{fragment} in {target.relative_to(out)})")
    return broken, checked


@pytest.mark.parametrize("engine", ["zensical", "mkdocs"])
def test_every_internal_link_and_anchor_of_the_bundled_site_resolves(bundled_shelf: Path, tmp_path: Path,
                                                                    engine: str) -> None:
    shelf = Shelf(bundled_shelf)
    out = tmp_path / "site"
    SiteBuilder(shelf, out=out, engine=engine).build()
    broken, checked = broken_links(out)
    assert checked > 5 * len(shelf.papers)  # paper lines link their anchors: the crawl saw the lists
    assert broken == [], f"{len(broken)} broken of {checked}:\n" + "\n".join(broken[:40])
    # paper anchors are in the HTML itself, on the paper's venue page
    for p in shelf.papers[:20]:
        venue_pages = list(out.glob("venues/*/index.html"))
        assert any(f'id="{p.id}"' in v.read_text(encoding="utf-8") for v in venue_pages), p.id


def test_the_crawler_reports_a_missing_page_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">ok</a><a href="b/">gone</a><a href="a/#x">anchor</a>'
                                         '<a href="https://example.org/">away</a>')
    (tmp_path / "a/index.html").write_text('<h1 id="y">A</h1><a href="../#nowhere">up</a><a href="../">up</a>')
    broken, checked = broken_links(tmp_path)
    assert checked == 5
    assert broken == ["a/index.html: ../#nowhere (no #nowhere in index.html)", "index.html: b/ (no b)",
                      "index.html: a/#x (no #x in a/index.html)"]
