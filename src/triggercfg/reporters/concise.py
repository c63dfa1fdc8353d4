"""One line per finding: ``path:line:col: CODE [*] [rule] message``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ._common import marker, summary, visible

#: Findings per piece of :func:`chunks`.
BATCH = 2000


def render(result: Any, *, color: bool = False, unsafe_fixes: bool = False, fixing: bool = False) -> str:
    return "".join(chunks(result, color=color, unsafe_fixes=unsafe_fixes, fixing=fixing))


def chunks(result: Any, *, color: bool = False, unsafe_fixes: bool = False, fixing: bool = False) -> Iterator[str]:
    findings = result.findings
    closing = summary(result, unsafe_fixes=unsafe_fixes, fixing=fixing)
    for start in range(0, len(findings), BATCH):
        lines = visible(
            "\n".join(
                f"{f.path}:{f.span.line}:{f.span.column}: {f.code} {marker(f, unsafe_fixes)}[{f.rule}] {f.message}"
                for f in findings[start : start + BATCH]
            )
        )
        yield lines if start == 0 else "\n" + lines
    if closing:
        yield ("\n" if findings else "") + "\n".join(closing)
