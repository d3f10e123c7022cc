"""The site as readers meet it (issue 10), in Debian's chromium: both engines, light and dark,
desktop and phone, JavaScript on and off. Screenshots of every page type in every mode go to
test-artifacts/site/."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from papershelf import Shelf
from papershelf.site import SiteBuilder
from papershelf.site.serve import SiteServer

pytestmark = pytest.mark.browser
BUNDLED = Path(__file__).resolve().parents[2] / "reading-list"

PAGES = {"home": "", "explorer": "explorer/", "topic": "topics/knowledge-distillation/",
         "taxonomy": "taxonomy/kd-taxonomy/", "venue": "venues/cvpr/", "venues": "venues/", "404": "no/such/page/",
         "paper": "venues/cvpr/#general2021instance"}  # a paper's line, landed on: its details open
MODES = [(scheme, width, js) for scheme in ("light", "dark") for width in (1400, 390) for js in (True, False)]

# Text that must reach WCAG AA (4.5:1) against what is really behind it, per page type.
CONTRAST = {
    "home": ".ps-stat__n, .ps-stat__l, .ps-vy thead th, .ps-vy th[scope=row] a, .ps-vy td a, .ps-card strong, "
            ".ps-card .ps-count, .ps-card .ps-desc, li.ps-line .ps-t, .ps-note, .ps-legend, .ps-toggle",
    "explorer": ".ps-filters .ps-input, .ps-filters .ps-button, .ps-vt__head button, .ps-vt__head .ps-vt__label, "
                ".ps-vt__row .ps-col-title a, .ps-vt__row .ps-col-venue, .ps-vt__row .ps-chip, .ps-count-line",
    "topic": "li.ps-line .ps-t, li.ps-line .ps-au, li.ps-line .ps-vy, li.ps-line .ps-chip, .ps-group__title, "
             ".ps-toggle, .ps-more, .ps-sub",
    "taxonomy": "li.ps-line .ps-t, li.ps-line .ps-au, .ps-children a, .ps-count",
    "venue": "li.ps-line .ps-t, li.ps-line .ps-chip, li.ps-line .ps-missing, .ps-years a, .ps-legend",
    "venues": ".ps-venues thead th, .ps-venues td, .ps-venues th a",
    "paper": ":target .ps-t, :target .ps-au, :target .ps-vy, :target .ps-chip, :target .ps-detail summary, "
             ":target .ps-text, :target .ps-related a, :target .ps-copy",
    "404": ".ps-404__code, .ps-404 .ps-lead, .ps-404__search label, .ps-404 .ps-input, .ps-404 .ps-button, "
           ".ps-404 .md-button",
}
# Headings (h1-h3) of every page type. WCAG AA asks 4.5:1 of text; Material for MkDocs greys its
# headings to 4.6:1 (light) and 4.9:1 (dark), which passes and reads as washed out: headings are
# held to the body text's level, 7:1 (AAA).
HEADINGS = ".md-typeset h1, .md-typeset h2, .md-typeset h3"
HEADING_RATIO = 7

# On a phone nothing may make the page wider than the screen, and no table scrolls sideways.
OVERFLOW_JS = """() => ({
  page: document.documentElement.scrollWidth - innerWidth,
  scrolling: Array.from(document.querySelectorAll('table')).map(t => t.parentElement)
    .filter(e => /auto|scroll/.test(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
    .map(e => e.className || e.tagName)
})"""

CONTRAST_JS = """(selector) => {
  function parse(c) {
    let m = c.match(/^rgba?\\(([^)]+)\\)/);
    if (m) { const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; }
    m = c.match(/^color\\(srgb ([^)]+)\\)/);
    if (m) { const p = m[1].split(/[\\s\\/]+/).filter(Boolean).map(Number); return [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1]; }
    return null;
  }
  function over(top, under) {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat([1]);
  }
  /* The colours behind el: the first opaque background of el or an ancestor (an opaque
     gradient counts as each of its colours, the hero's), under the translucent ones above it. */
  function backgrounds(el) {
    const layers = [];
    let base = null;
    for (let e = el; e && !base; e = e.parentElement) {
      const st = getComputedStyle(e);
      const stops = st.backgroundImage.includes("gradient") ?
        (st.backgroundImage.match(/rgba?\\([^)]*\\)|color\\(srgb [^)]*\\)/g) || []).map(parse) : [];
      if (stops.length && stops.every(c => c && c[3] >= 1)) { base = stops; break; }
      const c = parse(st.backgroundColor);
      if (c && c[3] > 0) { if (c[3] >= 1) base = [c]; else layers.push(c); }
    }
    if (!base) {
      const canvas = parse(getComputedStyle(document.documentElement).backgroundColor);
      base = [canvas && canvas[3] > 0 ? canvas : [255, 255, 255, 1]];
    }
    return base.map(b => layers.slice().reverse().reduce((under, top) => over(top, under), b));
  }
  function lum(c) {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  }
  const out = [];
  for (const el of Array.from(document.querySelectorAll(selector)).slice(0, 60)) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || !el.textContent.trim() || getComputedStyle(el).visibility === "hidden") continue;
    const ratios = backgrounds(el).map(bg => {
      const a = lum(over(parse(getComputedStyle(el).color), bg)), b = lum(bg);
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    });
    out.push({ what: el.className || el.tagName, text: el.textContent.trim().slice(0, 30),
               ratio: Math.round(Math.min.apply(null, ratios) * 100) / 100 });
  }
  return out;
}"""

# The relative luminance (0 black .. 1 white) of the page's background behind the content.
BACKGROUND_JS = """() => {
  const c = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number);
  const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
}"""


def start_site(shelf: Path, out: Path, engine: str = "zensical", **kwargs) -> SiteServer:
    builder = SiteBuilder(Shelf(shelf), out=out, engine=engine, **kwargs)
    builder.build()
    server = SiteServer(builder, port=0)
    server.start()
    return server


@pytest.fixture(scope="module", params=["zensical", "mkdocs"])
def site(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(f"site-{request.param}")
    shelf = tmp / "shelf"
    shutil.copytree(BUNDLED, shelf, ignore=shutil.ignore_patterns(".papershelf"))
    server = start_site(shelf, tmp / "out", request.param)
    server.engine = request.param
    yield server
    server.stop()


@pytest.fixture
def desktop(browser):
    """A page in a fresh 1400x900 context, closed even when the test fails."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


