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
    assert lines[0].endswith(
        "`env.B` must be a string, not an integer: Blaxel cannot decode this file and "
        "deploys with default settings: nothing in it is applied"
    )
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
    assert result.stderr == f"triggercfg: error: {fifo}: not a regular file or directory\n"
    searched = CliRunner().invoke(cli, ["check", str(tmp_path)])  # a directory search skips it, never blocks
    assert searched.exit_code == 2
    assert "no blaxel.toml or cerebrium.toml found in this directory" in searched.output


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", []),  # Blaxel reads an empty blaxel.toml as all defaults
        (
            b"\x7fELF\x02\x01\x00\x00binary",
            [("toml-syntax", 1, 7, "file looks binary: it contains a NUL byte (at byte 6)")],
        ),
        (b"# nothing\n# here\n", []),
        (b'\xef\xbb\xbftype = "agent"\r\n', []),  # a UTF-8 byte-order mark and CRLF
        (b'type = "agent"\r\nname = "x"\n', []),  # mixed line endings
        (
            b'type = "agent"\rname = "x"\r',
            [
                (
                    "toml-syntax",
                    1,
                    15,
                    "lines end with a bare carriage return (classic Mac OS line endings); TOML needs \\n or \\r\\n: "
                    "re-save the file with Unix or Windows line endings",
                )
            ],
        ),
        (
            b'name = "caf\xe9"\n',
            [
                (
                    "toml-syntax",
                    1,
                    12,
                    "file is not valid UTF-8: byte 0xe9 at line 1, column 12 (TOML files must be UTF-8; re-save the file "
                    "as UTF-8)",
                )
            ],
        ),
        (
            '\ufeffname = "x"\n'.encode("utf-16"),
            [("toml-syntax", 1, 1, "file is encoded as UTF-16; TOML files must be UTF-8 (re-save it as UTF-8)")],
        ),
        (
            b"# " + b"x" * (5 * 1024 * 1024) + b"\n",
            [("toml-syntax", 1, 1, "file is 5,242,883 bytes, over the 4,194,304-byte limit for a configuration file")],
        ),
        (
            b"k" * 100_000 + b" = 1\n",
            [("unknown-key", 1, 1, "unknown key `" + "k" * 59 + "…`: Blaxel does not read it")],
        ),
    ],
    ids=[
        "empty",
        "binary",
        "comments",
        "bom-crlf",
        "mixed-endings",
        "cr-only",
        "latin-1",
        "utf-16",
        "over-4-mb",
        "long-key",
    ],
)
def test_bad_input_table(data: bytes, expected: list) -> None:
    findings = check_text(data, "blaxel").findings
    assert [(f.rule, f.line, f.column, f.message) for f in findings] == expected
