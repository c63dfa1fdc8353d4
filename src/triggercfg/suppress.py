"""``check --add-ignore``: a ``# triggercfg: ignore[rule]`` comment for every
current finding, so that a large repository can adopt triggercfg today and
fix its findings later (ruff's ``--add-noqa``).

Only the end of each finding's line changes: a suppression already there
gets the new names; otherwise the comment is appended (after any comment the
line already has). A line that ends inside a multi-line string cannot take a
comment: the suppression goes on the header line of its table, which covers
the whole table (without a header, the finding is left alone). A TOML 1.1
construct in a cerebrium.toml gets a file-level `ignore-file[toml-syntax]`,
since a comment inside the construct could break it. A file that does not
parse is never written, and the result must parse to exactly the same data.
Whatever cannot be suppressed is returned, with why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from .diagnostics import Finding
from .source import ReadProblem, Source, decode

_DIRECTIVE = re.compile(r"(?i)(triggercfg:\s*ignore)(\[([^\]]*)\])?")
#: What a file-level suppression of the syntax rule looks like.
FILE_SYNTAX = "# triggercfg: ignore-file[toml-syntax]"
#: Why a finding of a file that is not valid TOML cannot be suppressed.
NOT_TOML = "the file is not valid TOML, and a file that does not parse is never written (fix the syntax)"
#: Why an unused suppression is not suppressed in turn.
UNUSED = "it is a suppression that silences nothing: remove it"
#: Why a finding on a line that ends inside a multi-line string, in a table without a header, cannot be.
IN_STRING = "its line ends inside a multi-line string, and its table has no header line to take the comment"


class Unsuppressed(NamedTuple):
    finding: Finding
    why: str


def add_ignores(data: bytes, findings: Iterable[Finding]) -> tuple[bytes, int, list[Unsuppressed]]:
    """The new bytes, how many rule names were added, and the findings no
    comment could silence, each with why. A TOML 1.1 construct in a
    cerebrium.toml (a `toml-syntax` finding in a file that parses as TOML 1.1)
    gets one `ignore-file[toml-syntax]` line at the top; a file that does not
    parse at all is left as it is."""
    findings = list(findings)
    source = decode(data)
    if not isinstance(source, Source):
        return data, 0, [Unsuppressed(f, NOT_TOML) for f in findings]
    from .locate import Locations
    from .parse import parse

    text = source.text
    before = parse(text)  # TOML 1.1: what the newest of the platforms reads
    if isinstance(before, ReadProblem):
        return data, 0, [Unsuppressed(f, NOT_TOML) for f in findings]
    locations = Locations(text)
    inside_strings = _string_lines(text, locations)
    headers = sorted({e.header.line for e in locations.entries.values() if e.header is not None})
    wanted: dict[int, list[str]] = {}
    skipped = []
    syntax = False
    for f in findings:
        if f.rule == "unused-suppression":
            skipped.append(Unsuppressed(f, UNUSED))
            continue
        if f.rule == "toml-syntax":  # TOML 1.1 in a cerebrium.toml: a comment inside the construct could break it
            syntax = True
            continue
        line = f.line
        if line in inside_strings:  # the table's header line covers it instead
            above = [h for h in headers if h <= line]
            if not above or above[-1] in inside_strings:
                skipped.append(Unsuppressed(f, IN_STRING))
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
    if syntax and not _FILE_SYNTAX.search(text):
        # at the top, after a `#:schema` line, which editors want first
        at = 1 if lines and lines[0].lstrip().startswith("#:schema") else 0
        lines.insert(at, FILE_SYNTAX + ("\r" if lines and lines[0].endswith("\r") else ""))
        added += 1
    new_text = "\n".join(lines)
    if getattr(parse(new_text), "data", None) != before.data:  # pragma: no cover - guarded by _string_lines
        return data, 0, [Unsuppressed(f, "a comment here would change what the file says") for f in findings]
    return (b"\xef\xbb\xbf" if source.bom else b"") + new_text.encode("utf-8"), added, skipped


_FILE_SYNTAX = re.compile(r"(?i)triggercfg:\s*ignore-file\[[^\]]*toml-syntax")


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
