"""Suppressions (issue 10): on a line, on a table header (the whole table),
for the whole file (`ignore-file`), unused ones reported; and `check
--add-ignore`, which writes one for every finding and keeps every other byte."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from click.testing import CliRunner

from triggercfg import check_text
from triggercfg.cli import cli

TWO_TRIGGERS = """type = "agent"

[[triggers]]  # triggercfg: ignore[missing-trigger-id, insecure-callback-url]
type = "http-async"

[triggers.configuration]
callbackUrl = "http://hooks.example.com/a"

[[triggers]]
type = "http-async"
"""


def findings(text: str) -> list[tuple[str, int, str]]:
    return [(f.rule, f.line, f.message) for f in check_text(text, "blaxel").findings]


def test_a_header_suppression_covers_its_table_and_sub_tables() -> None:
    # Issue 19, item 4: the first trigger is lines 3-7, its configuration
    # included (one element of the array): its missing id and its callback URL
    # are silenced; the second trigger is not.
    assert findings(TWO_TRIGGERS) == [
        (
            "missing-trigger-id",
            9,
            "this `http-async` trigger has no `id`; the server generates one that changes between deploys",
        ),
    ]


def test_a_header_suppression_stops_at_the_next_element_or_table() -> None:
    text = (
        'type = "agent"\n\n'
        '[[triggers]]\ntype = "http-async"\n\n'  # lines 3-4: not covered
        '[triggers.configuration]\ncallbackUrl = "http://h.example.com/a"\n\n'  # lines 6-7: not covered
        "[[triggers]]  # triggercfg: ignore[insecure-callback-url]\n"  # line 9: covers 9-14
        'id = "b"\ntype = "http-async"\n\n'
        '[triggers.configuration]\ncallbackUrl = "http://h.example.com/b"\n'
    )
    assert [(rule, line) for rule, line, _ in findings(text)] == [
        ("missing-trigger-id", 3),
        ("insecure-callback-url", 7),
    ]


def test_a_plain_table_header_covers_its_sub_tables() -> None:
    text = (
        'type = "sandbox"\n\n[runtime]  # triggercfg: ignore[unknown-key]\nmemory = 2048\n\n'
        '[[runtime.ports]]\nname = "http"\ntarget = 8080\nbogus = 1\n\n[env]\nA = "1"\n'
    )
    assert findings(text) == []
    assert [
        (rule, line)
        for rule, line, _ in findings(text.replace("[runtime]  # triggercfg: ignore[unknown-key]", "[runtime]"))
    ] == [("unknown-key", 9)]


def test_a_header_suppression_on_a_sub_table() -> None:
    text = TWO_TRIGGERS.replace(
        "[[triggers]]  # triggercfg: ignore[missing-trigger-id, insecure-callback-url]",
        "[[triggers]]  # triggercfg: ignore[missing-trigger-id]",
    ).replace("[triggers.configuration]", "[triggers.configuration]  # triggercfg: ignore[TC107]")
    assert [(rule, line) for rule, line, _ in findings(text)] == [("missing-trigger-id", 9)]


def test_ignore_file() -> None:
    text = "# triggercfg: ignore-file[missing-trigger-id]\n" + TWO_TRIGGERS.replace(
        "  # triggercfg: ignore[missing-trigger-id, insecure-callback-url]", ""
    )
    assert [(rule, line) for rule, line, _ in findings(text)] == [("insecure-callback-url", 8)]
    bare = "# triggercfg: ignore-file\n" + TWO_TRIGGERS.replace(
        "  # triggercfg: ignore[missing-trigger-id, insecure-callback-url]", ""
    )
    assert findings(bare) == []
    unused = '# triggercfg: ignore-file[duplicate-trigger-id]\ntype = "agent"\n'
    assert findings(unused) == [
        ("unused-suppression", 1, "unused suppression: no `duplicate-trigger-id` finding in this file")
    ]
    nothing = '# triggercfg: ignore-file\ntype = "agent"\n'
    assert findings(nothing) == [("unused-suppression", 1, "`triggercfg: ignore-file` silences nothing in this file")]


def test_the_narrowest_suppression_is_the_one_used() -> None:
    text = (
        "# triggercfg: ignore-file[missing-trigger-id]\n"
        '[[triggers]]  # triggercfg: ignore[missing-trigger-id]\ntype = "http"\n'
    )
    assert findings(text) == [
        ("unused-suppression", 1, "unused suppression: no `missing-trigger-id` finding in this file"),
    ]


ADOPT = '''type = "agent"
name = "writer"  # the app

[[triggers]]
type = "http-async"
path = """
/multi
"""

[triggers.configuration]
callbackUrl = "http://hooks.example.com/a"  # triggercfg: ignore[private-callback-url]
timeout = "20m"
'''


def test_add_ignore_writes_a_suppression_for_every_finding(tmp_path: Path) -> None:
    path = tmp_path / "blaxel.toml"
    path.write_bytes(ADOPT.replace("\n", "\r\n").encode())
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(cli, ["check", "--add-ignore", "blaxel.toml"])
        again = CliRunner().invoke(cli, ["check", "blaxel.toml"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output  # what is left is a warning
    assert result.stdout == "Added 4 suppressions in 1 file.\n1 finding could not be suppressed (see above).\n"
    assert result.stderr == (
        "blaxel.toml:11:47: cannot suppress TC009 [unused-suppression]: it is a suppression that silences "
        "nothing: remove it\n"
    )
    written = path.read_bytes().decode()
    assert written == ADOPT.replace(  # `path = """` cannot take a comment: its table's header does
        "[[triggers]]\n", "[[triggers]]  # triggercfg: ignore[missing-trigger-id, misplaced-key]\n"
    ).replace(
        "# triggercfg: ignore[private-callback-url]",
        "# triggercfg: ignore[private-callback-url, insecure-callback-url]",
    ).replace('timeout = "20m"\n', 'timeout = "20m"  # triggercfg: ignore[async-timeout-exceeds-maximum]\n').replace(
        "\n", "\r\n"
    )
    assert tomllib.loads(written) == tomllib.loads(ADOPT)  # the same data
    # the existing (unused) private-callback-url name is kept; re-checking reports only it
    assert again.exit_code == 0
    assert [line for line in again.stdout.splitlines() if ": TC" in line] == [
        "blaxel.toml:11:47: TC009 [unused-suppression] unused suppression: no `private-callback-url` finding on "
        "this line",
    ]


def test_add_ignore_without_a_header_to_fall_back_on(tmp_path: Path) -> None:
    text = 'type = """\nagents"""\n'  # invalid-value on line 1, inside a multi-line string, at the root
    path = tmp_path / "blaxel.toml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--add-ignore", str(path)])
    assert result.stdout == "Added 0 suppressions in 0 files.\n1 finding could not be suppressed (see above).\n"
    assert result.stderr == (
        f"{path}:1:8: cannot suppress TC003 [invalid-value]: its line ends inside a multi-line string, and its "
        "table has no header line to take the comment\n"
    )
    assert result.exit_code == 1  # an error is left: the promise is not kept, and the exit says so
    assert path.read_text(encoding="utf-8") == text


def test_add_ignore_never_writes_a_file_that_does_not_parse(tmp_path: Path) -> None:
    path = tmp_path / "blaxel.toml"
    path.write_text('type = "agent\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--add-ignore", str(path)])
    assert result.stdout == "Added 0 suppressions in 0 files.\n1 finding could not be suppressed (see above).\n"
    assert result.stderr.startswith(f"{path}:1:14: cannot suppress TC001 [toml-syntax]: the file is not valid TOML")
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == 'type = "agent\n'


def test_an_unused_suppression_of_a_cross_file_rule_is_reported(tmp_path: Path) -> None:
    """Issue 19, item 7: `ignore-file[duplicate-app-name]` that silences nothing
    was never reported (the per-file pass cannot judge it; the project pass does)."""
    import shutil
    import subprocess

    if shutil.which("git") is None:
        import pytest

        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "blaxel.toml").write_text(
        '# triggercfg: ignore-file[duplicate-app-name]\ntype = "agent"\nname = "one"\n', encoding="utf-8"
    )
    (tmp_path / "b" / "blaxel.toml").write_text('type = "agent"\nname = "two"\n', encoding="utf-8")
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        unused = CliRunner().invoke(cli, ["check", "--output-format", "concise", "."])
        (tmp_path / "b" / "blaxel.toml").write_text('type = "agent"\nname = "one"\n', encoding="utf-8")
        used = CliRunner().invoke(cli, ["check", "--output-format", "concise", "a/blaxel.toml"])
    finally:
        os.chdir(here)
    assert unused.output.splitlines()[0] == (
        "a/blaxel.toml:1:3: TC009 [unused-suppression] unused suppression: no `duplicate-app-name` finding in this file"
    )
    assert used.output == "All checks passed (1 file).\n"


def test_add_ignore_suppresses_toml_1_1_in_a_cerebrium_file_for_the_whole_file(tmp_path: Path) -> None:
    """Issue 24: after --add-ignore, TOML 1.1 in a cerebrium.toml still failed
    the next check. A comment inside a multi-line inline table would itself be
    TOML 1.1, so one `ignore-file[toml-syntax]` line goes at the top (after a
    `#:schema` line), and the next check passes."""
    text = (
        "#:schema ./schemas/cerebrium.schema.json\n\n"
        '[cerebrium.deployment]\nname = "app"\n\n[cerebrium.dependencies]\npip = { torch = "2.3.0", }\n'
    )
    path = tmp_path / "cerebrium.toml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--add-ignore", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "Added 1 suppression in 1 file.\n", "")
    assert path.read_text(encoding="utf-8") == text.replace(
        "#:schema ./schemas/cerebrium.schema.json\n",
        "#:schema ./schemas/cerebrium.schema.json\n# triggercfg: ignore-file[toml-syntax]\n",
    )
    again = CliRunner().invoke(cli, ["check", str(path)])
    assert again.exit_code == 0, again.output


def test_add_ignore_says_what_a_file_that_does_not_parse_keeps(tmp_path: Path) -> None:
    """A duplicate key: the file does not parse, so it is never written; the
    finding is named, with why, and the exit says the promise is not kept."""
    path = tmp_path / "cerebrium.toml"
    text = '[cerebrium.deployment]\nname = "a"\nname = "b"\n'
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--add-ignore", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}:3:1: cannot suppress TC001 [toml-syntax]: the file is not valid TOML, and a file that does not "
        "parse is never written (fix the syntax)\n"
    )
    assert path.read_text(encoding="utf-8") == text
