"""The Python API. The CLI is a thin layer over these functions.

>>> from triggercfg import check_text
>>> result = check_text('[[triggers]]\\nid = "a"\\ntype = "http_async"\\n', platform="blaxel")
>>> [(f.rule, f.line, f.column) for f in result.findings]
[('invalid-trigger-type', 3, 8)]

Findings are immutable :class:`~triggercfg.diagnostics.Finding` values with
1-based ``line`` / ``column`` (columns count characters).
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from .config import Config, Options, Resolver, resolver
from .diagnostics import Finding, Severity, TextEdit
from .discover import Problem, Target, discover
from .engine import FileReport, ProjectInput, check_bytes, check_project, context_of
from .platforms import PLATFORMS, Platform
from .rules import Context, project_rules
from .runner import PARALLEL_THRESHOLD, Job, Pool, run, write_atomic  # noqa: F401 (write_atomic: public, importable from here)
from .source import read_file

__all__ = ["CheckResult", "Config", "FileResult", "check_paths", "check_stdin", "check_text", "fix_edits", "fix_text"]


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

    __hash__ = None  # type: ignore[assignment]  # a mutable result is not hashable, as a dataclass with eq says

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
    config: Config = None,
    fix: bool = False,
    unsafe_fixes: bool = False,
    write: bool = True,
    jobs: int | None = None,
    force_exclude: bool = False,
    repository: bool = True,
) -> CheckResult:
    """Check files and directories (searched for blaxel.toml / cerebrium.toml).

    Each file's options come from its nearest configuration file, exactly as
    ``triggercfg check`` finds them (its `exclude` skips files a directory
    search finds), unless ``config`` says otherwise (see :data:`Config`):
    ``options=`` alone applies those options to every file. With
    ``fix=True`` the fixes are applied, and written back atomically unless
    ``write=False`` (what ``--diff`` uses). Many files are checked in
    parallel (see :mod:`triggercfg.runner`); ``jobs`` sets the number of
    worker processes (1: none). The findings' fixes are descriptions here;
    :func:`fix_text` applies fixes to a text.

    The cross-file rules compare the files checked with every other config
    file of their git work tree (``repository=True``), so that a commit that
    changes one of two files with the same app name fails; findings are
    reported only for the files checked.
    """
    base = options or Options()
    found = resolver(config, options)
    folder_options = _folder_options(found, base)
    outside_git: set[str] = set()
    names = [os.fspath(p) for p in paths]
    pool = Pool(jobs)  # a search that finds many files starts its first worker, to warm up meanwhile
    try:
        targets, found_problems = discover(
            names,
            platform,
            excluded=lambda path: folder_options(path).excluded(path),
            force_exclude=force_exclude,
            bare=found.bare if found is not None else None,
            outside_git=outside_git,
            found_many=(PARALLEL_THRESHOLD, pool.start),
        )
        targets = [_with_options(t, folder_options(t.path).for_file(t.path), base) for t in targets]
        listing = None
        if repository and targets:
            from .discover import repository_listing

            listing = repository_listing(targets, outside_git)  # git runs while the files are checked
    except BaseException:
        pool.close()  # run() closes it once it has it
        raise
    problems = list(found_problems)
    files: list[FileResult] = []
    inputs: list[ProjectInput] = []  # what the cross-file rules compare
    where: dict[str, int] = {}  # path -> index in files, for the files they compare
    facts = len(targets) > 1 or listing is not None
    job = Job(base, fix, unsafe_fixes, write, jobs, facts=facts)
    # the cross-file rules are loaded while workers check the files
    for outcome in run(targets, job, pool, project_rules if facts else None):
        if outcome.problem is not None:
            problems.append(outcome.problem)
        report = outcome.report
        if report is None:
            continue
        if report.facts:
            where[report.path] = len(files)
            inputs.append(
                ProjectInput(
                    report.path,
                    outcome.target.path,
                    outcome.target.platform,
                    report.facts,
                    outcome.target.options or base,
                )
            )
        files.append(_result(report, outcome.applied, outcome.new, outcome.old))
    if listing is not None:
        inputs.extend(_repository_context(listing(), folder_options))
    del targets
    by_path = {i.path: i for i in inputs}

    def reread(path: str) -> Context | None:
        index = where.get(path)
        return _reread(by_path[path], files[index].new_content if index is not None else None)

    cross = check_project(inputs, base, reread)
    for path, (added, source) in cross.items():
        index = where.get(path)
        if index is None:
            continue  # another file of the repository: compared, never reported
        files[index] = _with_cross_file(files[index], added, source.text)
    return CheckResult(tuple(files), tuple(problems))


def check_stdin(
    data: bytes,
    path: str,
    platform: str,
    *,
    options: Options | None = None,
    config: Config = None,
    fix: bool = False,
    unsafe_fixes: bool = False,
) -> CheckResult:
    """One file's text (standard input) checked as the file at ``path``
    (``--stdin-filename``): with that place's configuration (found as
    :func:`check_paths` finds it), and with the cross-file rules comparing it
    with the other config files of its git work tree, the text standing in
    for what is on disk at ``path``."""
    from .fixer import fix_bytes

    chosen = _platform(platform)
    found = resolver(config, options)
    base = found.for_path(path) if found is not None else options or Options()
    if fix:
        outcome = fix_bytes(path, data, chosen, base, unsafe=unsafe_fixes, facts=True)
        report, applied, new = outcome.report, outcome.applied, outcome.fixed
    else:
        report, applied, new = check_bytes(path, data, chosen, base, facts=True), (), None
    file = _result(report, applied, new, data if fix else None)
    listing = None
    if report.facts:
        from .discover import repository_listing

        listing = repository_listing([Target(path, path, chosen)])
    if listing is None:
        return CheckResult((file,))
    folder_options = _folder_options(found, base)
    own = ProjectInput(report.path, os.path.abspath(path), chosen, report.facts or {}, base)
    inputs = [own, *_repository_context(listing(), folder_options)]
    by_path = {i.path: i for i in inputs}

    def reread(shown: str) -> Context | None:
        if shown == own.path:
            return _reread(own, new if new is not None else data)  # the text, never the file on disk
        return _reread(by_path[shown], None)

    added = check_project(inputs, base, reread).get(own.path)
    if added is not None:
        file = _with_cross_file(file, added[0], added[1].text)
    return CheckResult((file,))


def _with_cross_file(file: FileResult, added: Iterable[Finding], text: str) -> FileResult:
    """A file's result with the cross-file findings about it, in order."""
    return file._replace(findings=tuple(sorted((*file.findings, *added), key=Finding.sort_key)), text=text)