def open_list(page, url: str) -> None:
    """Go to a page with a paper list and wait until the script has enhanced it."""
    page.goto(url)
    page.wait_for_selector(".ps-list[data-ready]", state="attached")


def test_every_page_type_in_every_mode_is_readable(site, browser, artifacts) -> None:
    """Each page type, light and dark, desktop and phone, JavaScript on and off: a screenshot,
    no script error, the background of the reader's scheme (dark without JavaScript too), and
    text contrast of at least 4.5:1 where readers read."""
    shots = artifacts / "site"
    shots.mkdir(exist_ok=True)
    failures = []
    for scheme, width, js in MODES:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                      java_script_enabled=js)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        for name, path in PAGES.items():
            page.goto(site.url + path)
            if js and name == "explorer":
                page.wait_for_selector("#ps-explorer[data-ready='1']", state="attached")
            elif js and name == "paper":
                page.wait_for_selector("li.ps-landed .ps-detail")
                page.evaluate("document.querySelectorAll('li.ps-landed details').forEach(d => d.open = true)")
                page.locator("li.ps-landed").scroll_into_view_if_needed()
            elif name == "explorer":  # no script will load anything: no "Loading …" promise
                assert not page.locator(".ps-loading").is_visible()
            if js:
                expected = "slate" if scheme == "dark" else "default"
                assert page.get_attribute("body", "data-md-color-scheme") == expected
            page.screenshot(path=str(shots / f"{site.engine}-{name}-{width}-{scheme}-js-{'on' if js else 'off'}.png"))
            # the reader's scheme, with or without the theme's script (no-JS pages follow the preference)
            luminance = page.evaluate(BACKGROUND_JS)
            assert luminance < 0.1 if scheme == "dark" else luminance > 0.8, (name, scheme, width, js, luminance)
            for item in page.evaluate(CONTRAST_JS, CONTRAST[name]):
                if item["ratio"] < 4.5:
                    failures.append(f"{name} {scheme} {width} js={js}: {item}")
            headings = page.evaluate(CONTRAST_JS, HEADINGS)
            assert headings, f"{name}: no heading measured"
            failures += [f"{name} {scheme} {width} js={js}: heading {item}" for item in headings
                         if item["ratio"] < HEADING_RATIO]
            if width == 390:
                overflow = page.evaluate(OVERFLOW_JS)
                if overflow["page"] > 0 or overflow["scrolling"]:
                    failures.append(f"{name} {scheme} js={js}: sideways {overflow}")
            counted = page.evaluate(CONTRAST_JS, CONTRAST[name])
            if name in ("home", "topic", "venue", "paper") and width == 1400:
                assert counted, f"{name}: nothing measured"
        context.close()
        assert not errors, errors
    assert not failures, "\n".join(failures[:30])


