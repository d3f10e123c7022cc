"""Curating in the browser: `papershelf serve` on a copy of the bundled shelf, driven in headless
Chromium. After every action the YAML file differs from before only in that paper's lines, and
the page shows the change without reloading."""

from __future__ import annotations

import http.server
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import Server, Watched, shelf_for_browser
from editkit import assert_only_paper_changed, file_of, paper_block, without_paper

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "enrich"))
from fake_api import FakeAPI  # noqa: E402

pytestmark = pytest.mark.browser
PAPER = "general2021instance"  # CVPR 2021 in the bundled shelf
VENUE_PAGE = "venues/cvpr/"


def fast_sources(shelf: Path) -> Path:
    """Point the shelf's contact at the tests and drop rate limits (the fake API needs none)."""
    config = shelf / "shelf.toml"
    text = config.read_text().replace('contact = ""', 'contact = "curator@example.org"')
    for name in ("arxiv", "s2", "dblp", "crossref", "openreview", "openreview_v1", "hf"):
        text += f"\n[sources.{name}]\nrate_limit = 0.0\n"
    config.write_text(text)
    return shelf


@pytest.fixture(scope="module")
def fake_api():
    api = FakeAPI().start()
    yield api
    api.stop()


def serve_with(tmp: Path, env: dict[str, str]) -> Server:
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return Server(fast_sources(shelf_for_browser(tmp)), tmp / "site")
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k)
            else:
                os.environ[k] = v


@pytest.fixture(scope="module")
def editing(tmp_path_factory, fake_api):
    server = serve_with(tmp_path_factory.mktemp("editing"), fake_api.env())
    yield server
    server.stop()


@pytest.fixture
def page(browser, editing):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    w = Watched(context.new_page())
    yield w.page
    context.close()
    assert not [e for e in w.errors if "409" not in e and "422" not in e], w.errors
    assert not w.foreign(), w.foreign()


def open_paper(page, server, paper_id: str = PAPER):
    page.goto(server.url + VENUE_PAGE + "#" + paper_id)
    card = page.locator(f"#{paper_id}")
    card.locator(".pse-controls").wait_for()
    page.wait_for_function(f"document.querySelector(\"#{paper_id} .pse-read\")"
                           ".hasAttribute('aria-pressed')")
    return card


def test_mark_priority_tag_and_note_change_only_that_paper(page, editing, artifacts) -> None:
    path = file_of(editing.shelf, PAPER)
    card = open_paper(page, editing)
    page.evaluate("window.__sameDocument = true")

    before = path.read_text()
    card.get_by_role("button", name="Mark as read", exact=True).click()
    card.get_by_role("button", name="Mark as unread", exact=True).wait_for()
    assert_only_paper_changed(before, path.read_text(), PAPER)
    assert "  status: read\n" in paper_block(path.read_text(), PAPER)
    assert card.locator(".ps-marks .ps-read").count() == 1

    before = path.read_text()
    card.get_by_role("combobox", name="Set priority").select_option("top")
    page.wait_for_function(f"document.getElementById('{PAPER}').querySelector('.ps-marks .ps-top')")
    assert_only_paper_changed(before, path.read_text(), PAPER)
    assert "  priority: top\n" in paper_block(path.read_text(), PAPER)

    before = path.read_text()
    card.get_by_role("button", name="Edit tags").click()
    card.get_by_role("checkbox", name="short-paper").check()
    card.locator(".pse-chip", has_text="short-paper").wait_for()
    assert_only_paper_changed(before, path.read_text(), PAPER)
    assert "tags: [short-paper]" in paper_block(path.read_text(), PAPER)
    other = card.get_by_label("Another tag")
    other.fill("no-such-tag")
    other.press("Enter")
    error = card.locator(".pse-panel .pse-error")
    error.wait_for()
    assert "not declared in shelf.toml" in error.inner_text()
    assert "no-such-tag" not in path.read_text()
    card.get_by_role("button", name="Close").click()

    before = path.read_text()
    card.get_by_role("button", name="Edit note").click()
    area = card.get_by_role("textbox", name=re.compile("Note on"))
    area.fill("**Key idea**: mosaic *crops*.\n\n- see [code](https://example.org/code)\n- [bad](javascript:alert(1))")
    preview = card.locator(".pse-preview")
    assert preview.locator("strong").inner_text() == "Key idea"
    assert preview.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))") == ["https://example.org/code"]
    page.screenshot(path=str(artifacts / "edit-note.png"))
    card.get_by_role("button", name="Save note").click()
    card.locator(".pse-panel").wait_for(state="detached")
    assert_only_paper_changed(before, path.read_text(), PAPER)
    assert "**Key idea**" in paper_block(path.read_text(), PAPER)
    notes = card.locator(".ps-fold", has=page.locator("summary", has_text="Notes")).locator(".ps-text")
    if not notes.count():  # the site's details show the note as saved, not as built
        card.get_by_role("button", name=re.compile("^Details")).click()
    assert "**Key idea**: mosaic *crops*." in notes.first.inner_text()
    assert page.evaluate("window.__sameDocument") is True  # updated in place, never reloaded


