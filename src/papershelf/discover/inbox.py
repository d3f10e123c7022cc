"""The dismissed list: catalog papers the curator turned down, kept in the shelf (``dismissed.yaml``
beside ``shelf.toml``, one line per paper, so it travels with the shelf in git) and never
suggested again. Reading and rendering only; ``papershelf.app.discover`` writes it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PapershelfError

FILE_NAME = "dismissed.yaml"
HEADER = ("# Catalog papers turned down by `papershelf suggest dismiss`: never suggested again.\n"
          "# Delete a line to let the paper be suggested again.\n")


@dataclass
class Dismissed:
    """One dismissed paper: its catalog key, and its title and identifiers so that it stays
    dismissed when another dump lists it under another key."""

    key: str
    title: str
    ids: dict[str, str] = field(default_factory=dict)
    date: dt.date | None = None

    def to_dict(self) -> dict:
        data = {"key": self.key, "title": self.title}
        if self.ids:
            data["ids"] = dict(self.ids)
        if self.date:
            data["date"] = self.date
        return data


def read(path: Path) -> list[Dismissed]:
    """The dismissed papers listed in ``path`` (none when it does not exist)."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise PapershelfError(f"cannot read: {exc.strerror}", file=path) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PapershelfError(f"not valid YAML: {getattr(exc, 'problem', exc)}", file=path,
                              line=mark.line + 1 if mark else None,
                              hint="each line is `- {key: …, title: …}`; fix or delete the line") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise PapershelfError("expected a list of dismissed papers", file=path, line=1,
                              hint="each line is `- {key: …, title: …}`")
    return [_entry(item, path, text, n) for n, item in enumerate(data)]


def _entry(item: object, path: Path, text: str, n: int) -> Dismissed:
    ok = (isinstance(item, dict) and isinstance(item.get("key"), str) and isinstance(item.get("title"), str)
          and isinstance(item.get("ids", {}), dict) and isinstance(item.get("date"), (dt.date, type(None))))
    if not ok:
        raise PapershelfError(f"entry {n + 1} is not `{{key: …, title: …, ids: {{…}}, date: YYYY-MM-DD}}`",
                              file=path, line=_line_of_entry(text, n), hint="fix or delete that line")
    ids = {str(k): str(v) for k, v in item.get("ids", {}).items() if v}
    return Dismissed(item["key"], item["title"], ids, item.get("date"))


def _line_of_entry(text: str, n: int) -> int | None:
    """The line of the ``n``-th top-level ``- `` item."""
    count = -1
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("- "):
            count += 1
            if count == n:
                return number
    return None


def render(entries: list[Dismissed]) -> str:
    """The file's text: the header, then one flow-style line per paper."""
    import yaml

    return HEADER + "".join("- " + yaml.safe_dump(e.to_dict(), default_flow_style=True, allow_unicode=True,
                                                   width=1_000_000, sort_keys=False)
                            for e in entries)
