"""The network package's names load their module on first use, so a link check without a
cache starts without SQLite's, hashing's or the e-mail date parser's modules (that every name
resolves: tests/core/test_lazy_exports.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def test_a_check_without_cache_loads_neither_the_cache_nor_the_date_parser():
    script = (
        "import json, sys\n"
        "from papershelf.app.links import check_links\n"
        "from papershelf.net import Client, retry_after\n"
        "before = {m: m in sys.modules for m in ('papershelf.net.cache', 'email.utils')}\n"
        "after_date = retry_after('Wed, 21 Oct 2015 07:28:00 GMT', now=0.0) > 0 and 'email.utils' in sys.modules\n"
        "print(json.dumps({'before': before, 'after_date': after_date}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=os.environ)
    assert json.loads(out.stdout) == {"before": {"papershelf.net.cache": False, "email.utils": False},
                                      "after_date": True}
