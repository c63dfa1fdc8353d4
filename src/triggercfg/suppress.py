"""``check --add-ignore``: a ``# triggercfg: ignore[rule]`` comment for every
current finding, so that a large repository can adopt triggercfg today and
fix its findings later (ruff's ``--add-noqa``).

Only the end of each finding's line changes: a suppression already there
gets the new names; otherwise the comment is appended (after any comment the
line already has). A line that ends inside a multi-line string cannot take a
comment: the suppression goes on the header line of its table, which covers
the whole table (without a header, the finding is left alone). A file that does not parse is never written, and
the result must parse to exactly the same data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .diagnostics import Finding
from .source import Source, decode

_DIRECTIVE = re.compile(r"(?i)(triggercfg:\s*ignore)(\[([^\]]*)\])?")
#: Findings that a suppression comment cannot or should not silence.
_NEVER = {"toml-syntax", "unused-suppression"}


def add_ignores(data: bytes, findings: Iterable[Finding]) -> tuple[bytes, int, list[Finding]]:
    """The new bytes, how many rule names were added, and the findings whose
    line cannot take a comment."""
    findings = list(findings)
    source = decode(data)
    if not isinstance(source, Source) or any(f.rule == "toml-syntax" for f in findings):
        return data, 0, []
    from .locate import Locations

    text = source.text
    locations = Locations(text)
    inside_strings = _string_lines(text, locations)
    headers = sorted({e.header.line for e in locations.entries.values() if e.header is not None})
    wanted: dict[int, list[str]] = {}
    skipped = []
    for f in findings:
        if f.rule in _NEVER:
            continue
        line = f.line
        if line in inside_strings:  # the table's header line covers it instead
            above = [h for h in headers if h <= line]
            if not above or above[-1] in inside_strings:
                skipped.append(f)
                continue
            line = above[-1]
        names = wanted.setdefault(line, [])
        if f.rule not in names:
            names.append(f.rule)
    lines = text.split("\n")
    added = 0
    for number, names in sorted(wanted.items()):
        written = lines[number - 1]
        ending = "\r" if written.endswith("\r") else ""
        body = written[: len(written) - len(ending)]
        comment_column = locations.comment_columns.get(number)
        match = _DIRECTIVE.search(body, comment_column) if comment_column is not None else None
        if match is not None and match.group(2) is None:
            continue  # a bare `triggercfg: ignore` already silences every rule
        if match is not None:
            present = [n.strip() for n in match.group(3).split(",") if n.strip()]
            new = [n for n in names if n not in present]
            if not new:
                continue
            body = body[: match.start(2)] + "[" + ", ".join([*present, *new]) + "]" + body[match.end(2) :]
            added += len(new)
        else:
            body = body.rstrip(" \t") + "  # triggercfg: ignore[" + ", ".join(names) + "]"
            added += len(names)
        lines[number - 1] = body + ending
    new_text = "\n".join(lines)
    from .parse import parse

    if getattr(parse(new_text), "data", None) != getattr(
        parse(text), "data", None
    ):  # pragma: no cover - guarded by _string_lines
        return data, 0, findings
    return (b"\xef\xbb\xbf" if source.bom else b"") + new_text.encode("utf-8"), added, skipped


def _string_lines(text: str, locations: object) -> set[int]:
    """Lines whose end lies inside a multi-line string (a comment there would be text)."""
    out: set[int] = set()
    lines = text.split("\n")
    for entry in locations.entries.values():  # type: ignore[attr-defined]  # Locations is imported lazily, so typed loosely here
        value = entry.value
        if value is None or value.line == value.end_line or entry.header is not None:
            continue
        for number in range(value.line, value.end_line):
            row = lines[number - 1]
            if '"""' in row or "'''" in row or _open_string(lines, value.line, number):
                out.add(number)
    return out


def _open_string(lines: list[str], first: int, number: int) -> bool:
    """Whether a multi-line string opened on lines ``first``..``number`` is still open at the end of ``number``."""
    joined = "\n".join(lines[first - 1 : number])
    return (joined.count('"""') % 2 == 1) or (joined.count("'''") % 2 == 1)