def test_cards_view_has_the_same_contrast_in_both_schemes(site, browser, artifacts) -> None:
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1400, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.goto(site.url + PAGES["topic"])
        page.click(".ps-view button[data-view=cards]")
        page.wait_for_selector("li.ps-line .ps-detail")
        page.screenshot(path=str(artifacts / "site" / f"{site.engine}-topic-cards-1400-{scheme}-js-on.png"))
        low = [x for x in page.evaluate(CONTRAST_JS, CONTRAST["topic"] + ", .ps-detail summary, .ps-detail .ps-text")
               if x["ratio"] < 4.5]
        assert not low, (scheme, low[:5])
        context.close()


def test_lists_read_and_print_without_javascript(site, browser) -> None:
    shelf = Shelf(BUNDLED)
    context = browser.new_context(viewport={"width": 1400, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "venues/cvpr/")
    expected = {p.id for p in shelf.papers if p.venue == "CVPR"}
    lines = page.locator("li.ps-line")
    assert set(lines.evaluate_all("ls => ls.map(l => l.dataset.paperId)")) == expected
    assert lines.first.is_visible() and not page.locator(".ps-view").count()  # no toggle without the script
    first = next(p for p in shelf.papers if p.venue == "CVPR" and p.year == 2021)
    assert first.title in page.inner_text("main")
    page.emulate_media(media="print")
    assert lines.first.is_visible() and lines.last.is_visible()
    assert page.locator(".ps-legend").is_hidden()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    # the explorer lists the papers (the bundled shelf is under the explorer's limit: all of them)
    # and says that filtering needs the script
    page.goto(site.url + "explorer/")
    listed = page.locator("#ps-explorer li.ps-line").evaluate_all("ls => ls.map(l => l.dataset.paperId)")
    assert sorted(listed) == sorted(p.id for p in shelf.papers)
    assert page.locator("#ps-explorer li.ps-line a.ps-t").first.is_visible()
    assert "Filtering and sorting need JavaScript" in page.inner_text("main")
    context.close()


def test_compact_view_fits_a_screen_of_papers_and_the_choice_is_remembered(site, desktop) -> None:
    page = desktop
    open_list(page, site.url + PAGES["topic"])
    assert page.get_attribute(".ps-view button[data-view=compact]", "aria-pressed") == "true"
    page.evaluate("window.scrollTo(0, document.querySelector('li.ps-line').getBoundingClientRect().top + scrollY - 70)")
    fits = page.evaluate("""() => Array.from(document.querySelectorAll('li.ps-line')).filter(l => {
        const r = l.getBoundingClientRect(); return r.top >= 60 && r.bottom <= innerHeight; }).length""")
    assert fits >= 22, f"{fits} papers on one 1400x900 screen"
    page.click(".ps-view button[data-view=cards]")
    page.wait_for_selector("li.ps-line .ps-detail")
    page.reload()
    page.wait_for_selector(".ps-list[data-ready]", state="attached")
    assert page.evaluate("document.documentElement.classList.contains('ps-cards-view')")
    assert page.get_attribute(".ps-view button[data-view=cards]", "aria-pressed") == "true"
    page.wait_for_selector("li.ps-line .ps-detail")
    page.goto(site.url + "venues/cvpr/")  # remembered on every page
    assert page.evaluate("document.documentElement.classList.contains('ps-cards-view')")
    page.click(".ps-view button[data-view=compact]")
    page.reload()
    assert not page.evaluate("document.documentElement.classList.contains('ps-cards-view')")


def test_explorer_on_a_phone_and_on_a_desktop(site, browser) -> None:
    shelf = Shelf(BUNDLED)
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site.url + "explorer/")
    page.wait_for_selector("#ps-explorer[data-ready='1']", state="attached")
    assert page.locator("select[name=venue]").is_hidden()  # filters behind a button
    assert page.locator(".ps-filters").bounding_box()["height"] < 200
    page.click(".ps-filters__open")
    assert page.locator("select[name=venue]").is_visible()
    page.click(".ps-filters__open")
    row = page.locator(".ps-vt__row").first
    title, venue = row.locator(".ps-col-title").bounding_box(), row.locator(".ps-col-venue").bounding_box()
    assert venue["y"] >= title["y"] + title["height"] - 1, "two-line rows: venue under the title"
    assert title["width"] > 250
    context.close()
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(site.url + "explorer/")
    page.wait_for_selector("#ps-explorer[data-ready='1']", state="attached")
    table = page.locator(".ps-vt")
    assert ("ps-hide-added" in table.get_attribute("class")) == (len({p.added for p in shelf.papers}) <= 1)
    assert ("ps-hide-authors" in table.get_attribute("class")) == (not any(p.authors for p in shelf.papers))
    chips = page.locator(".ps-vt__row .ps-col-links a.ps-chip--paper")
    assert chips.count() > 5 and chips.first.get_attribute("href").startswith("https://")
    context.close()


