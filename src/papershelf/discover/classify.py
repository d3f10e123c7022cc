"""Taxonomy suggestions: which section of a taxonomy an unfiled paper belongs to, learnt from
the papers already filed there (TF-IDF over title + abstract, a linear classifier)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import PapershelfError
from ..model import Paper
from .text import paper_text, vectorizer


@dataclass
class Proposal:
    """A section proposed for a paper, with the classifier's probability for it."""

    paper: Paper
    section: str
    confidence: float
    runner_up: tuple[str, float] | None = None

    def to_json(self) -> dict:
        return {"paper": self.paper.id, "title": self.paper.title, "section": self.section,
                "confidence": round(self.confidence, 3),
                "runner_up": ({"section": self.runner_up[0], "confidence": round(self.runner_up[1], 3)}
                              if self.runner_up else None)}


def label(paper: Paper, taxonomy: str) -> str | None:
    """The paper's first section below ``taxonomy`` (the root alone is no label)."""
    return next((s for s in paper.sections if s.startswith(taxonomy + "/")), None)


def split(papers: Sequence[Paper], taxonomy: str, topic: str | None = None) -> tuple[list[Paper], list[Paper]]:
    """(papers filed under ``taxonomy``, papers to classify): the latter are the unfiled papers
    of ``topic``, or else of the topics the filed papers have."""
    filed = [p for p in papers if label(p, taxonomy)]
    topics = {topic} if topic else {t for p in filed for t in p.topics}
    todo = [p for p in papers if not label(p, taxonomy) and taxonomy not in p.sections
            and (topics & set(p.topics) or (not topic and not p.topics and not topics))]
    return filed, todo


def _model(filed: Sequence[Paper], taxonomy: str, corpus: Sequence[Paper]):
    from sklearn.linear_model import LogisticRegression

    labels = [label(p, taxonomy) for p in filed]
    if len(set(labels)) < 2:
        raise PapershelfError(f"the papers filed under {taxonomy!r} are in {len(set(labels))} section(s); "
                              "classify needs examples of at least two",
                              hint=f"file a few papers by hand first: papershelf edit ID --sections {taxonomy}/…")
    vec = vectorizer(len(corpus))
    vec.fit([paper_text(p.title, p.abstract) for p in corpus])
    model = LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000)
    model.fit(vec.transform([paper_text(p.title, p.abstract) for p in filed]), labels)
    return vec, model


def propose(papers: Sequence[Paper], taxonomy: str, *, topic: str | None = None) -> list[Proposal]:
    """One proposal per unfiled paper of the taxonomy's scope, most confident first."""
    filed, todo = split(papers, taxonomy, topic)
    if not filed:
        raise PapershelfError(f"no paper is filed under {taxonomy!r} yet", hint="classify learns from filed papers; "
                              f"file a few by hand: papershelf edit ID --sections {taxonomy}/…")
    if not todo:
        return []
    vec, model = _model(filed, taxonomy, [*filed, *todo])
    probabilities = model.predict_proba(vec.transform([paper_text(p.title, p.abstract) for p in todo]))
    out = []
    for paper, row in zip(todo, probabilities):
        order = row.argsort()[::-1]
        best = (str(model.classes_[order[0]]), float(row[order[0]]))
        second = (str(model.classes_[order[1]]), float(row[order[1]]))
        out.append(Proposal(paper, best[0], best[1], second))
    out.sort(key=lambda p: -p.confidence)
    return out


def leave_one_out(papers: Sequence[Paper], taxonomy: str) -> dict:
    """Accuracy of predicting each filed paper's section from the others, beside always
    predicting the most common section of the others (the majority-class baseline)."""
    filed, todo = split(papers, taxonomy)
    correct = majority_correct = 0
    for i, paper in enumerate(filed):
        rest = filed[:i] + filed[i + 1:]
        truth = label(paper, taxonomy)
        vec, model = _model(rest, taxonomy, [*filed, *todo])
        correct += model.predict(vec.transform([paper_text(paper.title, paper.abstract)]))[0] == truth
        majority_correct += Counter(label(p, taxonomy) for p in rest).most_common(1)[0][0] == truth
    counts = Counter(label(p, taxonomy) for p in filed)
    return {"papers": len(filed), "correct": int(correct), "accuracy": correct / len(filed),
            "majority": counts.most_common(1)[0][0], "majority_accuracy": majority_correct / len(filed),
            "sections": dict(counts)}
