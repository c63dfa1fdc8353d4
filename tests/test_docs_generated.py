"""Generated documentation must match the code: README table, docs/rules.md,
`triggercfg rule` and `triggercfg rules`."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import ROOT

from triggercfg.cli import cli
from triggercfg.docs import rules_document, with_rule_table
from triggercfg.rules import all_rules


def test_readme_rule_table_is_up_to_date() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == with_rule_table(readme), "run: python -m triggercfg.docs"
    for rule in all_rules().values():
        assert f"`{rule.name}`" in readme


def test_docs_rules_md_is_up_to_date() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_document()


def test_rule_command_prints_documentation() -> None:
    result = CliRunner().invoke(cli, ["rule", "duplicate-trigger-id"])
    assert result.exit_code == 0
    assert result.output.startswith("# duplicate-trigger-id (TC101)\n")
    assert "## Fix safety" in result.output
    by_code = CliRunner().invoke(cli, ["rule", "tc101"])
    assert by_code.output == result.output


def test_rule_command_unknown_name_suggests() -> None:
    result = CliRunner().invoke(cli, ["rule", "duplicate-trigger-ids"])
    assert result.exit_code == 2
    assert "unknown rule `duplicate-trigger-ids`; did you mean `duplicate-trigger-id`?" in result.output


def test_rules_command_lists_all() -> None:
    result = CliRunner().invoke(cli, ["rules"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(all_rules())
    assert lines[0].startswith("TC001  toml-syntax")


def test_api_docstring_example() -> None:
    import doctest

    import triggercfg.api

    failures, tried = doctest.testmod(triggercfg.api)
    assert tried > 0 and failures == 0


def test_security_md_names_only_tests_that_exist() -> None:
    """Each promise in SECURITY.md names the tests that back it; a renamed or
    deleted test must not leave a promise pointing at nothing."""
    import re

    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    named = re.findall(r"`(tests/[\w/.-]+?)(?:::(\w+))?`", text)
    shorthand = re.findall(r"`::(\w+)`", text)  # `::name` after a full reference to the same file
    assert len(named) >= 10
    for path, function in named:
        target = ROOT / path
        assert target.exists(), path
        if function:
            assert f"def {function}(" in target.read_text(encoding="utf-8"), f"{path}::{function}"
    faults = (ROOT / "tests/test_faults.py").read_text(encoding="utf-8")
    for function in shorthand:
        assert f"def {function}(" in faults, function