def test_the_landed_on_paper_is_highlighted_and_opened(site, desktop) -> None:
    paper = next(p for p in Shelf(BUNDLED).papers if p.venue == "CVPR")
    page = desktop
    page.goto(site.url + f"venues/cvpr/#{paper.id}")
    line = page.locator(f"li.ps-line[id='{paper.id}']")
    line.locator(".ps-detail").wait_for()
    assert page.evaluate("document.querySelector(':target').id") == paper.id
    assert "ps-landed" in line.get_attribute("class")
    assert line.evaluate("l => getComputedStyle(l).outlineStyle") == "solid"
    box = line.bounding_box()
    assert 0 <= box["y"] < 900


def test_serve_answers_a_missing_page_with_the_sites_404_page(site, browser) -> None:
    """The site's own 404 page at any depth: the site's header and navigation, a message, links
    to the home page and the explorer, and a search that lands in the explorer."""
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(site.url + "no/such/page/")
    assert err.value.code == 404
    body = err.value.read().decode()
    assert "md-header" in body and "Page not found" in body
    for js in (True, False):
        context = browser.new_context(viewport={"width": 1400, "height": 900}, java_script_enabled=js)
        page = context.new_page()
        page.goto(site.url + "a/b/c/d/missing.html")
        assert page.locator("h1").inner_text() == "Page not found"
        assert page.locator(".md-header").is_visible()
        assert page.evaluate("getComputedStyle(document.querySelector('.ps-404')).maxWidth") != "none"  # our CSS loaded
        links = dict(zip(page.locator(".ps-404__links a").all_inner_texts(),
                         page.locator(".ps-404__links a").evaluate_all("as => as.map(a => a.href)")))
        assert links["Home"] == site.url and links["Explorer: every paper"] == site.url + "explorer/"
        page.fill(".ps-404__search input[name=q]", "distillation")
        page.click(".ps-404__search button")
        page.wait_for_url(site.url + "explorer/?q=distillation")
        if js:
            page.wait_for_selector("#ps-explorer[data-ready='1']", state="attached")
            assert page.locator("input[name=q]").input_value() == "distillation"
        context.close()


