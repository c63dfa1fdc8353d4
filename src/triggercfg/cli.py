"""The command line. Thin: parse options, call the API, hand the result to a
reporter, exit with the code the result gives (0 / 1 / 2)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, NoReturn

import click

from . import __version__
from .reporters import REPORTERS

if TYPE_CHECKING:  # pragma: no cover
    from .api import CheckResult
    from .config import Options, Resolver
    from .discover import Problem

EXIT_USAGE = 2


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"triggercfg, version {__version__}")
        ctx.exit()


def _help(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


class _Command(click.Command):
    """A command whose --help option is built without click's translated text
    (click looks up a gettext catalogue for it at every start-up)."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        names = self.get_help_option_names(ctx)
        if not names or not self.add_help_option:
            return None
        return click.Option(
            names, is_flag=True, is_eager=True, expose_value=False, callback=_help, help="Show this message and exit."
        )


class _Group(click.Group):
    command_class = _Command
    get_help_option = _Command.get_help_option


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
# Not click.version_option: its translated help text costs a gettext catalogue
# search at every start-up.
@click.option(
    "--version", is_flag=True, expose_value=False, is_eager=True, callback=_version, help="Show the version and exit."
)
def cli() -> None:
    """Lint, validate and fix blaxel.toml and cerebrium.toml.

    \b
    Exit codes: 0 no errors (warnings alone pass), 1 errors found (or
    warnings with --strict, or changes with --diff), 2 the tool could not do
    its job (usage, unreadable or missing paths, configuration), 130/143
    interrupted (each file is then unchanged or fully fixed).
    """


