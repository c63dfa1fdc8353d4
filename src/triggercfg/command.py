"""The `check` command's work, without click: options in, report and exit code out.

``cli.py`` parses the whole command line with click and calls :func:`check`.
The common forms that CI and pre-commit run (``triggercfg check PATHS``,
with flags such as ``--force-exclude``, ``--fix`` or ``--output-format
github``) are parsed by :func:`parse_check` instead, and never import click:
its import is about 14 ms of every start, a third of a one-file check.
Anything else, and every other command, goes to click, so that help, usage
errors and their messages have one source. Both paths end in :func:`check`,
and ``tests/test_command.py`` runs each form through both and compares the
output and exit codes byte for byte.
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple, NoReturn

if TYPE_CHECKING:  # pragma: no cover
    from .api import CheckResult
    from .config import Options, Resolver
    from .discover import Problem

EXIT_USAGE = 2

#: --output-format's choices (``triggercfg.reporters.REPORTERS``, whose import this avoids; a test keeps them equal).
OUTPUT_FORMATS = ("full", "concise", "json", "json-lines", "github", "sarif", "gitlab", "junit")
#: Where --output-format's default comes from when the option is not given.
OUTPUT_FORMAT_ENV = "TRIGGERCFG_OUTPUT_FORMAT"


class CheckArgs(NamedTuple):
    """The options of ``triggercfg check``, with their defaults (the click
    command declares the same ones; a test keeps them equal)."""

    paths: tuple[str, ...] = ()
    platform: str | None = None
    output_format: str | None = None
    output_file: str | None = None
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    add_ignore: bool = False
    add_directive: bool = False
    schema_location: str | None = None
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool = False
    strict: bool | None = None
    exit_zero: bool = False
    statistics: bool = False
    config_file: str | None = None
    color: bool | None = None
    jobs: int | None = None
    stdin_filename: str | None = None


#: Flags the fast path reads: the option as written -> (the argument's name, its value).
_FLAGS: dict[str, tuple[str, bool]] = {
    "--fix": ("fix", True),
    "--unsafe-fixes": ("unsafe_fixes", True),
    "--diff": ("diff", True),
    "--add-ignore": ("add_ignore", True),
    "--add-schema-directive": ("add_directive", True),
    "--force-exclude": ("force_exclude", True),
    "--strict": ("strict", True),
    "--exit-zero": ("exit_zero", True),
    "--statistics": ("statistics", True),
    "--color": ("color", True),
    "--no-color": ("color", False),
}


def parse_check(argv: list[str]) -> CheckArgs | None:
    """The options of ``argv`` (the arguments after the program's name) when
    it is a `check` of paths with flags and an ``--output-format`` at most,
    as CI and pre-commit run it; None for anything else, which click parses
    (a usage error, help, an option that takes a value, a path that begins
    with ``-``, Windows, whose console colours click handles)."""
    if not argv or argv[0] != "check" or sys.platform == "win32":
        return None
    paths: list[str] = []
    values: dict[str, object] = {}
    words = iter(argv[1:])
    for word in words:
        if not word.startswith("-") or word == "-":
            paths.append(word)
        elif word in _FLAGS:
            name, value = _FLAGS[word]
            values[name] = value
        elif word == "--output-format" or word.startswith("--output-format="):
            chosen = word.partition("=")[2] if "=" in word else next(words, None)
            if chosen not in OUTPUT_FORMATS:
                return None  # click says what is wrong
            values["output_format"] = chosen
        else:
            return None
    if "output_format" not in values:
        chosen = os.environ.get(OUTPUT_FORMAT_ENV)
        if chosen:  # click reads the variable only when it is not empty
            if chosen not in OUTPUT_FORMATS:
                return None
            values["output_format"] = chosen
    return CheckArgs(tuple(paths), **values)  # type: ignore[arg-type]  # names and types from _FLAGS


def run(command: Callable[[], None]) -> NoReturn:
    """Run a command as the console entry point does: its exit code, one
    line for a closed pipe or an internal error, never a traceback (unless
    TRIGGERCFG_DEBUG is set)."""
    # Pydantic otherwise scans every installed package's entry points for
    # plugins on first use (~20 ms); the command line uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        command()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:
        if os.environ.get("TRIGGERCFG_DEBUG"):
            raise
        echo(
            f"triggercfg: internal error: {type(exc).__name__}: {exc} "
            "(set TRIGGERCFG_DEBUG=1 for a traceback, and please report it)",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    sys.exit(0)


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Write ``text`` (and a newline) to standard output or error, and flush.
    The reports hold colour codes only when colour was asked for; on Windows,
    click writes them (it converts them for the console there)."""
    if sys.platform == "win32":  # pragma: no cover  # the Windows CI job
        import click

        click.echo(text, err=err, nl=nl, color=True)
        return
    stream = sys.stderr if err else sys.stdout
    stream.write(f"{text}\n" if nl else text)
    stream.flush()


def fail(message: str) -> NoReturn:
    echo(f"triggercfg: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def report_problems(problems: "tuple[Problem, ...] | list[Problem]") -> None:
    """Each path that could not be checked or written, on standard error, in
    the one form every command uses: ``triggercfg: error: PATH: reason``."""
    for problem in problems:
        echo(f"triggercfg: error: {problem.display}: {problem.message}", err=True)


def stdin_platform(filename: str | None, platform: str | None) -> str:
    """The platform of standard input: its --stdin-filename's, else --platform."""
    from .platforms import BY_FILENAME

    name = os.path.basename(filename) if filename else ""
    chosen = BY_FILENAME[name].name if name in BY_FILENAME else platform
    if chosen is None:
        fail(
            "cannot tell the platform of standard input: pass --stdin-filename blaxel.toml "
            "(or cerebrium.toml), or --platform"
        )
    return chosen


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def check(args: CheckArgs) -> NoReturn:
    """``triggercfg check``: check (or fix) the paths, print the report, exit 0, 1 or 2."""
    from . import config as cfg
    from .api import check_paths

    overrides: dict[str, object] = {}
    for key, values in (
        ("select", args.select),
        ("extend-select", args.extend_select),
        ("ignore", args.ignore),
        ("exclude", args.exclude),
        ("extend-exclude", args.extend_exclude),
    ):
        if values:
            overrides[key] = list(_split(values))
    if args.strict is not None:
        overrides["strict"] = args.strict
    try:
        resolver = cfg.Resolver(args.config_file, overrides)
        here = resolver.folder(os.getcwd())  # the run's own settings: output format, strictness
    except cfg.ConfigError as exc:
        fail(str(exc))
    fixing = args.fix or args.diff
    report_to_stderr = False
    if "-" in args.paths:
        if len(args.paths) > 1:
            fail("`-` (standard input) must be the only path")
        options = resolver.for_path(args.stdin_filename) if args.stdin_filename else here
        result = _check_stdin(args, options, resolver)
        if args.fix and not args.diff:  # the fixed text on standard output, the report on standard error
            file = result.files[0]
            sys.stdout.flush()
            sys.stdout.buffer.write(file.new_content if file.new_content is not None else file.old_content or b"")
            sys.stdout.buffer.flush()
            report_to_stderr = True
    else:
        try:
            result = check_paths(
                list(args.paths) or ["."],
                platform=args.platform,
                config=resolver,
                fix=fixing,
                unsafe_fixes=args.unsafe_fixes,
                write=not args.diff,
                jobs=args.jobs,
                force_exclude=args.force_exclude,
            )
        except cfg.ConfigError as exc:  # a configuration file found beside a checked file
            fail(str(exc))
    if args.diff:
        _print_diff(result)
    if args.add_ignore:
        _add_ignores(result)
    if args.add_directive:
        _add_directives(result, args.schema_location)
    color = args.color if args.color is not None else (sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    chosen = "statistics" if args.statistics else args.output_format or here.output_format
    console = chosen or "full"
    extra: list[str] = []
    if args.output_file is not None:
        _write_report(args.output_file, chosen or "full", result, resolver, args.unsafe_fixes, args.fix)
        console = "statistics" if args.statistics else "full"
    elif chosen is None and os.environ.get("GITHUB_ACTIONS") == "true":
        extra = ["github"]  # annotations on the pull request, with no flag
    _print_report(console, result, resolver, color, args.unsafe_fixes, args.fix, report_to_stderr)
    for name in extra:
        _print_report(name, result, resolver, False, args.unsafe_fixes, args.fix, report_to_stderr)
    report_problems(result.problems)  # one form for every command and format (docs/json-output.md)
    code = result.exit_code(strict=here.strict)
    sys.exit(0 if args.exit_zero and code == 1 else code)


def _render(
    name: str, result: "CheckResult", resolver: "Resolver", color: bool, unsafe_fixes: bool, fixing: bool
) -> str:
    from .reporters import render

    extra: dict[str, object] = {}
    if name == "sarif":  # SARIF carries each fix as text edits
        from .api import fix_edits

        extra["edits"] = fix_edits(result, options_for=resolver.for_path, unsafe=True)
    return render(name, result, color=color, unsafe_fixes=unsafe_fixes, fixing=fixing, **extra)


def _print_report(
    name: str,
    result: "CheckResult",
    resolver: "Resolver",
    color: bool,
    unsafe_fixes: bool,
    fixing: bool,
    to_stderr: bool,
) -> None:
    if name == "sarif":
        text = _render(name, result, resolver, color, unsafe_fixes, fixing)
        if text:
            echo(text, err=to_stderr)
        return
    from .reporters import chunks

    written = False  # a large report is written as it is made, never held whole
    for piece in chunks(name, result, color=color, unsafe_fixes=unsafe_fixes, fixing=fixing):
        if piece:
            echo(piece, nl=False, err=to_stderr)
            written = True
    if written:
        echo("", err=to_stderr)


def _write_report(
    path: str, name: str, result: "CheckResult", resolver: "Resolver", unsafe_fixes: bool, fixing: bool
) -> None:
    from .rewrite import save_report

    problem = save_report(path, _render(name, result, resolver, False, unsafe_fixes, fixing))
    if problem is not None:
        fail(f"cannot write the report to {path}: {problem}")


def _add_directives(result: "CheckResult", location: str | None) -> NoReturn:
    from .rewrite import add_schema_directives

    done = add_schema_directives(result, location)
    report_problems(done.problems)
    echo(f"Added the schema directive to {done.files} file{'s' if done.files != 1 else ''}.")
    sys.exit(2 if result.problems or done.problems else 0)


def _add_ignores(result: "CheckResult") -> NoReturn:
    """Write a suppression comment for every finding; print what was done, and
    what could not be suppressed (exit 1 when that leaves an error)."""
    from .rewrite import add_ignores

    done = add_ignores(result)
    report_problems(done.problems)
    for path, (finding, why) in done.unsuppressed:
        echo(
            f"{path}:{finding.line}:{finding.column}: cannot suppress {finding.code} [{finding.rule}]: {why}", err=True
        )
    added, files = done.added, done.files
    echo(f"Added {added} suppression{'s' if added != 1 else ''} in {files} file{'s' if files != 1 else ''}.")
    if done.unsuppressed:
        left = len(done.unsuppressed)
        echo(f"{left} finding{'s' if left != 1 else ''} could not be suppressed (see above).")
    errors = any(finding.severity.value == "error" for _, (finding, _) in done.unsuppressed)
    sys.exit(2 if result.problems or done.problems else 1 if errors else 0)


def _check_stdin(args: CheckArgs, options: "Options", resolver: "Resolver") -> "CheckResult":
    from .api import CheckResult, check_stdin, check_text, fix_text

    filename, fix = args.stdin_filename, args.fix or args.diff
    chosen = stdin_platform(filename, args.platform)
    data = sys.stdin.buffer.read()
    if filename:  # the file's place in the repository: the cross-file rules see it there
        return check_stdin(
            data, filename, chosen, options=options, config=resolver, fix=fix, unsafe_fixes=args.unsafe_fixes
        )
    if fix:
        file = fix_text(data, chosen, unsafe=args.unsafe_fixes, path="-", options=options)
        file = file._replace(old_content=data)
    else:
        file = check_text(data, chosen, path="-", options=options)
    return CheckResult((file,))


def _print_diff(result: "CheckResult") -> NoReturn:
    from .diffs import unified_diff

    changed = 0
    for file in result.files:
        if file.new_content is not None and file.old_content is not None and file.new_content != file.old_content:
            changed += 1
            sys.stdout.write(unified_diff(file.path, file.old_content, file.new_content))
    applied = sum(len(f.fixed) for f in result.files)
    report_problems(result.problems)
    if changed:
        echo(
            f"Would fix {applied} finding{'s' if applied != 1 else ''} in {changed} file{'s' if changed != 1 else ''}.",
            err=True,
        )
    else:
        echo("No fixes to apply.", err=True)
    sys.exit(2 if result.problems else (1 if changed else 0))
