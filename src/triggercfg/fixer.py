"""Fix stage: apply the fixes of a file's findings with tomlkit, in rounds.

Each round re-checks the text, applies every fix that does not touch a key
path already touched in that round (a conflicting fix waits for the next
round, where its finding may be gone), and verifies that the result still
parses. Only then is the text accepted. A round whose fixes are all span
replacements (renames, scalar values) is applied to the text directly;
others go through a tomlkit document. The byte-order mark and CRLF line
endings of the original are restored on the way out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from .config import Options
from .diagnostics import Applicability, Finding, KeyPath
from .engine import FileReport, check_bytes
from .platforms import Platform

if TYPE_CHECKING:  # pragma: no cover
    from .locate import Locations

MAX_ROUNDS = 8


class FixOutcome(NamedTuple):
    original: bytes
    fixed: bytes  # equal to ``original`` when nothing changed
    applied: tuple[Finding, ...]  # the findings whose fixes were applied
    report: FileReport  # the findings that remain

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def applicable(finding: Finding, *, unsafe: bool) -> bool:
    return finding.fix is not None and (unsafe or finding.fix.applicability is Applicability.SAFE)


def fix_bytes(
    path: str, data: bytes, platform: Platform, options: Options, *, unsafe: bool, facts: bool = True
) -> FixOutcome:
    report = check_bytes(path, data, platform, options, facts=facts)
    if report.source is None or report.context is None:
        return FixOutcome(data, data, (), report)  # never write a file that did not parse
    source = report.source
    text = source.text
    applied: list[Finding] = []
    for _ in range(MAX_ROUNDS):
        fixes = _independent(f for f in report.findings if applicable(f, unsafe=unsafe))
        if not fixes:
            break
        assert report.context is not None
        # Span edits first, on the text as it is; what only tomlkit can do
        # (creating a table, a chain of edits) then runs on their result.
        textual = [f for f in fixes if _has_text_form(f)]
        spliced = _apply_text(text, textual, report.context.locations) if textual else None
        if spliced is None:
            new_text, done = _apply(text, fixes)
        else:
            rest = [f for f in fixes if f not in textual]
            new_text, done = spliced, textual
            if rest:
                new_text, more = _apply(spliced, rest)
                done = [*textual, *more]
        if not done or new_text == text:
            break
        new_report = check_bytes(path, _encode(new_text, source.bom, source.newline), platform, options, facts=facts)
        if new_report.context is None:
            break  # a fix produced invalid TOML: keep the last good text
        applied.extend(done)
        text, report = new_text, new_report
    fixed = _encode(text, source.bom, source.newline) if applied else data
    return FixOutcome(data, fixed, tuple(applied), report)


def _independent(findings: Iterable[Finding]) -> list[Finding]:
    """The fixes of one round: each that touches no key path an earlier one touches
    (a conflicting fix waits for the next round, where its finding may be gone)."""
    touched: set[KeyPath] = set()
    chosen = []
    for finding in findings:
        assert finding.fix is not None
        if touched.isdisjoint(finding.fix.touches):
            touched.update(finding.fix.touches)
            chosen.append(finding)
    return chosen


def _has_text_form(finding: Finding) -> bool:
    edit = finding.fix.edit  # type: ignore[union-attr]
    return getattr(edit, "text", None) is not None or getattr(edit, "move", None) is not None


def _apply_text(text: str, fixes: list[Finding], locations: Locations) -> str | None:
    """Apply the round as span replacements, when every fix is one (renames,
    scalar values, removals, moves into an existing table); None sends the
    round to tomlkit."""
    replacements = []
    starts: list[int] | None = None
    for finding in fixes:
        move = getattr(finding.fix.edit, "move", None)  # type: ignore[union-attr]
        if move is not None:
            if starts is None:
                starts = _line_starts(text)
            cut_paste = _move(text, starts, locations, move)
            if cut_paste is None:
                return None
            replacements.extend(cut_paste)
            continue
        form = getattr(finding.fix.edit, "text", None)  # type: ignore[union-attr]
        entry = locations.entries.get(form.path) if form is not None else None
        if entry is None:
            return None
        if starts is None:
            starts = _line_starts(text)
        if form.anchor == "entry":
            bounds = _entry_lines(text, starts, entry)
            if bounds is None:
                return None
            start, end = bounds
        else:
            span = entry.key if form.anchor == "key" else entry.value
            if span is None or span.line != span.end_line:
                return None
            start = starts[span.line - 1] + span.column - 1
            end = starts[span.line - 1] + span.end_column - 1
        new = form.render(text[start:end])
        if new is None:
            return None
        replacements.append((start, end, new))
    replacements.sort()
    for (_, end, _), (start, _, _) in zip(replacements, replacements[1:]):
        if start < end:
            return None  # overlapping spans: let tomlkit sort it out
    for start, end, new in reversed(replacements):
        text = text[:start] + new + text[end:]
    return text


def _move(text: str, starts: list[int], locations: Locations, move: Any) -> list[tuple[int, int, str]] | None:
    """Cut a key's lines (with the comment lines right above) and paste them,
    unindented, after the last key of the target table; None when the target
    has no header of its own (tomlkit creates or reshapes it then)."""
    entry = locations.entries.get(move.path)
    target = locations.entries.get(move.target)
    if entry is None or target is None or target.header is None:
        return None
    bounds = _entry_lines(text, starts, entry)
    if bounds is None:
        return None
    start, end = bounds
    line = entry.key.line
    while line > 1 and text[starts[line - 2] : starts[line - 1]].strip().startswith("#"):
        line -= 1
    start = starts[line - 1]
    last = target.header.end_line
    for path, child in locations.entries.items():
        if path[:-1] == move.target and child.value is not None and child.key is not None and child.header is None:
            last = max(last, child.value.end_line)
    if last >= len(starts) or not text[starts[last] - 1 : starts[last]] == "\n":
        return None  # the table ends the file without a newline
    moved = "".join(part.lstrip(" \t") for part in text[start:end].splitlines(keepends=True))
    if not moved.endswith("\n"):
        moved += "\n"
    insert = starts[last]
    if start < insert < end:
        return None
    return [(start, end, ""), (insert, insert, moved)]


def _entry_lines(text: str, starts: list[int], entry: Any) -> tuple[int, int] | None:
    """The offsets of the whole lines a `key = value` pair stands on, when
    nothing but spaces precedes it and nothing but a comment follows it."""
    if entry.key is None or entry.value is None or entry.header is not None:
        return None
    first, last = entry.key.line, entry.value.end_line
    start = starts[first - 1]
    key_start = start + entry.key.column - 1
    value_end = starts[last - 1] + entry.value.end_column - 1
    end = starts[last] if last < len(starts) else len(text)
    after = text[value_end:end].strip()
    if text[start:key_start].strip() or (after and not after.startswith("#")):
        return None
    return start, end


def _line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def _apply(text: str, fixes: list[Finding]) -> tuple[str, list[Finding]]:
    import tomlkit

    doc = tomlkit.parse(text)
    done = []
    for finding in fixes:
        fix = finding.fix
        assert fix is not None
        before = doc.as_string()
        try:
            fix.edit(doc)
        except Exception:  # noqa: BLE001 - a fix that cannot apply is skipped, never fatal
            doc = tomlkit.parse(before)
            continue
        done.append(finding)
    return doc.as_string(), done


_LONE_LF = re.compile(r"(?<!\r)\n")


def _encode(text: str, bom: bool, newline: str) -> bytes:
    if newline == "\r\n":
        text = _LONE_LF.sub("\r\n", text)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
