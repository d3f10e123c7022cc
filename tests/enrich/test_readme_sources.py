"""The README's table of enrichment sources is the code's: each row's names, labels, base URLs,
environment variables and rates are those of ``papershelf.enrich.http.SOURCES``, in its order,
and every source the resolver asks (``papershelf.enrich.sources``) appears in the table."""

from __future__ import annotations

import re
from pathlib import Path

from papershelf.enrich.http import SOURCES
from papershelf.enrich.sources import all_sources

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
SECTION = README.split("\n## Adding papers by identifier and enriching", 1)[1].split("\n## ", 1)[0]


def _rows() -> list[list[str]]:
    """The rows of the sources table: ``Label (`name`…)`` first, a rate in seconds last."""
    rows = [[c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]] for line in SECTION.splitlines()
            if line.startswith("| ")]
    return [r for r in rows if len(r) == 5 and re.fullmatch(r"[\w ]+ \(`\w+`.*\)", r[0])
            and re.fullmatch(r"[\d.]+ s", r[4])]


def test_the_sources_table_is_the_list_of_sources():
    rows = _rows()
    assert rows, "no sources table in the README's enrichment section"
    documented = []
    for label, _asked, urls, envs, rate in rows:
        names = re.findall(r"`(\w+)`", label)
        assert set(names) <= set(SOURCES), f"the README documents sources the code does not have: {names}"
        infos = [SOURCES[n] for n in names]
        assert label.startswith(f"{infos[0].label} (")
        assert re.findall(r"`([^`]+)`", urls) == [i.default_url for i in infos]
        assert re.findall(r"`([^`]+)`", envs) == [i.env for i in infos]
        assert {f"{i.rate_limit:g} s" for i in infos} == {rate}
        documented += names
    assert documented == list(SOURCES)


def test_every_source_the_resolver_asks_is_in_the_table():
    rows = _rows()
    names = {n for r in rows for n in re.findall(r"`(\w+)`", r[0])}
    asked = " ".join(r[1] for r in rows)
    # a source that is one more way of asking a documented API (S2's title match) is named in
    # that API's "asked for" cell
    missing = {s.name for s in all_sources() if s.name not in names and not re.search(rf"\b{s.name}\b", asked)}
    assert not missing, f"enrichment sources the README's table does not name: {sorted(missing)}"
