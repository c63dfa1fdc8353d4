"""Hostile input gets one clear finding or an exit-2 message, never a traceback
(issue 9: the first rows of its table)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from triggercfg import check_text
from triggercfg.cli import cli

TOO_DEEP = "values are nested too deeply to check (arrays or tables inside each other, hundreds of levels)"


@pytest.mark.parametrize("depth", [950, 10_000])  # one that tomllib refuses, one a rule's walk cannot follow
def test_deeply_nested_arrays_are_one_finding(depth: int) -> None:
    text = "x = " + "[" * depth + "]" * depth + "\n"
    assert [(f.rule, f.line, f.column, f.message) for f in check_text(text, "blaxel").findings] == [
        ("toml-syntax", 1, 1, TOO_DEEP)
    ]


def test_a_long_line_is_shown_around_the_finding(tmp_path: Path) -> None:
    path = tmp_path / "blaxel.toml"
    path.write_text('type = "agent"\nenv = { A = "' + "x" * 5000 + '", B = 5 }\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-color", str(path)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].endswith("`env.B` must be a string, not an integer: Blaxel cannot decode this file and "
                             "deploys with default settings: nothing in it is applied")
    shown, caret = lines[2], lines[3]
    assert shown.startswith("2 | …") and shown.endswith("B = 5 }")
    assert len(shown) < 200
    assert caret.index("^") == shown.index("5 }")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_named_like_a_config_file_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "blaxel.toml"
    os.mkfifo(fifo)
    result = CliRunner().invoke(cli, ["check", str(fifo)])
    assert result.exit_code == 2
    assert result.output == f"{fifo}: error: not a regular file or directory\n"
    searched = CliRunner().invoke(cli, ["check", str(tmp_path)])  # a directory search skips it, never blocks
    assert searched.exit_code == 2
    assert "no blaxel.toml or cerebrium.toml found in this directory" in searched.output
