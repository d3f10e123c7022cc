"""Build the bundled shelf ``reading-list/`` from the original hand-written list.

    .venv/bin/python scripts/build_reading_list.py [ORIGINAL.md] [--out reading-list]

    .venv/bin/python scripts/build_reading_list.py --catalog DIR --history BUNDLE

Reproducible: it (1) writes ``shelf.toml`` (title, topics, the survey taxonomy), (2) imports the
original with papershelf's own Markdown importer, dating each entry by the commit that first added
it (``import --dates-from-git``) in a clone of the list's history bundle, (3) applies the fixes the
list itself shows to be needed, and only those (documented below and in IMPORT-REPORT.md),
(3f) enriches the papers from a catalog of Paper Copilot paperlists dumps (``enrich --source
catalog``: confident matches only; a title the list cut short is completed when the catalog has it
whole), (4) writes the papers spread by topic and venue-year, (5) applies lint's safe fixes, and
(6) writes README.md (`papershelf export readme`) and IMPORT-REPORT.md. Whatever else would need
outside knowledge (a link that points at another paper, a venue contradicted by its link) is left
as written and marked with the tag ``needs-check`` plus a note saying what is wrong.

Without the dumps or the bundle (a user's clone), the catalog-filled fields and the ``added``
dates already committed in ``reading-list/`` are kept, and the script says so.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

from papershelf import Shelf
from papershelf.config import load_config
from papershelf.errors import PapershelfError
from papershelf.identifiers import ids_from_url
from papershelf.importers import read_text
from papershelf.importers.base import ImportResult
from papershelf.importers.build import PaperBuilder
from papershelf.importers.markdown import FINDING_CODES, build_papers, link_kind, parse_markdown
from papershelf.model import Paper, base_id, unique_id

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT / "reading-list" / "source" / "original-reading-list.md"
ADDED = dt.date(2026, 11, 26)  # the day the shelf was first built: keeps rebuilds byte-identical
ENRICHED = dt.date(2026, 12, 1)  # the day the catalog enrichment was first run (its provenance date)
SHARED = ROOT.parent / "shared"
DEFAULT_CATALOG = SHARED / "catalogs" / "paperlists"
DEFAULT_HISTORY = SHARED / "seed" / "ReadingList-history.bundle"
BUILT_FILES = ("shelf.toml", ".gitignore", "README.md", "IMPORT-REPORT.md")  # besides papers/
SURVEY_HEADING = "# To-Do"  # the list's survey part starts here (its papers go to their own files)

SHELF_TOML = '''\
# The bundled shelf: the Knowledge Distillation reading list, imported from the original
# hand-written README by scripts/build_reading_list.py (see IMPORT-REPORT.md).

title = "Knowledge Distillation Reading List"
description = "Recent published papers on knowledge distillation, with the federated learning and topic model papers the list also collects. Reading priority and progress are the curator's own."
site_url = ""
repo_url = ""
contact = ""
papers_dir = "papers"

[[topics]]
id = "knowledge-distillation"
name = "Knowledge Distillation"
description = "Transferring knowledge from a teacher model to a student model."

[[topics]]
id = "federated-learning"
name = "Federated Learning"
description = "Training models across clients without sharing their data, including federated distillation."

[[topics]]
id = "topic-models"
name = "Topic Models"
description = "Probabilistic and neural topic models."

# The taxonomy of the survey the original list follows: Gou et al. (2020), arXiv:2006.05525.
[[taxonomy]]
path = "kd-taxonomy"
name = "Knowledge distillation survey taxonomy"
description = "Following the survey by Gou et al. (2020), arXiv:2006.05525."

[[taxonomy]]
path = "kd-taxonomy/response-based"
name = "Response-based knowledge"
description = "The student mimics the teacher's final outputs (logits, soft targets)."

[[taxonomy]]
path = "kd-taxonomy/feature-based"
name = "Feature-based knowledge"
description = "The student mimics the teacher's intermediate representations (hints, attention maps)."

[[taxonomy]]
path = "kd-taxonomy/relation-based"
name = "Relation-based knowledge"
description = "The student learns relations between layers or between data samples."

[[taxonomy]]
path = "kd-taxonomy/relation-based/intermediate-layers"
name = "Relationships between intermediate layers"

[[taxonomy]]
path = "kd-taxonomy/relation-based/teacher-parameters"
name = "Parameters of the teacher model"

[[taxonomy]]
path = "kd-taxonomy/modes"
name = "Modes of distillation"
description = "Offline, online and self-distillation."

[[taxonomy]]
path = "kd-taxonomy/algorithms"
name = "Distillation algorithms"
description = "Adversarial, multi-teacher, cross-modal, graph-based, data-free, quantized, lifelong, NAS-based distillation."

[[taxonomy]]
path = "kd-taxonomy/applications"
name = "Applications of knowledge distillation"

# The sections of the list's Federated Learning part, named as the list names them.
[[taxonomy]]
path = "fl"
name = "Federated learning sections"

[[taxonomy]]
path = "fl/open-questions"
name = "FL open question & useful framework"

[[taxonomy]]
path = "fl/fd-kd-nlp"
name = "FD KD NLP"
description = "Federated distillation, knowledge distillation and NLP."

[[taxonomy]]
path = "fl/fd-ml-crossfield"
name = "FD ML crossfield"
description = "Federated distillation across machine learning fields."

[[taxonomy]]
path = "fl/ieee"
name = "IEEE conferences and journals"

[[taxonomy]]
path = "fl/surveys"
name = "Surveys"

[[taxonomy]]
path = "fl/applications"
name = "Applications of federated learning"

[tags]
short-paper = "Published as a short paper"
needs-check = "The import found a problem that needs outside knowledge to fix: see the paper's notes and IMPORT-REPORT.md"

# The conference websites the original list's headings link to (venue pages link them).
# SIGIR 2020's heading linked IJCAI's accepted papers: left out.
[venues.sites]
"CVPR 2021" = "http://cvpr2021.thecvf.com/"
"ICLR 2021" = "https://iclr.cc/"
"AAAI 2021" = "https://aaai.org/Conferences/AAAI-21/"
"AAAI 2020" = "https://aaai.org/Conferences/AAAI-20/"
"ACL 2020" = "https://www.aclweb.org/anthology/events/acl-2020/#2020acl-main"
"CVPR 2020" = "https://openaccess.thecvf.com/CVPR2020_search"
"IJCAI 2020" = "http://static.ijcai.org/2020-accepted_papers.html"
"ECCV 2020" = "https://eccv2020.eu/"
"ICLR 2020" = "https://iclr.cc/virtual_2020/papers.html?filter=keywords&search=knowledge+distillation"
"EMNLP 2020" = "https://2020.emnlp.org/papers/main"
"NeurIPS 2020" = "https://papers.nips.cc/paper/2020"
"ICML 2020" = "https://icml.cc/virtual/2020"
"NeurIPS 2019" = "https://papers.nips.cc/paper/2019"
'''

# The list's own headings (as the importer turns them into section paths) → taxonomy paths.
SECTION_MAP = {
    "different-form-of-knowledge/response-based-knowledge": "kd-taxonomy/response-based",
    "different-form-of-knowledge/feature-based-knowledge": "kd-taxonomy/feature-based",
    "different-form-of-knowledge/relation-based-knowledge": "kd-taxonomy/relation-based",
    "different-form-of-knowledge/relationships-between-intermediate-layers":
        "kd-taxonomy/relation-based/intermediate-layers",
    "different-form-of-knowledge/parameters-of-teacher-model": "kd-taxonomy/relation-based/teacher-parameters",
    "different-mode-of-distillation": "kd-taxonomy/modes",
    "kd-algorithms": "kd-taxonomy/algorithms",
    "kd-applications": "kd-taxonomy/applications",
    "fl-open-question-useful-framework": "fl/open-questions",
    "fd-kd-nlp": "fl/fd-kd-nlp",
    "fd-ml-crossfield": "fl/fd-ml-crossfield",
    "ieee": "fl/ieee",
    "surveys": "fl/surveys",
    "applications": "fl/applications",
}

# Findings that need outside knowledge: the paper keeps what the list says, tagged needs-check.
FLAG_CODES = {"IMP151", "IMP160", "IMP106"}  # IMP110 is handled (and flagged) in step 3b


def fix_title_typos(paper: Paper, fixes: list[str], taken: set[str]) -> Paper:
    """``WFitnets`` → ``FitNets``: the name of the method, spelt FitNets in the title's own words
    (hints for thin deep *nets*) and in the literature the list cites; the stray W is a typo."""
    if paper.title.startswith("WFitnets"):
        title = "FitNets" + paper.title[len("WFitnets"):]
        new_id = unique_id(base_id(title, paper.authors, paper.year), taken - {paper.id})
        taken.discard(paper.id)
        taken.add(new_id)
        fixes.append(f"title {paper.title!r} → {title!r} (stray 'W'; id {paper.id} → {new_id})")
        return paper.model_copy(update={"title": title, "id": new_id})
    return paper


def fix_links(result: ImportResult, by_id: dict[str, Paper], fixes: list[str]) -> set[tuple[int, str]]:
    """Steps 3a and 3b: the fixes the list itself shows for its links. Returns the (line, paper)
    of the IMP110 findings fixed (the report counts them apart)."""
    fixed_110: set[tuple[int, str]] = set()
    # 3a. hhttps:// → https:// (the list shows the scheme typo: every other link is https://)
    for f in result.findings:
        if f.code == "IMP102" and f.paper and f.data["url"].startswith("hhttps://"):
            url, label = f.data["url"], f.data["label"]
            kind = link_kind(label) or "paper"
            fixed = "https://" + url[len("hhttps://"):]
            p = by_id[f.paper]
            if p.links.get(kind, "") is None:
                by_id[f.paper] = p.model_copy(update={"links": {**p.links, kind: fixed}})
                fixes.append(f"line {f.line}: {kind} link {url} → {fixed} ({p.id})")

    # 3b. the same link given for two titles. If the URL's own words name the other title, it is
    # that paper's link: removed here (fixed). Otherwise which paper it belongs to needs outside
    # knowledge: the later entry (the copy) keeps the link only in its notes, so the shelf does not
    # claim one identifier for two papers, and is flagged needs-check.
    for f in result.findings:
        if f.code != "IMP110" or not f.paper:
            continue
        url, other_title = f.data["url"], repr(f.data["other_title"])  # quoted, as the notes always were
        p = by_id[f.paper]
        kind = next((k for k, v in p.links.items() if v == url and k == "paper"), None)
        if kind is None:
            continue
        words = set(re.findall(r"[a-z]+", url.lower()))
        theirs = set(re.findall(r"[a-z]{4,}", other_title.lower()))
        mine = set(re.findall(r"[a-z]{4,}", p.title.lower())) - theirs
        names_other = theirs and len(theirs & words) >= 0.9 * len(theirs) and mine and not mine & words
        if names_other:
            note = (f"The list gave this paper the link {url}, whose own words name another paper "
                    f"({other_title}): removed, the real link is missing.")
            fixes.append(f"line {f.line}: {kind} link of {p.id} removed: it is the link of {other_title} "
                         "(the URL names that title)")
            fixed_110.add((f.line, f.paper))
        else:
            note = (f"Import check: the list gives this paper the link {url}, which it also gives to "
                    f"{other_title} (the entry before it); kept here only as this note until someone "
                    "checks which paper it belongs to.")
        ids = {k: v for k, v in p.ids.items() if v not in {vv for vv in ids_from_url(url).values()}}
        update = {"links": {**p.links, kind: None}, "ids": ids, "notes": "\n".join(filter(None, [p.notes, note]))}
        if not names_other:
            update["tags"] = [*p.tags, "needs-check"]
        by_id[p.id] = p.model_copy(update=update)
    return fixed_110


def rename_typos(result: ImportResult, by_id: dict[str, Paper], fixes: list[str]) -> None:
    """Step 3c; findings follow the renamed ids."""
    # 3c. WFitnets → FitNets
    taken = set(by_id)
    renamed: dict[str, str] = {}
    for pid in list(by_id):
        new = fix_title_typos(by_id[pid], fixes, taken)
        if new.id != pid:
            renamed[pid] = new.id
        by_id[pid] = new
    if renamed:  # findings are packed: a finding read is a copy, changed through map
        result.findings.map(lambda f: dataclasses.replace(f, paper=renamed[f.paper]) if f.paper in renamed else f)


def flag(result: ImportResult, by_id: dict[str, Paper], completed: set[str]) -> dict[str, list[str]]:
    """Step 3g: tag needs-check and note what the import found; returns the problems per paper."""
    flagged: dict[str, list[str]] = {}
    # 3g. flag what needs outside knowledge (a title the catalog completed no longer does)
    current = {p.id: pid for pid, p in by_id.items()}
    for f in result.findings:
        if f.code == "IMP160" and f.paper in completed:
            continue
        if f.code in FLAG_CODES and f.paper and f.paper in current:
            flagged.setdefault(f.paper, []).append(f"{f.code} (line {f.line}): {f.message}")
    for new_id, problems in flagged.items():
        pid = current[new_id]
        p = by_id[pid]
        note = "Import check: " + " | ".join(problems)
        by_id[pid] = p.model_copy(update={"tags": [*p.tags, "needs-check"] if "needs-check" not in p.tags else p.tags,
                                          "notes": "\n".join(filter(None, [p.notes, note]))})
    return flagged


def write_papers(out: Path, text: str, entries, final: list[Paper]) -> int:
    """Step 4; returns how many files were written."""
    # 4. write, spread by topic and venue-year
    shelf = Shelf(out)
    survey_start = next(n for n, ln in enumerate(text.split("\n"), 1) if ln.startswith(SURVEY_HEADING))
    from_survey = {p.id for e, p in zip(entries, final) if e.line > survey_start}
    by_file: dict[str, list[Paper]] = {}
    for p in final:
        by_file.setdefault(paper_file(p, p.id in from_survey), []).append(p)
    for rel, batch in sorted(by_file.items()):
        shelf.add(batch, file=Path("papers") / rel)
    return len(by_file)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--out", type=Path, default=ROOT / "reading-list")
    ap.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG,
                    help="folder of Paper Copilot paperlists dumps to enrich from")
    ap.add_argument("--history", type=Path, default=DEFAULT_HISTORY,
                    help="git bundle of the original list's history, to date the entries")
    args = ap.parse_args(argv)
    try:
        return run(args)
    except PapershelfError as exc:  # a bad or missing source, a broken shelf at --out: no traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the disk or a held file refused a write or the swap; the shelf is as it was
        print(f"error: could not write the shelf at {args.out}: {exc.strerror or exc}; it was left as it was "
              "(free space or close programs holding its files, then run again)", file=sys.stderr)
        return 1


def read_source(source: Path) -> str:
    """The original list's text; a file that cannot be read, or is not that list, is an error."""
    text = read_text(source)
    if not any(line.startswith(SURVEY_HEADING) for line in text.split("\n")):
        raise PapershelfError(f"not the original reading list: it has no {SURVEY_HEADING!r} heading", file=source,
                              hint=f"pass the list's README (default: {DEFAULT_SOURCE.relative_to(ROOT)})")
    return text


