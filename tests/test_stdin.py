"""`-` reads one file from standard input, as editors and scripts need: the
platform and the path shown come from --stdin-filename (or --platform), and
--fix writes the fixed text to standard output, the report to standard error.
Run through the real process, so the streams are the real ones."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

BROKEN = b'[[triggers]]\nid = "a"\ntype = "HTTP"\n'


def triggercfg(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "triggercfg", *args], input=stdin, capture_output=True,
                          cwd=ROOT, env={"NO_COLOR": "1", "PATH": ""}, check=False)


def test_check_reads_standard_input_with_the_name_given() -> None:
    done = triggercfg("check", "--output-format", "concise", "--stdin-filename", "svc/blaxel.toml", "-",
                      stdin=BROKEN)
    assert done.returncode == 1
    assert done.stdout.decode().splitlines()[0] == (
        'svc/blaxel.toml:3:8: TC103 [*] [invalid-trigger-type] trigger type "HTTP" does not exist; '
        "did you mean `http`?"
    )


def test_fix_writes_the_fixed_text_to_stdout_and_the_report_to_stderr() -> None:
    done = triggercfg("check", "--fix", "--stdin-filename", "blaxel.toml", "-", stdin=BROKEN)
    assert done.returncode == 0
    assert done.stdout == b'[[triggers]]\nid = "a"\ntype = "http"\n'
    assert done.stderr.decode().splitlines() == ["Fixed 1 finding.", "All checks passed (1 file)."]


def test_diff_of_standard_input() -> None:
    done = triggercfg("check", "--diff", "--platform", "blaxel", "-", stdin=BROKEN)
    assert done.returncode == 1
    assert '-type = "HTTP"\n+type = "http"\n' in done.stdout.decode()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-"], "triggercfg: error: cannot tell the platform of standard input: pass --stdin-filename "
                "blaxel.toml (or cerebrium.toml), or --platform"),
        (["-", "examples"], "triggercfg: error: `-` (standard input) must be the only path"),
    ],
)
def test_standard_input_misuse_is_exit_2(args: list[str], message: str) -> None:
    done = triggercfg("check", *args, stdin=b"x = 1\n")
    assert done.returncode == 2
    assert done.stderr.decode().strip() == message
