"""Fixtures for the website tests: a small shelf written as YAML, a hostile shelf, a running
`papershelf serve`, and headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "reading-list"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

SHELF_TOML = '''title = "Distillation reading list"
description = "Papers on knowledge distillation, kept as data."
site_url = "https://example.org/reading-list/"
repo_url = "https://github.com/example/reading-list"
[[topics]]
id = "knowledge-distillation"
name = "Knowledge Distillation"
description = "Transferring knowledge from a teacher to a student."
[[topics]]
id = "model-compression"
name = "Model Compression"
[[taxonomy]]
path = "kd"
name = "KD taxonomy"
[[taxonomy]]
path = "kd/response-based"
name = "Response-based knowledge"
[[taxonomy]]
path = "kd/feature-based"
name = "Feature-based knowledge"
[tags]
survey = "Surveys"
'''

PAPERS = '''- id: hinton2015distilling
  title: Distilling the Knowledge in a Neural Network
  authors: [Geoffrey Hinton, Oriol Vinyals, Jeff Dean]
  year: 2015
  venue: NeurIPS
  topics: [knowledge-distillation]
  sections: [kd/response-based]
  tags: [survey]
  links: {paper: "https://arxiv.org/abs/1503.02531", code: null}
  priority: top
  status: read
  added: 2021-03-01
  abstract: A very simple way to improve the performance of almost any machine learning algorithm.
- id: romero2015fitnets
  title: 'FitNets: Hints for Thin Deep Nets'
  authors: [Adriana Romero, Nicolas Ballas]
  year: 2015
  venue: ICLR
  topics: [knowledge-distillation]
  sections: [kd/feature-based]
  links: {paper: "https://arxiv.org/abs/1412.6550"}
  priority: second
  added: 2021-03-02
- id: zagoruyko2017paying
  title: Paying More Attention to Attention
  authors: [Sergey Zagoruyko, Nikos Komodakis]
  year: 2017
  venue: ICLR
  topics: [knowledge-distillation]
  sections: [kd/feature-based]
  links: {paper: "https://arxiv.org/abs/1612.03928", code: "https://github.com/szagoruyko/attention-transfer"}
  status: reading
  added: 2021-03-03
- id: park2019relational
  title: Relational Knowledge Distillation
  authors: [Wonpyo Park, Dongju Kim, Yan Lu, Minsu Cho]
  year: 2019
  venue: CVPR
  topics: [knowledge-distillation]
  links: {paper: "https://arxiv.org/abs/1904.05068"}
  added: 2021-03-04
- id: tian2020contrastive
  title: Contrastive Representation Distillation
  authors: [Yonglong Tian, Dilip Krishnan, Phillip Isola]
  year: 2020
  venue: ICLR
  topics: [knowledge-distillation, model-compression]
  links: {paper: "https://arxiv.org/abs/1910.10699", project: "https://hobbitlong.github.io/CRD/"}
  status: read
  added: 2021-03-05
  notes: Uses a contrastive objective.
- id: han2016deep
  title: 'Deep Compression: Compressing Deep Neural Networks with Pruning'
  authors: [Song Han, Huizi Mao, William Dally]
  year: 2016
  venue: ICLR
  topics: [model-compression]
  links: {paper: "https://arxiv.org/abs/1510.00149"}
  added: 2021-03-06
'''


def write_shelf(root: Path, extra_papers: str = "") -> Path:
    (root / "papers").mkdir(parents=True, exist_ok=True)
    (root / "pages").mkdir(exist_ok=True)
    (root / "shelf.toml").write_text(SHELF_TOML, encoding="utf-8")
    (root / "papers" / "kd.yaml").write_text(PAPERS + extra_papers, encoding="utf-8")
    (root / "pages" / "about.md").write_text("# About this list\n\nKept by the test suite. Top priority: :star2:\n", encoding="utf-8")
    return root


HOSTILE_TOML = '''title = "<script>window.__pwned = 'title'</script> list"
description = "<img src=x onerror=\\"window.__pwned='description'\\">"
[[topics]]
id = "evil"
name = "<script>window.__pwned='topic'</script>"
description = "[click](javascript:window.__pwned='md-link')"
[[taxonomy]]
path = "evil"
name = "<svg onload=\\"window.__pwned='section'\\">"
'''

HOSTILE_PAPERS = '''- id: evil2020
  title: "<script>window.__pwned='paper-title'</script><img src=x onerror=\\"window.__pwned='img'\\">"
  authors: ["<img src=x onerror=\\"window.__pwned='author'\\">", "Bob </title><script>window.__pwned='t'</script>"]
  year: 2020
  venue: "<b onmouseover=\\"window.__pwned='venue'\\">CVPR</b>"
  topics: [evil]
  sections: [evil]
  links: {paper: "https://example.org/a?b=<script>", code: null}
  added: 2021-01-01
  abstract: "<script>window.__pwned='abstract'</script>"
  notes: "[click me](javascript:window.__pwned='notes') <iframe src=\\"javascript:window.__pwned='iframe'\\"></iframe>"
'''


def write_hostile_shelf(root: Path) -> Path:
    (root / "papers").mkdir(parents=True, exist_ok=True)
    (root / "shelf.toml").write_text(HOSTILE_TOML, encoding="utf-8")
    (root / "papers" / "evil.yaml").write_text(HOSTILE_PAPERS, encoding="utf-8")
    return root


@pytest.fixture
def small_shelf(tmp_path: Path) -> Path:
    return write_shelf(tmp_path / "shelf")


@pytest.fixture
def hostile_shelf(tmp_path: Path) -> Path:
    return write_hostile_shelf(tmp_path / "evil")


class Server:
    """`papershelf serve` running in a child process on a free 127.0.0.1 port."""

    def __init__(self, shelf: Path, out: Path, engine: str = "zensical", extra: list[str] = ()) -> None:
        env = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
        self.shelf = shelf
        self.log: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "papershelf", "--shelf", str(shelf), "serve", "--port", "0", "--out", str(out),
             "--engine", engine, *extra], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
        deadline = time.monotonic() + 90
        self.url = None
        while time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                break
            self.log.append(line)
            m = re.search(r"serving (http://127\.0\.0\.1:\d+/)", line)
            if m:
                self.url = m.group(1)
                break
        if not self.url:
            self.stop()
            raise RuntimeError("papershelf serve did not start:\n" + "".join(self.log))
        import threading

        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        for line in self.proc.stderr:
            self.log.append(line)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def shelf_for_browser(tmp: Path) -> Path:
    """A copy of the bundled reading list (tests edit it)."""
    target = tmp / "shelf"
    shutil.copytree(BUNDLED, target, ignore=shutil.ignore_patterns(".papershelf"))
    return target


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("PAPERSHELF_REQUIRE_BROWSER"):  # `make test` installs it: a skip would hide that
            pytest.fail(f"{CHROMIUM} is missing although `make test` should have installed it")
        pytest.skip("Debian's chromium is not installed (`make chromium` installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("served")
    server = Server(shelf_for_browser(tmp), tmp / "site")
    yield server
    server.stop()


class Watched:
    """A page that records console errors, page errors and every request it makes."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))
        # a console "Failed to load resource" names no URL: the failed answers do
        page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.request.method} {r.url}")
                if r.status >= 400 else None)

    def foreign(self) -> list[str]:
        return [u for u in self.requests if not re.match(r"^(http://127\.0\.0\.1:\d+/|data:|blob:|about:)", u)]


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    w = Watched(page)
    yield w
    context.close()
    assert not w.errors, w.errors
    assert not w.foreign(), f"requests to other hosts: {w.foreign()}"


@pytest.fixture
def start_server():
    """Start `papershelf serve` for a shelf: ``start_server(shelf, out)``; stopped by the test."""
    return Server


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (test-artifacts/ at the repository root)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def bundled_shelf(tmp_path: Path) -> Path:
    """A copy of the bundled reading list."""
    return shelf_for_browser(tmp_path)
