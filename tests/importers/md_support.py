"""Shared constants of the importer tests (a module, not conftest, so test files can import it)."""

from __future__ import annotations

from pathlib import Path

from papershelf.config import Topic

ORIGINAL = Path(__file__).resolve().parents[2] / "reading-list" / "source" / "original-reading-list.md"

TOPICS = [Topic(id="knowledge-distillation", name="Knowledge Distillation"),
          Topic(id="federated-learning", name="Federated Learning"),
          Topic(id="topic-models", name="Topic Models")]
