"""The site in headless Chromium, served by `papershelf serve` on 127.0.0.1.

Runs against the bundled reading list when it exists (a copy), else the fixture shelf. Every
test fails on a console error, a page error or any request to another host (``watched``).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from papershelf import Shelf

pytestmark = pytest.mark.browser


def ready(page, selector: str = ".ps-list[data-ready], #ps-explorer[data-ready='1']") -> None:
    page.wait_for_selector(selector, state="attached", timeout=15_000)


def test_home_table_links_land_on_their_sections(served, watched, artifacts) -> None:
    page = watched.page
    page.goto(served.url)
    cells = page.locator("table.ps-vy td a")
    assert cells.count() > 0
    page.screenshot(path=str(artifacts / "home.png"), full_page=True)
    targets = []
    for i in sorted({0, cells.count() // 2, cells.count() - 1}):
        cell = cells.nth(i)
        targets.append((cell.get_attribute("href"), int(cell.locator(".ps-n").inner_text())))
    for href, count in targets:
        page.goto(served.url + href)
        venue_slug, year = re.match(r"venues/([^/]+)/#year-(\d+|unknown)", href).groups()
        ready(page)
        heading = page.locator(f"#year-{year}")
        assert heading.is_visible()
        box = heading.bounding_box()
        assert box is not None and 0 <= box["y"] < 900, f"{href}: section not scrolled into view ({box})"
        lines = page.locator(f".ps-list[data-year='{year if year != 'unknown' else 0}'] li.ps-line")
        assert lines.count() == count, href
        venue_name = page.locator("h1").first.inner_text()
        ids = set(lines.evaluate_all("ls => ls.map(l => l.dataset.paperId)"))
        papers = Shelf(served.shelf).papers
        assert ids == {p.id for p in papers if (p.venue or "Unknown venue") == venue_name
                       and str(p.year or "unknown") == year}, href


def test_explorer_filters_url_state_and_back_button(served, watched, artifacts) -> None:
    page = watched.page
    page.goto(served.url + "explorer/")
    ready(page)
    root = page.locator("#ps-explorer")
    total = int(root.get_attribute("data-count"))
    assert total == len(Shelf(served.shelf).papers)
    page.screenshot(path=str(artifacts / "explorer.png"))
    papers = Shelf(served.shelf).papers
    venue = max({p.venue for p in papers if p.venue}, key=lambda v: sum(p.venue == v for p in papers))
    page.select_option("select[name=venue]", venue)
    assert "venue=" in page.url
    by_venue = sum(p.venue == venue for p in papers)
    page.wait_for_function(f"document.querySelector('#ps-explorer').dataset.count === '{by_venue}'")
    years = sorted({p.year for p in papers if p.venue == venue and p.year})
    page.select_option("select[name=from]", str(years[-1]))
    expected = sum(p.venue == venue and p.year == years[-1] for p in papers)
    page.wait_for_function(f"document.querySelector('#ps-explorer').dataset.count === '{expected}'")
    assert f"from={years[-1]}" in page.url
    rows = page.locator(".ps-vt__row")
    assert rows.count() == min(expected, rows.count()) and rows.count() > 0
    assert set(rows.locator(".ps-col-venue").all_inner_texts()) == {venue}
    # sortable: title ascending puts the alphabetically first title on top
    page.click(".ps-vt__head button[data-sort=title]")
    first = min((p.title for p in papers if p.venue == venue and p.year == years[-1]), key=str.lower)
    assert page.locator(".ps-vt__row").first.locator(".ps-col-title a").inner_text() == first
    assert "sort=title" in page.url
    shared = page.url
    # back: undo the sort, then the year filter (same page, state from the history)
    page.go_back()
    assert "sort=" not in page.url
    page.go_back()
    page.wait_for_function(f"document.querySelector('#ps-explorer').dataset.count === '{by_venue}'")
    assert page.locator("select[name=from]").input_value() == ""
    assert page.locator("select[name=venue]").input_value() == venue
    # the URL alone restores the state (shareable)
    page.goto(served.url)
    page.goto(shared)
    ready(page)
    assert page.locator("#ps-explorer").get_attribute("data-count") == str(expected)
    assert page.locator("select[name=venue]").input_value() == venue
    assert page.locator(".ps-vt__row").first.locator(".ps-col-title a").inner_text() == first
    # text filter
    target = papers[len(papers) // 2]
    page.goto(served.url + "explorer/?q=" + target.title[:40].replace(" ", "+"))
    ready(page)
    assert target.title in page.locator(".ps-vt__body").inner_text()


def test_search_finds_a_paper_by_title_and_lands_on_it(served, watched) -> None:
    page = watched.page
    papers = Shelf(served.shelf).papers
    target = sorted(papers, key=lambda p: len(p.title))[len(papers) // 2]
    page.goto(served.url + "venues/")
    page.fill(".ps-search__input", target.title)
    hit = page.locator(".ps-search__hit").first
    hit.wait_for(timeout=10_000)
    assert hit.locator(".ps-search__title").inner_text() == target.title
    hit.click()
    line = page.locator(f"li.ps-line[id='{target.id}']")
    line.wait_for(timeout=10_000)
    assert target.id in page.url
    # the landed-on line is highlighted and opened: links by kind, BibTeX with the paper's id
    # the script marks it once the page's data arrived (slower on a loaded machine): wait for it
    page.locator(f"li.ps-line.ps-landed[id='{target.id}']").wait_for(timeout=10_000)
    # and it is scrolled into view once the enhanced lists have settled (retried, not timed)
    expect(line).to_be_in_viewport(timeout=10_000)
    assert line.locator(".ps-chip, .ps-missing").count() == len(target.links)
    line.locator(".ps-detail summary", has_text="BibTeX").click()
    assert "{" + target.id + "," in line.locator(".ps-bib code").inner_text()


def test_topic_page_lists_its_papers(served, watched) -> None:
    page = watched.page
    shelf = Shelf(served.shelf)
    topic = max({t for p in shelf.papers for t in p.topics}, key=lambda t: sum(t in p.topics for p in shelf.papers))
    page.goto(served.url + f"topics/{topic}/")
    ready(page)
    count = sum(topic in p.topics for p in shelf.papers)
    assert page.locator(".ps-list li.ps-line").count() == count


def test_editing_the_shelf_reloads_the_open_page(served, watched) -> None:
    page = watched.page
    shelf = Shelf(served.shelf)
    paper = max((p for p in shelf.papers if p.added), key=lambda p: (p.added, p.id))  # in "Recently added"
    page.goto(served.url)
    assert paper.title in page.content()
    new_title = paper.title + " (revised)"
    started = time.monotonic()
    shelf.update(paper.id, title=new_title)
    page.wait_for_function("t => document.body.innerText.includes(t)", arg=new_title, timeout=10_000)
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"edit took {elapsed:.1f}s to show"


def test_an_edit_on_disk_changes_the_open_venue_page_in_place(served, watched) -> None:
    """A title and status edit made outside the browser: the open page swaps the paper's line and
    its read count without loading again (a venue page of thousands of papers takes seconds to
    load); an edit that moves a paper to another topic reloads it."""
    from papershelf.site.data import slugify

    page = watched.page
    shelf = Shelf(served.shelf)
    paper = next(p for p in shelf.papers if p.venue and p.status == "unread" and p.topics)
    venue = [p for p in shelf.papers if p.venue == paper.venue]
    page.goto(served.url + f"venues/{slugify(paper.venue)}/")
    ready(page)
    page.evaluate("window.__sameDocument = true")
    line = page.locator(f'.ps-list li[data-paper-id="{paper.id}"]')
    expect(page.locator(".ps-page-head .ps-sub")).to_contain_text(f"{sum(p.is_read for p in venue)} read")
    shelf.update(paper.id, title=paper.title + " (revised)", status="read")
    expect(line.locator(".ps-t")).to_have_text(paper.title + " (revised)", timeout=15_000)
    expect(line.locator(".ps-mark.ps-read")).to_have_count(1)
    expect(page.locator(".ps-page-head .ps-sub")).to_contain_text(f"{sum(p.is_read for p in venue) + 1} read")
    expect(line.locator(".ps-more")).to_have_count(1)  # the script enhanced the new line too
    assert page.evaluate("window.__sameDocument") is True
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    with page.expect_navigation(timeout=15_000):
        shelf.update(paper.id, topics=[*paper.topics, "moved-elsewhere"])
    expect(line.locator(".ps-t")).to_have_text(paper.title + " (revised)")
    assert page.evaluate("window.__sameDocument") is None


@pytest.mark.parametrize("engine", ["zensical", "mkdocs"])
def test_an_edit_on_disk_changes_the_open_explorer_in_place(engine, browser, tmp_path, start_server) -> None:
    """The explorer shows an edit made outside the browser without loading again: the edited
    row changes, and the reader's filter, sort and scroll stay."""
    from urllib.parse import quote

    from conftest import shelf_for_browser

    server = start_server(shelf_for_browser(tmp_path), tmp_path / "site", engine=engine)
    context = browser.new_context(viewport={"width": 1280, "height": 600})
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        shelf = Shelf(server.shelf)
        venue = max({p.venue for p in shelf.papers if p.venue}, key=lambda v: sum(p.venue == v for p in shelf.papers))
        papers = sorted((p for p in shelf.papers if p.venue == venue), key=lambda p: p.title.lower())
        paper = papers[8]
        page.goto(server.url + f"explorer/?venue={quote(venue)}&sort=title")
        ready(page)
        page.evaluate("window.__sameDocument = true; window.scrollTo(0, 250)")
        page.wait_for_function("scrollY === 250")
        url = page.url
        row = page.locator(f'.ps-vt__row[data-paper-id="{paper.id}"] .ps-col-title a')
        expect(row).to_have_text(paper.title)
        hit = page.locator(".ps-search__hit .ps-search__title").first
        page.fill(".ps-search__input", paper.title)  # the header search has read the papers before the edit
        expect(hit).to_have_text(paper.title)
        page.fill(".ps-search__input", "")
        page.evaluate("window.scrollTo(0, 250)")
        shelf.update(paper.id, title=paper.title + " (revised)")
        expect(row).to_have_text(paper.title + " (revised)", timeout=15_000)
        assert page.evaluate("window.__sameDocument") is True
        assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
        assert page.url == url and page.locator("select[name=venue]").input_value() == venue
        assert page.get_attribute(".ps-vt__head [aria-sort=ascending] button", "data-sort") == "title"
        assert page.get_attribute("#ps-explorer", "data-count") == str(len(papers))
        assert page.evaluate("scrollY") == 250
        # the header search finds the new title too (it reads the edited shard again)
        page.fill(".ps-search__input", paper.title + " (revised)")
        expect(hit).to_have_text(paper.title + " (revised)")
        assert not errors, errors
    finally:
        context.close()
        server.stop()


