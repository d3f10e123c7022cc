"""`papershelf build`: the generated project, the data shards, both engines, safety, rebuilds."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from papershelf import Shelf
from papershelf.errors import PapershelfError
from papershelf.shelf import cache_dir
from papershelf.site import SiteBuilder
from papershelf.export.bibtex import citation_entry
from papershelf.site.data import SiteData, group_papers, pack
from papershelf.site.pages import relative
from papershelf.site.schemes import dark_rules


# The only absolute URL allowed in built assets: the SVG XML namespace inside the themes' CSS/HTML.
ALLOWED_ABSOLUTE = re.compile(r"^https?://(www\.)?w3\.org/")


def shard(site: Path, name: str) -> dict:
    return json.loads(gzip.decompress((site / name).read_bytes()))


@pytest.mark.parametrize("engine", ["zensical", "mkdocs"])
def test_both_engines_build_every_page_type(small_shelf: Path, tmp_path: Path, engine: str) -> None:
    from selectolax.lexbor import LexborHTMLParser

    out = tmp_path / "site"
    result = SiteBuilder(Shelf(small_shelf), out=out, engine=engine).build()
    assert result.papers == 6 and result.engine_ran
    for page in ("index.html", "explorer/index.html", "topics/index.html", "topics/knowledge-distillation/index.html",
                 "taxonomy/index.html", "taxonomy/kd/response-based/index.html", "venues/index.html",
                 "venues/iclr/index.html", "about/index.html", "feed.xml", "data/meta.json"):
        assert (out / page).is_file(), page
    for page in ("index.html", "explorer/index.html", "topics/index.html", "venues/iclr/index.html",
                 "taxonomy/kd/index.html", "about/index.html"):
        h1 = LexborHTMLParser((out / page).read_text()).css("h1")
        assert len(h1) == 1, page  # the page's title once, not the theme's too
    home = (out / "index.html").read_text()
    # the venue x year table links each cell to that venue-year's section
    assert 'href="venues/iclr/#year-2015"' in home and 'href="venues/iclr/#year-2020"' in home
    assert "Recently added" in home and "Deep Compression" in home
    assert 'type="application/atom+xml"' in home  # feed linked from the head and the page
    venue = (out / "venues/iclr/index.html").read_text()
    for year in (2020, 2017, 2016, 2015):
        assert f'id="year-{year}"' in venue
    # the user's own page is included, and the generated project is not among the user's files
    about = (out / "about/index.html").read_text()
    assert "Kept by the test suite." in about and "🌟" in about and "<img" not in about
    assert (cache_dir(small_shelf) / "site-project/mkdocs.yml").is_file()
    assert sorted(p.name for p in small_shelf.iterdir()) == ["pages", "papers", "shelf.toml"]


@pytest.mark.parametrize("engine", ["zensical", "mkdocs"])
def test_nothing_is_loaded_from_another_host(small_shelf: Path, tmp_path: Path, engine: str) -> None:
    """Every resource a page loads (scripts, styles, icons, images, frames) is local; the themes'
    GitHub "stars" fetch is avoided (no repo_url for the theme; the home page links the repository)."""
    from selectolax.lexbor import LexborHTMLParser

    out = tmp_path / "site"
    SiteBuilder(Shelf(small_shelf), out=out, engine=engine).build()
    foreign = []
    for path in out.rglob("*.html"):
        tree = LexborHTMLParser(path.read_text())
        for node in tree.css("script[src], link[href], img[src], iframe[src], source[src], video[src], audio[src]"):
            url = node.attributes.get("src") or node.attributes.get("href") or ""
            rel = node.attributes.get("rel") or ""
            if node.tag == "link" and rel in ("canonical", "alternate"):
                continue  # a name for the page, not something the browser loads
            if re.match(r"^(https?:)?//", url):
                foreign.append(f"{path.relative_to(out)}: <{node.tag} {url}>")
        assert not tree.css(".md-source"), path
    for path in out.rglob("*.css"):
        for m in re.finditer(r"""url\(\s*["']?((?:https?:)?//[^"')]+)|@import\s+["']?((?:https?:)?//[^"';]+)""",
                             path.read_text(errors="replace")):
            foreign.append(f"{path.relative_to(out)}: {m.group(0)}")
    assert not foreign, foreign
    home = (out / "index.html").read_text()
    assert 'href="https://github.com/example/reading-list"' in home


def test_shards_hold_every_paper_once_and_only_http_links(small_shelf: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    SiteBuilder(Shelf(small_shelf), out=out).build()
    meta = json.loads((out / "data/meta.json").read_text())
    ids, links = [], []
    for s in meta["shards"]:
        idx, det = shard(out, s["idx"]), shard(out, s["det"])
        assert len(idx["id"]) == len(det["bib"]) == s["n"]
        ids += idx["id"]
        links += [url for row in det["ln"] for _, url in row]
    assert sorted(ids) == sorted(p.id for p in Shelf(small_shelf).papers)
    assert None in links  # hinton2015distilling's code placeholder: shown as "missing link"
    assert all(u is None or u.startswith(("http://", "https://")) for u in links)


def test_citation_entry_escapes_and_keeps_standard_fields_only() -> None:
    from papershelf.model import Paper

    p = Paper(id="a2020b", title="Nets & {Hints}", authors=["Ann O_Neil", "Bo"], year=2020, venue="ICLR",
              links={"paper": "https://arxiv.org/abs/1412.6550"}, ids={"arxiv": "1412.6550"})
    assert citation_entry(p) == (
        "@inproceedings{a2020b,\n  title = {{Nets \\& \\{Hints\\}}},\n  author = {Ann O\\_Neil and Bo},\n"
        "  year = {2020},\n  booktitle = {ICLR},\n  url = {https://arxiv.org/abs/1412.6550},\n"
        "  eprint = {1412.6550},\n  archiveprefix = {arXiv}\n}")


def test_shards_are_packed_by_venue_year_newest_first(small_shelf: Path) -> None:
    papers = Shelf(small_shelf).papers
    groups = group_papers(papers)
    assert [(g.venue, g.year) for g in groups][:2] == [("ICLR", 2020), ("CVPR", 2019)]
    shards = pack(groups, size=2)
    assert all(sum(len(g.papers) for g in s) <= 2 for s in shards)
    assert sum(len(g.papers) for s in shards for g in s) == len(papers)


def test_an_edit_rewrites_one_shard_and_reruns_nothing_else(small_shelf: Path, tmp_path: Path) -> None:
    shelf = Shelf(small_shelf)
    builder = SiteBuilder(shelf, out=tmp_path / "site")
    builder.build()
    again = builder.build()
    assert not again.engine_ran and again.changed_data == []
    shelf.update("han2016deep", notes="Pruning, quantisation and Huffman coding.")
    edited = builder.build()
    assert not edited.engine_ran  # notes are paper data only: no page changed
    assert [p for p in edited.changed_data if p.startswith("data/det-")] and "data/meta.json" in edited.changed_data
    assert not [p for p in edited.changed_data if p.startswith("data/idx-")]
    shelf.update("han2016deep", status="read")
    again = builder.build()
    assert not again.engine_ran  # counts and lists are spliced into the built pages: the engine has nothing to do
    assert sorted(again.changed_pages) == ["explorer/index.html", "index.html", "topics/model-compression/index.html",
                                           "venues/iclr/index.html", "venues/index.html"]
    home = (tmp_path / "site/index.html").read_text()
    assert '<span class="ps-stat__n">3</span><span class="ps-stat__l"><span class="ps-mark ps-read"' in home
    (small_shelf / "papers/new.yaml").write_text("- id: new2021\n  title: At a new venue\n  venue: WACV\n")
    assert builder.build().engine_ran  # a new venue page: the engine builds its frame


def test_refuses_to_overwrite_a_folder_it_did_not_build(small_shelf: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("precious")
    with pytest.raises(PapershelfError, match="not built by papershelf"):
        SiteBuilder(Shelf(small_shelf), out=mine).build()
    with pytest.raises(PapershelfError, match="holds the shelf"):
        SiteBuilder(Shelf(small_shelf), out=small_shelf).build()
    assert (mine / "thesis.tex").read_text() == "precious"


def test_hostile_shelf_builds_without_markup_or_script_urls(hostile_shelf: Path, tmp_path: Path) -> None:
    root = hostile_shelf
    out = tmp_path / "site"
    SiteBuilder(Shelf(root), out=out).build()
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    for path in out.rglob("*.html"):
        tree = HTMLParser(path.read_text())
        for node in tree.css("*"):
            for name, value in node.attributes.items():
                assert not name.startswith("on"), (path, node.tag, name)
                if name in ("href", "src", "action", "formaction"):
                    assert not (value or "").strip().lower().startswith("javascript:"), (path, node.tag, value)
        for script in tree.css("script"):
            assert "__pwned" not in (script.text() or ""), path
    assert "javascript:window" not in (cache_dir(root) / "site-project/mkdocs.yml").read_text()
    feed = (out / "feed.xml").read_text()
    assert "<script>" not in feed and "&lt;script&gt;" in feed


def test_relative_links_between_pages() -> None:
    assert relative("index.md", "venues/cvpr/#year-2020") == "venues/cvpr/#year-2020"
    assert relative("venues/cvpr.md", "topics/kd/") == "../../topics/kd/"
    assert relative("taxonomy/a/b.md", "taxonomy/a/") == "../"
    assert relative("venues/index.md", "venues/cvpr/#x") == "cvpr/#x"


def test_cli_build_and_errors(cli, small_shelf: Path, tmp_path: Path) -> None:
    code, _, err = cli("build", "--shelf", small_shelf, "--out", tmp_path / "out")
    assert code == 0, err
    assert "6 papers" in err and (tmp_path / "out/index.html").is_file()
    code, _, err = cli("build", "--shelf", small_shelf, "--out", tmp_path / "out2", "--engine", "hugo")
    assert code == 1 and "unknown engine" in err


def test_site_data_sizes_are_compact(small_shelf: Path) -> None:
    shelf = Shelf(small_shelf)
    data = SiteData(shelf.papers, shelf.config, {})
    assert data.size < 10_000
    assert all(name.endswith(".json.gz") for name in data.files if name != "data/meta.json")


def test_an_empty_shelf_builds(shelf, tmp_path: Path) -> None:
    result = SiteBuilder(shelf, out=tmp_path / "site").build()
    assert result.papers == 0
    meta = json.loads((tmp_path / "site/data/meta.json").read_text())
    assert meta["total"] == 0 and meta["shards"] == []
    assert "No papers yet." in (tmp_path / "site/index.html").read_text()


def test_home_counts_every_paper_and_lists_what_to_read_next(small_shelf: Path, tmp_path: Path) -> None:
    from selectolax.lexbor import LexborHTMLParser

    (small_shelf / "papers/loose.yaml").write_text(
        "- id: novenue2020\n  title: A paper without venue\n  year: 2020\n  priority: top\n"
        "- id: noyear\n  title: A paper without year\n  venue: ICLR\n  priority: second\n"
        "- id: neither\n  title: A paper with neither\n")
    shelf = Shelf(small_shelf)
    SiteBuilder(shelf, out=tmp_path / "site").build()
    tree = LexborHTMLParser((tmp_path / "site/index.html").read_text())
    totals = [int(td.text()) for td in tree.css("table.ps-vy td.ps-total")]
    assert sum(totals) == len(shelf.papers) == 9
    heads = [th.text() for th in tree.css("table.ps-vy thead th")]
    assert heads[-2:] == ["No year", "All"]
    assert tree.css("table.ps-vy tbody tr")[-1].css_first("th").text() == "Unknown venue"
    # read next: unread, top priority before second; read papers are not in it
    read_next = [li.attributes["data-paper-id"] for li in tree.css(".ps-list[data-slot=read-next] li.ps-line")]
    assert read_next == ["novenue2020", "romero2015fitnets", "noyear"]
    recent = [li.attributes["data-paper-id"] for li in tree.css(".ps-list[data-slot=recent] li.ps-line")]
    assert recent[:2] == ["han2016deep", "tian2020contrastive"] and tree.css_first(".ps-recent time").text() == "2021-03-06"
    ids = [n.attributes["id"] for n in tree.css("[id]")]
    assert len(ids) == len(set(ids))  # no paper anchor twice on one page
    # stat cards are links to the matching explorer filter
    stats = [a.attributes["href"] for a in tree.css("a.ps-stat")]
    assert stats == ["explorer/", "explorer/?status=read", "explorer/?status=reading", "explorer/?priority=top",
                     "explorer/?priority=second"]


def test_lists_are_in_the_html_with_marks_links_and_text_alternatives(small_shelf: Path, tmp_path: Path) -> None:
    from selectolax.lexbor import LexborHTMLParser

    SiteBuilder(Shelf(small_shelf), out=tmp_path / "site").build()
    topic = LexborHTMLParser((tmp_path / "site/topics/knowledge-distillation/index.html").read_text())
    lines = {li.attributes["data-paper-id"]: li for li in topic.css("li.ps-line")}
    assert len(lines) == 5 and all(li.attributes["id"] == pid for pid, li in lines.items())
    hinton = lines["hinton2015distilling"]
    assert hinton.css_first(".ps-t").attributes["href"] == "../../venues/neurips/#hinton2015distilling"
    assert hinton.css_first(".ps-t").text() == "Distilling the Knowledge in a Neural Network"
    assert hinton.css_first(".ps-au").text() == "Geoffrey Hinton, Oriol Vinyals, Jeff Dean"
    assert hinton.css_first(".ps-vy") is None  # the group's heading says it: "NeurIPS 2015"
    assert hinton.parent.parent.css_first("h3").text().startswith("NeurIPS 2015")
    assert [a.attributes["href"] for a in hinton.css("a.ps-chip")] == ["https://arxiv.org/abs/1503.02531"]
    assert hinton.css_first(".ps-missing").text() == "code"
    # priority: two shapes, each with words for screen readers
    assert hinton.css_first(".ps-top").text() == "★★" and hinton.css_first(".ps-top").attributes["aria-label"] == "top priority"
    second = lines["romero2015fitnets"].css_first(".ps-second")
    assert second.text() == "★" and second.attributes["aria-label"] == "second priority"
    assert lines["hinton2015distilling"].css_first(".ps-read").attributes["aria-label"] == "read"
    # the venue page: each year's lines under its heading, titles linking their own anchor
    venue = LexborHTMLParser((tmp_path / "site/venues/iclr/index.html").read_text())
    assert [li.attributes["id"] for li in venue.css(".ps-list[data-year='2015'] li")] == ["romero2015fitnets"]
    assert venue.css_first("#romero2015fitnets .ps-t").attributes["href"] == "#romero2015fitnets"


def test_import_checks_stay_out_of_reader_notes(small_shelf: Path, tmp_path: Path) -> None:
    shelf = Shelf(small_shelf)
    shelf.update("han2016deep", notes="Read with the pruning survey.\n\nImport check: IMP160 (line 5): title may be truncated")
    shelf.update("park2019relational", notes="Import check: the list gives this paper another paper's link")
    out = tmp_path / "site"
    SiteBuilder(shelf, out=out).build()
    meta = json.loads((out / "data/meta.json").read_text())
    notes = {}
    for s in meta["shards"]:
        idx, det = shard(out, s["idx"]), shard(out, s["det"])
        notes.update(zip(idx["id"], det["no"]))
    assert notes["han2016deep"] == "Read with the pruning survey."
    assert notes["park2019relational"] == ""
    assert not any("Import check" in p.read_text(errors="replace") for p in out.rglob("*.html"))


def test_related_papers_reach_the_site_data(small_shelf: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    SiteBuilder(Shelf(small_shelf), out=out, related={"han2016deep": ["tian2020contrastive", "han2016deep"]}).build()
    meta = json.loads((out / "data/meta.json").read_text())
    related = {}
    for s in meta["shards"]:
        idx, det = shard(out, s["idx"]), shard(out, s["det"])
        related.update(zip(idx["id"], det["rel"]))
    assert related["han2016deep"] == ["tian2020contrastive"] and related["park2019relational"] == []


def test_repo_url_gives_an_edit_link(small_shelf: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    SiteBuilder(Shelf(small_shelf), out=out).build()
    venue = (out / "venues/iclr/index.html").read_text()
    assert 'href="https://github.com/example/reading-list/tree/HEAD/papers"' in venue


def test_rebuilds_reuse_unedited_lines_and_shards_and_show_every_edit(small_shelf: Path, tmp_path: Path,
                                                                      monkeypatch) -> None:
    from papershelf.site import data

    monkeypatch.setattr(data, "SHARD_SIZE", 2)
    (small_shelf / "papers/more.yaml").write_text("- id: other2020\n  title: Another file's paper\n  venue: ICLR\n"
                                                  "  year: 2020\n  topics: [knowledge-distillation]\n")
    shelf = Shelf(small_shelf)
    builder = SiteBuilder(shelf, out=tmp_path / "site")
    builder.build()
    kept_line = builder._lines.lines["other2020"]
    shelf.update("tian2020contrastive", title="Contrastive Representation Distillation, revised")
    result = builder.build()
    assert builder._lines.lines["other2020"] is kept_line  # another file: its line was not rendered again
    assert len([p for p in result.changed_data if p.startswith("data/idx-")]) == 1  # one shard pair re-encoded
    for page in ("venues/iclr/index.html", "topics/knowledge-distillation/index.html",
                 "topics/model-compression/index.html"):
        assert "Contrastive Representation Distillation, revised" in (tmp_path / "site" / page).read_text(), page
    meta = json.loads((tmp_path / "site/data/meta.json").read_text())
    titles = [t for s in meta["shards"] for t in shard(tmp_path / "site", s["idx"])["t"]]
    assert "Contrastive Representation Distillation, revised" in titles and len(titles) == 7
    # a fresh builder (a new `build`) gives the same files
    fresh = tmp_path / "fresh"
    SiteBuilder(Shelf(small_shelf), out=fresh).build()
    for path in (tmp_path / "site/data").iterdir():
        assert (fresh / "data" / path.name).read_bytes() == path.read_bytes(), path.name


def test_rebuilds_read_only_the_changed_files_and_see_new_and_deleted_ones(small_shelf: Path, tmp_path: Path) -> None:
    shelf = Shelf(small_shelf)
    builder = SiteBuilder(shelf, out=tmp_path / "site")
    builder.build()
    shelf.update("romero2015fitnets", notes="An edit through the shelf the builder was given.")
    builder.build()
    kept = builder._reader.get("hinton2015distilling")
    (small_shelf / "papers/new.yaml").write_text("- id: new2021\n  title: A new paper\n  venue: ICLR\n  year: 2021\n")
    builder.build()
    assert builder._reader.get("hinton2015distilling") is kept  # its file was not read again
    assert "A new paper" in (tmp_path / "site/venues/iclr/index.html").read_text()
    (small_shelf / "papers/new.yaml").unlink()
    builder.build()
    assert "new2021" not in builder._reader.ids() and "A new paper" not in (tmp_path / "site/venues/iclr/index.html").read_text()
    (small_shelf / "papers/dup.yaml").write_text("- id: han2016deep\n  title: Twice\n")
    with pytest.raises(PapershelfError, match="duplicate id 'han2016deep'"):
        builder.build()


def test_related_papers_are_found_when_none_are_given(small_shelf: Path, tmp_path: Path) -> None:
    """Without a ``related`` mapping the build finds each paper's nearest papers on the shelf
    (papershelf.discover.related) and keeps them in the project folder for the next build."""
    out = tmp_path / "site"
    builder = SiteBuilder(Shelf(small_shelf), out=out)
    builder.build()
    meta = json.loads((out / "data/meta.json").read_text())
    related = {}
    for s in meta["shards"]:
        idx, det = shard(out, s["idx"]), shard(out, s["det"])
        related.update(zip(idx["id"], det["rel"]))
    # the distillation papers share the word (distilling -> distill); the others share nothing
    assert set(related["park2019relational"]) == {"hinton2015distilling", "tian2020contrastive"}
    assert related["zagoruyko2017paying"] == []
    assert all(pid not in ids for pid, ids in related.items())
    cache = builder.project / "related.json"
    assert json.loads(cache.read_text())["related"] == related




RELATED_JOB = """
import json, sys, threading
from pathlib import Path
from papershelf import Shelf
from papershelf.discover.related import related
from papershelf.site.relatedjob import RelatedJob
papers, cache = Shelf(sys.argv[1]).papers, Path(sys.argv[2])
job = RelatedJob(papers, cache)
print(json.dumps({"child": job.process is not None, "sklearn": "sklearn" in sys.modules,
                  "same": job.result() == related(papers)}))
"""
CACHED_JOB = """
import json, sys
from pathlib import Path
from papershelf import Shelf
from papershelf.site.relatedjob import RelatedJob
found = RelatedJob(Shelf(sys.argv[1]).papers, Path(sys.argv[2])).result()
print(json.dumps({"sklearn": "sklearn" in sys.modules, "found": found}))
"""


def test_related_lists_are_found_in_a_forked_child_and_read_back_without_scikit_learn(small_shelf: Path,
                                                                                      tmp_path: Path) -> None:
    """A build without cached lists finds them in a forked child while it renders the pages (the
    builder's process never imports scikit-learn for them), the same lists as in process; a
    build with them cached reads them, importing no scikit-learn at all."""
    import subprocess
    import sys

    cache = tmp_path / "related.json"
    run = [sys.executable, "-c", RELATED_JOB, str(small_shelf), str(cache)]
    done = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert json.loads(done.stdout) == {"child": True, "sklearn": False, "same": True}
    done = subprocess.run([sys.executable, "-c", CACHED_JOB, str(small_shelf), str(cache)],
                          capture_output=True, text=True, timeout=120)
    result = json.loads(done.stdout)
    assert result["sklearn"] is False and result["found"] == json.loads(cache.read_text())["related"]
    assert set(result["found"]["park2019relational"]) == {"hinton2015distilling", "tian2020contrastive"}


INTERRUPTED_JOB = """
import json, os, signal, sys, time
from pathlib import Path
import papershelf.site.relatedjob as relatedjob
from papershelf.discover.related import store_related
ready = Path(sys.argv[1] + ".ready")
def slow(papers, cache, model, key):
    ready.touch()
    time.sleep(0.5)
    store_related(cache, key, {"a": ["b"]})
    return {"a": ["b"]}
relatedjob.find = slow
job = relatedjob.RelatedJob([], Path(sys.argv[1]))
while not ready.exists():
    time.sleep(0.01)
os.kill(job.process.pid, signal.SIGINT)
print(json.dumps(job.result()))
"""


def test_ctrl_c_leaves_the_related_child_to_the_builder(tmp_path: Path) -> None:
    """Ctrl-C reaches the forked child too: it neither prints a traceback nor stops (the builder,
    which gets the same signal, kills it when it gives up)."""
    import subprocess
    import sys

    cache = tmp_path / "related.json"
    done = subprocess.run([sys.executable, "-c", INTERRUPTED_JOB, str(cache)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert json.loads(done.stdout) == {"a": ["b"]} == json.loads(cache.read_text())["related"]


def test_a_rebuild_after_an_edit_keeps_the_related_lists(small_shelf: Path, tmp_path: Path, monkeypatch) -> None:
    """While the same papers are on the shelf, a rebuild after a title edit (``serve``) keeps the
    related lists instead of a pass over every paper's text; a paper added, or a new build,
    finds them again."""
    import papershelf.site.build as build_module

    calls = []
    real = build_module.RelatedJob

    def counted(papers, cache=None, found=None):
        if found is None:  # lists looked up in the cache or found again, not kept from the last build
            calls.append(len(papers))
        return real(papers, cache, found)

    monkeypatch.setattr(build_module, "RelatedJob", counted)
    shelf = Shelf(small_shelf)
    builder = SiteBuilder(shelf, out=tmp_path / "site")
    builder.build()
    shelf.update("park2019relational", title="Relational knowledge distillation, edited")
    builder.build()
    assert calls == [len(shelf.papers)]
    (small_shelf / "papers/more.yaml").write_text("- id: new2021paper\n  title: Distilling again\n")
    builder.build()
    SiteBuilder(Shelf(small_shelf), out=tmp_path / "site").build()
    n = calls[0]
    assert calls == [n, n + 1, n + 1]


def test_noscript_dark_rules_take_only_the_dark_schemes_rules() -> None:
    """The no-JavaScript dark stylesheet re-aims the dark scheme's rules at the light one, inside
    their media blocks, and leaves out rules for "not dark" and other schemes."""
    css = ("/* [data-md-color-scheme=slate]{x:1} */@charset \"utf-8\";"
           "@media screen{[data-md-color-scheme=slate]{--bg:#000}:root{--bg:#fff}}"
           "[data-md-color-scheme=slate] h1,.other,:is(a,[data-md-color-scheme=slate]) b{color:\"}\"}"
           "[data-md-color-primary=amber]:not([data-md-color-scheme=slate]){--a:1}"
           "@font-face{font-family:x}")
    assert dark_rules(css) == ("@media screen{[data-md-color-scheme=default]{--bg:#000}\n}"
                               "[data-md-color-scheme=default] h1,:is(a,[data-md-color-scheme=default]) b"
                               "{color:\"}\"}\n")


def test_edits_in_place_patch_the_last_build_into_what_a_fresh_build_gives(small_shelf: Path, tmp_path: Path,
                                                                          monkeypatch) -> None:
    """``serve``'s rebuild after edits that move no paper (a title, a status, a priority, a link,
    a curator page) patches the pages and shards of the last build instead of a pass over the
    shelf; the site it writes is, file for file, what a new build of the edited shelf writes."""
    from papershelf.site import data

    monkeypatch.setattr(data, "SHARD_SIZE", 2)
    related = {"park2019relational": ["tian2020contrastive"]}
    shelf = Shelf(small_shelf)
    builder = SiteBuilder(shelf, out=tmp_path / "site", related=related)
    builder.build()
    pages = builder._pages
    edits = [("han2016deep", {"title": "Deep Compression, edited"}),  # the newest paper: home and feed
             ("zagoruyko2017paying", {"status": "read"}),  # counts on the home, venue and topic pages
             ("park2019relational", {"priority": "top"}),  # joins "Read next"
             ("romero2015fitnets", {"priority": None, "links": {"paper": "https://example.org/fitnets"}})]
    for paper_id, changes in edits:
        shelf.update(paper_id, **changes)
        result = builder.build()
        assert builder._pages is pages and not result.engine_ran, paper_id  # patched, not rendered again
    shards = {p.split(".")[0] for p in result.changed_data if p != "data/meta.json"}
    assert shards == {"data/idx-0", "data/det-0"}  # the edited paper's shard, both kinds: priority and link
    (small_shelf / "pages/about.md").write_text("# About this list\n\nRewritten.\n", encoding="utf-8")
    assert builder.build().engine_ran and builder._pages is pages
    fresh = tmp_path / "fresh"
    SiteBuilder(Shelf(small_shelf), out=fresh, related=related, project=tmp_path / "fresh-project").build()
    patched = {p.relative_to(tmp_path / "site"): p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert patched.keys() == {p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file()}
    for rel, content in patched.items():
        assert (fresh / rel).read_bytes() == content, rel
    home = (tmp_path / "site/index.html").read_text()
    assert "Deep Compression, edited" in home and "Rewritten." in (tmp_path / "site/about/index.html").read_text()


def test_the_explorer_lists_the_newest_venue_years_in_its_html(small_shelf: Path, tmp_path: Path, monkeypatch) -> None:
    """Without JavaScript the explorer is a list: whole venue-years, newest first, up to
    ``EXPLORER_LINES`` papers (every paper on a small shelf), saying where the others are."""
    from selectolax.lexbor import LexborHTMLParser

    from papershelf.site import pages

    out = tmp_path / "site"
    builder = SiteBuilder(Shelf(small_shelf), out=out)
    builder.build()
    listed = LexborHTMLParser((out / "explorer/index.html").read_text()).css("#ps-explorer li.ps-line")
    assert len(listed) == 6
    monkeypatch.setattr(pages, "EXPLORER_LINES", 2)
    (small_shelf / "papers/new.yaml").write_text("- id: new2021\n  title: A new paper\n  venue: ICLR\n  year: 2021\n")
    builder.build()
    html = LexborHTMLParser((out / "explorer/index.html").read_text())
    # ICLR 2021 and ICLR 2020 (one paper each) fit; CVPR 2019 would pass the limit
    assert [li.attributes["data-paper-id"] for li in html.css("#ps-explorer li.ps-line")] == ["new2021", "tian2020contrastive"]
    assert "The newest 2 papers of 7 papers" in html.css_first(".ps-explorer-static .ps-sub").text()
    assert html.css_first(".ps-explorer-static .ps-sub a").attributes["href"] == "../venues/"


def test_serve_sends_a_file_rewritten_within_the_second_anew(tmp_path: Path) -> None:
    """http.server answers If-Modified-Since by the file's mtime in whole seconds: a meta.json
    rebuilt within the second the page last read it would be "304 Not Modified" and the page
    would keep the old one, naming shards that are gone. `serve`'s handler always sends the file."""
    import functools
    import http.server
    import os
    import threading
    import urllib.request

    from papershelf.site.serve import Handler, Reloader

    handler = type("Bound", (Handler,), {"reloader": Reloader(), "stopping": threading.Event()})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(tmp_path)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/meta.json"
    path = tmp_path / "meta.json"
    try:
        path.write_text("before")
        with urllib.request.urlopen(url) as answer:
            stamp = answer.headers["Last-Modified"]
            assert answer.read() == b"before"
        second = int(path.stat().st_mtime)
        path.write_text("after")
        os.utime(path, (second + 0.5, second + 0.5))  # rewritten within the same second
        with urllib.request.urlopen(urllib.request.Request(url, headers={"If-Modified-Since": stamp})) as answer:
            assert answer.status == 200 and answer.read() == b"after"
    finally:
        httpd.shutdown()
        httpd.server_close()
