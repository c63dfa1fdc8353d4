"""Unified diffs that ``git apply`` and ``patch -p1`` accept."""

from __future__ import annotations

import difflib
import os

#: One step of a diff, as difflib writes it: (tag, i1, i2, j1, j2).
Opcode = tuple[str, int, int, int, int]


def unified_diff(path: str, old: bytes, new: bytes, context: int = 3) -> str:
    """A diff of ``old`` → ``new`` with ``a/`` and ``b/`` prefixes.

    Lines keep their own endings (CRLF stays CRLF), and a last line without a
    newline gets the ``\\ No newline at end of file`` marker.
    """
    name = _patch_path(path)
    a, b = _lines(old), _lines(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    matcher.opcodes = opcodes(a, b)  # type: ignore[attr-defined]  # difflib's own grouping uses them
    out: list[str] = []
    for group in matcher.get_grouped_opcodes(context):
        if not out:
            out += [f"--- a/{name}\n", f"+++ b/{name}\n"]
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [_line(" ", line) for line in a[i1:i2]]
                continue
            out += [_line("-", line) for line in a[i1:i2]]
            out += [_line("+", line) for line in b[j1:j2]]
    return "".join(out)


def opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    """difflib's opcodes for ``a`` → ``b``, anchored on the lines that occur
    once in each (as patience diff does) and matched by difflib only between
    anchors: a fix of thousands of keys changes thousands of lines that look
    alike, which a plain SequenceMatcher compares in quadratic time."""
    out: list[Opcode] = []
    i = j = 0
    for ai, bj in [*_anchors(a, b), (len(a), len(b))]:
        _between(a, b, i, ai, j, bj, out)
        if ai < len(a):
            _add(out, "equal", ai, ai + 1, bj, bj + 1)
        i, j = ai + 1, bj + 1
    return out


def _anchors(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Pairs of lines unique in both, in an order both keep (longest increasing run)."""
    import bisect

    count_a: dict[str, int] = {}
    for line in a:
        count_a[line] = count_a.get(line, 0) + 1
    where_b: dict[str, int] = {}
    count_b: dict[str, int] = {}
    for index, line in enumerate(b):
        count_b[line] = count_b.get(line, 0) + 1
        where_b[line] = index
    pairs = [(i, where_b[line]) for i, line in enumerate(a) if count_a[line] == 1 and count_b.get(line) == 1]
    # longest increasing subsequence of the b positions (patience sorting)
    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(pairs)
    for k, (_, bj) in enumerate(pairs):
        place = bisect.bisect_left(tails, bj)
        if place == len(tails):
            tails.append(bj)
            tail_index.append(k)
        else:
            tails[place] = bj
            tail_index[place] = k
        previous[k] = tail_index[place - 1] if place else -1
    chain = []
    k = tail_index[-1] if tail_index else -1
    while k != -1:
        chain.append(pairs[k])
        k = previous[k]
    return chain[::-1]


def _between(a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int, out: list[Opcode]) -> None:
    while i1 < i2 and j1 < j2 and a[i1] == b[j1]:  # the same at the start
        _add(out, "equal", i1, i1 + 1, j1, j1 + 1)
        i1, j1 = i1 + 1, j1 + 1
    tail = 0
    while i2 - tail > i1 and j2 - tail > j1 and a[i2 - tail - 1] == b[j2 - tail - 1]:
        tail += 1
    middle = difflib.SequenceMatcher(None, a[i1 : i2 - tail], b[j1 : j2 - tail], autojunk=False)
    for tag, x1, x2, y1, y2 in middle.get_opcodes():
        _add(out, tag, i1 + x1, i1 + x2, j1 + y1, j1 + y2)
    if tail:
        _add(out, "equal", i2 - tail, i2, j2 - tail, j2)


def _add(out: list[Opcode], tag: str, i1: int, i2: int, j1: int, j2: int) -> None:
    if i1 == i2 and j1 == j2:
        return
    if out and out[-1][0] == tag:  # merge with the run before it
        _, p1, _, q1, _ = out[-1]
        out[-1] = (tag, p1, i2, q1, j2)
    else:
        out.append((tag, i1, i2, j1, j2))


def _range(start: int, stop: int) -> str:
    """A hunk range as unified diffs write it (1-based; an empty range names the line before)."""
    length = stop - start
    first = start + 1
    if length == 1:
        return f"{first}"
    if not length:
        first -= 1
    return f"{first},{length}"


def _line(mark: str, line: str) -> str:
    return mark + line if line.endswith("\n") else f"{mark}{line}\n\\ No newline at end of file\n"


def _lines(data: bytes) -> list[str]:
    # Split on "\n" only: str.splitlines would also split at U+2028, form
    # feeds and the like inside strings, and the patch would not apply.
    # A byte-order mark stays part of the first line, as it is in the file.
    text = data.decode("utf-8", errors="surrogateescape")
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]  # the text after the last newline has none
    return lines if lines[-1] else lines[:-1]


def _patch_path(path: str) -> str:
    relative = os.path.relpath(path) if os.path.isabs(path) else os.path.normpath(path)
    return relative.replace(os.sep, "/")