def _folder_options(config: Resolver | None, base: Options) -> Callable[[str], Options]:
    """The options in force for a file's folder: its nearest configuration, or ``base``."""
    if config is None:
        return lambda path: base
    seen: dict[str, Options] = {}  # for this run: discovery and the checks ask about each folder

    def options(path: str) -> Options:
        folder = os.path.dirname(path) or "."
        found = seen.get(folder)
        if found is None:
            found = seen[folder] = config.folder(folder, remember=False)
        return found

    return options


def _with_options(target: Target, options: Options, base: Options) -> Target:
    return target if options == base else target._replace(options=options)


def _repository_context(others: list[Target], folder_options: Callable[[str], Options]) -> list[ProjectInput]:
    """The facts of the repository's other config files (not excluded, not
    unreadable): parsed only, never validated or linted."""
    from .engine import facts_of

    out = []
    for other in others:
        options = folder_options(other.path)
        if options.excluded(other.path):
            continue
        options = options.for_file(other.path)
        try:
            data = read_file(other.path)
        except OSError:
            continue
        facts = facts_of(other.display, data, other.platform, options)
        if facts:
            out.append(ProjectInput(other.display, other.path, other.platform, facts, options, reported=False))
    return out


def _reread(file: ProjectInput, new: bytes | None) -> Context | None:
    """The file again, for a cross-file finding: the fixed bytes, or what is on disk."""
    data = new
    if data is None:
        try:
            data = read_file(file.disk_path)
        except OSError:
            return None
    ctx = context_of(file.path, data, file.platform, file.options)
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


def fix_edits(
    result: CheckResult,
    *,
    options: Options | None = None,
    config: Config = None,
    options_for: Callable[[str], Options] | None = None,
    unsafe: bool = True,
) -> dict[tuple[Any, ...], tuple[TextEdit, ...]]:
    """The text edits of every fixable finding in ``result``, each fix on its
    own (``Finding.sort_key()`` → ``TextEdit``s in the checked text), for SARIF
    ``fixes``. Only files with a fixable finding are looked at again, each with
    the options it was checked with (``config`` and ``options`` as in
    :func:`check_paths`; ``options_for``, a function of the path, overrides
    both)."""
    from .fixer import text_edits

    if options_for is None:
        found = resolver(config, options)
        options_for = found.for_path if found is not None else (lambda path: options or Options())
    out: dict[tuple[Any, ...], tuple[TextEdit, ...]] = {}
    for file in result.files:
        if file.text is None or not any(f.fix is not None for f in file.findings):
            continue
        data = file.text.encode("utf-8")
        chosen = options_for(file.path)
        for finding, edits in text_edits(file.path, data, PLATFORMS[file.platform], chosen, unsafe=unsafe):
            out[finding.sort_key()] = edits
    return out
