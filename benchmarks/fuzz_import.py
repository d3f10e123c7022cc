"""Fuzz run over every import format and the shelf's own files: random and mutated inputs must
give papers plus findings or one clear PapershelfError, never another exception ("internal
error") and never a hang.

    .venv/bin/python benchmarks/fuzz_import.py [--n 10000] [--seed 1] [--timeout 10]

Inputs: valid seeds of each format (papershelf's own exports of made-up papers, hand-written
Markdown/HTML/RIS/CSL), a papers file as papershelf writes it and a ``shelf.toml``, mutated
(chunks cut, repeated, swapped, hostile fragments spliced in: huge numbers, deep nesting,
``https://[oops``, impossible dates, wrong field types, control characters, YAML tags, aliases
and duplicate keys), plus purely random text. An import file is imported; a shelf file is put in
a shelf that is then loaded, listed, edited (``mark``) and linted. Each input runs in-process under
a SIGALRM timeout. Prints the count, time, outcomes per kind and every failure (kind, exception, a
repr of the input start).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from papershelf import Shelf
from papershelf.app import lint, papers
from papershelf.config import ShelfConfig
from papershelf.errors import PapershelfError
from papershelf.export.bibtex import to_bibtex
from papershelf.export.csl import to_csl_json
from papershelf.export.ris import to_ris
from papershelf.export.tabular import to_csv, to_json
from papershelf.importers import import_file
from papershelf.model import Paper

PAPERS = [Paper.model_validate(p) for p in [
    {"id": "hinton2015", "title": "Distilling the Knowledge", "authors": ["Geoffrey Hinton", "Jeff Dean"],
     "year": 2015, "venue": "NeurIPS Workshop", "tags": ["kd"], "priority": "top", "status": "read",
     "read_on": "2021-01-02", "links": {"paper": "https://arxiv.org/abs/1503.02531", "code": "https://github.com/a/b",
                                         "supp": None}, "ids": {"arxiv": "1503.02531"}, "notes": "n1\nn2"},
    {"id": "x2020", "title": "Another {Paper} & 100% $x$", "authors": ["Sch\u00f6lkopf, B."], "year": 2020,
     "venue": "TPAMI", "abstract": "A\nB", "topics": ["kd"]},
]]
MARKDOWN = """# List
Top: :star2:  Read: :heavy_check_mark:
## CVPR 2021
- [Title One](https://arxiv.org/abs/2101.00001), A. Author, B. Writer, CVPR 2021 [[code]](https://github.com/a/b) :star2:
- **[ICLR'24]** Plain Title Two [[pdf]](https://openreview.net/forum?id=abcdefg)
1. Title Three. Hinton, G., & Dean, J. (2015). In: NeurIPS.
- Title Four
  - Jane Doe, John Roe. *ICML 2020*
  - [[paper]](https://x.org/4.pdf)
| Title | Venue | Code |
|---|---|---|
| [**Five**](https://x.org/5) | ECCV 2020 | [Github](https://github.com/c/d) |

[Six: a paragraph paper](https://arxiv.org/abs/2002.00002), TPAMI 2023

## Implementations
- [repo](https://github.com/e/f)
"""
HTML = """<h3>ICML 2020</h3><ul>
<li>Title Seven<a href="https://arxiv.org/abs/2003.00003">[paper]</a><a href="">[code_ToBeUpdated]</a>:star:
<li>Title Eight <a href="hhttps://x.org">[paper]</a></li></ul>
<table><tr><th>Title</th><th>Venue</th></tr><tr><td>Nine</td><td>AAAI 2021</td></tr></table>"""
HOSTILE = ["https://[oops", "2021-02-30", "2021-13-01", "9" * 5000, "-1e999", "[" * 3000, "{" * 3000,
           "<ul><li>" * 500, "\x00", "\x0c", "\u2028", "\ufeff", '"authors": [1, [2]]', '"id": ["a"]',
           '"links": "x"', '"ids": 5', "year = {" + "1" * 5000 + "}", "@article{", "TY  - ", "ER  - ",
           "\n\n", ",,,,", '"', "'", "\\", "%", "&#0;", "]]]]", "](", ":star:" * 200, "<!--", "-->", "<script>",
           "null", "true", "{}", "[]", '{"papers": 5}', '[{"type": "article", "author": "x"}]', "\r", "\t" * 50,
           "!!python/object/apply:os.system ['true']", "&a [*a, *a]", "*a", "\n- id: hinton2015\n", "title: x\n",
           "\n  title: dup\n", "- {id: y, title: [1]}", "? [a]\n: b", "papers_dir = '../'", "[lint]\n", "site_url = 5",
           "\r\n", "\n---\n", "\udcff", "read_on: 2021-02-30", "year: 99999999999999999999"]
SHELF_TOML = """title = "Fuzz"
site_url = "https://example.org/list/"
papers_dir = "papers"

[[topics]]
id = "kd"
name = "Knowledge Distillation"

[tags]
kd = "knowledge distillation"

[venues.aliases]
"Conf. on Foo" = "FOO"
"""


def seeds(tmp: Path) -> list[tuple[str, str]]:
    """(kind, text): an import file's suffix, or ``papers.yaml`` / ``shelf.toml`` for the shelf's files."""
    shelf = Shelf.init(tmp / "seed")
    shelf.add(PAPERS, file="papers/papers.yaml")
    return [(".bib", to_bibtex(PAPERS)), (".csv", to_csv(PAPERS)), (".json", to_json(PAPERS)),
            (".json", to_csl_json(PAPERS)), (".ris", to_ris(PAPERS)), (".md", MARKDOWN), (".html", HTML),
            ("papers.yaml", (shelf.papers_dir / "papers.yaml").read_text(encoding="utf-8")), ("shelf.toml", SHELF_TOML)]


def attempt(kind: str, text: str, folder: Path) -> str:
    """Import the file, or use a shelf made of it; the outcome's name."""
    if kind.startswith("."):
        path = folder / f"f{kind}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        import_file(path, ShelfConfig())
        return "imported"
    shutil.rmtree(folder / "shelf", ignore_errors=True)
    (folder / "shelf" / "papers").mkdir(parents=True)
    files = {"shelf.toml": SHELF_TOML, "papers.yaml": ""}
    files[kind] = text
    (folder / "shelf" / "shelf.toml").write_text(files["shelf.toml"], encoding="utf-8", errors="surrogatepass")
    (folder / "shelf" / "papers" / "papers.yaml").write_text(files["papers.yaml"], encoding="utf-8",
                                                             errors="surrogatepass")
    shelf = Shelf.find(folder / "shelf")
    listed = shelf.query()
    if listed:
        papers.mark(shelf, [listed[0].id], "read")
    lint.lint(shelf)
    return "shelf used"


def mutate(rng: random.Random, text: str, most: int = 6) -> str:
    for _ in range(rng.randint(1, most)):
        if not text:
            text = rng.choice(HOSTILE)
            continue
        i, j = sorted(rng.randrange(len(text) + 1) for _ in range(2))
        op = rng.randrange(6)
        if op == 0:
            text = text[:i] + text[j:]
        elif op == 1:
            text = text[:i] + text[i:j] * rng.randint(2, 20) + text[j:]
        elif op == 2:
            text = text[:i] + rng.choice(HOSTILE) + text[j:]
        elif op == 3:
            text = text[:i] + rng.choice(HOSTILE) + text[i:]
        elif op == 4:
            text = text[:i] + "".join(chr(rng.randrange(1, 0x2FFF)) for _ in range(rng.randint(1, 30))) + text[i:]
        else:
            k = rng.randrange(len(text) + 1)
            text = text[k:] + text[:k]
    return text


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang


def run(n: int, seed: int, timeout: int) -> int:
    rng = random.Random(seed)
    outcomes: Counter = Counter()
    failures: list[str] = []
    signal.signal(signal.SIGALRM, _alarm)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PAPERSHELF_CACHE_DIR"] = str(Path(tmp) / "cache")  # not the user's cache
        base = seeds(Path(tmp))
        kinds = sorted({kind for kind, _ in base})
        for k in range(n):
            if k % 10 == 9:
                kind, text = rng.choice(kinds), "".join(chr(rng.randrange(1, 0x3000)) for _ in range(rng.randint(0, 400)))
            else:
                kind, text = rng.choice(base)
                text = mutate(rng, text, 1 if kind.endswith(("yaml", "toml")) else 6)  # a shelf file breaks easily
            group = "shelf" if kind.endswith(("yaml", "toml")) else "import"
            signal.alarm(timeout)
            try:
                outcomes[f"{group}: {attempt(kind, text, Path(tmp))}"] += 1
            except PapershelfError:
                outcomes[f"{group}: clear error"] += 1
            except Hang:
                outcomes["HANG"] += 1
                failures.append(f"HANG {kind} {text[:120]!r}")
            except Exception as exc:  # noqa: BLE001 - this is what the fuzz run looks for
                outcomes["INTERNAL ERROR"] += 1
                where = traceback.extract_tb(exc.__traceback__)[-1]
                failures.append(f"{type(exc).__name__} {kind} at {Path(where.filename).name}:{where.lineno}: "
                                f"{str(exc)[:80]} input {text[:120]!r}")
            finally:
                signal.alarm(0)
    seconds = time.perf_counter() - start
    print(json.dumps({"inputs": n, "seconds": round(seconds, 1), "outcomes": dict(sorted(outcomes.items()))}))
    for f in failures[:40]:
        print(f)
    return 1 if failures else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=int, default=10)
    args = ap.parse_args()
    return run(args.n, args.seed, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
