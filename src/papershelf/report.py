"""The one printer of findings: text for people, JSON for scripts, GitHub Actions annotations
and SARIF 2.1.0 for code-scanning tools. Every command that prints findings goes through here,
so a finding reads the same whoever produced it (importers, lint, link checking, the catalog)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from json.encoder import encode_basestring
from typing import Any

from .errors import PapershelfError
from .findings import Finding, count

FORMATS = ("text", "json", "github", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def check_format(value: str, option: str = "--format", formats: tuple[str, ...] = FORMATS) -> str:
    if value not in formats:
        raise PapershelfError(f"{option} {value!r} is not one of {', '.join(formats)}")
    return value


def summary(findings: Iterable[Finding]) -> str:
    """``2 errors, 1 warning``; empty when there are no findings."""
    return ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in count(findings).items() if n)


# -- text ---------------------------------------------------------------------------------------

def print_text(findings: Iterable[Finding], console, *, fixable_hint: bool = True) -> None:
    """Findings grouped by file, one line each: line, severity, code, paper, message."""
    from rich.markup import escape as markup_escape

    from .safetext import printable

    def escape(text: str) -> str:  # shelf text prints as text: no markup, no control sequences
        return markup_escape(printable(text))

    current: object = object()
    for f in findings:
        if f.file != current:
            current = f.file
            console.print(f"\n[bold underline]{escape(f.file or 'shelf')}[/]", emoji=False)
        where = f"{f.line}" if f.line else "-"
        fixable = " [dim](fixable)[/]" if f.fixable and fixable_hint else ""
        paper = f" [cyan]{escape(f.paper)}[/]" if f.paper else ""
        # emoji=False: a message quoting ":star:" from a list must print ":star:"
        console.print(f"  {where:>5}  [{_COLOURS[f.severity]}]{f.severity:<7}[/] [bold]{escape(f.code)}[/]"
                      f"{paper}  {escape(f.message)}{fixable}", emoji=False)


# -- JSON ---------------------------------------------------------------------------------------

def to_json(findings: Iterable[Finding], document: Mapping[str, Any] | None = None) -> str:
    """A list of findings, or ``document`` with the findings under ``"findings"``."""
    items = [f.to_json() for f in findings]
    data: Any = items if document is None else {**document, "findings": items}
    return dumps(data)


class _Unusual(Exception):
    """A value :func:`dumps` leaves to ``json.dumps`` (another type, a key that is not text)."""


_INF = float("inf")


def _scalar(value: Any) -> str | None:
    """The JSON of a str, int, float, bool or None as ``json.dumps`` writes it; None otherwise."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if value != value:
            return "NaN"
        return "Infinity" if value == _INF else "-Infinity" if value == -_INF else float.__repr__(value)
    return None


def _layout(value: Any, pad: str, out: list[str]) -> None:
    text = _scalar(value)
    if text is not None:
        out.append(text)
        return
    kind, inner = type(value), pad + "  "
    if kind is dict:
        sep = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            text = _scalar(item)
            out.append(f"{sep}{encode_basestring(key)}: {'' if text is None else text}")
            if text is None:
                _layout(item, inner, out)
            sep = "," + inner
        out.append(pad + "}" if value else "{}")
    elif kind is list or kind is tuple:
        sep = "[" + inner
        for item in value:
            out.append(sep)
            _layout(item, inner, out)
            sep = "," + inner
        out.append(pad + "]" if value else "[]")
    else:
        raise _Unusual


def dumps(data: Any) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False)``, the same text, about twice as fast:
    Python's indenting encoder is written in Python (15 ms of a 2,000-link check's report);
    here each string is written by the C encoder. Anything but dicts with text keys, lists,
    tuples, text, numbers, booleans and None is left to ``json.dumps``."""
    out: list[str] = []
    try:
        _layout(data, "\n", out)
    except _Unusual:
        return json.dumps(data, indent=2, ensure_ascii=False)
    return "".join(out)


# -- GitHub Actions -----------------------------------------------------------------------------

def github_escape(text: str, property_: bool = False) -> str:
    """Escape text for a GitHub Actions workflow command (``::error file=…::message``)."""
    text = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_annotation(f: Finding) -> str:
    level = {"error": "error", "warning": "warning"}.get(f.severity, "notice")
    title = f"{f.code} {f.data['rule']}" if f.data.get("rule") else f.code
    props = [f"file={github_escape(f.file, True)}"] if f.file else []
    props += [f"line={f.line}"] if f.line else []
    props.append(f"title={github_escape(title, True)}")
    message = f"{f.message} [{f.paper}]" if f.paper else f.message
    return f"::{level} {','.join(props)}::{github_escape(message)}"


def to_github(findings: Iterable[Finding]) -> str:
    return "".join(github_annotation(f) + "\n" for f in findings)


# -- SARIF 2.1.0 --------------------------------------------------------------------------------

def to_sarif(findings: Iterable[Finding], *, rules: Mapping[str, str] | None = None,
             tool: str = "papershelf") -> str:
    """One SARIF run; ``rules`` maps codes to a one-line description (shown by code scanners)."""
    from . import __version__

    findings = list(findings)
    codes = sorted({f.code for f in findings})
    driver: dict[str, Any] = {"name": tool, "version": __version__,
                              "rules": [{"id": c, "shortDescription": {"text": (rules or {}).get(c, c)}}
                                        for c in codes]}
    index = {c: i for i, c in enumerate(codes)}
    results = [_sarif_result(f, index[f.code]) for f in findings]
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}
    return dumps(doc)


def _sarif_result(f: Finding, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": f.code, "ruleIndex": rule_index,
                              "level": {"error": "error", "warning": "warning"}.get(f.severity, "note"),
                              "message": {"text": f.message}}
    if f.file:
        location: dict[str, Any] = {"artifactLocation": {"uri": f.file}}
        if f.line:
            location["region"] = {"startLine": f.line}
        result["locations"] = [{"physicalLocation": location}]
    properties = {k: v for k, v in (("paper", f.paper), ("data", f.data)) if v}
    if f.fix is not None:
        properties["fix"] = f.fix.description
    if properties:
        result["properties"] = properties
    return result


# -- one entry point ------------------------------------------------------------------------------

def emit(findings: list[Finding], fmt: str, *, console=None, document: Mapping[str, Any] | None = None,
         rules: Mapping[str, str] | None = None, fixable_hint: bool = True) -> None:
    """Print ``findings`` in ``fmt``: text on ``console`` (a rich Console), the others on stdout."""
    if fmt == "text":
        print_text(findings, console, fixable_hint=fixable_hint)
    elif fmt == "json":
        print(to_json(findings, document))
    elif fmt == "github":
        print(to_github(findings), end="")
    elif fmt == "sarif":
        print(to_sarif(findings, rules=rules))
    else:
        check_format(fmt)
