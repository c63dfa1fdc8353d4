"""``--statistics``: how many findings of each rule, most frequent first (after ruff)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ._common import marker


def render(result: Any, *, unsafe_fixes: bool = False, **_: Any) -> str:
    counts = Counter((f.code, f.rule) for f in result.findings)
    fixable = {(f.code, f.rule) for f in result.findings if marker(f, unsafe_fixes)}
    width = len(str(max(counts.values(), default=0)))
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "\n".join(
        f"{count:>{width}}\t{code}\t{'[*]' if (code, rule) in fixable else '[ ]'} {rule}"
        for (code, rule), count in rows
    )
