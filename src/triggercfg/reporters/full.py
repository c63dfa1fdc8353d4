"""The default output: each finding with its source line, a caret underline
and a ``help:`` line, then a summary (after ruff's ``full``)."""

from __future__ import annotations

from typing import Any

from ..diagnostics import Severity
from ._common import marker, style, summary, visible

#: Characters of a source line shown at most; a longer line is shown around the finding.
MAX_SHOWN = 160


def redacted(source: str, column: int, end: int) -> tuple[str, int]:
    """``source`` with the characters from ``column`` to ``end`` (exclusive,
    1-based) masked, their quotes kept, and the new end."""
    value = source[column - 1 : end - 1]
    quote = value[:1] if value[:1] in ("'", '"') else ""
    closing = quote if quote and len(value) > 1 and value.endswith(quote) else ""
    masked = f"{quote}{MASK}{closing}"
    return source[: column - 1] + masked + source[end - 1 :], column + len(masked)


#: What a report shows in place of a credential.
MASK = "<redacted>"


def _plain(text: str, fg: str | None = None, bold: bool = False) -> str:
    return text


def render(result: Any, *, color: bool = False, unsafe_fixes: bool = False, fixing: bool = False) -> str:
    paint = style if color else _plain
    out: list[str] = []
    for file in result.files:
        lines = file.text.split("\n") if file.text is not None else []
        for f in file.findings:
            span = f.span
            line, column = span.line, span.column
            code_color = "red" if f.severity is Severity.ERROR else "yellow"
            out.append(
                f"{paint(visible(f.path), bold=True)}:{line}:{column}: "
                f"{paint(f.code, fg=code_color, bold=True)} {marker(f, unsafe_fixes)}"
                f"[{f.rule}] {visible(f.message)}"
            )
            if 0 < line <= len(lines):
                source = visible(lines[line - 1].rstrip("\r"))
                gutter = " " * len(str(line))
                end = span.end_column if span.end_line == line else len(source) + 1
                if f.redact:  # a credential: the line is shown with the value masked
                    source, end = redacted(source, column, end)
                if len(source) > MAX_SHOWN:  # a window around the finding, not a whole minified line
                    first = max(0, column - 1 - MAX_SHOWN // 4)
                    shown = source[first : first + MAX_SHOWN]
                    source = ("…" if first else "") + shown + ("…" if first + MAX_SHOWN < len(source) else "")
                    column, end = column - first + (1 if first else 0), end - first + (1 if first else 0)
                width = max(1, min(end, len(source) + 1) - column)
                before = source[: column - 1]
                pad = "".join("\t" if c == "\t" else " " for c in before) if "\t" in before else " " * len(before)
                bar = paint(f"{gutter} |", fg="blue")
                out.append(bar)
                out.append(f"{paint(f'{line} |', fg='blue')} {source}")
                out.append(f"{bar} {pad}{paint('^' * width, fg=code_color, bold=True)}")
                if f.fix:
                    note = "" if f.fix.applicability.value == "safe" else " (unsafe fix)"
                    help_ = paint(f"{gutter} = ", fg="blue") + paint("help:", bold=True)
                    out.append(f"{help_} {visible(f.fix.message)}{note}")
            out.append("")
    out.extend(summary(result, unsafe_fixes=unsafe_fixes, fixing=fixing))
    return "\n".join(out)
