"""One line per finding: ``path:line:col: CODE [*] [rule] message``."""

from __future__ import annotations

from typing import Any

from ._common import marker, summary


def render(result: Any, *, color: bool = False, unsafe_fixes: bool = False, fixing: bool = False) -> str:
    out = [
        f"{f.path}:{f.line}:{f.column}: {f.code} {marker(f, unsafe_fixes)}[{f.rule}] {f.message}"
        for f in result.findings
    ]
    out += summary(result, unsafe_fixes=unsafe_fixes, fixing=fixing)
    return "\n".join(out)
