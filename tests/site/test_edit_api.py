"""The editor's HTTP API in a real `papershelf serve` on 127.0.0.1: who may write (token, Origin,
Host, JSON, size), conflicts, validation through the model, undo, and that every accepted change
rewrites only the edited paper's lines."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from conftest import Server, shelf_for_browser
from editkit import Client, assert_only_paper_changed, file_of, paper_block, request

PAPER = "hinton2015distilling"


@pytest.fixture
def server(served) -> Server:
    """`papershelf serve` on a copy of the bundled shelf, shared by this module's tests."""
    return served


@pytest.fixture
def client(server) -> Client:
    return Client(server.url)


def snapshot(server) -> dict:
    return {p: p.read_bytes() for p in (server.shelf / "papers").rglob("*.yaml")}


def test_mark_writes_only_that_papers_lines_and_returns_the_new_version(server, client) -> None:
    path = file_of(server.shelf, PAPER)
    before = path.read_text()
    state = client.state(PAPER)
    status, data = client.post({"action": "mark", "id": PAPER, "base": state["version"], "status": "read"})
    assert status == 200, data
    after = path.read_text()
    assert_only_paper_changed(before, after, PAPER)
    assert "  status: read\n" in paper_block(after, PAPER)
    assert data["paper"]["status"] == "read" and data["paper"]["version"] != state["version"]
    assert client.state(PAPER) == data["paper"]
    status, data = client.post({"action": "undo"})
    assert status == 200 and path.read_text() == before


@pytest.mark.parametrize("change, expected", [
    ({"Origin": "http://evil.example"}, 403),
    ({"Origin": "http://127.0.0.1:1"}, 403),
    ({"Origin": ""}, 403),
    ({"X-Papershelf-Token": "guessed"}, 403),
    ({"X-Papershelf-Token": ""}, 403),
    ({"Content-Type": "text/plain"}, 403),
    ({"Content-Type": "application/x-www-form-urlencoded"}, 403),
    ({"Host": "evil.example"}, 403),
])
def test_writes_without_token_origin_host_or_json_are_refused_and_write_nothing(server, client, change,
                                                                                expected) -> None:
    files = snapshot(server)
    state = client.state(PAPER)
    headers = {k: v for k, v in client.headers(**change).items() if v != ""}
    body = json.dumps({"action": "mark", "id": PAPER, "base": state["version"], "status": "reading"}).encode()
    status, data = request(server.url, "POST", "/__papershelf__/api", body, headers)
    assert status == expected, data
    assert snapshot(server) == files


def test_oversized_and_unsized_bodies_are_refused(server, client) -> None:
    files = snapshot(server)
    state = client.state(PAPER)
    big = json.dumps({"action": "note", "id": PAPER, "base": state["version"], "text": "x" * 300_000}).encode()
    status, _ = request(server.url, "POST", "/__papershelf__/api", big, client.headers())
    assert status == 413
    status, _ = request(server.url, "POST", "/__papershelf__/api", b"", client.headers(**{"Content-Length": "abc"}))
    assert status == 411
    status, _ = request(server.url, "POST", "/__papershelf__/api", b"[1, 2]", client.headers())
    assert status == 400
    assert snapshot(server) == files


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example:{port}",
                                  "localhost.:{port}", "192.168.1.20:{port}", "127.0.0.1:1"])
@pytest.mark.parametrize("path", ["/", "/explorer/", "/__papershelf__/api?ids=" + PAPER, "/__papershelf__/events",
                                  "/queue/"])
def test_dns_rebinding_host_headers_are_refused_everywhere(server, client, host, path) -> None:
    port = server.url.rsplit(":", 1)[1].strip("/")
    headers = {"Host": host.format(port=port), "X-Papershelf-Token": client.token}
    status, data = request(server.url, "GET", path, None, headers)
    assert status == 403, data[:200]
    assert client.token.encode() not in data


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_own_host_names_are_served(server, host) -> None:
    port = server.url.rsplit(":", 1)[1].strip("/")
    status, _ = request(server.url, "GET", "/", None, {"Host": host.format(port=port)})
    assert status == 200


def test_reading_the_api_needs_the_token(server) -> None:
    status, data = request(server.url, "GET", "/__papershelf__/api?ids=" + PAPER)
    assert status == 403 and b"token" in data


