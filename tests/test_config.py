"""Configuration (issue 10): the nearest file wins, walking up from each
checked file; `--config`; every key; errors that name the file, line and key
with a did-you-mean; `triggercfg config` says where each value came from."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from triggercfg.cli import cli
from triggercfg.config import Options, _glob_matches

BLAXEL = """type = "agent"
name = "writer"

[[triggers]]
type = "http-async"

[triggers.configuration]
callbackUrl = "http://hooks.example.com/done"
timeout = 700
"""
# missing-trigger-id (TC102, warning) on 4:1, insecure-callback-url (TC107, error) on 8:15


def run(cwd: Path, *args: str):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(old)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def codes(result) -> list[str]:
    return [
        line.split(" ")[1] + " " + line.split(":")[0]
        for line in result.stdout.splitlines()
        if line.count(":") >= 3 and " TC" in line
    ]


def test_nearest_configuration_wins(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.triggercfg]\nignore = ["insecure-callback-url"]\n')
    write(tmp_path / "a" / "blaxel.toml", BLAXEL)
    write(tmp_path / "b" / "blaxel.toml", BLAXEL.replace("writer", "reader"))
    write(tmp_path / "b" / "triggercfg.toml", 'ignore = ["missing-trigger-id"]\n')  # nearer: replaces, no merge
    result = run(tmp_path, "check", "--output-format", "concise", ".")
    assert codes(result) == ["TC102 a/blaxel.toml", "TC107 b/blaxel.toml"]


@pytest.mark.parametrize(
    ("names", "used"),
    [
        ([".triggercfg.toml", "triggercfg.toml", "pyproject.toml"], ".triggercfg.toml"),
        (["triggercfg.toml", "pyproject.toml"], "triggercfg.toml"),
        (["pyproject.toml"], "pyproject.toml"),
    ],
)
def test_file_order_in_one_folder(tmp_path: Path, names: list[str], used: str) -> None:
    for name in names:
        table = "[tool.triggercfg]\n" if name == "pyproject.toml" else ""
        write(tmp_path / name, f"{table}strict = {str(name == used).lower()}\n")
    write(tmp_path / "blaxel.toml", 'type = "agent"\n[[triggers]]\ntype = "http-async"\n')  # one warning
    assert run(tmp_path, "check", ".").exit_code == 1  # strict: the warning fails the run
    shown = run(tmp_path, "config").stdout.splitlines()
    assert shown[0] == f"# configuration for .: {tmp_path / used}"


def test_a_pyproject_without_our_table_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.triggercfg]\nignore = ["TC107"]\n')
    write(tmp_path / "svc" / "pyproject.toml", '[project]\nname = "svc"\n')
    write(tmp_path / "svc" / "blaxel.toml", BLAXEL)
    assert codes(run(tmp_path, "check", "--output-format", "concise", ".")) == ["TC102 svc/blaxel.toml"]


def test_explicit_config(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.triggercfg]\nignore = ["TC107"]\n')
    write(tmp_path / "ci.toml", 'ignore = ["TC102"]\n')
    write(tmp_path / "blaxel.toml", BLAXEL)
    result = run(tmp_path, "check", "--output-format", "concise", "--config", "ci.toml", ".")
    assert codes(result) == ["TC107 blaxel.toml"]
    missing = run(tmp_path, "check", "--config", "nope.toml", ".")
    assert (missing.exit_code, missing.stderr) == (2, "triggercfg: error: nope.toml: no such configuration file\n")


def test_every_key(tmp_path: Path) -> None:
    write(
        tmp_path / ".triggercfg.toml",
        """select = ["TC1"]