def test_remove_and_undo(page, editing) -> None:
    path = file_of(editing.shelf, PAPER)
    before = path.read_text()
    card = open_paper(page, editing)
    card.get_by_role("button", name="Remove paper").click()
    page.wait_for_function(f"document.getElementById('{PAPER}').classList.contains('pse-removed')")
    assert f"- id: {PAPER}\n" not in path.read_text()
    assert_only_paper_changed(before, path.read_text(), PAPER)
    page.locator(".pse-bar").get_by_role("button", name=re.compile(r"^Undo")).first.click()
    page.wait_for_function(f"!document.getElementById('{PAPER}').classList.contains('pse-removed')")
    assert paper_block(path.read_text(), PAPER) == paper_block(before, PAPER)
    assert without_paper(path.read_text(), PAPER) == without_paper(before, PAPER)


def test_undo_takes_back_the_last_change(page, editing) -> None:
    path = file_of(editing.shelf, PAPER)
    card = open_paper(page, editing)
    before = path.read_text()
    card.get_by_role("combobox", name="Set priority").select_option("second")
    page.locator(".pse-bar button", has_text="Undo set priority second").wait_for()
    assert_only_paper_changed(before, path.read_text(), PAPER)
    page.keyboard.press("u")
    page.wait_for_function(f"document.querySelector(\"#{PAPER} .pse-priority\").value !== 'second'")
    assert path.read_text() == before


def look_up(page, url: str, identifier: str):
    """Open the Add paper box on the home page and look ``identifier`` up; returns the dialog."""
    page.goto(url)
    page.get_by_role("button", name="Add paper").click()
    dialog = page.get_by_role("dialog", name="Add paper")
    dialog.get_by_label("Paper to add").fill(identifier)
    dialog.get_by_role("button", name="Look up").click()
    return dialog


