"""Finding a shelf's related papers beside the rest of the build.

The lists cost the most CPU of a build without a cache (importing numpy and scipy.sparse, the
TF-IDF fit, the nearest papers: about 0.6 s at 10,000 papers), and the build's own steps (pages,
paper data) hold the interpreter's lock, so a thread would not overlap them. A ``papershelf
build`` therefore forks: the child already holds the loaded papers (no second interpreter, no
second load), finds the lists, writes them to the cache file (``discover.related``) and exits;
the builder renders the pages and starts the engine meanwhile, then reads the file. Lists already
in the cache are read without a child; after edits to a few papers' titles or abstracts the
child updates the lists from the model the last fit left (``discover.relatedmodel``). Neither
imports scikit-learn (``discover.tfidf``). Where forking is unsafe (``serve``, which runs
threads) or fails, the lists are found in the builder's process, as before.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from ..discover.related import load_related, related_key
from ..discover.relatedmodel import find
from ..model import Paper


def model_path(cache: Path) -> Path:
    """Where the related lists' model is kept: beside the lists."""
    return cache.with_name(cache.stem + "-model.npz")


def _find(papers: Sequence[Paper], cache: Path, key: str) -> None:
    # Ctrl-C reaches the whole process group: the builder handles it (and kills this child);
    # here it would only print a second traceback ("Process ForkProcess-1: ...").
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        find(papers, cache, model_path(cache), key)
    except Exception:  # the builder finds the lists again itself and reports what fails
        pass


class RelatedJob:
    """The related lists of ``papers``: ``result()`` waits for them."""

    def __init__(self, papers: Sequence[Paper], cache: Path | None = None,
                 found: dict[str, list[str]] | None = None) -> None:
        self.papers, self.cache, self.found = papers, cache, found
        self.process = None
        if found is not None or cache is None:
            return
        self.key = related_key(papers)
        self.found = load_related(cache, self.key)
        if self.found is None and hasattr(os, "fork") and threading.active_count() == 1:
            sys.stdout.flush()  # else the child flushes the parent's buffered output a second time
            sys.stderr.flush()
            try:
                self.process = multiprocessing.get_context("fork").Process(
                    target=_find, args=(papers, cache, self.key), daemon=True)
                self.process.start()
            except OSError:
                self.process = None

    def result(self) -> dict[str, list[str]]:
        if self.found is None:
            if self.process is not None:
                self.process.join()
                self.process = None
                self.found = load_related(self.cache, self.key)
            if self.found is None:  # no child, or it failed
                self.found = find(self.papers, self.cache, model_path(self.cache), self.key)
        return self.found

    def cancel(self) -> None:
        """Stop the child (a build step failed)."""
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.process = None
