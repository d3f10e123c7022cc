"""Issue 14 items 2, 3, 4: shelf.toml values validated and escaped, generated YAML written by an
emitter, pages/ files that resolve outside the shelf never published."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from papershelf import Shelf
from papershelf.config import load_config
from papershelf.errors import PapershelfError
from papershelf.shelf import cache_dir
from papershelf.site import SiteBuilder


@pytest.mark.parametrize("key", ["site_url", "repo_url"])
@pytest.mark.parametrize("value", ['https://x/"><script>alert(1)</script>', "javascript:alert(1)", "x y",
                                   "https://x/'onmouseover='alert(1)", "ftp://example.org/"])
def test_url_settings_must_be_http_urls(small_shelf: Path, key: str, value: str) -> None:
    toml = small_shelf / "shelf.toml"
    text = toml.read_text()
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith(key))
    toml.write_text(text.replace(next(t for t in text.splitlines() if t.startswith(key)),
                                 f"{key} = {json.dumps(value)}"))  # a TOML basic string
    with pytest.raises(PapershelfError) as err:
        load_config(toml)
    assert err.value.line == line and "not an http(s) URL" in str(err.value)


def test_site_url_injection_is_refused_by_build_with_a_clear_message(cli, small_shelf: Path, tmp_path: Path) -> None:
    toml = small_shelf / "shelf.toml"
    toml.write_text(toml.read_text().replace('site_url = "https://example.org/reading-list/"',
                                             'site_url = "https://x/\\"><script>window.__pwned=1</script>"'))
    code, _, err = cli("build", "--shelf", small_shelf, "--out", tmp_path / "out")
    assert code == 1 and "shelf.toml" in err and "site_url" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_venue_sites_are_validated_and_linked(small_shelf: Path, tmp_path: Path) -> None:
    toml = small_shelf / "shelf.toml"
    toml.write_text(toml.read_text() + '[venues.sites]\nICLR = "https://iclr.cc/"\n"ICLR 2015" = "https://iclr.cc/archive/2015/"\n')
    SiteBuilder(Shelf(small_shelf), out=tmp_path / "site").build()
    venue = (tmp_path / "site/venues/iclr/index.html").read_text()
    assert 'href="https://iclr.cc/"' in venue and 'href="https://iclr.cc/archive/2015/"' in venue
    toml.write_text(toml.read_text().replace('"https://iclr.cc/"', '"javascript:alert(1)"'))
    with pytest.raises(PapershelfError, match="not an http"):
        load_config(toml)


def yaml_tags(text: str) -> set[str]:
    """The explicit tags of a YAML document (the standard ones left out)."""
    found, todo = set(), [yaml.compose(text)]
    while todo:
        node = todo.pop()
        if not node.tag.startswith(("tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
                                    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:null")):
            found.add(node.tag)
        if isinstance(node, yaml.MappingNode):
            todo += [x for pair in node.value for x in pair]
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value
    return found


HOSTILE_NAMES = {
    "venue": '[W] Workshop: "quoted" & <b>bold</b> #1',
    "topic": "!!python/name:os.system",
    "title": "papershelf-emoji-generator !!python/object/apply:os.system ['touch /tmp/pwned']",
}


@pytest.mark.parametrize("engine", ["zensical", "mkdocs"])
def test_names_yaml_must_quote_build_on_both_engines(small_shelf: Path, tmp_path: Path, engine: str) -> None:
    (small_shelf / "papers/odd.yaml").write_text(yaml.safe_dump([{
        "id": "odd2020", "title": HOSTILE_NAMES["title"], "venue": HOSTILE_NAMES["venue"], "year": 2020,
        "topics": ["odd-topic"]}]))
    toml = small_shelf / "shelf.toml"
    toml.write_text(toml.read_text().replace('title = "Distillation reading list"',
                                             'title = "!!python/name:os.system [x]: y"')
                    + '[[topics]]\nid = "odd-topic"\nname = "!!python/name:os.system"\n')
    out = tmp_path / "site"
    SiteBuilder(Shelf(small_shelf), out=out, engine=engine).build()
    project = cache_dir(small_shelf) / "site-project"
    config_text = (project / "mkdocs.yml").read_text()
    assert yaml_tags(config_text) == {"tag:yaml.org,2002:python/name:pymdownx.emoji.to_alt",
                                      "tag:yaml.org,2002:python/name:papershelf.site.emoji.emojione"}
    config = yaml.safe_load(config_text.replace("!!python/name:pymdownx.emoji.to_alt", "")
                            .replace("!!python/name:papershelf.site.emoji.emojione", ""))
    assert config["site_name"] == "!!python/name:os.system [x]: y"
    assert {"!!python/name:os.system": "topics/odd-topic/index.md"} in config["nav"][2]["Topics"]
    # front matter: the page title is the name itself, not HTML-escaped
    slug = next(p.name for p in (project / "docs/venues").iterdir() if p.name.startswith("w-workshop"))
    text = (project / f"docs/venues/{slug}/index.md").read_text()
    front = yaml.safe_load(text.split("---\n")[1])
    assert front == {"title": "[W] Workshop: ”quoted” + ‹b›bold‹/b› #1", "hide": ["navigation", "toc"]}
    html = (out / f"venues/{slug}/index.html").read_text()
    assert "<title>[W] Workshop: ”quoted” + ‹b›bold‹/b› #1" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html
    assert not Path("/tmp/pwned").exists()


def test_pages_that_resolve_outside_the_shelf_are_skipped_with_a_warning(cli, small_shelf: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("API_KEY=hunter2\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "notes.md").write_text("# Private notes\nhunter2\n")
    pages = small_shelf / "pages"
    os.symlink(secret, pages / "leak.md")
    os.symlink(secret, pages / "leak.txt")
    os.symlink(outside, pages / "folder")
    (pages / "inside.md").symlink_to(pages / "about.md")  # a link that stays inside is fine
    out = tmp_path / "site"
    result = SiteBuilder(Shelf(small_shelf), out=out).build()
    assert len(result.warnings) == 3 and all("resolves outside" in w for w in result.warnings)
    leaked = [p for p in out.rglob("*") if p.is_file() and b"hunter2" in p.read_bytes()]
    assert leaked == []
    assert (out / "inside/index.html").is_file()
    code, _, err = cli("build", "--shelf", small_shelf, "--out", tmp_path / "out2")
    assert code == 0 and err.count("resolves outside") == 3