def test_add_paper_by_doi_with_field_validation(page, editing, artifacts) -> None:
    dialog = look_up(page, editing.url, "https://doi.org/10.1109/CVPR.2016.90")
    title = dialog.get_by_label("Title")
    title.wait_for()
    assert title.input_value() == "Deep Residual Learning for Image Recognition"
    dialog.get_by_label("Topics").select_option("knowledge-distillation")
    target = editing.shelf / "papers" / "knowledge-distillation.yaml"
    files = {p: p.read_bytes() for p in (editing.shelf / "papers").rglob("*.yaml")}

    dialog.get_by_label("Year").fill("1800")
    dialog.get_by_role("button", name="Add to the shelf").click()
    year_error = dialog.locator("#pse-error-year")
    year_error.wait_for()
    assert "between 1900" in year_error.inner_text()
    assert dialog.get_by_label("Year").get_attribute("aria-invalid") == "true"
    dialog.get_by_label("Year").fill("2016")
    dialog.get_by_label("Paper link").fill("javascript:alert(1)")
    dialog.get_by_role("button", name="Add to the shelf").click()
    link_error = dialog.locator("#pse-error-link")
    link_error.wait_for()
    assert "not an http(s) URL" in link_error.inner_text()
    assert {p: p.read_bytes() for p in (editing.shelf / "papers").rglob("*.yaml")} == files  # nothing written
    page.screenshot(path=str(artifacts / "edit-add-validation.png"))

    dialog.get_by_label("Paper link").fill("https://doi.org/10.1109/CVPR.2016.90")
    dialog.get_by_role("button", name="Add to the shelf").click()
    page.locator(".pse-message", has_text="Added he2016deep").wait_for()
    after = {p: p.read_bytes() for p in (editing.shelf / "papers").rglob("*.yaml")}
    assert {p: b for p, b in after.items() if p != target} == files
    text = target.read_text()
    assert text.startswith("- id: he2016deep\n") and without_paper(text, "he2016deep") == ""
    assert "title: Deep Residual Learning for Image Recognition" in text

    page.get_by_role("button", name="Add paper").click()
    dialog.get_by_label("Paper to add").fill("10.1109/CVPR.2016.90")
    dialog.get_by_role("button", name="Look up").click()
    error = dialog.locator("#pse-error-identifier")
    error.wait_for()
    assert "already on the shelf as he2016deep" in error.inner_text()
    dialog.get_by_label("Paper to add").fill("10.9999/not.cached.anywhere")
    dialog.get_by_label("Offline: use cached metadata only").check()
    dialog.get_by_role("button", name="Look up").click()
    page.wait_for_function("document.getElementById('pse-error-identifier').textContent.includes('in the cache')")


def test_a_source_that_cannot_be_reached_is_named(browser, fake_api, tmp_path, artifacts) -> None:
    dead = "http://127.0.0.1:9"  # nothing listens on the discard port
    env = {k: v.replace(fake_api.url, dead) for k, v in fake_api.env().items()}
    server = serve_with(tmp_path, env)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        dialog = look_up(page, server.url, "arXiv:2101.00001")
        error = dialog.locator("#pse-error-identifier")
        error.wait_for(timeout=60_000)
        text = error.inner_text()
        assert "found nothing" in text and re.search(r"unreachable|connect|could not", text, re.I), text
        page.screenshot(path=str(artifacts / "edit-add-unreachable.png"))
        context.close()
    finally:
        server.stop()


