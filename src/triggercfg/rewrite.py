"""Every file triggercfg writes other than a fix: checked files rewritten in
place, beside the fixer (``--add-ignore``, a suppression comment for every
finding, ``suppress.py``; ``--add-schema-directive``, a ``#:schema`` line,
``directive.py``), and the report of ``--output-file``. The command line,
the API and the language server all come here; what each file became, and
what could not be done, is returned, never printed.

Every write is atomic and keeps the file's mode (``runner.write_atomic``); a
file saved by someone else meanwhile, or that cannot be read or written, is
left as it is and reported.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from .discover import Problem

if TYPE_CHECKING:  # pragma: no cover
    from .api import CheckResult
    from .suppress import Unsuppressed


class Rewritten(NamedTuple):
    """What rewriting the files of a check did."""

    #: The files written.
    files: int
    #: What was added: suppressed rule names, or directives.
    added: int
    #: Findings no comment could silence, each with why (``--add-ignore``), by the file's path.
    unsuppressed: tuple[tuple[str, Unsuppressed], ...] = ()
    #: Files that could not be read or written.
    problems: tuple[Problem, ...] = ()


def rewrite(path: str, change: Callable[[bytes], bytes | None]) -> Problem | bool | None:
    """Read ``path`` and write back what ``change`` makes of it (None:
    nothing to write). True when written; a Problem when the file could not
    be read or written, or changed meanwhile; False when nothing changed."""
    from .runner import FileChanged, write_atomic

    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return Problem(path, f"cannot read: {exc.strerror or exc}")
    new = change(data)
    if new is None:
        return False
    try:
        write_atomic(os.path.realpath(path), new, expected=data)
    except FileChanged:
        return Problem(path, "not written: the file changed meanwhile (run again)")
    except OSError as exc:
        return Problem(path, f"not written, the file is unchanged: {exc.strerror or exc}")
    return True


def add_ignores(result: CheckResult) -> Rewritten:
    """A suppression comment for every finding of ``result`` (``check --add-ignore``)."""
    from .suppress import add_ignores

    written = added = 0
    unsuppressed: list[tuple[str, Unsuppressed]] = []
    problems: list[Problem] = []
    for file in result.files:
        if not file.findings:
            continue
        outcome: list[tuple[int, list[Unsuppressed]]] = []

        def change(data: bytes, findings: tuple = file.findings, outcome: list = outcome) -> bytes | None:  # type: ignore[type-arg]  # the loop's own values, bound now
            new, count, skipped = add_ignores(data, findings)
            outcome.append((count, skipped))
            return new if count else None

        done = rewrite(file.path, change)
        if isinstance(done, Problem):
            problems.append(done)
            continue
        count, skipped = outcome[0] if outcome else (0, [])
        unsuppressed += [(file.path, one) for one in skipped]
        if done:
            written += 1
            added += count
    return Rewritten(written, added, tuple(unsuppressed), tuple(problems))


def add_schema_directives(result: CheckResult, location: str | None = None) -> Rewritten:
    """A ``#:schema`` line at the top of every file of ``result`` that has
    none (``check --add-schema-directive``): ``location``, or the published
    schema of the file's platform."""
    from .directive import add_schema_directive
    from .platforms import PLATFORMS

    written = 0
    problems: list[Problem] = []
    for file in result.files:
        where = location or PLATFORMS[file.platform].schema_url
        done = rewrite(file.path, lambda data, where=where: add_schema_directive(data, where))  # type: ignore[misc]  # bound now
        if isinstance(done, Problem):
            problems.append(done)
        elif done:
            written += 1
    return Rewritten(written, written, (), tuple(problems))


def save_report(path: str, text: str) -> str | None:
    """Write a report to ``path`` (``--output-file``), making its folders;
    None when written, else why not."""
    try:
        folder = os.path.dirname(path)
        blocked = _file_in_the_way(folder)
        if blocked is not None:
            return f"{blocked} is a file, not a directory"
        if folder:
            os.makedirs(folder, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            out.write(text + "\n" if text else "")
    except OSError as exc:
        return str(exc.strerror or exc)
    return None


def _file_in_the_way(folder: str) -> str | None:
    """The first part of ``folder`` that exists and is not a directory (makedirs says "File exists")."""
    parts = []
    while folder and folder not in parts:
        parts.append(folder)
        folder = os.path.dirname(folder)
    for candidate in reversed(parts):
        if os.path.exists(candidate) and not os.path.isdir(candidate):
            return candidate
    return None


__all__ = ["Rewritten", "add_ignores", "add_schema_directives", "rewrite", "save_report"]
