"""The browser editor's speed and safety under load, measured in Chromium (Debian's).

    python benchmarks/edit_latency.py 10000             # click -> saved and shown, 50 concurrent edits
    python benchmarks/edit_latency.py 100000 --clicks 15

1. Latency: `papershelf serve` on a synthetic shelf of N papers; the explorer page; a click on
   "Mark as read" of a visible row, timed in the page from the click to the control showing the
   new state. The control changes only when the server answered, and the server answers after
   the file was written (locked, atomic rename), so this is click -> saved in the file and shown.
   Clicks come --pause seconds apart (a reader's pace), then back to back.
2. Concurrency: 5 tabs (one browser profile, so they share its 6 connections per host) each save
   8 notes while 10 `papershelf note` processes run at the same time: 50 edits of 50 papers,
   many in the same files. Afterwards every note must be in the files: none lost.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
PY = sys.executable
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

CLICK_JS = """async (i) => {
  const buttons = document.querySelectorAll('.ps-vt__row .pse-read[aria-pressed]');
  const button = buttons[i % Math.min(10, buttons.length)];
  const was = button.getAttribute('aria-pressed');
  const start = performance.now();
  const done = new Promise(resolve => new MutationObserver((_, obs) => {
    if (button.getAttribute('aria-pressed') !== was) { obs.disconnect(); resolve(); }
  }).observe(button, {attributes: true}));
  button.click();
  await done;
  return performance.now() - start;
}"""


def start_server(shelf: Path, out: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([PY, "-m", "papershelf", "--shelf", str(shelf), "serve", "--port", "0", "--out", str(out)],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env={**os.environ, "COLUMNS": "250", "NO_COLOR": "1"})
    for line in proc.stderr:
        m = re.search(r"serving (http://127\.0\.0\.1:\d+/)", line)
        if m:
            threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
            return proc, m.group(1)
    raise SystemExit("papershelf serve did not start")


def ready_rows(page, url: str, count: int) -> None:
    page.goto(url + "explorer/")
    page.wait_for_selector("#ps-explorer[data-ready='1']", state="attached", timeout=300_000)
    page.wait_for_function(f"document.querySelectorAll('.ps-vt__row .pse-read[aria-pressed]').length >= {count}",
                           timeout=120_000)


def latency(browser, url: str, clicks: int, pause: float) -> list[float]:
    """``pause`` seconds between clicks: a reader's pace, and time for the rebuild each edit
    starts (it runs in the server process and competes with the next save for the CPU)."""
    page = browser.new_page(viewport={"width": 1280, "height": 1400})
    ready_rows(page, url, 10)
    times = []
    for i in range(clicks):
        times.append(page.evaluate(CLICK_JS, i))
        page.wait_for_timeout(pause * 1000)
    page.close()
    return times


def concurrency(browser, url: str, shelf: Path) -> tuple[int, int, list[str]]:
    from papershelf import Shelf

    papers = [p.id for p in Shelf(shelf).papers if not p.notes][:50]
    tab_ids, cli_ids = [papers[i * 8:(i + 1) * 8] for i in range(5)], papers[40:50]
    context = browser.new_context()
    tabs = [context.new_page() for _ in range(5)]
    for tab in tabs:
        tab.goto(url)
        tab.wait_for_function("document.documentElement.classList.contains('pse-editing')")
        # the CLI's writes make the pages reload; keep them, to collect every answer
        tab.evaluate("window.addEventListener('papershelf:reload', e => e.preventDefault())")
    save_js = """async (ids) => {
      const token = document.querySelector('meta[name="papershelf-edit"]').content;
      const api = (body) => fetch('/__papershelf__/api', {method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-Papershelf-Token': token}, body: JSON.stringify(body)});
      return Promise.all(ids.map(async (id) => {
        const state = await (await fetch('/__papershelf__/api?ids=' + id, {headers: {'X-Papershelf-Token': token}})).json();
        const r = await api({action: 'note', id, base: state.papers[id].version, text: 'benchmark note ' + id});
        return r.status;
      }));
    }"""
    results: list = []
    procs = [subprocess.Popen([PY, "-m", "papershelf", "--shelf", str(shelf), "note", pid, f"benchmark note {pid}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for pid in cli_ids]
    for tab, ids in zip(tabs, tab_ids):  # started in every tab before any is awaited
        tab.evaluate(f"(ids) => {{ window.__done = null; ({save_js})(ids).then(r => {{ window.__done = r; }}, e => {{ window.__done = [String(e)]; }}); }}", ids)
    for tab in tabs:
        results += tab.wait_for_function("window.__done", timeout=300_000).json_value()
    cli_codes = [p.wait() for p in procs]
    context.close()
    text = "".join(p.read_text() for p in (shelf / "papers").rglob("*.yaml"))
    missing = [pid for pid in papers if f"benchmark note {pid}" not in text]
    accepted = sum(s == 200 for s in results) + sum(c == 0 for c in cli_codes)
    return accepted, len(results) + len(cli_codes), missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, nargs="?", default=10000)
    parser.add_argument("--clicks", type=int, default=30)
    parser.add_argument("--pause", type=float, default=3.0, help="seconds between clicks (also measured with 0); "
                        "longer than the 2 s the server waits before rebuilding after edits")
    args = parser.parse_args()
    from generate_shelf import generate
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        shelf = generate(args.n, Path(tmp) / "shelf")
        started = time.perf_counter()
        proc, url = start_server(shelf, Path(tmp) / "site")
        print(f"{args.n:,} papers: serve ready after {time.perf_counter() - started:.1f}s", flush=True)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                for pause in (args.pause, 0):
                    times = latency(browser, url, args.clicks, pause)
                    print(f"click -> saved and shown, {pause:g} s between clicks: median "
                          f"{statistics.median(times):.0f} ms, min {min(times):.0f}, max {max(times):.0f} ms "
                          f"over {len(times)} clicks", flush=True)
                accepted, total, missing = concurrency(browser, url, shelf)
                print(f"concurrent edits: {accepted}/{total} accepted, {len(missing)} lost {missing[:5]}")
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    main()
