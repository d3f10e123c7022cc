"""Site benchmarks: papershelf's site beside the peer, in the same run.

    python benchmarks/site_build.py 10000            # build times, size, explorer download, edit->visible
    python benchmarks/site_build.py 100000 --no-edit # the big one (slow on 2 shared cores)

The peer is what the original list does: the same papers as plain Markdown, one page per
venue-year (title, authors, link buttons, abstract), built by the same engine with the same
theme. Both builds are run as commands (`papershelf build`, `zensical build`/`mkdocs build`),
cold: papershelf without its cache folder (parse cache, project, related lists), the peer without
its build cache; `--runs N` repeats the pair and gives medians of wall and CPU seconds.

Measures, for each engine: wall time of papershelf build and of the peer build, output sizes;
then in Chromium (Debian's): bytes downloaded until the explorer shows its first filtered row,
the first paint of each page type with JavaScript on and off (the paper lists are in the HTML),
and (with a served shelf) the time from editing one paper to seeing the change.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
PY = sys.executable
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def shelf_of(n: int) -> Path:
    path = HERE / "data" / f"shelf-{n}"
    if not (path / "shelf.toml").exists():
        from generate_shelf import generate

        generate(n, path)
    return path


def write_peer(shelf: Path, project: Path) -> int:
    """The same papers as Markdown, one page per venue-year, like the original list."""
    from papershelf import Shelf

    papers = Shelf(shelf).papers
    docs = project / "docs"
    shutil.rmtree(project, ignore_errors=True)
    docs.mkdir(parents=True)
    pages: dict[str, list] = {}
    for p in papers:
        pages.setdefault(f"{(p.venue or 'unknown').lower()}-{p.year or 0}", []).append(p)
    nav = []
    for name in sorted(pages):
        lines = [f"# {name.upper()}\n"]
        for p in pages[name]:
            links = " ".join(f"[[{k}]]({u})" for k, u in p.links.items() if u)
            lines.append(f"- **{p.title}** — {', '.join(p.authors)} {links}")
            if p.abstract:
                lines.append(f"\n    {p.abstract}\n")
        (docs / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        nav.append({name.upper(): f"{name}.md"})
    (docs / "index.md").write_text("# Reading list\n\n" + "\n".join(f"- [{n}]({n}.md)" for n in sorted(pages)) + "\n")
    import yaml

    (project / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "Peer", "theme": {"name": "material", "font": False}, "site_dir": "site",
        "nav": [{"Home": "index.md"}] + nav}, sort_keys=False))
    return len(pages)


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system of the command and its children)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = os.times()
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    after = os.times()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def serve_dir(path: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(path)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def explorer_first_result(site: Path, query: str) -> dict:
    """Bytes downloaded (bodies) until the explorer shows its first row for ``query``."""
    from playwright.sync_api import sync_playwright

    httpd, url = serve_dir(site)
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = b.new_page()
            got: list[tuple[float, str, int]] = []
            page.on("requestfinished", lambda r: got.append((time.perf_counter(), r.url, r.sizes()["responseBodySize"])))
            t = time.perf_counter()
            page.goto(url + "explorer/" + query)
            page.wait_for_selector(".ps-vt__row", timeout=120_000)
            first = time.perf_counter()
            before = sum(size for when, _, size in got if when <= first)
            page.wait_for_selector("#ps-explorer[data-ready='1']", state="attached", timeout=300_000)
            done = time.perf_counter()
            count = page.get_attribute("#ps-explorer", "data-count")
            # once everything is loaded: how long one filter change or sort takes (synchronous work)
            timings = page.evaluate("""() => {
              const q = document.querySelector('input[name=q]'), v = document.querySelector('select[name=venue]');
              const time = f => { const t = performance.now(); f(); return Math.round(performance.now() - t); };
              return {
                text_filter_ms: time(() => { q.value = 'graph neural'; q.dispatchEvent(new Event('input')); }),
                venue_filter_ms: time(() => { v.selectedIndex = 1; v.dispatchEvent(new Event('change')); }),
                sort_by_title_ms: time(() => document.querySelector('button[data-sort=title]').click()),
              };
            }""")
            b.close()
        return {"query": query, "first_row_s": round(first - t, 2), "bytes_before_first_row": before,
                "all_loaded_s": round(done - t, 2), "bytes_total": sum(s for _, _, s in got), "results": int(count), **timings}
    finally:
        httpd.shutdown()


def explorer_runs(shelf: Path, site: Path) -> list[dict]:
    from papershelf import Shelf

    papers = Shelf(shelf).papers
    venue = papers[0].venue
    word = papers[len(papers) // 3].title.split()[1]
    return [explorer_first_result(site, q) for q in
            ("", f"?venue={venue}&from=2020&to=2020", f"?q={word}", "?topic=federated-learning&status=read")]


# Largest contentful paint and what it painted: on list pages a paper line (the lists are in the HTML).
PAINTED_JS = """() => new Promise(resolve => {
  new PerformanceObserver(list => {
    const e = list.getEntries().pop();
    resolve([Math.round(e.renderTime || e.startTime), e.element ? e.element.className || e.element.tagName : ""]);
  }).observe({ type: "largest-contentful-paint", buffered: true });
  setTimeout(() => resolve(null), 5000);
})"""


def first_paint(shelf: Path, site: Path) -> dict:
    """For each page type, with JavaScript on and off: the first contentful paint (the lists are
    in the HTML, so it paints papers) and when the first paper is in the page."""
    from playwright.sync_api import sync_playwright

    from papershelf import Shelf
    from papershelf.site.data import slugify

    papers = Shelf(shelf).papers
    venue = max({p.venue for p in papers if p.venue}, key=lambda v: sum(p.venue == v for p in papers))
    topic = max({t for p in papers for t in p.topics}, key=lambda t: sum(t in p.topics for p in papers))
    paths = {"home": "", "venue (largest)": f"venues/{slugify(venue)}/", "topic (largest)": f"topics/{topic}/",
             "explorer": "explorer/"}
    httpd, url = serve_dir(site)
    out: dict = {}
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for js in (True, False):
                for name, path in paths.items():
                    ctx = b.new_context(viewport={"width": 1400, "height": 900}, java_script_enabled=js)
                    page = ctx.new_page()
                    t = time.perf_counter()
                    page.goto(url + path, wait_until="commit")
                    selector = ".ps-vt__row" if (js and name == "explorer") else "li.ps-line, noscript"
                    page.wait_for_selector(selector, state="attached", timeout=120_000)
                    first_paper = time.perf_counter() - t
                    page.wait_for_load_state("load")
                    fcp = page.evaluate("() => { const e = performance.getEntriesByName('first-contentful-paint')[0];"
                                        " return e ? Math.round(e.startTime) : null; }")
                    # (with JavaScript off, no observer or timer runs in the page: FCP is the figure)
                    painted = page.evaluate(PAINTED_JS) if js else None
                    lines = page.locator("li.ps-line").count()
                    out[f"{name}, JS {'on' if js else 'off'}"] = {
                        "first_contentful_paint_ms": fcp, "largest_contentful_paint": painted,
                        "first_paper_in_page_s": round(first_paper, 2), "papers_in_html": lines}
                    ctx.close()
            b.close()
    finally:
        httpd.shutdown()
    return out


# The edited title on the page: the paper's own line (by its data-paper-id, not the page's whole
# text: body.innerText lays out a 5,000-line page at every poll and slows the page it waits for).
SHOWN_JS = """([id, title]) => {
  const e = document.querySelector(`[data-paper-id="${id}"] :is(.ps-t, .ps-col-title a)`);  // a line, an explorer row
  return !!e && e.textContent === title;
}"""


def edit_to_visible(shelf: Path, tmp: Path, engine: str, repeat: int = 5) -> dict:
    """Serve a copy of the shelf, edit one paper's title ``repeat`` times per page type, time
    each from the file saved (its modification time) to the open page showing the new title
    (the watcher, the rebuild, the reload it sends, the browser loading the page again); medians
    and every run, and how long each ``update`` took until the file was saved."""
    import re
    from statistics import median

    from playwright.sync_api import sync_playwright

    from papershelf import Shelf
    from papershelf.site.data import slugify

    copy = tmp / "edit-shelf"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(shelf, copy, ignore=shutil.ignore_patterns(".papershelf"))
    env = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1"}
    proc = subprocess.Popen([PY, "-m", "papershelf", "--shelf", str(copy), "serve", "--port", "0", "--engine", engine],
                            stderr=subprocess.PIPE, text=True, env=env)
    url = None
    for line in proc.stderr:
        m = re.search(r"serving (http://\S+)", line)
        if m:
            url = m.group(1)
            break
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(proc.stderr), daemon=True).start()
    out = {}
    try:
        s = Shelf(copy)
        recent = max((p for p in s.papers if p.added), key=lambda p: (p.added, p.id))
        deep = s.papers[len(s.papers) // 2]
        other = s.papers[len(s.papers) // 3]  # not one edited on another page (the title waited for is the first)
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = b.new_page(viewport={"width": 1400, "height": 900})
            for name, paper, path in (("home page", recent, ""),
                                      ("venue page", deep, f"venues/{slugify(deep.venue)}/#{deep.id}"),
                                      ("explorer", other, f"explorer/?q={other.id}")):  # its row, filtered
                page.goto(url + path)  # not "networkidle": the served page keeps its reload stream open
                page.wait_for_function(SHOWN_JS, arg=[paper.id, paper.title], timeout=120_000)
                page.evaluate("window.__sameDocument = true")  # gone if the page loads again
                runs, calls = [], []
                file = s.where_file(paper.id)
                for k in range(repeat):
                    new = f"{paper.title} edited {k}"
                    s.papers  # (the writer's own load of the shelf is not the site's time)
                    t = time.time()
                    s.update(paper.id, title=new)
                    saved = file.stat().st_mtime  # the file is saved (the write's last step)
                    page.wait_for_function(SHOWN_JS, arg=[paper.id, new], timeout=120_000)
                    runs.append(round(time.time() - saved, 2))
                    calls.append(round(saved - t, 2))
                    time.sleep(2)  # let the page settle (its editor asks for the papers it shows)
                out[name] = {"median_s": median(runs), "runs": runs, "write_s": calls,
                             "in_place": page.evaluate("window.__sameDocument === true")}
            b.close()
    finally:
        proc.terminate()
        proc.wait()
    out["serve_log"] = [line.strip() for line in log if "rebuilt" in line][-2 * repeat:]
    return out


def rebuild_after_edit(shelf: Path, tmp: Path, engine: str) -> dict:
    """In one process, as `serve` does: build once, then edit one paper (its title; its status,
    which changes the counts on the home, venue and topic pages) and time each rebuild, step by
    step."""
    from statistics import median

    from papershelf import Shelf
    from papershelf.site import SiteBuilder

    copy = tmp / "rebuild-shelf"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(shelf, copy, ignore=shutil.ignore_patterns(".papershelf"))
    s = Shelf(copy)
    builder = SiteBuilder(s, out=tmp / "rebuild-site", engine=engine)
    builder.build()
    out: dict = {}
    for name, change in (("title", lambda p: {"title": p.title + " edited"}),
                         ("status", lambda p: {"status": "reading" if p.status != "reading" else "read"})):
        runs = []
        for k in range(5):
            paper = s.papers[len(s.papers) * (k + 1) // 6]
            s.update(paper.id, **change(paper))
            t, cpu = time.perf_counter(), time.process_time()
            result = builder.build()
            runs.append({"total_s": round(time.perf_counter() - t, 3), "cpu_s": round(time.process_time() - cpu, 3),
                         **{step: round(v, 3) for step, v in result.timings.items()}})
        out[name] = {"median_s": median(r["total_s"] for r in runs), "median_cpu_s": median(r["cpu_s"] for r in runs),
                     "runs": runs}
    return out


def build_ratio(shelf: Path, peer: Path, out: Path, engine: str, runs: int) -> dict:
    """``runs`` times: papershelf's build cold (no parse cache, no project), and the peer's;
    medians of wall and CPU seconds (the child processes' user + system time), and the ratio of
    the medians. The parse-cached build once, after the first run."""
    from statistics import median

    from papershelf.shelf import cache_dir

    measured = []
    for run in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache_dir(shelf), ignore_errors=True)  # parse cache, project, related lists
        cold = timed([PY, "-m", "papershelf", "--shelf", str(shelf), "build", "--out", str(out), "--engine", engine])
        if run == 0:
            shutil.rmtree(out)
            shutil.rmtree(cache_dir(shelf) / "site-project", ignore_errors=True)
            warm = timed([PY, "-m", "papershelf", "--shelf", str(shelf), "build", "--out", str(out), "--engine", engine])
        shutil.rmtree(peer / "site", ignore_errors=True)
        shutil.rmtree(peer / ".cache", ignore_errors=True)
        peer_s = peer_build(peer, engine, clean=True)  # no build cache (removed above)
        measured.append({"papershelf": cold, "peer": peer_s, "load": os.getloadavg()[0]})
        print(json.dumps({engine: measured[-1]}), flush=True)
    ps = [median(m["papershelf"][k] for m in measured) for k in range(2)]
    peer_med = [median(m["peer"][k] for m in measured) for k in range(2)]
    return {"runs": measured, "papershelf_cold_s": round(ps[0], 2), "papershelf_cold_cpu_s": round(ps[1], 2),
            "papershelf_parse_cached_s": round(warm[0], 2), "peer_s": round(peer_med[0], 2),
            "peer_cpu_s": round(peer_med[1], 2), "ratio_cold": round(ps[0] / peer_med[0], 3),
            "ratio_cpu": round(ps[1] / peer_med[1], 3),
            "papershelf_site_mb": round(du(out) / 1e6, 1), "peer_site_mb": round(du(peer / "site") / 1e6, 1),
            "papershelf_data_mb": round(du(out / "data") / 1e6, 2)}


def peer_build(peer: Path, engine: str, clean: bool = False) -> tuple[float, float]:
    if engine == "zensical":
        return timed([PY, "-m", "zensical", "build", "-f", str(peer / "mkdocs.yml")] + ["--clean"] * clean, cwd=peer)
    return timed([PY, "-m", "mkdocs", "build", "-q", "-f", str(peer / "mkdocs.yml")], cwd=peer)


def warm_ratio(shelf: Path, peer: Path, out: Path, engine: str, runs: int, field: str = "title") -> dict:
    """What a curator does most: a second build after editing one paper (its title, or its
    status: marked read), with the caches of the build before (papershelf's parse cache, project
    and related lists, which a title edit makes stale; the peer's own build cache, which Zensical
    keeps and MkDocs has none of), against the peer built again after an edit to one of its
    Markdown pages. The papers are put back afterwards."""
    from statistics import median

    from papershelf import Shelf

    s = Shelf(shelf)
    papers = [s.papers[len(s.papers) * (k + 1) // (runs + 1)] for k in range(runs)]
    originals = {p.id: getattr(p, field) for p in papers}
    timed([PY, "-m", "papershelf", "--shelf", str(shelf), "build", "--out", str(out), "--engine", engine])
    peer_build(peer, engine)
    measured = []
    try:
        for k, paper in enumerate(papers):
            s.update(paper.id, **({"title": paper.title + " (edited)"} if field == "title" else
                                  {"status": "read" if paper.status != "read" else "unread"}))
            ps = timed([PY, "-m", "papershelf", "--shelf", str(shelf), "build", "--out", str(out), "--engine", engine])
            page = sorted((peer / "docs").glob("*-*.md"))[k]
            page.write_text(page.read_text(encoding="utf-8").replace("- **", "- **(edited) ", 1), encoding="utf-8")
            measured.append({"papershelf": ps, "peer": peer_build(peer, engine), "load": os.getloadavg()[0]})
            print(json.dumps({f"{engine} warm, {field} edit": measured[-1]}), flush=True)
    finally:
        for pid, value in originals.items():
            s.update(pid, **{field: value})
    ps = [median(m["papershelf"][i] for m in measured) for i in range(2)]
    pe = [median(m["peer"][i] for m in measured) for i in range(2)]
    return {"runs": measured, "papershelf_s": round(ps[0], 2), "papershelf_cpu_s": round(ps[1], 2),
            "peer_s": round(pe[0], 2), "peer_cpu_s": round(pe[1], 2), "ratio": round(ps[0] / pe[0], 3),
            "ratio_cpu": round(ps[1] / pe[1], 3)}


def rebuilt(shelf: Path, tmp: Path, engine: str) -> Path:
    """papershelf's site built again (for a measurement run alone)."""
    out = tmp / f"papershelf-{engine}"
    timed([PY, "-m", "papershelf", "--shelf", str(shelf), "build", "--out", str(out), "--engine", engine])
    return out


def partial(result_file: Path, n: int, measured: dict) -> int:
    """Figures measured alone, merged into the report of the last full run."""
    report = json.loads(result_file.read_text()) if result_file.exists() else {"papers": n}
    report.update(measured)
    result_file.write_text(json.dumps(report, indent=2))
    print(json.dumps(measured, indent=2))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("--engines", default="zensical,mkdocs")
    ap.add_argument("--no-edit", action="store_true", help="skip the serve edit->visible measurement")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--runs", type=int, default=1, help="build papershelf's site and the peer this many times (medians)")
    ap.add_argument("--paint-only", action="store_true",
                    help="rebuild papershelf's site and measure only the first paint of each page type")
    ap.add_argument("--edit-only", action="store_true",
                    help="measure only edit -> rebuild (in process) and edit -> visible (serve + Chromium)")
    ap.add_argument("--visible-only", action="store_true", help="measure only edit -> visible (serve + Chromium)")
    ap.add_argument("--explorer-only", action="store_true",
                    help="rebuild papershelf's site and measure the explorer again; keep the other figures")
    args = ap.parse_args()
    shelf = shelf_of(args.n)
    tmp = HERE / "out" / f"site-{args.n}"
    tmp.mkdir(parents=True, exist_ok=True)
    result_file = HERE / "out" / f"site-{args.n}.json"
    engine = args.engines.split(",")[0]
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    if args.paint_only:
        return partial(result_file, args.n, {"first_paint": first_paint(shelf, rebuilt(shelf, tmp, engine)),
                                             "paint_date": stamp})
    if args.edit_only:
        return partial(result_file, args.n, {"rebuild_after_edit": rebuild_after_edit(shelf, tmp, engine),
                                             "edit_to_visible_s": edit_to_visible(shelf, tmp, engine),
                                             "edit_date": stamp, "load_average": os.getloadavg()})
    if args.visible_only:
        return partial(result_file, args.n, {"edit_to_visible_s": edit_to_visible(shelf, tmp, engine),
                                             "edit_date": stamp, "load_average": os.getloadavg()})
    if args.explorer_only:
        return partial(result_file, args.n, {"explorer": explorer_runs(shelf, rebuilt(shelf, tmp, engine)),
                                             "explorer_date": stamp})
    report: dict = {"papers": args.n, "cpus": os.cpu_count(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    peer = tmp / "peer"
    report["peer_pages"] = write_peer(shelf, peer)
    for engine in args.engines.split(","):
        report[engine] = build_ratio(shelf, peer, tmp / f"papershelf-{engine}", engine, args.runs)
        for field in ("title", "status"):
            report[engine][f"warm_{field}"] = warm_ratio(shelf, peer, tmp / f"papershelf-{engine}", engine,
                                                         args.runs, field)
        print(json.dumps({engine: report[engine]}), flush=True)
    if not args.no_browser:
        report["explorer"] = explorer_runs(shelf, tmp / f"papershelf-{args.engines.split(',')[0]}")
        print(json.dumps(report["explorer"]), flush=True)
        report["first_paint"] = first_paint(shelf, tmp / f"papershelf-{args.engines.split(',')[0]}")
        print(json.dumps(report["first_paint"]), flush=True)
    if not args.no_edit:
        report["edit_to_visible_s"] = edit_to_visible(shelf, tmp, args.engines.split(",")[0])
    result_file.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
