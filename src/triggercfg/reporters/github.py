"""GitHub Actions workflow commands, so findings annotate the pull request."""

from __future__ import annotations

from typing import Any

from ._common import visible


def _escape(text: str, *, prop: bool = False) -> str:
    text = visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def render(result: Any, **_: Any) -> str:
    out = []
    for f in result.findings:
        level = "error" if f.severity.value == "error" else "warning"
        props = ",".join(
            [
                f"title={_escape(f'triggercfg ({f.code} {f.rule})', prop=True)}",
                f"file={_escape(f.path, prop=True)}",
                f"line={f.line}",
                f"col={f.column}",
                f"endLine={f.span.end_line}",
                f"endColumn={f.span.end_column}",
            ]
        )
        out.append(f"::{level} {props}::{_escape(f'{f.code} [{f.rule}] {f.message}')}")
    for p in result.problems:
        out.append(f"::error file={_escape(p.display, prop=True)}::{_escape(p.message)}")
    return "\n".join(out)
