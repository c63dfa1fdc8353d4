"""`check` without click: the fast parse of the common forms gives exactly
what the click interface gives (the same options, output bytes, exit code
and files), and anything it does not know goes to click."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import ROOT, unmeasured_env

from triggercfg import command
from triggercfg.cli import check as click_check
from triggercfg.cli import cli
from triggercfg.command import OUTPUT_FORMATS, CheckArgs, parse_check
from triggercfg.reporters import REPORTERS

# -- one set of options -----------------------------------------------------------


def test_the_click_command_declares_exactly_checkargs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRIGGERCFG_OUTPUT_FORMAT", raising=False)
    assert {p.name for p in click_check.params} == set(CheckArgs._fields)
    given = click_check.make_context("check", []).params  # what click passes for a bare `check`
    assert CheckArgs(**given) == CheckArgs()
    given = click_check.make_context("check", ["--fix", "--no-color", "--output-format", "json", "x"]).params
    assert CheckArgs(**given) == parse_check(["check", "--fix", "--no-color", "--output-format", "json", "x"])


def test_every_fast_flag_is_the_same_click_flag() -> None:
    by_option: dict[str, tuple[str, bool]] = {}
    for param in click_check.params:
        if isinstance(param, click.Option) and param.is_flag:
            for opt in param.opts:
                by_option[opt] = (str(param.name), True)
            for opt in param.secondary_opts:
                by_option[opt] = (str(param.name), False)
    assert {flag: by_option[flag] for flag in command._FLAGS} == command._FLAGS


def test_output_formats_are_the_reporters() -> None:
    assert tuple(REPORTERS) == OUTPUT_FORMATS


# -- what the fast parse takes, and what it leaves to click ------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["check"], CheckArgs()),
        (["check", "a", "b/blaxel.toml"], CheckArgs(paths=("a", "b/blaxel.toml"))),
        (["check", "--force-exclude", "x.toml"], CheckArgs(paths=("x.toml",), force_exclude=True)),
        (["check", "--fix", "--unsafe-fixes", "."], CheckArgs(paths=(".",), fix=True, unsafe_fixes=True)),
        (["check", "--output-format", "github", "."], CheckArgs(paths=(".",), output_format="github")),
        (["check", "--output-format=json", "."], CheckArgs(paths=(".",), output_format="json")),
        (["check", "--color", "--no-color"], CheckArgs(color=False)),  # the last one wins, as in click
        (["check", "--strict", "--exit-zero", "--statistics"], CheckArgs(strict=True, exit_zero=True, statistics=True)),
        (["check", "-"], CheckArgs(paths=("-",))),
    ],
)
def test_the_common_forms_are_parsed(argv: list[str], expected: CheckArgs, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRIGGERCFG_OUTPUT_FORMAT", raising=False)
    assert parse_check(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["show", "."],
        ["rules"],
        ["check", "--help"],
        ["check", "-h"],
        ["check", "--select", "TC1"],
        ["check", "-j", "2"],
        ["check", "--jobs=2"],
        ["check", "--", "-odd-name.toml"],
        ["check", "-odd-name.toml"],
        ["check", "--output-format", "xml"],
        ["check", "--output-format"],
        ["check", "--fixx"],
        ["check", "--stdin-filename", "blaxel.toml", "-"],
        ["--version"],
    ],
)
def test_everything_else_goes_to_click(argv: list[str]) -> None:
    assert parse_check(argv) is None


def test_the_output_format_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIGGERCFG_OUTPUT_FORMAT", "concise")
    assert parse_check(["check"]) == CheckArgs(output_format="concise")
    assert parse_check(["check", "--output-format", "json"]) == CheckArgs(output_format="json")
    monkeypatch.setenv("TRIGGERCFG_OUTPUT_FORMAT", "")  # click ignores an empty variable
    assert parse_check(["check"]) == CheckArgs()
    monkeypatch.setenv("TRIGGERCFG_OUTPUT_FORMAT", "yaml")  # click says what is wrong with it
    assert parse_check(["check"]) is None


# -- the same run either way --------------------------------------------------------

BROKEN = (
    'type = "agent"\nname = "shop"\n'
    "[[triggers]]\n"
    'id = "t"\ntype = "http_async"\n'
    "[triggers.configuration]\n"
    'callbackUrl = "http://10.0.0.1/hook"\ntimeout = 5000\n'
)
SCALING = '[cerebrium.deployment]\nname = "a"\n[cerebrium.scaling]\ncooldown = "30"\nresponse_grace_period = 86400\n'


def _tree(root: Path) -> Path:
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "c").mkdir()
    (root / "a" / "blaxel.toml").write_text(BROKEN, encoding="utf-8")
    (root / "b" / "cerebrium.toml").write_text(SCALING, encoding="utf-8")
    (root / "c" / "blaxel.toml").write_bytes((ROOT / "examples" / "clean" / "blaxel.toml").read_bytes())
    return root


#: The closing lines of a full report on BROKEN.
SUMMARY = "4 errors, 0 warnings in 1 file.\n[*] 1 fixable with `--fix` (2 more with --unsafe-fixes).\n"


def _python(code: str, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -c code args`` in ``cwd``, without coverage's hooks (they would change what is imported)."""
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, env=unmeasured_env(), check=False
    )


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


