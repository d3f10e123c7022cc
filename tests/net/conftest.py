"""papershelf.net against HTTP servers these tests start on 127.0.0.1 (tests/lint/loopback.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "lint"))
