"""Lint: findings about the papers of a shelf, one small rule per problem (ruff style).

Using it from Python::

    from papershelf import Shelf
    from papershelf.lint import lint, apply_fixes

    findings = lint(Shelf.find("reading-list"))          # list[papershelf.findings.Finding], by file and line
    changes = apply_fixes(shelf, findings)                # safe fixes only, through the shelf writer

(``papershelf.app.lint.lint(shelf, fix=True)`` fixes and lints again until nothing changes.)

Writing a rule
--------------
A rule is one function in a module of ``papershelf/lint/rules/`` decorated with :func:`rule`.
The runner imports every module of that folder and knows nothing about individual rules, so a
new rule is a new file (or a new function), nothing else::

    from papershelf.lint.core import Report, rule

    @rule("PS399", "my-check", severity="warning", summary="what is wrong, in one line")
    def my_check(paper, ctx):
        '''Why this matters (shown by ``papershelf lint --explain PS399``).'''
        if paper.title.isupper():
            yield Report("title is all upper case", field="title")

``scope`` says what the function receives:

- ``"paper"`` (default): ``fn(paper: Paper, ctx)`` for every paper that passed validation;
- ``"entry"``: ``fn(entry: Entry, ctx)`` for every item of every file, valid or not, with the
  item's raw mapping as ``entry.raw`` (for problems the Paper model rejects at load, such as a
  ``hhttps://`` link or a malformed arXiv id, which lint must still report and fix);
- ``"shelf"``: ``fn(ctx)`` once, for rules about several papers (duplicates); each Report must
  name its ``paper`` (an id).

A function yields :class:`Report` objects (or plain strings): ``message``, optional ``field``
(the line of that key is reported), optional ``fix`` (a :class:`Fix`: a description and a
function that edits the paper's raw mapping in place; only *safe* fixes, which never change
what a paper is, may be offered), optional ``paper`` (shelf rules).

``online=True`` marks a rule that talks to the network: it runs only with ``lint --online``.
Online rules should use ``scope="shelf"`` so they can batch and rate-limit their requests, and
read base URLs from the shelf's ``[sources]`` settings so tests can point them at 127.0.0.1.

The shelf's ``shelf.toml`` can switch rules off and re-grade them::

    [lint]
    ignore = ["PS201"]                 # codes or prefixes (PS2 = every link rule)
    severity = { PS102 = "error" }     # error | warning | info
"""

from .core import Entry, Finding, Fix, LintContext, Report, Rule, all_rules, apply_fixes, get_rule, lint, rule

__all__ = ["Entry", "Finding", "Fix", "LintContext", "Report", "Rule", "all_rules", "apply_fixes", "get_rule",
           "lint", "rule"]