def test_cli_mark_during_an_open_note_is_a_refused_save_not_a_lost_edit(page, editing) -> None:
    path = file_of(editing.shelf, PAPER)
    card = open_paper(page, editing)
    card.get_by_role("button", name="Edit note").click()
    area = card.get_by_role("textbox", name=re.compile("Note on"))
    area.fill("written while the CLI marks the paper")
    status = "reading" if "status: reading" not in paper_block(path.read_text(), PAPER) else "unread"
    done = subprocess.run([sys.executable, "-m", "papershelf", "--shelf", str(editing.shelf), "mark", PAPER, status],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    page.locator(".pse-message", has_text="The shelf changed on disk").wait_for()  # no reload: the note stays
    on_disk = path.read_text()
    card.get_by_role("button", name="Save note").click()
    error = card.locator(".pse-panel .pse-error")
    error.wait_for()
    assert "changed meanwhile" in error.inner_text()
    assert area.input_value() == "written while the CLI marks the paper"
    assert path.read_text() == on_disk  # the CLI's change is kept, the note not written over it
    assert card.locator(".pse-read, .pse-reading").evaluate_all(
        "bs => bs.map(b => b.getAttribute('aria-pressed'))") == (["false", "true"] if status == "reading" else ["false", "false"])
    with page.expect_navigation():  # saving again (now based on the fresh values) ends in the deferred reload
        card.get_by_role("button", name="Save note").click()
    block = paper_block(path.read_text(), PAPER)
    assert "written while the CLI marks the paper" in block and (f"status: {status}" in block or status == "unread")


def test_other_tabs_follow_without_reloading(browser, editing) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    a, b = context.new_page(), context.new_page()
    card_a, card_b = open_paper(a, editing), open_paper(b, editing)
    b.evaluate("window.__sameDocument = true")
    pressed = card_b.locator(".pse-read").get_attribute("aria-pressed")
    card_a.locator(".pse-read").click()
    b.wait_for_function(f"document.querySelector(\"#{PAPER} .pse-read\")"
                        f".getAttribute('aria-pressed') !== '{pressed}'")
    a.wait_for_timeout(1500)  # the rebuild that follows is the editor's own: the other tab keeps its state
    assert b.evaluate("window.__sameDocument") is True
    card_a.locator(".pse-read").click()
    b.wait_for_function(f"document.querySelector(\"#{PAPER} .pse-read\")"
                        f".getAttribute('aria-pressed') === '{pressed}'")
    context.close()


def test_keyboard_only(page, editing, artifacts) -> None:
    path = file_of(editing.shelf, PAPER)
    open_paper(page, editing)
    page.locator(f"#{PAPER}").focus()
    before = path.read_text()
    status = re.search(r"status: (\w+)", paper_block(before, PAPER))
    status = status.group(1) if status else "unread"
    page.keyboard.press("r")
    expected = {"unread": "reading", "reading": "read", "read": "unread"}[status]
    page.wait_for_function(f"document.querySelector('#{PAPER} .pse-controls').closest('[aria-busy]') === null && "
                           f"document.querySelector('#{PAPER} .pse-{'read' if expected == 'read' else 'reading'}')"
                           f".getAttribute('aria-pressed') === '{'false' if expected == 'unread' else 'true'}'")
    assert_only_paper_changed(before, path.read_text(), PAPER)
    page.keyboard.press("j")
    current = page.evaluate("document.activeElement.getAttribute('data-paper-id')")
    assert current and current != PAPER
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.getAttribute('data-paper-id')") == PAPER
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.keyboard.type("typed with the keyboard")
    before = path.read_text()
    page.keyboard.press("Control+Enter")
    page.locator(f"#{PAPER} .pse-panel").wait_for(state="detached")
    assert "typed with the keyboard" in paper_block(path.read_text(), PAPER)
    assert_only_paper_changed(before, path.read_text(), PAPER)
    page.keyboard.press("?")
    keys = page.get_by_role("dialog", name="Keyboard")
    keys.wait_for()
    assert "cycle reading status" in keys.inner_text()
    page.screenshot(path=str(artifacts / "edit-keys.png"))
    page.keyboard.press("Escape")
    keys.wait_for(state="hidden")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Search papers")


def test_queue_page_lists_the_queue_in_order_with_controls(page, editing, artifacts) -> None:
    page.goto(editing.url + "queue/")
    page.locator("#ps-queue[data-ready='1']").wait_for(state="attached")
    done = subprocess.run([sys.executable, "-m", "papershelf", "--shelf", str(editing.shelf), "queue", "-n", "20",
                           "--format", "ids"], capture_output=True, text=True, check=True)
    shown = page.locator("#ps-queue [data-paper-id]").evaluate_all("ns => ns.map(n => n.dataset.paperId)")
    assert shown[:20] == done.stdout.split()
    first = page.locator("#ps-queue [data-paper-id]").first
    first.get_by_role("button", name="Mark as read", exact=True).wait_for()
    page.screenshot(path=str(artifacts / "edit-queue.png"))
    assert page.title().startswith("Queue")


def test_another_origin_cannot_edit(browser, editing, tmp_path) -> None:
    """A page served from another port (another origin) tries every way a browser allows to
    write through the editor: nothing is written and it never learns the token."""
    files = {p: p.read_bytes() for p in (editing.shelf / "papers").rglob("*.yaml")}
    target = editing.url + "__papershelf__/api"
    body = '{"action": "remove", "id": "%s", "base": ""}' % PAPER
    (tmp_path / "attack.html").write_text(f"""<!doctype html><html><body>
<form id="f" method="POST" action="{target}" enctype="text/plain" target="sink">
<input name='{body[:-1]}, "x": "' value='"}}'></form>
<iframe name="sink"></iframe><iframe id="page" src="{editing.url}"></iframe>
<script>
window.results = {{}};
async function attempt(name, run) {{
  try {{ const r = await run(); window.results[name] = "status " + r.status + " " + (r.type || ""); }}
  catch (e) {{ window.results[name] = "blocked: " + e.message; }}
}}
(async () => {{
  await attempt("cors-json", () => fetch("{target}", {{method: "POST", headers: {{"Content-Type": "application/json",
      "X-Papershelf-Token": "guess"}}, body: '{body}'}}));
  await attempt("no-cors-text", () => fetch("{target}", {{method: "POST", mode: "no-cors", body: '{body}'}}));
  await attempt("no-cors-json", () => fetch("{target}", {{method: "POST", mode: "no-cors",
      headers: {{"Content-Type": "application/json"}}, body: '{body}'}}));
  await attempt("read-page", () => fetch("{editing.url}").then(r => r.text()).then(t => {{ window.stolen = t; return r; }}));
  document.getElementById("f").submit();
  await new Promise(r => setTimeout(r, 800));
  try {{ window.stolen = document.getElementById("page").contentDocument.body.innerHTML; }} catch (e) {{ window.results.iframe = "blocked"; }}
  window.results.done = true;
}})();
</script></body></html>""")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    attacker = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: Quiet(*a, directory=str(tmp_path)))
    threading.Thread(target=attacker.serve_forever, daemon=True).start()
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{attacker.server_address[1]}/attack.html")
        page.wait_for_function("window.results && window.results.done", timeout=20_000)
        results = page.evaluate("window.results")
        stolen = page.evaluate("window.stolen || ''")
        context.close()
    finally:
        attacker.shutdown()
        attacker.server_close()
    assert results["cors-json"].startswith("blocked") and results["read-page"].startswith("blocked"), results
    assert results["iframe"] == "blocked"
    assert "papershelf-edit" not in stolen
    assert {p: p.read_bytes() for p in (editing.shelf / "papers").rglob("*.yaml")} == files


