"""Optional sentence embeddings for discovery, when an embedding model is installed.

The model is WordLlama's ``l2_supercat`` (``pip install 'papershelf[embeddings]'``): static token
embeddings averaged per text, with the weights and tokenizer inside the wheel, so it needs no
network, no GPU and no torch, and embeds tens of thousands of titles per second on one core.
Embeddings let ``suggest --embeddings`` see that "student network" and "teacher model" belong
together where TF-IDF only sees different words. They are opt-in: on the knowledge-distillation
benchmark (BENCHMARKS.md) they do not beat TF-IDF alone.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Sequence

DIM = 256  # WordLlama's dimensions come in 64…1024 (Matryoshka); 256 is its own default
CHUNK = 20_000  # texts embedded per call (bounds the tokenizer's memory)


def available() -> bool:
    return importlib.util.find_spec("wordllama") is not None


def model_name() -> str:
    """What a catalog's embeddings are made with (their file is named after it)."""
    return f"wordllama-l2_supercat-{DIM}"


@functools.cache
def _model():
    from pathlib import Path

    import wordllama

    # The weights and tokenizer ship inside the package; pointing the cache at it keeps
    # WordLlama from trying to download the tokenizer from the Hugging Face hub.
    return wordllama.WordLlama.load(dim=DIM, cache_dir=Path(wordllama.__file__).parent)


def embed(texts: Sequence[str]):
    """One L2-normalised float32 row per text."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _model()
    parts = [model.embed(list(texts[i:i + CHUNK]), norm=True) for i in range(0, len(texts), CHUNK)]
    return np.vstack(parts).astype(np.float32, copy=False)


def embed_text(title: str | None, abstract: str | None) -> str:
    """What is embedded: the title, then the abstract."""
    return f"{title or ''}. {abstract or ''}"
