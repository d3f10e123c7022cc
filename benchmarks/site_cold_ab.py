"""Cold `papershelf build` of two versions of papershelf and the peer, interleaved.

    python benchmarks/site_cold_ab.py 10000 --before-src /tmp/base/src --rounds 4

On a machine shared with other work, the load moves more between two runs of `site_build.py`
than a change moves the build: each round here builds with the code in ``--before-src`` (put
first on ``PYTHONPATH``, e.g. ``git archive main src | tar -x -C /tmp/base``), then with this
checkout, then the peer (as `site_build.py` writes it: run that once first), all cold; medians
of wall and CPU seconds (user + system of each command and its children) and the ratios to the
peer's medians.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable


def timed(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> tuple[float, float]:
    before, start = os.times(), time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
                   capture_output=True, check=True)
    after = os.times()
    cpu = after.children_user - before.children_user + after.children_system - before.children_system
    return round(time.perf_counter() - start, 2), round(cpu, 2)


def rounds(n: int, engine: str, before_src: str, count: int) -> dict:
    from papershelf.shelf import cache_dir

    shelf = HERE / "data" / f"shelf-{n}"
    peer = HERE / "out" / f"site-{n}" / "peer"
    out = HERE / "out" / f"site-{n}" / "ab-out"
    runs: dict[str, list] = {"before": [], "after": [], "peer": [], "load": []}
    build = [PY, "-m", "papershelf", "--shelf", str(shelf), "build", "--out", str(out), "--engine", engine]
    for _ in range(count):
        for version, env in (("before", {"PYTHONPATH": before_src}), ("after", None)):
            shutil.rmtree(cache_dir(shelf), ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            runs[version].append(timed(build, env))
        shutil.rmtree(peer / "site", ignore_errors=True)
        shutil.rmtree(peer / ".cache", ignore_errors=True)
        runs["peer"].append(timed([PY, "-m", "zensical", "build", "-f", str(peer / "mkdocs.yml"), "--clean"]
                                  if engine == "zensical" else
                                  [PY, "-m", "mkdocs", "build", "-q", "-f", str(peer / "mkdocs.yml")], cwd=peer))
        runs["load"].append(round(os.getloadavg()[0], 1))
        print(engine, json.dumps({k: v[-1] for k, v in runs.items()}), flush=True)
    med = {k: [statistics.median(x[i] for x in runs[k]) for i in range(2)] for k in ("before", "after", "peer")}
    return {"runs": runs, "median": med,
            "ratio_wall": {k: round(med[k][0] / med["peer"][0], 3) for k in ("before", "after")},
            "ratio_cpu": {k: round(med[k][1] / med["peer"][1], 3) for k in ("before", "after")}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("--before-src", required=True, help="the src/ folder of the version to compare with")
    ap.add_argument("--engines", default="mkdocs,zensical")
    ap.add_argument("--rounds", type=int, default=4)
    args = ap.parse_args()
    report = {engine: rounds(args.n, engine, args.before_src, args.rounds) for engine in args.engines.split(",")}
    (HERE / "out" / f"site-cold-ab-{args.n}.json").write_text(json.dumps(report, indent=1))
    print(json.dumps({e: {k: r[k] for k in ("median", "ratio_wall", "ratio_cpu")} for e, r in report.items()}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
