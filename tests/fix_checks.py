"""The properties every check and every fix must keep, on any input; shared
by the fixture/corpus tests (test_fix_properties.py) and the fuzzer
(test_fuzz.py).

- ``check_invariants``: the check never raises, and every finding lies inside
  the file, on the key, value or table header it names.
- ``fix_invariants``: fixing is idempotent, leaves nothing fixable, changes
  only the lines of the findings it fixed (plus the comment lines that travel
  with a moved key), keeps every comment, the BOM and the line endings, and
  gives valid TOML in which every value outside the tables the fixes touched
  is unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from triggercfg.api import check_text, fix_text
from triggercfg.diagnostics import Finding
from triggercfg.locate import Locations
from triggercfg.parse import Parsed, parse
from triggercfg.source import Source, decode

_SEGMENT = re.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([^.\[\]]+)|\[(\d+)\]')


def text_of(data: bytes) -> str | None:
    source = decode(data)
    return source.text if isinstance(source, Source) else None


def key_path(key: str) -> list[str | int] | None:
    """``triggers[2].configuration."a.b"`` → ``["triggers", 2, "configuration", "a.b"]``."""
    path: list[str | int] = []
    position = 0
    while position < len(key):
        if key[position] == ".":
            position += 1
            continue
        match = _SEGMENT.match(key, position)
        if match is None:
            return None
        double, single, bare, index = match.groups()
        if index is not None:
            path.append(int(index))
        else:
            path.append(double if double is not None else single if single is not None else bare)
        position = match.end()
    return path


def lookup(data: Any, path: list[str | int]) -> tuple[bool, Any]:
    for segment in path:
        try:
            data = data[segment]
        except (KeyError, IndexError, TypeError):
            return False, None
    return True, data


def read(text: str) -> Any:
    """The data of TOML 1.1 text (what Blaxel reads; the superset a Cerebrium
    file's TOML 1.1 constructs are checked in), or None."""
    parsed = parse(text)
    return parsed.data if isinstance(parsed, Parsed) else None


def check_invariants(data: bytes, platform: str) -> tuple[Finding, ...]:
    findings = check_text(data, platform).findings  # never raises
    text = text_of(data)
    if text is None:
        assert [f.rule for f in findings] == ["toml-syntax"]
        return findings
    lines = text.split("\n")
    parsed = read(text)
    for f in findings:
        span = f.span
        assert 1 <= span.line <= len(lines), (f.rule, span)
        assert (span.line, span.column) <= (span.end_line, span.end_column), (f.rule, span)
        assert span.end_line <= len(lines), (f.rule, span)
        assert 1 <= span.column <= len(lines[span.line - 1].rstrip("\r")) + 1, (f.rule, span)
        if parsed is None or f.rule == "toml-syntax":
            continue
        if not lines[span.line - 1].strip():
            assert not text.strip() and span.column == 1, (f.rule, span, "points at a blank line")
            continue  # an empty file: the only place there is
        assert span.column <= len(lines[span.line - 1].rstrip("\r")), (f.rule, span, "points past the line")
        _assert_points_at_its_key(f, lines, parsed)
    return findings


def _assert_points_at_its_key(f: Finding, lines: list[str], parsed: dict[str, Any]) -> None:
    """The span starts on the key it names, the value at that key, or a table header."""
    line = lines[f.span.line - 1]
    if f.span.line == f.span.end_line:
        shown = line[f.span.column - 1 : f.span.end_column - 1]
    else:
        shown = line[f.span.column - 1 :]
    assert shown.strip() == shown and shown, (f.rule, f.key, shown)
    path = key_path(f.key) if f.key else []
    if not path:
        return
    names = [str(s) for s in path if isinstance(s, str)]
    bare = shown.strip("\"'")
    if bare in names or shown.startswith("[") or line.lstrip().startswith("["):
        return  # the key itself (or one it belongs to), or a header
    found, value = lookup(parsed, path)
    if found and f.span.line == f.span.end_line and not isinstance(value, (dict, list)):
        written = read(f"v = {shown}")
        assert (written or {}).get("v") == value or shown in line, (f.rule, f.key, shown, value)


def _leaves(data: Any, prefix: tuple = ()) -> dict[tuple, Any]:
    if isinstance(data, dict):
        out: dict[tuple, Any] = {}
        for key, value in data.items():
            out.update(_leaves(value, (*prefix, key)))
        return out or {prefix: {}}
    if isinstance(data, list) and data and all(isinstance(v, dict) for v in data):
        out = {}
        for index, value in enumerate(data):
            out.update(_leaves(value, (*prefix, index)))
        return out
    return {prefix: data}


def fix_invariants(data: bytes, platform: str, *, unsafe: bool) -> None:
    once = fix_text(data, platform, unsafe=unsafe)
    if once.new_content == data or once.new_content is None:
        return
    # a file that does not parse is never written; TOML 1.1 in a Cerebrium file is rewritten
    assert all(
        f.fix is not None or "is TOML 1.1" in f.message
        for f in check_text(data, platform).findings
        if f.rule == "toml-syntax"
    )
    # idempotent
    twice = fix_text(once.new_content, platform, unsafe=unsafe)
    assert twice.new_content == once.new_content
    # nothing fixable remains
    remaining = check_text(once.new_content, platform).findings
    fixable = [f for f in remaining if f.fix and (unsafe or f.fix.applicability.value == "safe")]
    assert fixable == [], [(f.rule, f.line) for f in fixable]
    before, after = text_of(data), text_of(once.new_content)
    assert before is not None and after is not None
    # valid TOML, and every value no fix touched is unchanged
    old_data, new_data = read(before), read(after)
    assert old_data is not None and new_data is not None
    # a fix may rewrite its key's table (a deprecated trigger moves `schedule` into its configuration)
    touched = [tuple(key_path(f.key) or ())[:-1] for f in once.fixed]
    new_leaves = _leaves(new_data)
    for path, value in _leaves(old_data).items():
        if any(path[: len(t)] == t or t[: len(path)] == path for t in touched):
            continue
        if value == {}:  # an empty table: a move may fill it
            found, now = lookup(new_data, list(path))
            assert found and isinstance(now, dict), (path, value)
            continue
        assert repr(new_leaves.get(path, "<missing>")) == repr(value), (path, value)  # repr: nan == nan
    # only the fixed findings' lines change
    old_lines = before.splitlines()
    allowed = set()
    inside: set[int] = set()  # the lines of a fixed key and its value: a comment there goes with them
    # A later round fixes what an earlier one produced, at places in that text;
    # only the first round's findings have places in the original.
    original = {(f.rule, f.span, f.message) for f in check_text(data, platform).findings}
    where = Locations(before)
    for f in once.fixed:
        if (f.rule, f.span, f.message) not in original:
            # found in a later round, at a place in that round's text: the original lines that
            # set that key (an earlier round may have moved lines: a join, a move), and the same
            # line of the original when it holds the key (a rename before it moved no line)
            last = next((s for s in reversed(key_path(f.key) or []) if isinstance(s, str)), None)
            lines = []
            if last:  # earlier rounds may have moved lines (a join, a move): any original line that sets the key
                # `name = …`, or a dotted key ending in it (`deployment.name = …`)
                setting = re.compile(rf"\s*(?:[\w\"'-]+\s*\.\s*)*[\"']?{re.escape(last)}[\"']?\s*=")
                lines = [n for n, row in enumerate(old_lines, 1) if setting.match(row)]
                if f.span.line <= len(old_lines) and last in old_lines[f.span.line - 1]:
                    lines.append(f.span.line)
            for number in lines:  # the line, and the comments directly above it, which travel with a moved key
                allowed.update(_with_comments_above(old_lines, number))
            entry = where.entries.get(tuple(key_path(f.key) or ()))
            if lines and entry is not None and entry.key is not None and entry.value is not None:
                inside.update(range(entry.key.line, entry.value.end_line + 1))  # its value's other lines
                allowed.update(range(entry.key.line, entry.value.end_line + 1))
            continue
        allowed.update(range(f.span.line, f.span.end_line + 1))
        entry = where.entries.get(tuple(key_path(f.key) or ()))
        if entry is not None and entry.key is not None and entry.value is not None:
            allowed.update(range(entry.key.line, entry.value.end_line + 1))  # a moved or removed multi-line value
            inside.update(range(entry.key.line, entry.value.end_line + 1))
        for touched_path in f.fix.touches if f.fix is not None else ():
            target = where.entries.get(tuple(touched_path[:-1]))
            if target is not None and target.header is None and target.value is not None:
                allowed.update(range(target.value.line, target.value.end_line + 1))  # a move into an inline table
        allowed.update(_with_comments_above(old_lines, f.span.line))  # comments above travel with a moved key
    # every other line survives, in order (a moved key may land between them)
    kept = [line for number, line in enumerate(old_lines, 1) if number not in allowed]
    new_lines = iter(after.splitlines())
    for line in kept:
        assert any(line == candidate for candidate in new_lines), (
            f"line {line!r} changed or moved, but held no fixed finding"
        )
    # comments survive, but those on a fixed key's lines (inside a value it rewrote or removed)
    old_comments = Counter(c.strip() for n, c in Locations(before).comments.items() if n not in inside)
    new_comments = Counter(c.strip() for c in Locations(after).comments.values())
    assert old_comments - new_comments == Counter()
    # the BOM and the line endings stay
    assert once.new_content.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
    if b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b""):
        assert b"\n" not in once.new_content.replace(b"\r\n", b"")


def _with_comments_above(lines: list[str], number: int) -> list[int]:
    """Line ``number`` (1-based) and the comment lines directly above it."""
    out = [number]
    above = number - 1
    while above >= 1 and lines[above - 1].lstrip().startswith("#"):
        out.append(above)
        above -= 1
    return out
