"""The Python API reaches the command line's verdict (issue 25): every
path-taking function finds and applies configuration files exactly as
`triggercfg check` and `triggercfg show` do, with an explicit way to opt out
or to pass one configuration; and every example of docs/api.md runs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import triggercfg
from triggercfg.api import check_paths, check_stdin, check_text, fix_edits
from triggercfg.config import ConfigError, Options, Resolver
from triggercfg.effective_config import effective_paths

ROOT = Path(__file__).resolve().parent.parent

CONFIG = """async-timeout-maximum = 600
extend-exclude = ["services/legacy/**"]
per-file-ignores = { "services/b/**" = ["missing-trigger-id"] }
"""
WRITER = """type = "agent"
name = "writer"

[[triggers]]
id = "done"
type = "http-async"

[triggers.configuration]
callbackUrl = "https://hooks.example.com/done"
timeout = 700
"""
READER = WRITER.replace("writer", "reader").replace('id = "done"\n', "").replace("700", "300")
BROKEN = 'type = "agent"\nname = \n'

#: What the configuration makes of the tree: the 600 s maximum applies, the
#: legacy file is excluded, services/b's missing id is ignored.
CONFIGURED = [
    (
        "services/a/blaxel.toml",
        10,
        11,
        "async-timeout-exceeds-maximum",
        "`timeout` is 700 seconds, over the configured maximum of 600 seconds (`async-timeout-maximum`)",
    )
]
#: The same tree with no configuration file.
UNCONFIGURED = [
    (
        "services/b/blaxel.toml",
        4,
        1,
        "missing-trigger-id",
        "this `http-async` trigger has no `id`; the server generates one that changes between deploys",
    ),
    ("services/legacy/blaxel.toml", 2, 8, "toml-syntax", "invalid TOML: a value is missing after `=`"),
]


def _tree(root: Path) -> Path:
    for relative, text in {
        "triggercfg.toml": CONFIG,
        "services/a/blaxel.toml": WRITER,
        "services/b/blaxel.toml": READER,
        "services/legacy/blaxel.toml": BROKEN,
    }.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(_tree(tmp_path))
    return tmp_path


def _seen(findings) -> list[tuple]:
    return [(f.path, f.line, f.column, f.rule, f.message) for f in findings]


def _cli(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "triggercfg", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_cli_and_the_api_give_the_same_findings_on_a_configured_tree(tree: Path) -> None:
    cli = _cli(tree, "check", "--output-format", "json", "services/")
    assert cli.returncode == 1, cli.stderr
    from_cli = [(f["path"], f["line"], f["column"], f["rule"], f["message"]) for f in json.loads(cli.stdout)]
    result = triggercfg.check_paths(["services/"])
    assert _seen(result.findings) == from_cli == CONFIGURED
    assert [f.path for f in result.files] == ["services/a/blaxel.toml", "services/b/blaxel.toml"]
    assert result.exit_code() == cli.returncode


def test_the_api_finds_the_configuration_of_each_file_from_any_folder(tree: Path, monkeypatch) -> None:
    monkeypatch.chdir(tree / "services")  # the configuration is above the current folder
    assert [f[3] for f in _seen(check_paths(["."]).findings)] == ["async-timeout-exceeds-maximum"]


def test_opting_out_of_configuration_files(tree: Path) -> None:
    assert _seen(check_paths(["services/"], config=False).findings) == UNCONFIGURED
    # `options=` alone: those options for every file, as before configuration files existed.
    only = check_paths(["services/"], options=Options(ignore=("missing-trigger-id",)))
    assert _seen(only.findings) == UNCONFIGURED[1:]
    # ... and with `config=True`, the files' own configuration wins over `options`.
    assert _seen(check_paths(["services/"], options=Options(), config=True).findings) == CONFIGURED


def test_one_configuration_for_every_file(tree: Path) -> None:
    """`config=` a path (the command line's `--config`) or a Resolver: that
    file for every file; the tree's own triggercfg.toml is not read."""
    (tree / "team.toml").write_text("async-timeout-maximum = 650\n", encoding="utf-8")
    for config in ("team.toml", tree / "team.toml", Resolver(tree / "team.toml")):
        result = check_paths(["services/"], config=config)
        assert [(f.path, f.rule) for f in result.findings] == [
            ("services/a/blaxel.toml", "async-timeout-exceeds-maximum"),
            ("services/b/blaxel.toml", "missing-trigger-id"),
            ("services/legacy/blaxel.toml", "toml-syntax"),
        ], config
        assert "maximum of 650 seconds" in result.findings[0].message
    cli = _cli(tree, "check", "--output-format", "json", "--config", "team.toml", "services/")
    assert [(f["path"], f["rule"]) for f in json.loads(cli.stdout)] == [
        (f.path, f.rule) for f in check_paths(["services/"], config="team.toml").findings
    ]
    with pytest.raises(ConfigError, match="no such configuration file"):
        check_paths(["services/"], config="missing.toml")


def test_a_broken_configuration_raises_as_the_cli_exits_2(tree: Path) -> None:
    (tree / "triggercfg.toml").write_text("async-timeout-maximum = 9000\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"triggercfg.toml:1:25: `async-timeout-maximum` must be an integer"):
        check_paths(["services/"])
    cli = _cli(tree, "check", "services/")
    assert cli.returncode == 2
    assert "triggercfg.toml:1:25: `async-timeout-maximum` must be an integer" in cli.stderr


def test_check_stdin_applies_the_configuration_of_the_place_it_stands_for(tree: Path) -> None:
    result = check_stdin(READER.replace("300", "700").encode(), "services/b/blaxel.toml", "blaxel")
    assert [(f.rule, f.line) for f in result.findings] == [("async-timeout-exceeds-maximum", 9)]  # no missing id
    cli = _cli(
        tree,
        "check",
        "--output-format",
        "json",
        "--stdin-filename",
        "services/b/blaxel.toml",
        "-",
        stdin=READER.replace("300", "700"),
    )
    assert [(f["rule"], f["line"]) for f in json.loads(cli.stdout)] == [("async-timeout-exceeds-maximum", 9)]
    unconfigured = check_stdin(READER.encode(), "services/b/blaxel.toml", "blaxel", config=False)
    assert [f.rule for f in unconfigured.findings] == ["missing-trigger-id"]


def test_effective_paths_skips_what_the_configuration_excludes(tree: Path) -> None:
    results, problems = effective_paths(["services/"])
    assert [r.path for r in results] == ["services/a/blaxel.toml", "services/b/blaxel.toml"]
    assert problems == []
    results, _ = effective_paths(["services/"], config=False)
    assert [r.path for r in results] == [
        "services/a/blaxel.toml",
        "services/b/blaxel.toml",
        "services/legacy/blaxel.toml",
    ]


def test_fix_edits_uses_the_options_each_file_was_checked_with(tree: Path) -> None:
    result = check_paths(["services/"])
    [finding] = result.findings
    edits = fix_edits(result)
    assert [(tuple(e.span), e.new_text) for e in edits[finding.sort_key()]] == [((10, 11, 10, 12), "6")]  # 700 → 600
    assert fix_edits(result, config=False) == {}  # 700 is within the platform's own maximum


def test_check_text_takes_options_only() -> None:
    """Text has no place on disk: check_text never reads a configuration file."""
    text = WRITER.replace("700", "800")
    assert check_text(text, "blaxel", path="services/a/blaxel.toml").findings == ()
    capped = check_text(text, "blaxel", options=Options(async_timeout_maximum=600))
    assert [f.rule for f in capped.findings] == ["async-timeout-exceeds-maximum"]


# -- docs/api.md -----------------------------------------------------------------------------------------

_BLOCK = re.compile(r"```python\n(.*?)```", re.S)
_OUTPUT = re.compile(r"^# (?:→|->) ?(.*)$", re.M)


def _examples() -> list[str]:
    return _BLOCK.findall((ROOT / "docs" / "api.md").read_text(encoding="utf-8"))


def test_docs_api_documents_every_public_function() -> None:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for name in triggercfg.__all__:
        if name.startswith("_") or name[0].isupper():
            continue
        assert f"`{name}(" in text, f"docs/api.md has no section for {name}"
        assert any(f"{name}(" in block for block in _examples()), f"docs/api.md has no example of {name}"
    assert "docs/api.md" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("number", range(len(_examples())))
def test_every_docs_api_example_runs_and_prints_what_it_says(number: int, tmp_path: Path) -> None:
    """Each example runs in the tree of its own first comment lines, and
    prints exactly the lines its `# →` comments show."""
    block = _examples()[number]
    _tree(tmp_path)
    program = "import os\nos.chdir(os.environ['TREE'])\n" + block
    ran = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TREE": str(tmp_path)},
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == _OUTPUT.findall(block)