extend-select = ["TC201"]
ignore = ["TC108"]
per-file-ignores = { "legacy/**" = ["missing-trigger-id"] }
extend-exclude = ["vendor/**"]
severity = { missing-trigger-id = "error", TC107 = "warning" }
async-timeout-maximum = 600
strict = true
output-format = "concise"
""",
    )
    write(tmp_path / "app" / "blaxel.toml", BLAXEL)
    write(tmp_path / "legacy" / "old" / "blaxel.toml", BLAXEL)
    write(tmp_path / "vendor" / "x" / "blaxel.toml", BLAXEL)
    write(tmp_path / "app" / "cerebrium.toml", "[cerebrium.scaling]\nresponse_grace_period = 50000\nfoo = 1\n")
    result = run(tmp_path, "check", "--no-color", ".")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:6] == [
        "app/blaxel.toml:4:1: TC102 [missing-trigger-id] this `http-async` trigger has no `id`; the server "
        "generates one that changes between deploys",
        "app/blaxel.toml:8:15: TC107 [insecure-callback-url] `callbackUrl` uses plain http: results and their "
        "signature travel unencrypted",
        "app/blaxel.toml:9:11: TC112 [async-timeout-exceeds-maximum] `timeout` is 700 seconds, over the configured "
        "maximum of 600 seconds (`async-timeout-maximum`)",
        "app/cerebrium.toml:2:25: TC201 [grace-period-exceeds-maximum] `response_grace_period` is 50000 seconds "
        "(13.8889 hours), over the 43200-second (12-hour) maximum of an async run",
        "legacy/old/blaxel.toml:8:15: TC107 [insecure-callback-url] `callbackUrl` uses plain http: results and "
        "their signature travel unencrypted",
        "legacy/old/blaxel.toml:9:11: TC112 [async-timeout-exceeds-maximum] `timeout` is 700 seconds, over the "
        "configured maximum of 600 seconds (`async-timeout-maximum`)",
    ]
    json_out = run(tmp_path, "check", "--output-format", "json", ".")
    import json

    severities = {(f["path"], f["rule"]): f["severity"] for f in json.loads(json_out.stdout)}
    assert severities[("app/blaxel.toml", "missing-trigger-id")] == "error"
    assert severities[("app/blaxel.toml", "insecure-callback-url")] == "warning"
    assert not any(path.startswith("vendor/") for path, _ in severities)


def test_exclude_and_force_exclude(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.triggercfg]\nexclude = ["generated"]\n')
    write(tmp_path / "generated" / "blaxel.toml", BLAXEL)
    write(tmp_path / "app" / "blaxel.toml", 'type = "agent"\n')
    assert run(tmp_path, "check", ".").exit_code == 0  # skipped when searched
    assert run(tmp_path, "check", "generated/blaxel.toml").exit_code == 1  # named: checked
    assert run(tmp_path, "check", "--force-exclude", "generated/blaxel.toml", "app/blaxel.toml").exit_code == 0
    assert run(tmp_path, "check", "--exclude", "app", "generated/blaxel.toml").exit_code == 1
    assert run(tmp_path, "check", "--extend-exclude", "app", ".").exit_code == 0


@pytest.mark.parametrize(
    ("glob", "path", "matches"),
    [
        ("vendor", "vendor/x/blaxel.toml", True),
        ("vendor", "a/vendor/blaxel.toml", True),
        ("vendor", "vendors/blaxel.toml", False),
        ("vendor/**", "vendor/x/y/blaxel.toml", True),
        ("a/*/blaxel.toml", "a/b/blaxel.toml", True),
        ("a/*/blaxel.toml", "a/b/c/blaxel.toml", False),
        ("**/test_*/blaxel.toml", "x/y/test_1/blaxel.toml", True),
        ("*.toml", "deep/er/cerebrium.toml", True),
        ("/blaxel.toml", "blaxel.toml", True),
        ("/blaxel.toml", "sub/blaxel.toml", False),  # a leading slash anchors it, as in .gitignore
        ("app?/blaxel.toml", "app1/blaxel.toml", True),
    ],
)
def test_globs(glob: str, path: str, matches: bool) -> None:
    assert _glob_matches(glob, path) is matches


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[tool.triggercfg]\nselct = ["TC1"]\n', "pyproject.toml:2:1: unknown option `selct`; did you mean `select`?"),
        (
            '[tool.triggercfg]\nignore = ["privat-callback-url"]\n',
            "pyproject.toml:2:11: `ignore` names an unknown rule `privat-callback-url`; did you mean "
            "`private-callback-url`?",
        ),
        (
            "[tool.triggercfg]\ngrace-period-maximum = 50000\n",
            "pyproject.toml:2:24: `grace-period-maximum` must be an integer from 1 to 43200 (seconds); it can lower "
            "the 12-hour maximum of an async Cerebrium run, never raise it",
        ),
        (
            "[tool.triggercfg]\nasync-timeout-maximum = 901\n",
            "pyproject.toml:2:25: `async-timeout-maximum` must be an integer from 1 to 900 (seconds); it can lower "
            "the 15-minute maximum of a Blaxel async task, never raise it",
        ),
        (
            '[tool.triggercfg]\nseverity = { TC102 = "fatal" }\n',
            'pyproject.toml:2:22: the severity of `TC102` must be "error" or "warning", not \'fatal\'',
        ),
        (
            '[tool.triggercfg]\noutput-format = "sarif2"\n',
            "pyproject.toml:2:17: `output-format` must be one of full, concise, json, json-lines, github, sarif, "
            "gitlab, junit; did you mean `sarif`?",
        ),
        (
            '[tool.triggercfg]\nper-file-ignores = { "a/**" = ["TC9999"] }\n',
            "pyproject.toml:2:32: `per-file-ignores` names an unknown rule `TC9999`",
        ),
        ("[tool.triggercfg\n", "pyproject.toml:1:17: configuration is not valid TOML: unclosed table, expected `]`"),
    ],
    ids=[
        "unknown-key",
        "misspelled-rule",
        "grace-above-platform",
        "timeout-above-platform",
        "bad-severity",
        "bad-format",
        "per-file-unknown-rule",
        "not-toml",
    ],
)
def test_invalid_configuration_is_exit_2_with_file_line_and_key(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path / "pyproject.toml", text)
    write(tmp_path / "blaxel.toml", 'type = "agent"\n')
    result = run(tmp_path, "check", ".")
    assert result.exit_code == 2
    assert result.stderr == f"triggercfg: error: {tmp_path / message}\n"


def test_a_bad_configuration_below_the_current_folder_is_found_and_reported(tmp_path: Path) -> None:
    write(tmp_path / "svc" / "triggercfg.toml", "strict = 1\n")
    write(tmp_path / "svc" / "blaxel.toml", 'type = "agent"\n')
    result = run(tmp_path, "check", ".")
    assert (result.exit_code, result.stderr) == (
        2,
        f"triggercfg: error: {tmp_path / 'svc' / 'triggercfg.toml'}:1:10: `strict` must be true or false\n",
    )


def test_config_command_says_where_each_value_came_from(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml", '[tool.triggercfg]\n\nstrict = true\nper-file-ignores = { "old/*" = ["TC102"] }\n'
    )
    write(tmp_path / "old" / "blaxel.toml", 'type = "agent"\n')
    config = tmp_path / "pyproject.toml"
    result = run(tmp_path, "config", "old/blaxel.toml")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"# configuration for old/blaxel.toml: {config}",
        "select = []  # default",
        "extend-select = []  # default",
        f'ignore = ["TC102"]  # per-file-ignores of {config}:4:1',
        f'per-file-ignores = {{ "old/*" = ["TC102"] }}  # {config}:4:1',
        "exclude = []  # default",
        "extend-exclude = []  # default",
        "severity = {}  # default",
        "grace-period-maximum = 43200  # default",
        "async-timeout-maximum = 900  # default",
        f"strict = true  # {config}:3:1",
        'output-format = "full"  # default',
    ]


def test_command_line_overrides_the_file(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.triggercfg]\nselect = ["TC107"]\noutput-format = "json"\n')
    write(tmp_path / "blaxel.toml", BLAXEL)
    result = run(tmp_path, "check", "--select", "TC102", "--output-format", "concise", ".")
    assert codes(result) == ["TC102 blaxel.toml"]
    assert run(tmp_path, "check", ".").stdout.lstrip().startswith("[")  # the file's output-format: json
    shown = run(tmp_path, "config").stdout
    assert 'output-format = "json"' in shown


def test_options_value_is_immutable_and_default() -> None:
    assert Options().enabled("missing-trigger-id", "TC102")
    assert not Options(select=("TC1",), ignore=("TC102",)).enabled("missing-trigger-id", "TC102")
    assert Options(select=("TC2",), extend_select=("TC102",)).enabled("missing-trigger-id", "TC102")
