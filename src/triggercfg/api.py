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
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from .config import Options
from .diagnostics import Finding, Severity
from .discover import Problem, discover
from .engine import FileReport, check_bytes, check_project
from .platforms import PLATFORMS, Platform

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
) -> CheckResult:
    """Check files and directories (searched for blaxel.toml / cerebrium.toml).

    With ``fix=True`` the fixes are applied, and written back atomically
    unless ``write=False`` (what ``--diff`` uses).
    """
    options = options or Options()
    targets, problems = discover([os.fspath(p) for p in paths], platform)
    problems = list(problems)
    reports: list[FileReport] = []
    fixed: dict[str, tuple[tuple[Finding, ...], bytes, bytes]] = {}
    for target in targets:
        try:
            data = target.path.read_bytes()
        except OSError as exc:
            problems.append(Problem(target.display, f"cannot read: {exc.strerror or exc}"))
            continue
        if fix:
            from .fixer import fix_bytes

            outcome = fix_bytes(target.display, data, target.platform, options, unsafe=unsafe_fixes)
            if outcome.changed:
                if write:
                    try:
                        write_atomic(target.path, outcome.fixed)
                    except OSError as exc:
                        problems.append(Problem(target.display, f"cannot write: {exc.strerror or exc}"))
                fixed[target.display] = (outcome.applied, outcome.fixed, data)
            reports.append(outcome.report)
        else:
            reports.append(check_bytes(target.display, data, target.platform, options))
    reports = check_project(reports, options)
    files = []
    for report in reports:
        applied, new, old = fixed.get(report.path, ((), None, None))
        files.append(_result(report, applied, new, old))
    return CheckResult(tuple(files), tuple(problems))


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


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` via a temporary file in the same directory,
    keeping the file's permission bits."""
    import tempfile

    mode = stat.S_IMODE(path.stat().st_mode)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
