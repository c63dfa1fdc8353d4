"""The command line. Thin: parse options, call the API, hand the result to a
reporter, exit with the code the result gives (0 / 1 / 2)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .command import OUTPUT_FORMAT_ENV, OUTPUT_FORMATS, fail, report_problems, run, stdin_platform

if TYPE_CHECKING:  # pragma: no cover
    from .discover import Problem


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
    type=click.Choice(OUTPUT_FORMATS),
    default=None,
    envvar=OUTPUT_FORMAT_ENV,
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
def check(**options: Any) -> None:
    """Check PATHS (files or directories; default: the current directory).

    `-` reads one file from standard input (name it with --stdin-filename or
    --platform); with --fix, the fixed text goes to standard output and the
    remaining findings to standard error."""
    from .command import CheckArgs
    from .command import check as run_check

    run_check(CheckArgs(**options))  # the parameters are CheckArgs's fields, one for one


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
        fail(str(exc))
    if "-" in paths:
        if len(paths) > 1:
            fail("`-` (standard input) must be the only path")
        chosen = stdin_platform(stdin_filename, platform)
        options = resolver.for_path(stdin_filename) if stdin_filename else resolver.folder(os.getcwd())
        results = [effective(sys.stdin.buffer.read(), chosen, path=stdin_filename or "-", options=options)]
        problems: list[Problem] = []
    else:
        try:
            results, problems = effective_paths(list(paths) or ["."], platform=platform, config=resolver)
        except cfg.ConfigError as exc:
            fail(str(exc))
    text = render_json(results) if output_format == "json" else render_text(results)
    if text:
        click.echo(text)
    report_problems(problems)
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
        fail(f"unknown rule `{name}`{hint}")
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
        fail(str(exc))
    click.echo(cfg.describe(options, target, found=config_file is None))


@cli.command("server")
def server_command() -> None:
    """Run the language server over stdio (for editors; needs `pip install 'triggercfg[server]'`)."""
    try:
        from .server import main as serve
    except ImportError as exc:
        fail(f"the language server needs pygls: pip install 'triggercfg[server]' ({exc})")
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
        fail(f"cannot write schemas to {output_dir}: {exc.strerror or exc}")


def main() -> None:
    """Console entry point: no traceback for anything but --help/--version."""
    run(lambda: cli.main(prog_name="triggercfg", standalone_mode=True))