@pytest.mark.parametrize("engine", ["zensical", "mkdocs"])
def test_the_404_page_keeps_its_styles_under_a_published_path(engine, small_shelf, tmp_path, browser) -> None:
    """shelf.toml's site_url has a path (/reading-list/): the engines aim the 404 page's links
    there (right where it is published); `serve`, serving the site from /, aims them at /."""
    server = start_site(small_shelf, tmp_path / "out", engine)
    page = browser.new_page()
    try:
        page.goto(server.url + "no/such/page/")
        assert page.evaluate("getComputedStyle(document.querySelector('.ps-404')).maxWidth") != "none"
        home = page.locator(".ps-404__links a", has_text="Home").evaluate("a => a.href")
        assert home in (server.url, server.url + ".")
        page.fill(".ps-404__search input[name=q]", "hinton")
        page.click(".ps-404__search button")
        page.wait_for_url(server.url + "explorer/?q=hinton")
        page.wait_for_selector("#ps-explorer[data-ready='1']", state="attached")
        assert page.get_attribute("#ps-explorer", "data-count") == "1"
        assert 'href="/reading-list/assets/' in (tmp_path / "out" / "404.html").read_text()  # as published
    finally:
        page.close()
        server.stop()


@pytest.mark.parametrize("path", ["explorer/?sort=__proto__", "explorer/?sort=-constructor&venue=__proto__&topic=toString",
                                  "explorer/?sort=hasOwnProperty&status=__proto__#a%22b", 'explorer/#a"b',
                                  'venues/cvpr/#a"b', "venues/cvpr/#%E0%A4%A", "topics/knowledge-distillation/#x%22]"])
def test_hostile_urls_do_not_break_the_script(served, watched, path: str) -> None:
    """Issue 14 item 14: odd query values and hashes are data, never lookups or selectors
    (``watched`` fails the test on any page error)."""
    page = watched.page
    page.goto(served.url + path)
    page.wait_for_selector("#ps-explorer[data-ready='1'], .ps-list[data-ready]", state="attached")
    if path.startswith("explorer/?sort"):
        assert page.locator(".ps-vt__row").count() > 0 or page.get_attribute("#ps-explorer", "data-count") == "0"
    page.goto(served.url + "venues/")  # a page error can come late: leave the page cleanly


SEARCH_PAPERS = """- id: a
  title: Graph Neural Distillation
  year: 2020
  venue: ICLR
- id: b
  title: Paragraphs of Knowledge
  year: 2021
  venue: ICLR
- id: c
  title: Something Else Entirely
  authors: [Graph Author]
  year: 2021
  venue: ICLR
- id: d
  title: Another Thing
  year: 2021
  venue: GraphConf
- id: e
  title: Learning on graphs
  year: 2019
  venue: ICLR
- id: f
  title: A paper with a DOI
  year: 2018
  venue: ICML
  ids: {doi: 10.1000/xyz123}
- id: g
  title: A paper with an arXiv id
  year: 2021
  venue: ICML
  ids: {arxiv: "2101.00001"}
  links: {paper: "https://arxiv.org/abs/2101.00001", code: "https://github.com/x/y"}
"""


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("search")
    shelf = tmp / "shelf"
    (shelf / "papers").mkdir(parents=True)
    (shelf / "shelf.toml").write_text('title = "Search test"\n')
    (shelf / "papers/p.yaml").write_text(SEARCH_PAPERS)
    server = start_site(shelf, tmp / "out", related={"a": ["e", "g"]})
    yield server
    server.stop()