def run(args: argparse.Namespace) -> int:
    """Build beside ``--out``, then swap the result in."""
    out: Path = args.out
    text = read_source(args.source)
    committed = {p.id: p for p in Shelf(out).papers} if (out / "shelf.toml").exists() else {}
    out.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}-build-", dir=out.parent))
    try:  # built beside the shelf, then swapped in: a failure part-way leaves the shelf as it was
        build(args, text, stage, committed)
        publish(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return 0


def publish(stage: Path, out: Path) -> None:
    """Move the built shelf's files into ``out``: the papers folder first, swapped in one rename
    (if that rename fails, the old folder, parked in ``stage`` which the caller deletes, is put
    back and nothing has changed), then the files that describe it."""
    old = stage / "papers.old"
    if (out / "papers").exists():
        os.replace(out / "papers", old)
    try:
        os.replace(stage / "papers", out / "papers")
    except OSError:
        if old.exists():
            os.replace(old, out / "papers")
        raise
    for name in BUILT_FILES:
        os.replace(stage / name, out / name)


def build(args: argparse.Namespace, text: str, out: Path, committed: dict[str, Paper]) -> None:
    """Steps 1-6 into the empty folder ``out``."""
    source: Path = args.source
    # 1. the shelf settings
    (out / "shelf.toml").write_text(SHELF_TOML, encoding="utf-8")
    (out / ".gitignore").write_text(".papershelf/\n", encoding="utf-8")
    config = load_config(out / "shelf.toml")

    # 2. the import, exactly as `papershelf import` does it
    builder = PaperBuilder(config)
    builder.today = ADDED
    parsed = parse_markdown(text, config)
    result = ImportResult(source)
    pairs = build_papers(parsed, builder, result)
    entries = [e for e, p in pairs if p is not None]
    papers: list[Paper] = [p for _, p in pairs if p is not None]  # type: ignore[misc]
    by_id = {p.id: p for p in papers}
    fixes: list[str] = []

    fixed_110 = fix_links(result, by_id, fixes)
    rename_typos(result, by_id, fixes)

    # 3d. NIPS → NeurIPS is done by the importer's venue aliases: count where the list said NIPS
    nips = sum(1 for e in entries if e.venue == "NeurIPS" and _said_nips(text, e.line))
    fixes.append(f"venue NIPS → NeurIPS for {nips} papers (headings 'NIPS 2020', 'NIPS 2019' and one survey "
                 "entry), by the built-in venue aliases")

    # 3e. sections: the list's headings → the taxonomy
    for pid, p in by_id.items():
        sections = [SECTION_MAP.get(s, s) for s in p.sections]
        if sections != p.sections:
            by_id[pid] = p.model_copy(update={"sections": sections})

    # 3f. enrich from the catalog (outside knowledge from open dumps, with provenance)
    counts_before = field_counts(by_id.values())
    completed, proposed = enrich_from_catalog(by_id, config, args.catalog, committed, fixes)
    counts = (counts_before, field_counts(by_id.values()))

    flagged = flag(result, by_id, completed)

    final = date_entries([Paper.model_validate(by_id[p.id].to_dict()) for p in papers], text, args.history,
                         committed)

    files = write_papers(out, text, entries, final)

    # 5. lint's safe fixes, as `papershelf lint --fix` applies them (arXiv pdf -> abstract page,
    # http -> https on hosts known to serve it, whitespace, canonical venues)
    from papershelf.lint.core import apply_fixes, lint

    shelf = Shelf(out)
    for applied in apply_fixes(shelf, lint(shelf)):
        fixes.append(f"{applied.code} {applied.paper}: {applied.description} (`papershelf lint --fix`)")

    # 6. the shelf's GitHub face, as `papershelf export readme` writes it, and the report
    from papershelf.export.readme import render_readme

    shelf = Shelf(out)
    (out / "README.md").write_text(render_readme(shelf, shelf.papers), encoding="utf-8")
    imported_links = sum(1 for p in papers for v in p.links.values() if v)
    (out / "IMPORT-REPORT.md").write_text(report(source, parsed, result, final, fixes, flagged, imported_links,
                                                     fixed_110)
                                          + "\n" + catalog_report(counts, proposed), encoding="utf-8")
    print(f"{len(final)} papers in {files} files under {args.out}/papers; {len(result.findings)} findings; "
          f"{len(fixes)} fixes", file=sys.stderr)
    print("catalog enrichment, before → after: " + ", ".join(
        f"{k} {counts[0][k]} → {counts[1][k]}" for k in counts[0]), file=sys.stderr)


def date_entries(papers: list[Paper], text: str, bundle: Path, committed: dict[str, Paper]) -> list[Paper]:
    """Each paper's ``added``: the commit that first added it to the list (``--dates-from-git`` on
    a clone of the history bundle); without the bundle, the dates already committed."""
    import tempfile

    from papershelf.importers.gitdates import date_from_git, run_git

    if not bundle.exists():
        print(f"note: no history bundle at {bundle}: keeping the committed `added` dates", file=sys.stderr)
        return [p.model_copy(update={"added": committed[p.id].added}) if p.id in committed else p for p in papers]
    with tempfile.TemporaryDirectory() as tmp:
        cloned = run_git(["clone", "-q", str(bundle), tmp], Path.cwd())  # (git missing: one clear error too)
        if cloned.returncode != 0:
            why = cloned.stderr.decode(errors="replace").strip()
            raise PapershelfError(f"cannot clone the history bundle: {why}", file=bundle,
                                  hint="check it with `git bundle verify`; without a bundle the committed dates are kept")
        readme = Path(tmp) / "README.md"
        if read_text(readme) != text:
            print(f"warning: the bundle's README.md is not the source list: dates may miss entries", file=sys.stderr)
        dated, undated = date_from_git(readme, papers)
    for f in undated:
        print(f"warning: {f.message}", file=sys.stderr)
    print(f"dated {len(papers) - len(undated)} of {len(papers)} entries from the list's git history", file=sys.stderr)
    return dated


COUNTED = {"authors": lambda p: bool(p.authors), "abstracts": lambda p: bool(p.abstract),
           "arXiv ids": lambda p: bool(p.ids.get("arxiv")), "code links": lambda p: bool(p.links.get("code")),
           "venue and year": lambda p: bool(p.venue and p.year)}


def field_counts(papers) -> dict[str, int]:
    papers = list(papers)
    return {name: sum(1 for p in papers if has(p)) for name, has in COUNTED.items()}


def enrich_from_catalog(by_id: dict[str, Paper], config, dumps: Path, committed: dict[str, Paper],
                        fixes: list[str]) -> tuple[set[str], list[str]]:
    """Fill gaps from a catalog of the dumps (confident matches; titles cut short completed).
    Returns the ids whose titles were completed and the proposals left for a person."""
    import tempfile

    from papershelf.app.catalog import plan_with_catalog
    from papershelf.catalog.store import Catalog
    from papershelf.enrich.plan import apply_changes

    files = sorted(dumps.glob("*.json*")) if dumps.is_dir() else []
    if not files:
        print(f"note: no paperlists dumps in {dumps}: keeping the catalog-filled fields already committed",
              file=sys.stderr)
        completed = set()
        for pid, p in by_id.items():
            if pid in committed:
                by_id[pid] = carry_over(p, committed[pid], "catalog:")
            if "title" in by_id[pid].provenance:
                completed.add(pid)
                fixes.append(f"title of {pid} completed from the catalog ({by_id[pid].provenance['title'].source}): "
                             f"{p.title!r} → {by_id[pid].title!r}")
        return completed, ["not known: this build ran without the dumps"]
    completed, proposed = set(), []
    with tempfile.TemporaryDirectory() as tmp, Catalog.open(Path(tmp) / "catalog.sqlite") as catalog:
        catalog.add(files)
        key_of = {p.id: pid for pid, p in by_id.items()}  # by_id keeps the import's ids (3c renamed some)
        for plan in plan_with_catalog(catalog, list(by_id.values()), aliases=config.venue_aliases).plans:
            pid = key_of[plan.paper_id]
            paper = by_id[pid]
            titles = [c for c in plan.proposals if c.field == "title" and "cut short" in plan.reason]
            others = [c for c in plan.proposals if c not in titles]
            if plan.changes or titles:
                by_id[pid] = apply_changes(paper, plan.changes + titles, today=ENRICHED)
            for c in titles:
                completed.add(pid)
                fixes.append(f"title of {pid} completed from the catalog ({c.source}): {c.old!r} → {c.new!r}")
            if others:
                proposed.append(f"`{pid}`: {plan.reason}; would set " + ", ".join(c.field for c in others))
    print(f"enriched from {len(files)} dumps in {dumps}", file=sys.stderr)
    return completed, proposed


def carry_over(paper: Paper, old: Paper, prefix: str) -> Paper:
    """``paper`` with the fields ``old`` got from a source named ``prefix…`` (and their provenance)."""
    data, before = paper.to_dict(), old.to_dict()
    provenance = dict(data.get("provenance", {}))
    for name, prov in before.get("provenance", {}).items():
        if not str(prov["source"]).startswith(prefix):
            continue
        top, _, sub = name.partition(".")
        if sub:
            data[top] = {**data.get(top, {}), sub: before.get(top, {}).get(sub)}
        else:
            data[top] = before.get(top)
        provenance[name] = prov
    if provenance:
        data["provenance"] = provenance
    return Paper.model_validate(data)


def catalog_report(counts: tuple[dict[str, int], dict[str, int]], proposed: list[str]) -> str:
    before, after = counts
    lines = ["## Enriched from the catalog (Paper Copilot paperlists, `enrich --source catalog`)", "",
             "| field | before | after |", "| --- | --- | --- |"]
    lines += [f"| {name} | {before[name]} | {after[name]} |" for name in before]
    lines += ["", "Proposed by a title match below 92 % confidence, not applied (check by hand, then "
              "`papershelf enrich --source catalog ID`):", ""]
    lines += [f"- {p}" for p in proposed] or ["- none"]
    return "\n".join(lines) + "\n"


def _said_nips(text: str, line: int) -> bool:
    """Whether the entry at ``line`` or the nearest heading above it writes NIPS."""
    lines = text.split("\n")
    if re.search(r"\bNIPS\b", lines[line - 1]):
        return True
    for n in range(line - 2, -1, -1):
        if lines[n].startswith("#"):
            return bool(re.search(r"\bNIPS\b", lines[n]))
    return False


def paper_file(p: Paper, from_survey: bool) -> str:
    """papers/<topic>/<venue>-<year>.yaml; the survey part's papers together; else by section."""
    topic = p.topics[0] if p.topics else "inbox"
    if from_survey:
        return f"{topic}/survey-taxonomy.yaml"
    if p.venue and p.year:
        return f"{topic}/{re.sub(r'[^a-z0-9]+', '-', p.venue.lower()).strip('-')}-{p.year}.yaml"
    if p.sections:
        return f"{topic}/{p.sections[0].rsplit('/', 1)[-1]}.yaml"
    return f"{topic}/other.yaml"


def report(source: Path, parsed, result: ImportResult, papers: list[Paper], fixes: list[str],
           flagged: dict[str, list[str]], imported_links: int, fixed_110: set[tuple[int, str]]) -> str:
    codes = Counter(f"{f.code}-fixed" if (f.line, f.paper) in fixed_110 else f.code for f in result.findings)
    links = Counter(k for p in papers for k, v in p.links.items() if v)
    missing = sum(1 for p in papers for v in p.links.values() if v is None)
    merged = sum(len(e.merged_lines) - 1 for e in parsed.entries)
    marks = Counter(m for e in parsed.entries for m, _ in e.marks)
    lines = [
        "# Import report",
        "",
        f"`reading-list/` was built from `{source.name}` by `scripts/build_reading_list.py`, which runs",
        "papershelf's Markdown importer (`papershelf import`) and then applies the fixes below. Rebuild with",
        "`.venv/bin/python scripts/build_reading_list.py`.",
        "",
        "## Counts",
        "",
        f"- list items and rows: {sum(len(e.merged_lines) for e in parsed.entries) + codes['IMP120'] + codes['IMP121']}"
        f" = {sum(len(e.merged_lines) for e in parsed.entries)} entries + {codes['IMP120']} without a title + "
        f"{codes['IMP121']} that are not papers; duplicates merged: {merged}; papers: {len(papers)}",
        "- papers by topic: " + ", ".join(f"{t} {n}" for t, n in
                                           Counter(t for p in papers for t in p.topics).most_common()),
        f"- links: {imported_links} imported, {sum(links.values())} after the fixes "
        f"({', '.join(f'{k} {n}' for k, n in links.most_common())}); "
        f"links missing (placeholders, wrong links taken out): {missing}",
        f"- marks read with the list's legend ({', '.join(f':{m}: = {v}' for m, v in parsed.legend.items())}): "
        + ", ".join(f":{m}: ×{n}" for m, n in marks.most_common()),
        f"- priority: top {sum(p.priority == 'top' for p in papers)}, second "
        f"{sum(p.priority == 'second' for p in papers)}; read: {sum(p.status == 'read' for p in papers)}",
        f"- papers in the survey taxonomy: {sum(any(s.startswith('kd-taxonomy') for s in p.sections) for p in papers)}",
        f"- findings: {len(result.findings)}",
        "",
        "| code | severity | count | meaning |",
        "| --- | --- | --- | --- |",
    ]
    for code, n in sorted(codes.items()):
        sev, meaning = FINDING_CODES.get(code.split("-")[0], ("", ""))
        if code.endswith("-fixed"):
            meaning = "same URL for two titles, fixed (see below)"
        lines.append(f"| {code} | {sev} | {n} | {meaning} |")
    lines += ["", "## Fixed (the list itself shows these are wrong)", ""]
    lines += [f"- {fix}" for fix in fixes]
    lines += ["", "## Left as written, flagged `needs-check` (fixing needs outside knowledge)", ""]
    for pid, problems in flagged.items():
        for problem in problems:
            lines.append(f"- `{pid}`: {problem}")
    for p in papers:
        if "needs-check" in p.tags and p.id not in flagged:
            lines.append(f"- `{p.id}`: " + next(n for n in (p.notes or "").split("\n") if n.startswith("Import check")))
    lines += ["", "## Duplicates merged (each keeps every topic, section, link and mark)", ""]
    for f in result.findings:
        if f.code in ("IMP130", "IMP131", "IMP107"):
            lines.append(f"- line {f.line} ({f.code}, `{f.paper}`): {f.message}")
    lines += ["", "## Not imported", ""]
    for f in result.findings:
        if f.code in ("IMP120", "IMP121", "IMP122"):
            lines.append(f"- line {f.line} ({f.code}): {f.message}")
    lines += ["", "## Venue headings that link to another venue's site", ""]
    for f in result.findings:
        if f.code == "IMP150":
            lines.append(f"- line {f.line}: {f.message}")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
