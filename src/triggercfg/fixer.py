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
from itertools import pairwise
from typing import TYPE_CHECKING, Any, NamedTuple

from .config import Options
from .diagnostics import Applicability, Finding, KeyPath, Span, TextEdit
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
        syntax = [f for f in fixes if getattr(f.fix.edit, "spans", None) is not None]  # type: ignore[union-attr]  # the round holds fixable findings only
        if syntax:  # the file's syntax first, in a round of its own: other fixes' places are then the file's
            fixes = syntax
        assert report.context is not None
        # Span edits first, on the text as it is; what only tomlkit can do
        # (creating a table, a chain of edits) then runs on their result.
        textual = [f for f in fixes if _has_text_form(f)]
        spliced = _apply_text(text, textual, report.context.locations) if textual else None
        if spliced is None:
            new_text, done = _apply(text, fixes)
        else:
            chosen = {id(f) for f in textual}  # by identity: `in` a list compared every pair
            rest = [f for f in fixes if id(f) not in chosen]
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
        # the text the new report located things in (line endings as the file has them)
        text, report = new_report.source.text, new_report  # type: ignore[union-attr]  # a report located in is a parsed one: it has a source
    fixed = _encode(text, source.bom, source.newline) if applied else data
    return FixOutcome(data, fixed, tuple(applied), report)


def text_edits(
    path: str, data: bytes, platform: Platform, options: Options, *, unsafe: bool = True
) -> list[tuple[Finding, tuple[TextEdit, ...]]]:
    """Each fixable finding with the minimal replacements that its fix alone
    makes (for editors and SARIF, which apply fixes one at a time): one for a
    rename or a value, two for a move (the cut and the paste). A fix that
    cannot apply on its own is left out."""
    report = check_bytes(path, data, platform, options, facts=False)
    if report.source is None or report.context is None:
        return []
    text = report.source.text
    crlf = report.source.newline == "\r\n"
    starts: list[int] | None = None
    out = []
    for finding in report.findings:
        if not applicable(finding, unsafe=unsafe):
            continue
        # A text fix is its own replacements: no diff of the whole text per
        # finding (that made SARIF for 300 findings take half a minute).
        starts = starts or _line_starts(text)
        replacements = (
            _replacements(text, [finding], report.context.locations, starts) if _has_text_form(finding) else None
        )
        if replacements is not None:
            edits = tuple(e for e in (_edit(text, starts, r, crlf) for r in replacements) if e is not None)
            if edits:
                out.append((finding, edits))
            continue
        new, done = _apply(text, [finding])
        if not done:
            continue
        if crlf:
            new = _LONE_LF.sub("\r\n", new)
        if new != text:
            out.append((finding, _minimal(text, new)))
    return out