@cli.command()
# Plain strings, not click.Path: its translated type names cost a gettext
# catalogue search per parameter at every start-up, and the checks are ours.
@click.argument("paths", nargs=-1)
@click.option(
    "--platform", type=click.Choice(["blaxel", "cerebrium"]), help="Platform of files whose name does not say it."
)
@click.option(
    "--output-format",
    "output_format",
    type=click.Choice(list(REPORTERS)),
    default=None,
    envvar="TRIGGERCFG_OUTPUT_FORMAT",
    help="Report format (default: `output-format` from the configuration, else full).",
)
@click.option(
    "--output-file",
    "output_file",
    metavar="FILE",
    help="Write the report in --output-format to FILE; the console still gets the full format.",
)
@click.option("--fix", is_flag=True, help="Apply safe fixes, then report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="Include unsafe fixes (with --fix or --diff).")
@click.option("--diff", is_flag=True, help="Write nothing; print the diff --fix would make. Exit 1 if any.")
@click.option(
    "--add-ignore",
    "add_ignore",
    is_flag=True,
    help="Write a `# triggercfg: ignore[rule]` comment for every finding (to adopt triggercfg).",
)
@click.option(
    "--add-schema-directive",
    "add_directive",
    is_flag=True,
    help="Write `#:schema <location>` at the top of each checked file, for editors.",
)
@click.option(
    "--schema-location",
    metavar="PATH_OR_URL",
    help="What --add-schema-directive names (default: the published schema URL).",
)
@click.option("--select", multiple=True, help="Only these rules (names, codes or code prefixes).")
@click.option("--extend-select", multiple=True, help="Rules to add to --select or `select`.")
@click.option("--ignore", multiple=True, help="Skip these rules (names, codes or code prefixes).")
@click.option("--exclude", multiple=True, help="Globs of files to skip (replaces `exclude`).")
@click.option("--extend-exclude", multiple=True, help="Globs of files to skip, on top of `exclude`.")
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply the exclusions to files named on the command line too (for pre-commit).",
)
@click.option("--strict", is_flag=True, default=None, help="Warnings fail the run too.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when errors are found.")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule has, instead of the findings.")
@click.option(
    "--config",
    "config_file",
    metavar="FILE",
    help="Read options from this file instead of the nearest configuration file.",
)
@click.option("--color/--no-color", default=None, help="Colour output (default: when a terminal, unless NO_COLOR).")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for many files (default: one per core; 1: none).",
)
@click.option(
    "--stdin-filename",
    help="With `-`: the file name that standard input stands for "
    "(blaxel.toml or cerebrium.toml names the platform; it is the path shown).",
)
def check(
    paths: tuple[str, ...],
    platform: str | None,
    output_format: str | None,
    output_file: str | None,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    add_ignore: bool,
    add_directive: bool,
    schema_location: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    force_exclude: bool,
    strict: bool | None,
    exit_zero: bool,
    statistics: bool,
    config_file: str | None,
    color: bool | None,
    jobs: int | None,
    stdin_filename: str | None,
) -> None:
    """Check PATHS (files or directories; default: the current directory).

    `-` reads one file from standard input (name it with --stdin-filename or
    --platform); with --fix, the fixed text goes to standard output and the
    remaining findings to standard error."""
    from . import config as cfg
    from .api import check_paths

    overrides: dict[str, object] = {}
    for key, values in (
        ("select", select),
        ("extend-select", extend_select),
        ("ignore", ignore),
        ("exclude", exclude),
        ("extend-exclude", extend_exclude),
    ):
        if values:
            overrides[key] = list(_split(values))
    if strict is not None:
        overrides["strict"] = strict
    try:
        resolver = cfg.Resolver(config_file, overrides)
        here = resolver.folder(os.getcwd())  # the run's own settings: output format, strictness
    except cfg.ConfigError as exc:
        _fail(str(exc))
    report_to_stderr = False
    if "-" in paths:
        if len(paths) > 1:
            _fail("`-` (standard input) must be the only path")
        options = resolver.for_path(stdin_filename) if stdin_filename else here
        result = _check_stdin(stdin_filename, platform, options, resolver, fix=fix or diff, unsafe=unsafe_fixes)
        if fix and not diff:  # the fixed text on standard output, the report on standard error
            file = result.files[0]
            sys.stdout.flush()  # click.get_binary_stream is deprecated (click 8.5): the buffer itself
            sys.stdout.buffer.write(file.new_content if file.new_content is not None else file.old_content or b"")
            sys.stdout.buffer.flush()
            report_to_stderr = True
    else:
        try:
            result = check_paths(
                list(paths) or ["."],
                platform=platform,
                config=resolver,
                fix=fix or diff,
                unsafe_fixes=unsafe_fixes,
                write=not diff,
                jobs=jobs,
                force_exclude=force_exclude,
            )
        except cfg.ConfigError as exc:  # a configuration file found beside a checked file
            _fail(str(exc))
    if diff:
        _print_diff(result)
        return
    if add_ignore:
        _add_ignores(result)
        return
    if add_directive:
        _add_directives(result, schema_location)
        return
    use_color = color if color is not None else (sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    chosen = output_format or here.output_format
    if statistics:
        chosen = "statistics"
    console = chosen or "full"
    extra: list[str] = []
    if output_file is not None:
        _write_report(output_file, chosen or "full", result, resolver, unsafe_fixes, fix)
        console = "statistics" if statistics else "full"
    elif chosen is None and os.environ.get("GITHUB_ACTIONS") == "true":
        extra = ["github"]  # annotations on the pull request, with no flag
    _print_report(console, result, resolver, use_color, unsafe_fixes, fix, report_to_stderr)
    for name in extra:
        _print_report(name, result, resolver, False, unsafe_fixes, fix, report_to_stderr)
    _report_problems(result.problems)  # one form for every command and format (docs/json-output.md)
    code = result.exit_code(strict=here.strict)
    sys.exit(0 if exit_zero and code == 1 else code)


def _render(name: str, result: CheckResult, resolver: Resolver, color: bool, unsafe_fixes: bool, fixing: bool) -> str:
    from .reporters import render

    extra: dict[str, object] = {}
    if name == "sarif":  # SARIF carries each fix as text edits
        from .api import fix_edits

        extra["edits"] = fix_edits(result, options_for=resolver.for_path, unsafe=True)
    return render(name, result, color=color, unsafe_fixes=unsafe_fixes, fixing=fixing, **extra)


def _print_report(
    name: str, result: CheckResult, resolver: Resolver, color: bool, unsafe_fixes: bool, fixing: bool, to_stderr: bool
) -> None:
    if name == "sarif":
        text = _render(name, result, resolver, color, unsafe_fixes, fixing)
        if text:
            click.echo(text, color=color, err=to_stderr)
        return
    from .reporters import chunks

    written = False  # a large report is written as it is made, never held whole
    for piece in chunks(name, result, color=color, unsafe_fixes=unsafe_fixes, fixing=fixing):
        if piece:
            click.echo(piece, nl=False, color=color, err=to_stderr)
            written = True
    if written:
        click.echo("", color=color, err=to_stderr)


def _write_report(
    path: str, name: str, result: CheckResult, resolver: Resolver, unsafe_fixes: bool, fixing: bool
) -> None:
    from .rewrite import save_report

    problem = save_report(path, _render(name, result, resolver, False, unsafe_fixes, fixing))
    if problem is not None:
        _fail(f"cannot write the report to {path}: {problem}")


def _add_directives(result: CheckResult, location: str | None) -> None:
    from .rewrite import add_schema_directives

    done = add_schema_directives(result, location)
    _report_problems(done.problems)
    click.echo(f"Added the schema directive to {done.files} file{'s' if done.files != 1 else ''}.")
    sys.exit(2 if result.problems or done.problems else 0)


def _add_ignores(result: CheckResult) -> None:
    """Write a suppression comment for every finding; print what was done, and
    what could not be suppressed (exit 1 when that leaves an error)."""
    from .rewrite import add_ignores

    done = add_ignores(result)
    _report_problems(done.problems)
    for path, (finding, why) in done.unsuppressed:
        click.echo(
            f"{path}:{finding.line}:{finding.column}: cannot suppress {finding.code} [{finding.rule}]: {why}", err=True
        )
    added, files = done.added, done.files
    click.echo(f"Added {added} suppression{'s' if added != 1 else ''} in {files} file{'s' if files != 1 else ''}.")
    if done.unsuppressed:
        left = len(done.unsuppressed)
        click.echo(f"{left} finding{'s' if left != 1 else ''} could not be suppressed (see above).")
    errors = any(finding.severity.value == "error" for _, (finding, _) in done.unsuppressed)
    sys.exit(2 if result.problems or done.problems else 1 if errors else 0)


def _report_problems(problems: tuple[Problem, ...] | list[Problem]) -> None:
    """Each path that could not be checked or written, on standard error, in
    the one form every command uses: ``triggercfg: error: PATH: reason``."""
    for problem in problems:
        click.echo(f"triggercfg: error: {problem.display}: {problem.message}", err=True)


def _check_stdin(
    filename: str | None, platform: str | None, options: Options, resolver: Resolver, *, fix: bool, unsafe: bool
) -> CheckResult:
    from .api import CheckResult, check_stdin, check_text, fix_text

    chosen = _stdin_platform(filename, platform)
    data = sys.stdin.buffer.read()
    if filename:  # the file's place in the repository: the cross-file rules see it there
        return check_stdin(data, filename, chosen, options=options, config=resolver, fix=fix, unsafe_fixes=unsafe)
    if fix:
        file = fix_text(data, chosen, unsafe=unsafe, path="-", options=options)
        file = file._replace(old_content=data)
    else:
        file = check_text(data, chosen, path="-", options=options)
    return CheckResult((file,))


def _print_diff(result: CheckResult) -> None:
    from .diffs import unified_diff

    changed = 0
    for file in result.files:
        if file.new_content is not None and file.old_content is not None and file.new_content != file.old_content:
            changed += 1
            sys.stdout.write(unified_diff(file.path, file.old_content, file.new_content))
    applied = sum(len(f.fixed) for f in result.files)
    _report_problems(result.problems)
    if changed:
        click.echo(
            f"Would fix {applied} finding{'s' if applied != 1 else ''} in {changed} file{'s' if changed != 1 else ''}.",
            err=True,
        )
    else:
        click.echo("No fixes to apply.", err=True)
    sys.exit(2 if result.problems else (1 if changed else 0))


@cli.command("show")
@click.argument("paths", nargs=-1)
@click.option(
    "--platform", type=click.Choice(["blaxel", "cerebrium"]), help="Platform of files whose name does not say it."
)
@click.option(
    "--output-format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text: TOML with comments (default); json: the documented contract (docs/show-output.md).",
)
@click.option(
    "--config",
    "config_file",
    metavar="FILE",
    help="Read options from this file instead of the nearest configuration file.",
)
@click.option("--stdin-filename", help="With `-`: the file name that standard input stands for.")
def show_command(
    paths: tuple[str, ...],
    platform: str | None,
    output_format: str,
    config_file: str | None,
    stdin_filename: str | None,
) -> None:
    """Show what each platform's CLI reads from PATHS: the effective configuration.

    Values the CLI converts, fills in or reads from another spelling say so;
    unset keys that bound an async run show the platform's default. Exit 1
    when a platform's CLI refuses a file (the reason is shown), 2 when a path
    cannot be read."""
    from . import config as cfg
    from .effective_config import effective, effective_paths
    from .show import render_json, render_text

    try:
        resolver = cfg.Resolver(config_file, {})
    except cfg.ConfigError as exc:
        _fail(str(exc))
    if "-" in paths:
        if len(paths) > 1:
            _fail("`-` (standard input) must be the only path")
        chosen = _stdin_platform(stdin_filename, platform)
        options = resolver.for_path(stdin_filename) if stdin_filename else resolver.folder(os.getcwd())
        results = [effective(sys.stdin.buffer.read(), chosen, path=stdin_filename or "-", options=options)]
        problems: list[Problem] = []
    else:
        try:
            results, problems = effective_paths(list(paths) or ["."], platform=platform, config=resolver)
        except cfg.ConfigError as exc:
            _fail(str(exc))
    text = render_json(results) if output_format == "json" else render_text(results)
    if text:
        click.echo(text)
    _report_problems(problems)
    sys.exit(2 if problems else (1 if any(not r.accepted for r in results) else 0))


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text")
def rules_command(fmt: str) -> None:
    """List every rule: code, name, severity, fix availability."""
    from .docs import rule_table, rules_text

    click.echo(rule_table() if fmt == "markdown" else rules_text())


@cli.command("rule")
@click.argument("name")
def rule_command(name: str) -> None:
    """Show the documentation of rule NAME (a name such as unknown-key, or a code)."""
    from .docs import rule_markdown
    from .rules import all_rules, get_rule

    rule = get_rule(name)
    if rule is None:
        from .spelling import close_match

        guess = close_match(name, all_rules())
        hint = f"; did you mean `{guess}`?" if guess else "; `triggercfg rules` lists them"
        _fail(f"unknown rule `{name}`{hint}")
    click.echo(rule_markdown(rule))


@cli.command("config")
@click.argument("path", required=False)
@click.option("--config", "config_file", metavar="FILE", help="Use this configuration file.")
def config_command(path: str | None, config_file: str | None) -> None:
    """Print the configuration in force for PATH (a file or folder; default:
    the current folder), and where each value comes from."""
    from . import config as cfg

    target = path or "."
    try:
        resolver = cfg.Resolver(config_file)
        options = resolver.folder(target) if os.path.isdir(target) else resolver.for_path(target)
    except cfg.ConfigError as exc:
        _fail(str(exc))
    click.echo(cfg.describe(options, target, found=config_file is None))


@cli.command("server")
def server_command() -> None:
    """Run the language server over stdio (for editors; needs `pip install 'triggercfg[server]'`)."""
    try:
        from .server import main as serve
    except ImportError as exc:
        _fail(f"the language server needs pygls: pip install 'triggercfg[server]' ({exc})")
    serve()


@cli.command("schema")
@click.option("--check", "check_only", is_flag=True, help="Exit 1 if the files differ from the models.")
@click.option("--output-dir", metavar="DIRECTORY", default="schemas", show_default=True)
@click.option(
    "--print",
    "print_platform",
    type=click.Choice(["blaxel", "cerebrium"]),
    help="Print the path of the schema installed with triggercfg, and exit.",
)
@click.option("--url", "print_url", is_flag=True, help="With --print: the published URL instead.")
def schema_command(check_only: bool, output_dir: str, print_platform: str | None, print_url: bool) -> None:
    """Write the JSON Schemas generated from the models (for editors), and
    schemas/catalog.json (SchemaStore's catalog format)."""
    if print_platform is not None:
        from .platforms import PLATFORMS

        chosen = PLATFORMS[print_platform]
        click.echo(chosen.schema_url if print_url else str(chosen.installed_schema()))
        return
    from pathlib import Path

    from .schema import stale, write_all

    output = Path(output_dir)

    if check_only:
        outdated = stale(output)
        folder = output.is_dir()
        if not folder:  # one line for the folder, not one per file in it
            click.echo(f"{output_dir}: missing (no such folder); run `triggercfg schema` to write it", err=True)
            outdated = [(name, why) for name, why in outdated if not name.startswith(str(output))]
        for name, why in outdated:
            click.echo(f"{name}: {why}; run `triggercfg schema`", err=True)
        if folder and not outdated:
            click.echo(f"{output_dir}: schemas are up to date")
        sys.exit(1 if outdated or not folder else 0)
    try:
        for path in write_all(output):
            click.echo(f"wrote {path}")
    except OSError as exc:
        _fail(f"cannot write schemas to {output_dir}: {exc.strerror or exc}")


def _stdin_platform(filename: str | None, platform: str | None) -> str:
    """The platform of standard input: its --stdin-filename's, else --platform."""
    from .platforms import BY_FILENAME

    name = os.path.basename(filename) if filename else ""
    chosen = BY_FILENAME[name].name if name in BY_FILENAME else platform
    if chosen is None:
        _fail(
            "cannot tell the platform of standard input: pass --stdin-filename blaxel.toml "
            "(or cerebrium.toml), or --platform"
        )
    return chosen


def _fail(message: str) -> NoReturn:
    click.echo(f"triggercfg: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def main() -> None:
    """Console entry point: no traceback for anything but --help/--version."""
    # Pydantic otherwise scans every installed package's entry points for
    # plugins on first use (~20 ms); the CLI uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        cli.main(prog_name="triggercfg", standalone_mode=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:
        if os.environ.get("TRIGGERCFG_DEBUG"):
            raise
        click.echo(
            f"triggercfg: internal error: {type(exc).__name__}: {exc} "
            "(set TRIGGERCFG_DEBUG=1 for a traceback, and please report it)",
            err=True,
        )
        sys.exit(EXIT_USAGE)