def test_cli_mark_meanwhile_makes_the_save_a_conflict_with_the_fresh_values(server, client) -> None:
    state = client.state(PAPER)
    done = subprocess.run([sys.executable, "-m", "papershelf", "--shelf", str(server.shelf), "mark", PAPER, "reading"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    path = file_of(server.shelf, PAPER)
    on_disk = path.read_text()
    status, data = client.post({"action": "note", "id": PAPER, "base": state["version"], "text": "my note"})
    assert status == 409
    assert "changed meanwhile" in data["error"]
    assert data["paper"]["status"] == "reading"
    assert path.read_text() == on_disk  # the CLI's edit stays, nothing overwritten
    status, data = client.post({"action": "note", "id": PAPER, "base": data["paper"]["version"], "text": "my note"})
    assert status == 200 and data["paper"]["notes"] == "my note" and data["paper"]["status"] == "reading"
    assert client.post({"action": "undo"})[0] == 200
    subprocess.run([sys.executable, "-m", "papershelf", "--shelf", str(server.shelf), "mark", PAPER, "unread"],
                   capture_output=True, check=True)
    wait_for(lambda: client.state(PAPER)["status"] == "unread")  # the server's watcher saw the CLI


def wait_for(condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.parametrize("body, field, words", [
    ({"action": "tag", "add": ["no-such-tag"]}, "tags", "not declared"),
    ({"action": "tag", "add": ["Not A Name"]}, "tags", "not declared"),
    ({"action": "mark", "status": "finished"}, "status", "one of"),
    ({"action": "priority", "priority": "urgent"}, "priority", "top, second"),
])
def test_bad_values_are_refused_with_the_field(server, client, body, field, words) -> None:
    files = snapshot(server)
    status, data = client.post({**body, "id": PAPER, "base": client.state(PAPER)["version"]})
    assert status in (400, 422)
    assert data["field"] == field and words in data["error"]
    assert snapshot(server) == files


def test_remove_and_undo_bring_the_paper_back_into_its_file(server, client) -> None:
    path = file_of(server.shelf, PAPER)
    before = path.read_text()
    status, data = client.post({"action": "remove", "id": PAPER, "base": client.state(PAPER)["version"]})
    assert status == 200 and data["removed"] == PAPER
    assert f"- id: {PAPER}\n" not in path.read_text()
    assert_only_paper_changed(before, path.read_text(), PAPER)
    assert client.get("ids=" + PAPER)["papers"] == {}
    status, data = client.post({"action": "undo"})
    assert status == 200 and data["papers"][0]["id"] == PAPER
    restored = path.read_text()
    assert paper_block(restored, PAPER) == paper_block(before, PAPER)
    assert restored == before  # back in its place, between the same papers


def test_queue_is_in_the_order_of_papershelf_queue(server, client) -> None:
    done = subprocess.run([sys.executable, "-m", "papershelf", "--shelf", str(server.shelf), "queue", "-n", "500",
                           "--format", "ids"], capture_output=True, text=True, check=True)
    assert [p["id"] for p in client.get("what=queue")["papers"]] == done.stdout.split()


def test_non_loopback_pages_carry_no_token_and_accept_any_host_name(server, client) -> None:
    from papershelf.site.edithttp import EditSite
    from papershelf.site.editor import Editor
    from papershelf.shelf import Shelf

    site = EditSite(Editor(Shelf(server.shelf)), server.shelf, "192.0.2.1", 8000)
    assert b'content=""' in site.head()  # the reader types the printed token
    assert site.host_ok("reading.example:8000")
    local = EditSite(Editor(Shelf(server.shelf)), server.shelf, "127.0.0.1", 8000)
    assert local.editor.secret.encode() in local.head() and not local.host_ok("reading.example:8000")


def test_read_only_server_has_no_editor(tmp_path) -> None:
    shelf = shelf_for_browser(tmp_path)
    read_only = Server(shelf, tmp_path / "site", extra=["--read-only"])
    try:
        status, page = request(read_only.url, path="/")
        assert status == 200 and b"papershelf-edit" not in page
        status, _ = request(read_only.url, "POST", "/__papershelf__/api", b"{}", {"Content-Type": "application/json"})
        assert status in (403, 405, 501)
    finally:
        read_only.stop()


def test_the_index_rereads_only_the_files_changed_elsewhere(small_shelf) -> None:
    """A change made outside the editor (the watcher reports its files) re-reads those files
    only: other papers stay the objects already read; a deleted file's papers go, a new file's
    come, paths that hold no papers are left out, an id in two files falls back to the full load."""
    from papershelf import Shelf
    from papershelf.errors import PapershelfError
    from papershelf.site.editindex import PaperIndex

    index = PaperIndex(Shelf(small_shelf))
    kept = index.papers()["hinton2015distilling"]
    papers = small_shelf / "papers"
    (papers / "new.yaml").write_text("- id: new2021\n  title: A new paper\n")
    assert not index.changed([papers / "new.yaml", small_shelf / "pages/about.md"])
    assert index.papers()["new2021"].title == "A new paper" and index.papers()["hinton2015distilling"] is kept
    assert index.file_of("new2021") == papers / "new.yaml"
    (papers / "new.yaml").write_text("- id: new2021\n  title: Renamed\n- id: other2021\n  title: Another\n")
    index.changed([papers / "new.yaml"])
    assert index.papers()["new2021"].title == "Renamed" and "other2021" in index.papers()
    (papers / "new.yaml").unlink()
    index.changed([papers / "new.yaml"])
    assert "new2021" not in index.papers() and "other2021" not in index.papers()
    (papers / "dup.yaml").write_text("- id: hinton2015distilling\n  title: Twice\n")
    index.changed([papers / "dup.yaml"])
    with pytest.raises(PapershelfError, match="duplicate id"):
        index.papers()