def _edit(text: str, starts: list[int], replacement: tuple[int, int, str], crlf: bool) -> TextEdit | None:
    """One replacement as a text edit, trimmed to the characters that change."""
    import bisect

    start, end, new = replacement
    if crlf:
        new = _LONE_LF.sub("\r\n", new)
    old = text[start:end]
    prefix, suffix = _common_ends(old, new)
    if prefix == len(old) == len(new):
        return None

    def position(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    return TextEdit(Span(*position(start + prefix), *position(end - suffix)), new[prefix : len(new) - suffix])


def _minimal(old: str, new: str) -> tuple[TextEdit, ...]:
    """The replacements that turn ``old`` into ``new``: one per run of changed
    lines, each trimmed to the characters that differ."""
    import difflib

    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    old_starts = _offsets(old_lines)
    new_starts = _offsets(new_lines)
    edits = []
    # The lines both share at the start and the end are left out of the diff:
    # it compares only the region that changed (difflib is quadratic in it).
    head = 0
    while head < min(len(old_lines), len(new_lines)) and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while tail < min(len(old_lines), len(new_lines)) - head and old_lines[-1 - tail] == new_lines[-1 - tail]:
        tail += 1
    matcher = difflib.SequenceMatcher(
        a=old_lines[head : len(old_lines) - tail], b=new_lines[head : len(new_lines) - tail], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        i1, i2, j1, j2 = i1 + head, i2 + head, j1 + head, j2 + head
        start, end = old_starts[i1], old_starts[i2]
        inserted = new[new_starts[j1] : new_starts[j2]]
        removed = old[start:end]
        prefix, suffix = _common_ends(removed, inserted)
        edits.append(
            TextEdit(
                Span(*_position(old, start + prefix), *_position(old, end - suffix)),
                inserted[prefix : len(inserted) - suffix],
            )
        )
    return tuple(edits)


def _common_ends(old: str, new: str) -> tuple[int, int]:
    """How many characters ``old`` and ``new`` share at the start, then at the end (not overlapping)."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return prefix, suffix


def _offsets(lines: list[str]) -> list[int]:
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    return offsets


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _independent(findings: Iterable[Finding]) -> list[Finding]:
    """The fixes of one round: each that touches no key path an earlier one touches
    (a conflicting fix waits for the next round, where its finding may be gone)."""
    touched: set[KeyPath] = set()
    below: set[KeyPath] = set()  # every path with a touched path under it
    chosen = []
    for finding in findings:
        assert finding.fix is not None
        paths = finding.fix.touches
        # a fix in a value another moves or removes (`a` in a moved `timeout = { a = 1.0 }`) waits too
        if any(p in touched or p in below or any(p[:end] in touched for end in range(1, len(p))) for p in paths):
            continue
        touched.update(paths)
        below.update(p[:end] for p in paths for end in range(1, len(p)))
        chosen.append(finding)
    return chosen


def _has_text_form(finding: Finding) -> bool:
    from .edits import parts

    edits = parts(finding.fix.edit)  # type: ignore[union-attr]  # called for fixable findings only
    return all(any(getattr(edit, form, None) is not None for form in ("text", "move", "spans")) for edit in edits)


def _apply_text(text: str, fixes: list[Finding], locations: Locations) -> str | None:
    """Apply the round as span replacements, when every fix is one (renames,
    scalar values, removals, moves into an existing table); None sends the
    round to tomlkit."""
    replacements = _replacements(text, fixes, locations)
    if replacements is None:
        return None
    pieces: list[str] = []
    last = 0
    for start, end, new in replacements:  # one pass: linear in the number of fixes
        pieces += (text[last:start], new)
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _replacements(
    text: str, fixes: list[Finding], locations: Locations, starts: list[int] | None = None
) -> list[tuple[int, int, str]] | None:
    """The round's span replacements (offsets into ``text``), sorted and not
    overlapping; None when a fix is not one or two of them overlap.
    ``starts``: the text's line starts, when the caller has them already."""
    replacements = []
    created: dict[KeyPath, int] = {}  # new table -> index of its paste in replacements
    pasted_inline: dict[KeyPath, int] = {}  # inline table -> index of its paste in replacements
    from .edits import parts

    edits = [edit for finding in fixes for edit in parts(finding.fix.edit)]  # type: ignore[union-attr]  # the round holds fixable findings only
    for edit in edits:
        spans = getattr(edit, "spans", None)
        if spans is not None:
            replacements.extend(spans)
            continue
        move = getattr(edit, "move", None)
        if move is not None:
            if starts is None:
                starts = _line_starts(text)
            cut_paste = _move(text, starts, locations, move)
            if cut_paste is None:
                return None
            cut, paste = cut_paste[0], cut_paste[-1]
            creates = paste[2].lstrip("\n").startswith("[")  # a new table (after a newline the file lacked)
            if creates and move.target in created:
                # a second key for a table this round creates: under the same header
                index = created[move.target]
                at, _, pasted = replacements[index]
                replacements[index] = (at, at, pasted + paste[2].split("]\n", 1)[1])
                replacements.append(cut)
                continue
            if creates:
                created[move.target] = len(replacements) + 1
            elif move.target in pasted_inline:
                # a second key for the same inline table: one paste holds both
                index = pasted_inline[move.target]
                at, until, before = replacements[index]
                if before.startswith("{ ") and before.endswith(" }"):
                    merged = before[:-2] + ", " + paste[2][2:-2] + " }"
                else:
                    merged = before + paste[2]
                replacements[index] = (at, until, merged)
                replacements.append(cut)  # its comma, if it needed one, is already there
                continue
            replacements.extend(cut_paste)
            if isinstance(cut_paste, _InlinePaste):
                pasted_inline[move.target] = len(replacements) - 1
            continue
        form = getattr(edit, "text", None)
        entry = locations.entries.get(form.path) if form is not None else None
        if form is None or entry is None:
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
            if span is None or (span.line != span.end_line and form.anchor == "key"):
                return None
            start = starts[span.line - 1] + span.column - 1
            end = starts[span.end_line - 1] + span.end_column - 1  # a value may span lines
        new = form.render(text[start:end])
        if new is None:
            return None
        if new == "" and form.anchor == "entry" and entry.value is not None:  # a removed key leaves its comment
            comment = locations.comments.get(entry.value.end_line)
            if comment is not None:  # even an empty `#`
                indent = text[start : start + len(text[start:end]) - len(text[start:end].lstrip(" \t"))]
                new = indent + "#" + comment + ("\n" if text[start:end].endswith("\n") else "")
        replacements.append((start, end, new))
    # Stable, by place; at one place a paste into an existing table goes before a new table.
    replacements.sort(key=lambda r: (r[0], r[1], r[2].lstrip("\n").startswith("[")))
    for (_, end, _), (start, _, _) in pairwise(replacements):
        if start < end:
            return None  # overlapping spans: let tomlkit sort it out
    return replacements


def _move(text: str, starts: list[int], locations: Locations, move: Any) -> list[tuple[int, int, str]] | None:
    """Cut a key's lines (with the comment lines right above) and paste them,
    unindented, after the last key of the target table; a target that does
    not exist yet is created, as a header of its own, right after its parent
    table's keys. None when only tomlkit can do it (an inline or dotted-key
    parent, a table that ends the file without a newline)."""
    entry = locations.entries.get(move.path)
    target = locations.entries.get(move.target)
    if entry is None or entry.key is None or entry.value is None:
        return None
    bounds = _entry_lines(text, starts, entry)
    if bounds is None:
        return None
    start, end = bounds
    line = entry.key.line
    while line > 1 and text[starts[line - 2] : starts[line - 1]].strip().startswith("#"):
        line -= 1
    start = starts[line - 1]
    if (
        target is not None
        and target.header is None
        and target.value is not None
        and text[starts[target.value.line - 1] + target.value.column - 1] == "{"
    ):
        return _into_inline_table(text, starts, locations, move.target, target, entry, start, bounds)
    cut = text[start:end]
    value_end = starts[entry.value.end_line - 1] + entry.value.end_column - 1
    if text[value_end:end].lstrip(" \t").startswith(","):  # out of an inline table over several lines
        cut = text[start:value_end] + text[value_end:end].replace(",", "", 1)
    moved = "".join(part.lstrip(" \t") for part in cut.splitlines(keepends=True))
    if not moved.endswith("\n"):
        moved += "\n"
    if target is None:
        place = _new_table_place(text, starts, locations, move.target)
        if place is None:
            return None
        insert, prefix = place
        from .rules._util import table_header

        moved = f"{prefix}\n{table_header(move.target, locations.table_arrays)}\n{moved}"
    elif target.header is None:
        implicit = _implicit_table_place(text, starts, locations, move.target, target)
        if implicit is None:
            return None
        insert = implicit
        from .rules._util import table_header

        moved = f"{table_header(move.target, locations.table_arrays)}\n{moved}"
    else:
        last = target.header.end_line
        for path, child in locations.entries.items():
            if path[:-1] == move.target and child.value is not None and child.key is not None and child.header is None:
                last = max(last, child.value.end_line)
        if last >= len(starts):  # the table ends the file, without a newline
            insert, moved = len(text), "\n" + moved
        elif text[starts[last] - 1 : starts[last]] != "\n":
            return None
        else:
            insert = starts[last]
    if start < insert < end:
        return None
    return [(start, end, ""), (insert, insert, moved)]


class _InlinePaste(list):  # type: ignore[type-arg]  # a marker subclass; its items are the replacements
    """The replacements of a move into an inline table (the paste is the last)."""


def _into_inline_table(
    text: str,
    starts: list[int],
    locations: Locations,
    path: KeyPath,
    target: Any,
    entry: Any,
    start: int,
    bounds: tuple[int, int],
) -> _InlinePaste | None:
    """Paste a key into an inline table as text (tomlkit re-renders inline
    tables, and can reorder the tables around them). Laid out one key a line
    with the closing brace first on its line (TOML 1.1): a line of its own,
    indented as the last key, comments travelling with it. Otherwise
    ``, key = value`` after the last value (``{ key = value }`` in an empty
    table), and the key's comments stay where it was."""
    value_end = starts[entry.value.end_line - 1] + entry.value.end_column - 1
    key_start = starts[entry.key.line - 1] + entry.key.column - 1
    pair = text[key_start:value_end]
    open_at = starts[target.value.line - 1] + target.value.column - 1
    close_at = starts[target.value.end_line - 1] + target.value.end_column - 2
    children = [
        (e.key, e.value)
        for p, e in locations.entries.items()
        if len(p) == len(path) + 1 and p[: len(path)] == path and e.key is not None and e.value is not None
    ]
    close_row = starts[target.value.end_line - 1]
    if children and target.value.line != target.value.end_line and not text[close_row:close_at].strip():
        last_key, last_value = max(children, key=lambda kv: (kv[1].end_line, kv[1].end_column))
        last_end = starts[last_value.end_line - 1] + last_value.end_column - 1
        indent_start = starts[last_key.line - 1]
        indent = text[indent_start : indent_start + last_key.column - 1]
        if not indent.strip():
            above = [indent + row.strip() + "\n" for row in text[start:key_start].splitlines() if row.strip()]
            trailing = text[value_end : bounds[1]].rstrip("\r\n")
            pasted = "".join(above) + indent + pair + "," + trailing + "\n"
            out = _InlinePaste([(start, bounds[1], "")])
            if not text[last_end:close_at].lstrip(" \t\r\n").startswith(","):
                out.append((last_end, last_end, ","))
            out.append((close_row, close_row, pasted))
            return out
    # the key alone moves; a comment after it stays, on a line of its own
    cut_start, cut_end = bounds
    comment = locations.comments.get(entry.value.end_line)
    left = ""
    if comment is not None:
        left = text[cut_start:key_start] + "#" + comment + ("\n" if text[cut_start:cut_end].endswith("\n") else "")
    if not children:
        if text[open_at + 1 : close_at].strip():
            return None  # comments inside an empty table: tomlkit decides
        return _InlinePaste([(cut_start, cut_end, left), (open_at, close_at + 1, "{ " + pair + " }")])
    _, last_value = max(children, key=lambda kv: (kv[1].end_line, kv[1].end_column))
    last_end = starts[last_value.end_line - 1] + last_value.end_column - 1
    return _InlinePaste([(cut_start, cut_end, left), (last_end, last_end, ", " + pair)])


def _implicit_table_place(
    text: str, starts: list[int], locations: Locations, target: KeyPath, entry: Any
) -> int | None:
    """Where to declare a table that only its sub-tables' headers imply
    (`[runtime]` for `[[runtime.ports]]`): just before the first of them, and
    before the comment lines above it. None for a table made by dotted keys or
    inline, which no header may extend."""
    if entry.value is not None or entry.key is None:
        return None
    headers = {e.header.line: path for path, e in locations.entries.items() if e.header is not None}
    if entry.key.line not in headers:
        return None  # dotted keys
    first = min(line for line, path in headers.items() if path[: len(target)] == target)
    line = first
    while line > 1 and text[starts[line - 2] : starts[line - 1]].strip().startswith("#"):
        line -= 1
    return starts[line - 1]


def _new_table_place(text: str, starts: list[int], locations: Locations, target: KeyPath) -> tuple[int, str] | None:
    """Where a new table ``target`` goes, and what must precede it: after
    the keys of its parent (an element of an array of tables), or after the
    last table under its parent, or at the end of the file."""
    parent_path = target[:-1]
    parent = locations.entries.get(parent_path)
    headers = sorted(e.header.line for e in locations.entries.values() if e.header is not None)
    if (
        parent is not None
        and parent.header is None
        and parent_path
        and (parent.value is not None or parent.key is None or parent.key.line not in headers)
    ):
        return None  # an inline table or dotted keys: a header cannot extend it
    if parent_path and isinstance(parent_path[-1], int):
        if parent is None:
            return None
        after = parent.header.line  # type: ignore[union-attr]  # an element of an array of tables always has its header
    else:
        under = [
            e.header.line
            for path, e in locations.entries.items()
            if e.header is not None and path[: len(parent_path)] == parent_path and len(path) > len(parent_path)
        ]
        after = max(under) if under else (headers[-1] if headers else 0)
        if not under:
            last = len(starts)
            return _after_line(text, starts, _last_content(text, starts, 0, last + 1))
    following = [h for h in headers if h > after]
    limit = following[0] if following else len(starts) + 1
    return _after_line(text, starts, _last_content(text, starts, after, limit))


def _last_content(text: str, starts: list[int], first: int, limit: int) -> int:
    """The last line before ``limit`` (and from ``first`` on) that is neither blank nor only a comment."""
    line = limit - 1
    while line > first:
        row = text[starts[line - 1] : starts[line] if line < len(starts) else len(text)].strip()
        if row and not row.startswith("#"):
            break
        line -= 1
    return line


def _after_line(text: str, starts: list[int], line: int) -> tuple[int, str]:
    """The offset just after ``line`` (its newline included), and a newline
    to add first when the line ends the file without one."""
    if line < len(starts):
        return starts[line], ""
    return len(text), ("" if text.endswith("\n") or not text else "\n")


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
    if after.startswith(","):  # a key of an inline table written over several lines (TOML 1.1)
        after = after[1:].strip()
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

    try:
        doc = tomlkit.parse(text)
    except Exception:
        return text, []
    done = []
    for finding in fixes:
        fix = finding.fix
        assert fix is not None
        before = doc.as_string()
        try:
            fix.edit(doc)
        except Exception:
            doc = tomlkit.parse(before)
            continue
        done.append(finding)
    return doc.as_string(), done


_LONE_LF = re.compile(r"(?<!\r)\n")


def _encode(text: str, bom: bool, newline: str) -> bytes:
    if newline == "\r\n":
        text = _LONE_LF.sub("\r\n", text)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
