"""``--statistics``: how many findings of each rule, most frequent first (after ruff)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ._common import marker


def render(result: Any, *, unsafe_fixes: bool = False, **_: Any) -> str:
    """`[*]`: `--fix` (with `--unsafe-fixes`, when given) fixes some of them;
    `[-]`: only `--unsafe-fixes` would; `[ ]`: no fix."""
    counts = Counter((f.code, f.rule) for f in result.findings)
    fixable = {(f.code, f.rule) for f in result.findings if marker(f, unsafe_fixes)}
    unsafe = {(f.code, f.rule) for f in result.findings if f.fix is not None}
    width = len(str(max(counts.values(), default=0)))
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "\n".join(
        f"{count:>{width}}\t{code}\t{_mark((code, rule), fixable, unsafe)} {rule}" for (code, rule), count in rows
    )


def _mark(key: tuple[str, str], fixable: set[tuple[str, str]], any_fix: set[tuple[str, str]]) -> str:
    if key in fixable:
        return "[*]"
    return "[-]" if key in any_fix else "[ ]"