def test_details_open_on_a_line_swapped_in_place(served, browser) -> None:
    """The details of a line swapped in place come from the data files written by that build (the
    script reads the new meta.json, which names the new shards; the server's answer to a file
    rewritten within the same second: test_build.py)."""
    from papershelf.site.data import slugify

    page = browser.new_page()
    shelf = Shelf(served.shelf)
    paper = next(p for p in shelf.papers if p.venue and p.status == "unread" and p.topics)
    page.goto(served.url + f"venues/{slugify(paper.venue)}/")
    ready(page)
    line = page.locator(f'.ps-list li[data-paper-id="{paper.id}"]')
    shelf.update(paper.id, title=paper.title + " (revised)", status="read")  # within the second of the load
    expect(line.locator(".ps-t")).to_have_text(paper.title + " (revised)", timeout=15_000)
    expect(line.locator(".ps-more")).to_have_count(1)
    line.locator(".ps-more").click()  # its details come from the data written by this build
    try:
        expect(line.locator(".ps-detail")).to_have_count(1, timeout=10_000)
    finally:
        page.close()


def test_hostile_shelf_runs_nothing_in_the_browser(browser, hostile_shelf: Path, tmp_path: Path, start_server) -> None:
    server = start_server(hostile_shelf, tmp_path / "site")
    try:
        context = browser.new_context()
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ("", "explorer/", "topics/evil/", "taxonomy/evil/", "venues/"):
            page.goto(server.url + path)
            page.wait_for_timeout(300)
            ready(page, "#ps-explorer[data-ready='1'], .ps-list[data-ready], .ps-home, .ps-page-head")
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            page.locator("li.ps-line, .ps-vt__row, h1").first.hover()
            assert page.evaluate("window.__pwned") is None, path
            assert page.evaluate("document.querySelectorAll('a[href^=\"javascript\" i], [onerror], [onload],"
                                 " [onmouseover], iframe').length") == 0, path
        venue_page = page.locator("table a, .ps-venues a").first.get_attribute("href")
        page.goto(server.url + "venues/" + venue_page)
        page.wait_for_selector("li.ps-line")
        page.click("li.ps-line .ps-more")
        page.wait_for_selector("li.ps-line .ps-detail")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert "<script>window.__pwned='paper-title'</script>" in page.locator("li.ps-line .ps-t").inner_text()
        assert "<script>window.__pwned='abstract'</script>" in page.locator("li.ps-line .ps-detail").inner_text()
        assert page.evaluate("window.__pwned") is None
        assert not dialogs
        context.close()
    finally:
        server.stop()
