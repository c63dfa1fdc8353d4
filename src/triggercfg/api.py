"""The Python API. The CLI is a thin layer over these functions.

>>> from triggercfg import check_text
>>> result = check_text('[[triggers]]\\nid = "a"\\ntype = "http_async"\\n', platform="blaxel")
>>> [(f.rule, f.line, f.column) for f in result.findings]
[('invalid-trigger-type', 3, 8)]

Findings are immutable :class:`~triggercfg.diagnostics.Finding` values with
1-based ``line`` / ``column`` (columns count characters).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .config import Options
from .diagnostics import Finding, Severity
from .discover import Problem, discover
from .engine import FileReport, ProjectInput, check_bytes, check_project, context_of
from .platforms import PLATFORMS, Platform
from .rules import Context
from .runner import Job, run, write_atomic  # noqa: F401 (write_atomic: public, importable from here)
from .source import read_file

__all__ = ["CheckResult", "FileResult", "check_paths", "check_text", "fix_text"]


class FileResult(NamedTuple):
    path: str
    platform: str
    findings: tuple[Finding, ...]
    #: The checked text (BOM removed) of a file with findings; reporters show its lines.
    text: str | None = None
    #: Fix results, when fixing: how many fixes were applied, and the new bytes.
    fixed: tuple[Finding, ...] = ()
    new_content: bytes | None = None
    old_content: bytes | None = None


class CheckResult:
    """The outcome of a run: the checked files, and the paths that could not be checked."""

    __slots__ = ("files", "problems")

    def __init__(self, files: tuple[FileResult, ...], problems: tuple[Problem, ...] = ()) -> None:
        self.files = files
        #: Paths the tool could not check (missing, unreadable, unknown platform).
        self.problems = problems

    def __repr__(self) -> str:
        return f"CheckResult(files={self.files!r}, problems={self.problems!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CheckResult) and (self.files, self.problems) == (other.files, other.problems)

    __hash__ = None  # type: ignore[assignment]

    @property
    def findings(self) -> list[Finding]:
        return [f for file in self.files for f in file.findings]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def exit_code(self, *, strict: bool = False) -> int:
        """0: no errors; 1: errors (or warnings, when strict); 2: could not check."""
        if self.problems:
            return 2
        if self.count(Severity.ERROR) or (strict and self.count(Severity.WARNING)):
            return 1
        return 0


def _platform(name: str | Platform) -> Platform:
    if isinstance(name, Platform):
        return name
    try:
        return PLATFORMS[name]
    except KeyError:
        raise ValueError(f"unknown platform {name!r}; expected one of {sorted(PLATFORMS)}") from None


def check_text(
    text: str | bytes,
    platform: str,
    *,
    path: str = "<string>",
    options: Options | None = None,
) -> FileResult:
    """Check one document given as text (or raw bytes)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    report = check_bytes(path, data, _platform(platform), options or Options())
    return _result(report)


def fix_text(
    text: str | bytes,
    platform: str,
    *,
    unsafe: bool = False,
    path: str = "<string>",
    options: Options | None = None,
) -> FileResult:
    """Apply the fixes of one document; ``new_content`` holds the fixed bytes."""
    from .fixer import fix_bytes

    data = text.encode("utf-8") if isinstance(text, str) else text
    outcome = fix_bytes(path, data, _platform(platform), options or Options(), unsafe=unsafe)
    return _result(outcome.report, outcome.applied, outcome.fixed, data)


def check_paths(
    paths: Sequence[str | os.PathLike[str]],
    *,
    platform: str | None = None,
    options: Options | None = None,
    fix: bool = False,
    unsafe_fixes: bool = False,
    write: bool = True,
    jobs: int | None = None,
) -> CheckResult:
    """Check files and directories (searched for blaxel.toml / cerebrium.toml).

    With ``fix=True`` the fixes are applied, and written back atomically
    unless ``write=False`` (what ``--diff`` uses). Many files are checked in
    parallel (see :mod:`triggercfg.runner`); ``jobs`` sets the number of
    worker processes (1: none). The findings' fixes are
    descriptions here; :func:`fix_text` applies fixes to a text.
    """
    options = options or Options()
    targets, problems = discover([os.fspath(p) for p in paths], platform)
    problems = list(problems)
    files: list[FileResult] = []
    inputs: list[ProjectInput] = []  # what the cross-file rules compare
    where: dict[str, int] = {}  # path -> index in files, for the files they compare
    for outcome in run(targets, Job(options, fix, unsafe_fixes, write, jobs, facts=len(targets) > 1)):
        if outcome.problem is not None:
            problems.append(outcome.problem)
        report = outcome.report
        if report is None:
            continue
        if report.facts:
            where[report.path] = len(files)
            inputs.append(ProjectInput(report.path, outcome.target.path, outcome.target.platform, report.facts))
        files.append(_result(report, outcome.applied, outcome.new, outcome.old))
    del targets
    by_path = {i.path: i for i in inputs}
    cross = check_project(
        inputs, options, lambda path: _reread(by_path[path], files[where[path]].new_content, options)
    )
    for path, (added, source) in cross.items():
        index = where[path]
        result = files[index]
        files[index] = result._replace(
            findings=tuple(sorted((*result.findings, *added), key=Finding.sort_key)), text=source.text
        )
    return CheckResult(tuple(files), tuple(problems))


def _reread(file: ProjectInput, new: bytes | None, options: Options) -> Context | None:
    """The file again, for a cross-file finding: the fixed bytes, or what is on disk."""
    data = new
    if data is None:
        try:
            data = read_file(file.disk_path)
        except OSError:
            return None
    ctx = context_of(file.path, data, file.platform, options)
    return None if isinstance(ctx, FileReport) else ctx


def _result(
    report: FileReport,
    applied: Iterable[Finding] = (),
    new: bytes | None = None,
    old: bytes | None = None,
) -> FileResult:
    return FileResult(
        path=report.path,
        platform=report.platform.name,
        findings=report.findings,
        text=report.source.text if report.source else None,
        fixed=tuple(applied),
        new_content=new,
        old_content=old,
    )

