"""Where one ``papershelf check-links`` process spends its time on the 2,000-link loopback benchmark.

    .venv/bin/python benchmarks/linkcheck_timeline.py [--repeat 11]

Sets up what ``linkcheck_loopback.py`` checks (the same server, links and shelf), then runs the
command as a curator types it, ``--repeat`` times, in a process whose steps are wrapped with
timestamps (seconds from just before the process was started): the interpreter's start, the CLI
imported, the network stack imported, the shelf read, the requests, locating the problems at their
lines, the JSON output, the exit. Medians are printed. Also times the line locator alone on the
benchmark's 8,000-line papers file (``FileIndex``), the step after the requests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import linkcheck_loopback as bench

# Run inside the measured process: marks on stderr as "TL <step> <seconds since T0>".
DRIVER = r"""
import atexit, os, sys, time
T0 = float(os.environ["TIMELINE_T0"])
def mark(step): sys.stderr.write(f"TL {step} {time.time() - T0:.4f}\n")
mark("interpreter started")
import papershelf.cli as cli
mark("CLI imported")
import papershelf.app.links as links, papershelf.cli.lint as cli_lint, papershelf.linkcheck.checker as checker
import papershelf.report as report
mark("network stack imported")
def wrapped(module, name, label):
    inner = getattr(module, name)
    def timed(*a, **k):
        mark(label + " start"); out = inner(*a, **k); mark(label + " end"); return out
    setattr(module, name, timed)
wrapped(cli_lint, "open_records", "shelf read")
wrapped(checker, "check_urls", "requests")
wrapped(links, "_locate_problems", "problems located")
wrapped(report, "emit", "JSON output")
atexit.register(mark, "exit handlers")
sys.argv = ["papershelf", *sys.argv[1:]]
cli.run()
"""


def timeline(folder: Path, repeat: int) -> dict[str, float]:
    args = ["check-links", "--shelf", str(folder / "shelf"), "--format", "json", "--no-cache"]
    marks: dict[str, list[float]] = {}
    for _ in range(repeat):
        env = {**os.environ, "TIMELINE_T0": repr(time.time()), "PAPERSHELF_CACHE_DIR": str(folder / "cache")}
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", DRIVER, *args], cwd=folder, env=env, capture_output=True,
                              text=True)
        marks.setdefault("process ended", []).append(time.perf_counter() - started)
        for line in proc.stderr.splitlines():
            if line.startswith("TL "):
                step, _, seconds = line[3:].rpartition(" ")
                marks.setdefault(step, []).append(float(seconds))
    return {step: statistics.median(values) for step, values in marks.items()}


def locator_ms(path: Path, repeat: int = 15) -> float:
    from papershelf.shelf.locate import FileIndex

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        FileIndex(path, bench.N_LINKS)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args(argv)
    bench.compile_bytecode(bench.REPO / "src")
    server, ports = bench.start_server()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            bench.write_inputs(folder, bench.make_links(ports)[0])
            steps = timeline(folder, args.repeat)
            locate = locator_ms(folder / "shelf" / "papers" / "links.yaml")
    finally:
        server.kill()
    print(f"papershelf check-links, {bench.N_LINKS} links; medians of {args.repeat} runs; load average "
          f"{os.getloadavg()[0]:.1f}\n")
    print("| step | seconds from the process's start |\n| --- | ---: |")
    for step, seconds in sorted(steps.items(), key=lambda item: item[1]):
        print(f"| {step} | {seconds:.3f} |")
    print(f"\nline locator alone on the {bench.N_LINKS}-paper file: {locate:.1f} ms (median of 15)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