def search(page, text: str) -> list[str]:
    page.fill(".ps-search__input", "")
    page.fill(".ps-search__input", text)
    page.wait_for_selector(".ps-search__all:not(:has-text('searching'))")
    return page.locator(".ps-search__hit").evaluate_all("hs => hs.map(h => h.dataset.paperId)")


def test_search_ranks_by_relevance_finds_ids_and_works_with_the_keyboard(search_site, desktop) -> None:
    page = desktop
    page.goto(search_site.url + "venues/")
    # whole word in the title, then a word's start, then part of a word, then authors, then venue
    assert search(page, "graph") == ["a", "e", "b", "c", "d"]
    assert search(page, "2101.00001")[0] == "g"
    assert search(page, "arXiv:2101.00001v2")[0] == "g"
    assert search(page, "https://arxiv.org/abs/2101.00001")[0] == "g"
    assert search(page, "10.1000/XYZ123")[0] == "f"
    assert search(page, "https://doi.org/10.1000/xyz123")[0] == "f"
    hits = search(page, "graph")
    page.press(".ps-search__input", "ArrowDown")
    page.press(".ps-search__input", "ArrowDown")
    assert page.get_attribute("#ps-hit-1", "aria-selected") == "true"
    assert page.get_attribute(".ps-search__input", "aria-activedescendant") == "ps-hit-1"
    page.press(".ps-search__input", "ArrowUp")
    page.press(".ps-search__input", "ArrowDown")
    page.press(".ps-search__input", "Enter")
    page.wait_for_url(f"**#{hits[1]}")


def test_papers_carry_their_id_and_renders_are_announced(search_site, desktop) -> None:
    """The contract the `serve` editor builds on: data-paper-id on every paper element and a
    papershelf:rendered event after every (re)render."""
    page = desktop
    page.add_init_script("window.__rendered = []; document.addEventListener('papershelf:rendered',"
                         " e => window.__rendered.push(e.detail.root.className))")
    open_list(page, search_site.url + "venues/iclr/")
    assert "ps-list" in " ".join(page.evaluate("window.__rendered"))
    assert page.locator("li.ps-line:not([data-paper-id])").count() == 0
    before = len(page.evaluate("window.__rendered"))
    page.click("li.ps-line[data-paper-id=a] .ps-more")
    page.wait_for_selector("li.ps-line[data-paper-id=a] .ps-detail")
    assert len(page.evaluate("window.__rendered")) > before
    # related papers (from the `discover` helper's data): titles linking to their anchors
    related = page.locator("li.ps-line[data-paper-id=a] .ps-related a")
    assert related.all_inner_texts() == ["Learning on graphs", "A paper with an arXiv id"]
    assert related.nth(1).get_attribute("href").endswith("venues/icml/#g")
    page.goto(search_site.url + "explorer/")
    page.wait_for_selector("#ps-explorer[data-ready='1']", state="attached")
    assert page.locator(".ps-vt__row:not([data-paper-id])").count() == 0
    assert any("ps-vt__body" in r for r in page.evaluate("window.__rendered"))
    code = page.locator(".ps-vt__row[data-paper-id=g] a.ps-chip--code")
    assert code.get_attribute("href") == "https://github.com/x/y"


def test_topic_papers_regroup_by_section_and_back(site, desktop) -> None:
    page = desktop
    open_list(page, site.url + PAGES["topic"])
    before = page.locator(".ps-list li.ps-line").count()
    page.click(".ps-toolbar button[data-group=section]")
    page.wait_for_selector(".ps-list section[id^=section-]")
    titles = page.locator(".ps-list h3.ps-group__title").all_inner_texts()
    assert any("Response-based" in t for t in titles) and any("Not filed in a section" in t for t in titles)
    assert page.locator(".ps-list li.ps-line .ps-vy").count() == page.locator(".ps-list li.ps-line").count()
    assert page.locator(".ps-list li.ps-line[id]").count() == 0  # copies: the anchors stay unique
    page.click(".ps-toolbar button[data-group=venue-year]")
    assert page.locator(".ps-list li.ps-line[id]").count() == before
