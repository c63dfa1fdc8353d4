"""Unified diffs that ``git apply`` and ``patch -p1`` accept."""

from __future__ import annotations

import difflib
import os


def unified_diff(path: str, old: bytes, new: bytes) -> str:
    """A diff of ``old`` → ``new`` with ``a/`` and ``b/`` prefixes.

    Lines keep their own endings (CRLF stays CRLF), and a last line without a
    newline gets the ``\\ No newline at end of file`` marker.
    """
    name = _patch_path(path)
    old_lines = _lines(old)
    new_lines = _lines(new)
    out = []
    for line in difflib.unified_diff(old_lines, new_lines, f"a/{name}", f"b/{name}", n=3):
        if line.startswith(("---", "+++")):
            out.append(line.rstrip("\n") + "\n")
            continue
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


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