def test_build_output_has_no_editor(small_shelf, tmp_path) -> None:
    out = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "papershelf", "--shelf", str(small_shelf), "build", "--out", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    files = [p for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".js", ".css", ".json", ".xml")]
    assert any(p.name == "papershelf.js" for p in files)
    for p in files:
        text = p.read_text(encoding="utf-8", errors="replace")
        for needle in ("__papershelf__", "papershelf-edit", "X-Papershelf-Token", "pse-controls", "Mark as read"):
            assert needle not in text, f"{p.relative_to(out)} contains {needle!r}"
    assert not (out / "queue").exists()


def set_hidden(page, hidden: bool) -> None:
    page.evaluate("""(hidden) => {
      Object.defineProperty(document, 'hidden', {value: hidden, configurable: true});
      document.dispatchEvent(new Event('visibilitychange'));
    }""", hidden)


def test_a_hidden_tab_gives_its_connection_back_and_catches_up(browser, editing) -> None:
    """Browsers open at most 6 connections per server: hidden tabs must not each hold one."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    a, b = context.new_page(), context.new_page()
    card_a, card_b = open_paper(a, editing), open_paper(b, editing)
    set_hidden(b, True)
    assert b.evaluate("window.papershelfEvents.readyState") == 2  # closed
    pressed = card_b.locator(".pse-read").get_attribute("aria-pressed")
    card_a.locator(".pse-read").click()
    a.wait_for_function(f"document.querySelector('#{PAPER} .pse-read').getAttribute('aria-pressed') !== '{pressed}'")
    assert card_b.locator(".pse-read").get_attribute("aria-pressed") == pressed  # nothing arrives while hidden
    set_hidden(b, False)
    b.wait_for_function(f"document.querySelector('#{PAPER} .pse-read').getAttribute('aria-pressed') !== '{pressed}'")
    b.wait_for_function("window.papershelfEvents.readyState === 1")
    card_a.locator(".pse-read").click()  # and live again
    b.wait_for_function(f"document.querySelector('#{PAPER} .pse-read').getAttribute('aria-pressed') === '{pressed}'")
    context.close()


def test_on_another_address_the_reader_types_the_printed_token(browser, small_shelf, tmp_path) -> None:
    """What `serve --host ADDR --allow-edit` does: the pages carry no token, the reader types
    the one the server printed. (The server listens on 127.0.0.1 here; its editor is set up as
    for another address, which tests must not open.)"""
    from papershelf import Shelf
    from papershelf.site import SiteBuilder
    from papershelf.site.edithttp import EditSite
    from papershelf.site.serve import SiteServer

    builder = SiteBuilder(Shelf(small_shelf), out=tmp_path / "site")
    builder.build()
    server = SiteServer(builder, port=0, edit=True)
    remote = EditSite(server.editsite.editor, builder.out, "192.0.2.1", server.port)
    server.httpd.RequestHandlerClass.func.editsite = remote  # the handler class the server uses
    server.start()
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.url + "venues/iclr/")
        assert page.locator('meta[name="papershelf-edit"]').get_attribute("content") == ""
        token = page.get_by_label("Editing token")
        token.fill("wrong")
        page.get_by_role("button", name="Unlock editing").click()
        page.get_by_role("alert").filter(has_text="token").wait_for()
        assert page.evaluate("document.documentElement.classList.contains('pse-editing')") is False
        token.fill(remote.editor.secret)
        page.get_by_role("button", name="Unlock editing").click()
        page.locator("#romero2015fitnets .pse-read[aria-pressed]").wait_for()
        assert page.get_by_role("button", name="Add paper").is_visible()
        context.close()
    finally:
        server.stop()


@pytest.mark.parametrize("engine", ["zensical", "mkdocs"])
def test_queue_and_editor_in_every_mode(engine, browser, tmp_path, artifacts) -> None:
    """The Queue page and a paper with the editor's controls, light and dark, desktop and phone,
    JavaScript on and off: a screenshot of each (test-artifacts/site/), nothing wider than the
    screen, text at 4.5:1, and the queue listed without the script too."""
    from test_reader import CONTRAST_JS, MODES, OVERFLOW_JS

    server = Server(shelf_for_browser(tmp_path), tmp_path / "site", engine=engine)
    shots = artifacts / "site"
    shots.mkdir(exist_ok=True)
    failures = []
    readable = {"queue": "h1, .ps-lead, .ps-count-line, #ps-queue .ps-paper__title a, #ps-queue .ps-paper__meta",
                "editor": f"#{PAPER} .ps-t, #{PAPER} .pse-btn, #{PAPER} .pse-select, .pse-bar .pse-btn"}
    try:
        for scheme, width, js in MODES:
            context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                          java_script_enabled=js)
            page = context.new_page()
            for name, path in (("queue", "queue/"), ("editor", f"{VENUE_PAGE}#{PAPER}")):
                page.goto(server.url + path)
                if js and name == "queue":
                    page.locator("#ps-queue[data-ready='1']").wait_for(state="attached")
                elif js:
                    page.locator(f"#{PAPER} .pse-controls").wait_for()
                    page.locator(f"#{PAPER}").scroll_into_view_if_needed()
                if name == "queue":
                    assert page.locator("#ps-queue [data-paper-id]").count() > 10, (scheme, width, js)
                page.screenshot(path=str(shots / f"{engine}-{name}-{width}-{scheme}-js-{'on' if js else 'off'}.png"))
                mode = f"{name} {scheme} {width} js={js}"
                failures += [f"{mode}: {x}" for x in page.evaluate(CONTRAST_JS, readable[name]) if x["ratio"] < 4.5]
                overflow = page.evaluate(OVERFLOW_JS)
                if width == 390 and (overflow["page"] > 0 or overflow["scrolling"]):
                    failures.append(f"{mode}: sideways {overflow}")
            context.close()
    finally:
        server.stop()
    assert not failures, "\n".join(failures[:30])