FORMS = [
    ["check"],
    ["check", "a", "b/cerebrium.toml"],
    ["check", "--force-exclude", "a/blaxel.toml", "c/blaxel.toml"],
    ["check", "--no-color", "--statistics"],
    ["check", "--color"],
    ["check", "--fix"],
    ["check", "--fix", "--unsafe-fixes"],
    ["check", "--diff"],
    ["check", "--exit-zero"],
    ["check", "--strict", "c"],
    ["check", "c"],
    ["check", "--add-ignore"],
    ["check", "missing-folder"],
    *(["check", "--output-format", name, "a", "b"] for name in OUTPUT_FORMATS),
]


def _run(argv: list[str], root: Path, fast: bool, capfd: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    old = os.getcwd()
    os.chdir(root)
    try:
        with pytest.raises(SystemExit) as exit_info:
            if fast:
                args = parse_check(argv)
                assert args is not None
                command.run(lambda: command.check(args))
            else:
                command.run(lambda: cli.main(argv, prog_name="triggercfg", standalone_mode=True))
    finally:
        os.chdir(old)
    out, err = capfd.readouterr()
    return int(exit_info.value.code or 0), out, err


@pytest.mark.parametrize("argv", FORMS, ids=lambda argv: " ".join(argv[1:]) or "(none)")
def test_fast_and_click_give_the_same_run(
    argv: list[str], tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("TRIGGERCFG_OUTPUT_FORMAT", "GITHUB_ACTIONS", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    outcomes = []
    for fast in (True, False):
        root = _tree(tmp_path / ("fast" if fast else "click"))
        code, out, err = _run(argv, root, fast, capfd)
        outcomes.append((code, out.replace(str(root), "ROOT"), err.replace(str(root), "ROOT"), _files(root)))
    assert outcomes[0] == outcomes[1]
    code, out, _, _ = outcomes[0]
    assert code in (0, 1, 2)
    assert out or code == 2


def test_the_console_entry_point_runs_the_fast_path_without_click(tmp_path: Path) -> None:
    """The installed `triggercfg` command, as pre-commit runs it: the same
    report and exit code as through click, and click is never imported."""
    root = _tree(tmp_path)
    probe = (
        "import sys\n"
        "from triggercfg._entry import main\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    sys.stderr.write('click loaded: %s' % ('click' in sys.modules))\n"
    )
    done = _python(probe, ["check", "--force-exclude", "a/blaxel.toml"], root)
    assert done.returncode == 1
    assert done.stderr == "click loaded: False"
    assert done.stdout.startswith("a/blaxel.toml:5:8: TC103 [*] [invalid-trigger-type] ")
    assert done.stdout.endswith(SUMMARY)
    helped = subprocess.run(
        [sys.executable, "-c", probe, "check", "--help"], cwd=root, capture_output=True, text=True, check=False
    )
    assert helped.returncode == 0 and "Usage: triggercfg check [OPTIONS] [PATHS]..." in helped.stdout
    assert helped.stderr == "click loaded: True"


@pytest.mark.skipif(shutil.which("triggercfg") is None, reason="the console script is not installed")
def test_a_usage_error_still_gets_clicks_message(tmp_path: Path) -> None:
    done = subprocess.run(
        ["triggercfg", "check", "--output-format", "xml", "."], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "Invalid value for '--output-format': 'xml' is not one of" in done.stderr


# -- a file's control characters never reach the terminal ---------------------------


@pytest.mark.parametrize("color", ["--no-color", "--color"])
def test_control_characters_from_a_file_are_shown_not_sent(
    color: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "blaxel.toml").write_bytes(b'name = "\x1b[2J\x1b[31mred"\n')
    code, out, _ = _run(["check", color, "blaxel.toml"], tmp_path, True, capfd)
    assert code == 1
    source_line = next(line for line in out.splitlines() if "red" in line and "|" in line)
    assert source_line.endswith('name = "\u241b[2J\u241b[31mred"')
    if color == "--no-color":
        assert "\x1b" not in out
    code, out, _ = _run(["check", color, "--output-format", "concise", "blaxel.toml"], tmp_path, True, capfd)
    assert "\x1b" not in out


# -- leaving ------------------------------------------------------------------------

_LEAVE_PROBE = """
import atexit, sys
class Teardown:
    def __del__(self):
        sys.stderr.write("torn down\\n")
keep = Teardown()
if sys.argv[1] == "handler":
    atexit.register(lambda: sys.stderr.write("handler ran\\n"))
sys.argv = ["triggercfg", "check", "--no-color", "blaxel.toml"]
from triggercfg._entry import console
console()
"""


@pytest.mark.parametrize("handler", ["none", "handler"])
def test_the_console_leaves_at_once_unless_something_waits_for_the_exit(handler: str, tmp_path: Path) -> None:
    """With nothing registered to run at exit, the command leaves without the
    interpreter's teardown (~4 ms), its output flushed; an exit handler (such
    as coverage's) still runs."""
    (tmp_path / "blaxel.toml").write_text(BROKEN, encoding="utf-8")
    done = _python(_LEAVE_PROBE, [handler], tmp_path)
    assert done.returncode == 1
    assert done.stdout.endswith(SUMMARY)
    assert done.stderr == ("handler ran\ntorn down\n" if handler == "handler" else "")
