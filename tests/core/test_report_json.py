"""report.dumps writes exactly what ``json.dumps(indent=2, ensure_ascii=False)`` writes."""

from __future__ import annotations

import json
import math
from enum import IntEnum

from hypothesis import given, settings
from hypothesis import strategies as st

from papershelf import report

LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
KEYS = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
DATA = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                    | st.dictionaries(KEYS, inner, max_size=4), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(DATA)
def test_the_same_text_as_json_dumps(data):
    assert report.dumps(data) == json.dumps(data, indent=2, ensure_ascii=False)


class Level(IntEnum):
    LOW = 1


def test_the_same_text_for_what_it_leaves_to_json_dumps():
    for data in ([], {}, {"a": {}, "b": [[]]}, [math.nan, math.inf, -math.inf, -0.0, 1e16], {"x": Level.LOW},
                 {1: "one", None: [True]}, "é\u2028\"\\", [{"k": ("t", 2)}]):
        assert report.dumps(data) == json.dumps(data, indent=2, ensure_ascii=False)
