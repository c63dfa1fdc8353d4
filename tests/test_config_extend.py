"""`extend` (issue 25): a service's configuration starts from the team's.
Paths relative to the file that holds them; the extended file's settings
first and this file's on top; chains followed; a cycle refused with exit 2,
naming the files; `triggercfg config` says where each value came from through
the chain, and says so when a nearer file replaces a farther one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_config import run, write  # the configuration tests' own helpers

from triggercfg.api import check_paths
from triggercfg.config import ConfigError, Options, Resolver, apply

#: missing-trigger-id (TC102, warning) at 4:1; insecure-callback-url (TC107,
#: error) at 8:15; async-timeout-exceeds-maximum at 9:11 under a 600 s maximum.
BLAXEL = """type = "agent"
name = "{name}"

[[triggers]]
type = "http-async"

[triggers.configuration]
callbackUrl = "http://hooks.example.com/done"
timeout = 700
"""

TEAM = """async-timeout-maximum = 600
extend-exclude = ["generated"]
per-file-ignores = { "services/legacy/**" = ["insecure-callback-url"] }
severity = { missing-trigger-id = "error" }
"""


def findings(cwd: Path, *args: str) -> list[tuple[str, str, str]]:
    result = run(cwd, "check", "--output-format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return [(f["path"], f["rule"], f["severity"]) for f in json.loads(result.stdout)]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    write(tmp_path / "triggercfg.toml", TEAM)
    for name in ("api", "legacy", "worker"):
        write(tmp_path / "services" / name / "blaxel.toml", BLAXEL.format(name=name))
    write(tmp_path / "services" / "worker" / "generated" / "blaxel.toml", "not toml = = =\n")
    return tmp_path


def test_without_extend_a_service_configuration_replaces_the_teams(repo: Path) -> None:
    write(repo / "services" / "worker" / "pyproject.toml", '[tool.triggercfg]\nignore = ["TC102"]\n')
    assert findings(repo, "services/worker") == [
        ("services/worker/blaxel.toml", "insecure-callback-url", "error"),
        ("services/worker/generated/blaxel.toml", "toml-syntax", "error"),  # the team's exclude is gone
    ]


def test_extend_starts_from_the_extended_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        repo / "services" / "worker" / "pyproject.toml",
        '[tool.triggercfg]\nextend = "../../triggercfg.toml"\nignore = ["insecure-callback-url"]\n',
    )
    assert findings(repo, "services/") == [
        ("services/api/blaxel.toml", "missing-trigger-id", "error"),
        ("services/api/blaxel.toml", "insecure-callback-url", "error"),
        ("services/api/blaxel.toml", "async-timeout-exceeds-maximum", "error"),
        ("services/legacy/blaxel.toml", "missing-trigger-id", "error"),
        ("services/legacy/blaxel.toml", "async-timeout-exceeds-maximum", "error"),
        # the team's maximum and severity apply; its exclude ("generated", any depth below the team's
        # folder) still skips services/worker/generated; the service's own ignore adds to the team's
        ("services/worker/blaxel.toml", "missing-trigger-id", "error"),
        ("services/worker/blaxel.toml", "async-timeout-exceeds-maximum", "error"),
    ]
    # the API finds the same
    monkeypatch.chdir(repo)
    api = [(f.path, f.rule, f.severity.value) for f in check_paths(["services/"]).findings]
    assert api == findings(repo, "services/")


def test_a_chain_is_followed_and_config_says_where_each_value_came_from(repo: Path) -> None:
    write(repo / "services" / "team.toml", 'extend = "../triggercfg.toml"\nasync-timeout-maximum = 300\n')
    config = write(
        repo / "services" / "worker" / ".triggercfg.toml",
        'extend = "../team.toml"\n\nper-file-ignores = { "blaxel.toml" = ["missing-trigger-id"] }\n'
        'severity = { missing-trigger-id = "warning", TC107 = "warning" }\n',
    )
    shown = run(repo, "config", "services/worker/blaxel.toml")
    assert shown.exit_code == 0, shown.output
    team, root = repo / "services" / "team.toml", repo / "triggercfg.toml"
    anchored = repo.as_posix()
    assert shown.stdout.splitlines() == [
        f"# configuration for services/worker/blaxel.toml: {config}, which extends {team}, which extends {root}",
        "select = []  # default",
        "extend-select = []  # default",
        f'ignore = ["missing-trigger-id"]  # per-file-ignores of {root}:3:1 + {config}:3:1',
        f'per-file-ignores = {{ "{anchored}/services/legacy/**" = ["insecure-callback-url"], '
        f'"blaxel.toml" = ["missing-trigger-id"] }}  # {root}:3:1 + {config}:3:1',
        "exclude = []  # default",
        f'extend-exclude = ["{anchored}/**/generated"]  # {root}:2:1',
        f'severity = {{ "missing-trigger-id" = "warning", "TC107" = "warning" }}  # {root}:4:1 + {config}:4:1',
        "grace-period-maximum = 43200  # default",
        f"async-timeout-maximum = 300  # {team}:2:1",
        "strict = false  # default",
        'output-format = "full"  # default',
    ]
    assert findings(repo, "services/worker") == [
        ("services/worker/blaxel.toml", "insecure-callback-url", "warning"),
        ("services/worker/blaxel.toml", "async-timeout-exceeds-maximum", "error"),
    ]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"a/triggercfg.toml": 'extend = "../b.toml"\n', "b.toml": 'extend = "a/triggercfg.toml"\n'},
            "{root}/b.toml:1:10: `extend` makes a cycle: {root}/a/triggercfg.toml -> {root}/b.toml -> "
            "{root}/a/triggercfg.toml",
        ),
        (
            {"a/triggercfg.toml": 'extend = "triggercfg.toml"\n'},
            "{root}/a/triggercfg.toml:1:10: `extend` makes a cycle: {root}/a/triggercfg.toml -> "
            "{root}/a/triggercfg.toml",
        ),
        (
            {"a/triggercfg.toml": 'extend = "../team.toml"\n'},
            "{root}/a/triggercfg.toml:1:10: `extend` names '../team.toml', and {root}/team.toml is not a file",
        ),
        (
            {"a/triggercfg.toml": 'extend = "../pyproject.toml"\n', "pyproject.toml": "[project]\nname = 'x'\n"},
            "{root}/a/triggercfg.toml:1:10: `extend` names {root}/pyproject.toml, which has no [tool.triggercfg] table",
        ),
        (
            {"a/triggercfg.toml": "extend = 1\n"},
            "{root}/a/triggercfg.toml:1:10: `extend` must be the path of a configuration file, relative to "
            "{root}/a/triggercfg.toml",
        ),
        (
            {"a/triggercfg.toml": 'extend = "../team.toml"\n', "team.toml": "strict = 1\n"},
            "{root}/team.toml:1:10: `strict` must be true or false",
        ),
        (
            {"a/triggercfg.toml": 'extends = "../team.toml"\n'},
            "{root}/a/triggercfg.toml:1:1: unknown option `extends`; did you mean `extend`?",
        ),
    ],
    ids=["cycle", "itself", "missing", "pyproject-without-table", "not-a-string", "broken-extended", "misspelled"],
)
def test_a_bad_extend_is_exit_2_naming_the_files(tmp_path: Path, files: dict[str, str], message: str) -> None:
    for relative, text in files.items():
        write(tmp_path / relative, text)
    write(tmp_path / "a" / "blaxel.toml", BLAXEL.format(name="a"))
    result = run(tmp_path, "check", "a")
    assert (result.exit_code, result.stderr) == (2, f"triggercfg: error: {message.format(root=tmp_path)}\n")
    with pytest.raises(ConfigError):
        Resolver().for_path(str(tmp_path / "a" / "blaxel.toml"))


def test_an_extended_pyproject_and_a_home_relative_path(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    write(tmp_path / "home" / "triggercfg" / "pyproject.toml", "[tool.triggercfg]\nasync-timeout-maximum = 650\n")
    write(tmp_path / "svc" / "triggercfg.toml", 'extend = "~/triggercfg/pyproject.toml"\n')
    assert Resolver().for_path(str(tmp_path / "svc" / "blaxel.toml")).async_timeout_maximum == 650


def test_adding_and_replacing() -> None:
    """Lists that say `extend`, `ignore`, `per-file-ignores` and `severity`
    add to the settings in force; every other option replaces; a `select`
    starts a new selection."""
    team = apply(Options(), {"ignore": ["TC102"], "extend-select": ["TC201"], "exclude": ["a"]}, "team")
    svc = apply(team, {"ignore": ["TC107"], "exclude": ["b"], "severity": {"TC1": "warning"}}, "svc")
    assert (svc.ignore, svc.extend_select, svc.exclude) == (("TC102", "TC107"), ("TC201",), ("b",))
    assert dict(svc.sources)["ignore"] == "team + svc"
    fresh = apply(svc, {"select": ["TC1"]}, "cli")
    assert (fresh.select, fresh.ignore, fresh.extend_select) == (("TC1",), (), ())
    assert not fresh.enabled("grace-period-exceeds-maximum", "TC201")
    later = apply(svc, {"severity": {"TC1": "error"}}, "cli")
    assert later.severity == (("TC1", "error"),)
    assert later.severity_of("missing-trigger-id", "TC102", None).value == "error"
    assert later.severity_of("unknown-key", "TC005", None) is None


def test_the_command_line_goes_on_top_of_the_chain(repo: Path) -> None:
    write(repo / "services" / "worker" / "triggercfg.toml", 'extend = "../../triggercfg.toml"\n')
    assert findings(repo, "--ignore", "TC107", "--extend-exclude", "legacy", "services/") == [
        ("services/api/blaxel.toml", "missing-trigger-id", "error"),
        ("services/api/blaxel.toml", "async-timeout-exceeds-maximum", "error"),
        ("services/worker/blaxel.toml", "missing-trigger-id", "error"),
        ("services/worker/blaxel.toml", "async-timeout-exceeds-maximum", "error"),
    ]


def test_config_says_when_a_nearer_file_replaces_a_farther_one(repo: Path) -> None:
    service = write(repo / "services" / "worker" / "pyproject.toml", '[tool.triggercfg]\nignore = ["TC102"]\n')
    shown = run(repo, "config", "services/worker/blaxel.toml").stdout.splitlines()
    assert shown[-7:] == [
        f"# note: {service} replaces {repo / 'triggercfg.toml'} (the nearest configuration file wins), so these",
        "# values of the farther file are not in force here:",
        "#   async-timeout-maximum = 600",
        '#   per-file-ignores = { "services/legacy/**" = ["insecure-callback-url"] }',
        '#   extend-exclude = ["generated"]',
        '#   severity = { "missing-trigger-id" = "error" }',
        f'# to start from them, add `extend = "../../triggercfg.toml"` to {service} under [tool.triggercfg]',
    ]
    # with `extend`, or with --config, nothing is replaced without a word
    write(service, '[tool.triggercfg]\nextend = "../../triggercfg.toml"\nignore = ["TC102"]\n')
    assert not any(line.startswith("# note") for line in run(repo, "config", "services/worker").stdout.splitlines())
    explicit = run(repo, "config", "--config", str(service), "services/worker").stdout
    assert "# note" not in explicit
    # a farther file that sets only what the nearer one also sets is not worth a note
    write(service, '[tool.triggercfg]\nignore = ["TC102"]\n')
    write(repo / "triggercfg.toml", 'ignore = ["TC102"]\n')
    assert "# note" not in run(repo, "config", "services/worker").stdout
